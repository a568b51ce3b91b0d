// Package exits: ways a function ends other than by returning. A goroutine
// that ends through runtime.Goexit (t.Fatal, t.FailNow, t.Skip and the
// helpers that call them) runs its defers and strands its partners exactly
// as a return does; a process exit (os.Exit, log.Fatal) strands nobody.
package exits

import (
	"errors"
	"log"
	"os"
	"runtime"
)

func work() error { return errors.New("failed") }

// worker leaves through runtime.Goexit before it sends.
func worker(out chan int) {
	if work() != nil {
		runtime.Goexit()
	}
	out <- 1
}

// Positive: the goroutine can end without sending, and Wait waits for its
// value.
func Wait() int {
	out := make(chan int)
	go worker(out)
	return <-out // want `receive from out blocks forever if the goroutine started at exits.go:28 ends at exits.go:19 \(runtime.Goexit\): it sends on out only on other paths`
}

// workerSends sends on every path before it ends.
func workerSends(out chan int) {
	if work() != nil {
		out <- 0
		runtime.Goexit()
	}
	out <- 1
}

// Negative: the twin whose goroutine sends before it ends.
func WaitSends() int {
	out := make(chan int)
	go workerSends(out)
	return <-out
}

// Negative: the process ends on the path that skips the receive.
func FatalLog() error {
	done := make(chan error)
	go func() { done <- work() }()
	if err := work(); err != nil {
		log.Fatalf("setup: %v", err)
	}
	return <-done
}

// Negative: the same with os.Exit.
func Exit() error {
	done := make(chan error)
	go func() { done <- work() }()
	if work() != nil {
		os.Exit(1)
	}
	return <-done
}
