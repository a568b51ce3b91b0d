// Package gated: a goroutine that waits for its starter's signal before it
// sends is, on a path where the signal never comes, still waiting: that
// path leaves the wait blocked, not the send.
package gated

import "errors"

func setup() error { return errors.New("no") }
func compute() int { return 1 }
func check() error { return ErrCheck }

// ErrCheck is what check returns: exported, so set elsewhere (nil or not).
var ErrCheck error

// Negative for the send: on the early return the goroutine is still at
// <-start, which is the leak there.
func Gated() (int, error) {
	start := make(chan struct{})
	results := make(chan int)
	go func() {
		<-start // want `receive from start blocks forever if Gated returns at gated.go:\d+`
		results <- compute()
	}()
	if err := setup(); err != nil {
		return 0, err
	}
	close(start)
	return <-results, nil
}

// Negative for the send: the signal is a send of the starter's.
func Ready(n int) (int, error) {
	ready := make(chan int, 1)
	results := make(chan int)
	go func() {
		k := <-ready
		results <- k * 2
	}()
	if n < 0 {
		return 0, errors.New("negative")
	}
	ready <- n
	return <-results, nil
}

// Positive: the signal comes before the early return, so the goroutine
// gets to its send and nobody takes it.
func Late() (int, error) {
	start := make(chan struct{})
	results := make(chan int)
	go func() {
		<-start
		results <- compute() // want `send on results blocks forever if Late returns at gated.go:\d+`
	}()
	close(start)
	if err := check(); err != nil {
		return 0, err
	}
	return <-results, nil
}

// Positive: a deferred close opens the gate on the way out.
func Deferred() (int, error) {
	start := make(chan struct{})
	results := make(chan int)
	go func() {
		<-start
		results <- compute() // want `send on results blocks forever if Deferred returns at gated.go:\d+`
	}()
	defer close(start)
	if err := setup(); err != nil {
		return 0, err
	}
	return <-results, nil
}

// Positive: the gate was opened before the goroutine started.
func Opened() (int, error) {
	start := make(chan struct{}, 1)
	results := make(chan int)
	start <- struct{}{}
	go func() {
		<-start
		results <- compute() // want `send on results blocks forever if Opened returns at gated.go:\d+`
	}()
	if err := setup(); err != nil {
		return 0, err
	}
	return <-results, nil
}
