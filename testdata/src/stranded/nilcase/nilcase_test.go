package nilcase

import (
	"testing"
	"time"
)

// drain takes n values from errc, or fails the test when the timeout, if
// there is one, fires first. Without a timeout, timerC stays nil and its
// case never proceeds.
func drain(t *testing.T, errc chan error, n int, timeout time.Duration) {
	var timerC <-chan time.Time
	if timeout > 0 {
		timerC = time.After(timeout)
	}
	for i := 0; i < n; i++ {
		select {
		case <-errc:
		case <-timerC:
			t.Fatalf("timed out")
		}
	}
}

// Negative: drain is called without a timeout: it takes two values, and
// the buffer holds the third.
func TestNoTimeout(t *testing.T) {
	errc := make(chan error, 2)
	go func() {
		errc <- work()
		errc <- work()
	}()
	go func() { errc <- work() }()
	drain(t, errc, 2, 0)
}

// Positive: with a timeout, the test may end having taken nothing, and
// one of the three sends finds the buffer of two full.
func TestTimeout(t *testing.T) {
	errc := make(chan error, 2)
	go func() {
		errc <- work()
		errc <- work()
	}()
	go func() { errc <- work() }() // want `send on errc blocks forever: 2 goroutines \(nilcase_test.go:41, nilcase_test.go:45\) send 3 values, but TestTimeout takes only 0 values before it returns`
	drain(t, errc, 2, time.Second)
}

// drainUntil counts only the nil errors it takes, and fails the test on
// another error or on the timeout, if there is one.
func drainUntil(t testing.TB, errc chan error, expect int, timeout time.Duration) {
	var timerC <-chan time.Time
	if timeout > 0 {
		timerC = time.After(timeout)
	}
	for found := 0; found < expect; {
		select {
		case <-timerC:
			t.Fatalf("timed out")
		case err := <-errc:
			if err != nil {
				t.Fatalf("err: %v", err)
			} else {
				found++
			}
		}
	}
}

// Negative: without a timeout, drainUntil takes at least one value before
// any way out (the failure comes after a receive), and the buffer holds
// the other two.
func TestUntilNoTimeout(t *testing.T) {
	errc := make(chan error, 2)
	go func() {
		errc <- work()
		errc <- work()
	}()
	go func() { errc <- work() }()
	drainUntil(t, errc, 2, 0)
}
