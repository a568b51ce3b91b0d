// Package periter holds channels made anew on each iteration of a loop.
package periter

import (
	"context"
	"errors"
)

func work() int { return 1 }

// Positive: a result channel per iteration, and a stop case that returns
// without receiving.
func Poll(stop <-chan struct{}) {
	for {
		res := make(chan int)
		go func() {
			res <- work() // want `send on res blocks forever if Poll returns through the stop case \(periter.go:\d+\): no one receives after that`
		}()
		select {
		case <-stop:
			return
		case <-res:
		}
	}
}

// Positive: an error skips the receive and goes to the next iteration,
// which makes a new channel.
func Each(ctx context.Context, xs []int) error {
	for _, x := range xs {
		res := make(chan int)
		go func() {
			res <- x * 2 // want `send on res blocks forever if Each starts its next iteration, which makes a new channel \(periter.go:\d+\): no one receives after that`
		}()
		if x < 0 {
			continue
		}
		if got := <-res; got > 100 {
			return errors.New("too big")
		}
	}
	return nil
}

// Negative: every iteration receives its goroutine's value.
func EachWaits(xs []int) int {
	total := 0
	for _, x := range xs {
		res := make(chan int)
		go func() { res <- x }()
		total += <-res
	}
	return total
}

// Negative: the channel of one iteration is received from in the next one
// (the value is carried across iterations).
func Pipelined(xs []int) int {
	total := 0
	var prev chan int
	for _, x := range xs {
		res := make(chan int)
		go func() { res <- x }()
		if prev != nil {
			total += <-prev
		}
		prev = res
	}
	if prev != nil {
		total += <-prev
	}
	return total
}

// Negative: several goroutines per channel in an inner loop, each value
// received by the inner receive loop.
func Batches(batches [][]int) int {
	total := 0
	for _, b := range batches {
		res := make(chan int)
		for _, x := range b {
			go func() { res <- x }()
		}
		for range b {
			total += <-res
		}
	}
	return total
}

// Negative: the channel is handed to a helper, which may keep it.
func Handed(xs []int, keep func(chan int)) {
	for _, x := range xs {
		res := make(chan int)
		go func() { res <- x }()
		keep(res)
	}
}

// Negative: the timeout case drains the channel before going on.
func Drained(ctx context.Context, xs []int) {
	for _, x := range xs {
		res := make(chan int)
		go func() { res <- x }()
		select {
		case <-res:
		case <-ctx.Done():
			<-res
		}
	}
}
