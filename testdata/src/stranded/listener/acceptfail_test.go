package listener

import (
	"net"
	"testing"
)

// Negative: the goroutine leaves without sending only when Accept fails,
// and the listener is closed only by the test's deferred Close, after its
// receive: while the test waits, Accept waits for the dial and returns it.
func TestAcceptFailsLate(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	ready := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		ready <- c
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s := <-ready
	s.Close()
}

// Positive: the test closes the listener itself before it waits, so
// Accept may fail first and the goroutine return without sending.
func TestAcceptClosedEarly(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ready := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		ready <- c
	}()
	ln.Close()
	s := <-ready // want `receive from ready blocks forever if the goroutine started at acceptfail_test.go:\d+ returns at acceptfail_test.go:\d+: it sends on ready only on other paths`
	s.Close()
}

// Positive: the goroutine can also return after a successful Accept
// (its handshake, a read here, may fail) without sending.
func TestAcceptThenFails(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	ready := make(chan []byte, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		buf := make([]byte, 1)
		if _, err := c.Read(buf); err != nil {
			return
		}
		ready <- buf
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("x"))
	<-ready // want `receive from ready blocks forever if the goroutine started at acceptfail_test.go:\d+ returns at acceptfail_test.go:70: it sends on ready only on other paths`
}

// Negative: a goroutine that waits for the test only once it accepted a
// connection: if the dial fails and the test ends, the goroutine is still
// in Accept, and the deferred Close makes it return.
func TestWaitAfterDial(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	done := make(chan struct{})
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		<-done
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	close(done)
}

// Positive: the test can end after its dial succeeded, with the goroutine
// past its Accept and waiting for a close that no longer comes.
func TestWaitAfterDialFails(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	done := make(chan struct{})
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		<-done // want `receive from done blocks forever if TestWaitAfterDialFails ends its goroutine at acceptfail_test.go:\d+ \(t.Fatal\)`
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	close(done)
}
