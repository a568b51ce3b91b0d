// Package recovered: a deferred send guarded by recover() != nil runs only
// when the goroutine panics, so it never adds to the sends of a normal
// return: recover() returns nil there.
package recovered

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func ready() bool { return len(fmt.Sprint(1)) == 1 }

// Negative: on every path the child sends once, into a buffer of one; the
// deferred send reports a panic instead of those sends.
func TestRecovered(t *testing.T) {
	errc := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				errc <- fmt.Errorf("panic: %v", r)
			}
		}()
		if !ready() {
			errc <- errors.New("not ready")
			return
		}
		errc <- nil
	}()
	if !ready() {
		t.Fatal("not ready")
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
}

// Positive twin: the deferred send is not guarded; with the send before
// it, two values go into a buffer of one once the test has left.
func TestAlwaysDeferred(t *testing.T) {
	errc := make(chan error, 1)
	go func() {
		defer func() {
			errc <- nil
		}()
		if !ready() {
			errc <- errors.New("not ready") // want `send on errc blocks forever if TestAlwaysDeferred ends its goroutine at recovered_test.go:\d+ \(t.Fatal\)`
			return
		}
	}()
	if !ready() {
		t.Fatal("not ready")
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
}

func run(n int) {
	if n > len(fmt.Sprint(n)) {
		panic("too many")
	}
}

// Positive: the recovery is the goroutine's only send, so the panic is the
// point (a test that a panic propagates): once the test has left through
// its timeout, the send blocks.
func TestPanicPropagates(t *testing.T) {
	n := 100
	propagated := make(chan any)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				propagated <- r // want `send on propagated blocks forever if TestPanicPropagates returns through the time.After\(time.Second\) case \(recovered_test.go:\d+\): no one receives after that`
			}
		}()
		run(n)
	}()
	select {
	case <-propagated:
	case <-time.After(time.Second):
		t.Error("timeout")
	}
}
