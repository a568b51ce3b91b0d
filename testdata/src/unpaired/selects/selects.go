package selects

import "time"

// Positive: neither case of the select can proceed.
func Both() {
	a := make(chan int)
	b := make(chan int)
	go func() {
		select { // want `select blocks forever: none of its cases can proceed`
		case v := <-a:
			_ = v
		case b <- 1:
		}
	}()
}

// Positive: one case is a nil channel, the other has no sender.
func NilAndDead() {
	var a chan int
	b := make(chan string)
	select { // want `select blocks forever`
	case a <- 1:
	case s := <-b:
		_ = s
	}
}

// Positive: an empty select in a goroutine started per call.
func Park() {
	go func() {
		select {} // want `empty select blocks forever, and its goroutine is started again and again`
	}()
}

// Positive: an empty select in a helper run by a goroutine per call.
func Park2() {
	go block()
}

func block() {
	select {} // want `empty select blocks forever`
}

// Negative: a select with a default case never blocks.
func WithDefault() {
	ch := make(chan int)
	select {
	case ch <- 1:
	default:
	}
}

// Negative: one case has a counterpart.
func OneLive() {
	a := make(chan int)
	b := make(chan int)
	go func() { a <- 1 }()
	select {
	case <-a:
	case <-b:
	}
}

// Negative: a timeout case comes from time.After.
func Timeout() {
	ch := make(chan int)
	select {
	case <-ch:
	case <-time.After(time.Second):
	}
}

// Negative: an empty select in a goroutine started once from init.
func init() {
	go func() {
		select {}
	}()
}

// Negative: an empty select on the caller's goroutine (blocking on purpose).
func Forever() {
	select {}
}

// Negative: the select's send case is the counterpart of another
// goroutine's receive.
func SendCase() {
	ch := make(chan int)
	go func() { <-ch }()
	select {
	case ch <- 1:
	case <-time.After(time.Second):
	}
}
