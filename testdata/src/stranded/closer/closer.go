// Package closer holds functions that wait for a goroutine they start to
// close a channel, where the goroutine may return without closing it.
package closer

import (
	"errors"
	"time"
)

func work(x int) error {
	if x < 0 {
		return errors.New("negative")
	}
	return nil
}

// Positive: an early return inside the goroutine's loop skips the close.
func Consume(in chan int) {
	done := make(chan struct{})
	go func() {
		for x := range in {
			if work(x) != nil {
				return
			}
		}
		close(done)
	}()
	in <- 1
	close(in)
	<-done // want `receive from done blocks forever if the goroutine started at closer.go:\d+ returns at closer.go:\d+: it closes done only on other paths`
}

// Positive: the error path returns before closing.
func Load(x int) {
	loaded := make(chan struct{})
	go func() {
		if err := work(x); err != nil {
			return
		}
		close(loaded)
	}()
	<-loaded // want `receive from loaded blocks forever if the goroutine started at closer.go:\d+ returns at closer.go:\d+`
}

// Negative: the close is deferred, so it runs on every return.
func Deferred(in chan int) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for x := range in {
			if work(x) != nil {
				return
			}
		}
	}()
	close(in)
	<-done
}

// Negative: every path closes.
func BothPaths(x int) {
	done := make(chan struct{})
	go func() {
		if work(x) != nil {
			close(done)
			return
		}
		close(done)
	}()
	<-done
}

// Negative: the wait has a timeout.
func WithTimeout(x int) {
	done := make(chan struct{})
	go func() {
		if work(x) != nil {
			return
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
	}
}

// Negative: the path without the close panics instead of returning.
func Panics(x int) {
	done := make(chan struct{})
	go func() {
		if work(x) != nil {
			panic("bad input")
		}
		close(done)
	}()
	<-done
}

// Negative: a send also feeds the wait.
func AlsoSends(x int) {
	done := make(chan error)
	go func() {
		if err := work(x); err != nil {
			done <- err
			return
		}
		close(done)
	}()
	<-done
}

// Negative: goroutines started in a loop share the channel.
func Many(xs []int) {
	done := make(chan struct{})
	for _, x := range xs {
		go func() {
			if work(x) != nil {
				return
			}
			close(done)
		}()
	}
	<-done
}
