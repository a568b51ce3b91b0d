// Package listener: a goroutine that sends only after it accepted a
// connection gets one only when the test's dial succeeded.
package listener

import (
	"net"
	"testing"
	"time"
)

func serve(ln net.Listener) {}

// Negative: when the dial fails the test ends, and the goroutine is still
// in Accept (the deferred Close makes it fail): it never sends. (A failed
// Accept panics here, so that no path leaves the test's receive waiting.)
func TestDial(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	conns := make(chan net.Conn)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			panic(err)
		}
		conns <- c
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer c.Close()
	s := <-conns
	s.Close()
}

// Positive: the test can end after its dial succeeded, before it takes the
// connection.
func TestAfterDial(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	conns := make(chan net.Conn)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			panic(err)
		}
		conns <- c // want `send on conns blocks forever if TestAfterDial ends its goroutine at listener_test.go:61 \(t.Fatalf\)`
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer c.Close()
	if _, err := c.Write([]byte("x")); err != nil {
		t.Fatalf("write: %v", err)
	}
	s := <-conns
	s.Close()
}

// Positive: the listener is handed to other code, which may connect to it.
func TestServed(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	serve(ln)
	conns := make(chan net.Conn)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			panic(err)
		}
		conns <- c // want `send on conns blocks forever if TestServed ends its goroutine at listener_test.go:\d+ \(t.Fatalf\)`
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer c.Close()
	s := <-conns
	s.Close()
}

// Positive: a dial before the goroutine starts has queued its connection
// already.
func TestDialFirst(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	conns := make(chan net.Conn)
	go func() {
		s, err := ln.Accept()
		if err != nil {
			panic(err)
		}
		conns <- s // want `send on conns blocks forever if TestDialFirst ends its goroutine at listener_test.go:\d+ \(t.Fatalf\)`
	}()
	if _, err := c.Write([]byte("x")); err != nil {
		t.Fatalf("write: %v", err)
	}
	s := <-conns
	s.Close()
}

func accept(ln net.Listener, conns chan<- net.Conn) {
	c, err := ln.Accept()
	if err != nil {
		panic(err)
	}
	conns <- c
}

// Negative: the same with a named function given the listener.
func TestNamed(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	conns := make(chan net.Conn)
	go accept(ln, conns)
	c, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer c.Close()
	s := <-conns
	s.Close()
}
