package basic

import "fmt"

// Positive: a goroutine per call sends on a channel nobody receives from.
func Notify(v int) {
	ch := make(chan int)
	go func() {
		ch <- v // want `send on ch blocks forever: nothing receives from it`
	}()
}

// Positive: the caller waits on a channel nothing feeds.
func Wait() {
	done := make(chan struct{})
	go fmt.Println("working")
	<-done // want `receive from done blocks forever: nothing sends on or closes it`
}

// Positive: comma-ok receive, still nothing feeds it.
func WaitOk() bool {
	done := make(chan struct{})
	_, ok := <-done // want `receive from done blocks forever`
	return ok
}

// Positive: a send through a helper's chan<- parameter.
func Produce() {
	out := make(chan string)
	go emit(out)
}

func emit(out chan<- string) {
	out <- "x" // want `send on out blocks forever: nothing receives from it`
}

// Negative: the twin of Notify, with its receiver.
func NotifyPaired(v int) int {
	ch := make(chan int)
	go func() {
		ch <- v
	}()
	return <-ch
}

// Negative: the twin of Wait, closed by the worker.
func WaitPaired() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fmt.Println("working")
	}()
	<-done
}

// Positive: the value is received, but the helper's loop waits for more
// forever: nothing closes ch, and Relay starts one such goroutine per call.
func Relay() {
	ch := make(chan int)
	go drain(ch)
	ch <- 1
}

func drain(ch <-chan int) {
	for range ch { // want `range over ch never ends: nothing closes it, and its goroutine is started again and again`
	}
}

// Negative: the receive is in another goroutine started by a helper.
func RelayOnce() {
	ch := make(chan int)
	go takeOne(ch)
	ch <- 1
}

func takeOne(ch <-chan int) { <-ch }

// Negative: a send on a channel that is closed first panics; that is a
// different bug, not a leak.
func SendAfterClose() {
	ch := make(chan int)
	close(ch)
	ch <- 1
}

// Positive: nothing receives; the deferred close comes after the send, so
// the send blocks (or panics if it ran after the close).
func SendThenClose() {
	ch := make(chan int)
	go func() {
		defer close(ch)
		ch <- 1 // want `send on ch blocks forever, or panics once ch is closed \(basic.go:\d+\): nothing receives from it`
	}()
}

// Positive: a goroutine sends while another closes; nothing receives.
func SendOrClose() {
	ch := make(chan int)
	go func() {
		ch <- 1 // want `send on ch blocks forever, or panics once ch is closed`
	}()
	close(ch)
}
