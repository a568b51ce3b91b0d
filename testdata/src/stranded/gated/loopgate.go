package gated

import "errors"

var errNegative = errors.New("negative")

// Negative for the send: a governor lets the goroutine through once for
// each value, and again only after the function took it. On the early
// return the goroutine waits at <-next, not at its send.
func Governed(vals []int) error {
	results := make(chan int)
	next := make(chan struct{})
	go func() {
		for _, v := range vals {
			<-next
			results <- v
		}
		<-next
		close(results)
	}()
	next <- struct{}{}
	for v := range results {
		if v < 0 {
			return errNegative
		}
		next <- struct{}{}
	}
	return nil
}

// Positive: two releases for each value taken: on the early return the
// second value is sent and nobody takes it.
func Doubled(vals []int) error {
	results := make(chan int)
	next := make(chan struct{}, 2)
	go func() {
		for _, v := range vals {
			<-next
			results <- v // want `send on results blocks forever once Doubled stops receiving`
		}
		<-next
		close(results)
	}()
	next <- struct{}{}
	for v := range results {
		if v < 0 {
			return errNegative
		}
		next <- struct{}{}
		next <- struct{}{}
	}
	return nil
}

// Positive: the goroutine sends twice each time past its gate.
func Twice(vals []int) error {
	results := make(chan int)
	next := make(chan struct{})
	go func() {
		for _, v := range vals {
			<-next
			results <- v  // want `send on results blocks forever once Twice stops receiving`
			results <- -v // want `send on results blocks forever once Twice stops receiving`
		}
		<-next
		close(results)
	}()
	next <- struct{}{}
	for v := range results {
		if v < 0 {
			return errNegative
		}
		next <- struct{}{}
	}
	return nil
}
