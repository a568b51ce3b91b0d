// Package firstiter: on the first iteration of a loop, a variable the loop
// steps holds the value it starts with, so a branch on it (i == 0, a
// counter still at 0) is decided there, not taken both ways.
package firstiter

func work(int) {}

// Negative: the loop runs 100 times; its first iteration closes started.
func Counted() {
	started := make(chan struct{})
	go func() {
		for i := range 100 {
			if i == 0 {
				close(started)
			}
			work(i)
		}
	}()
	<-started
}

// Negative: a counter that starts at 0, in a loop entered at least once.
func Flag() {
	started := make(chan struct{})
	go func() {
		iter := 0
		for {
			if iter == 0 {
				close(started)
			}
			iter++
			work(iter)
			if iter > 10 {
				return
			}
		}
	}()
	<-started
}

// Positive: the loop may run zero times (n <= 0): then nothing closes
// started.
func MaybeNone(n int) {
	started := make(chan struct{})
	go func() {
		for i := range n {
			if i == 0 {
				close(started)
			}
			work(i)
		}
	}()
	<-started // want `receive from started blocks forever if the goroutine started at firstiter.go:\d+ reaches its end`
}

// Positive: the close is on the second iteration, which a loop left after
// one (iter > 0) never reaches.
func SecondIteration() {
	started := make(chan struct{})
	go func() {
		iter := 0
		for {
			if iter == 1 {
				close(started)
			}
			iter++
			if iter > 0 {
				return
			}
		}
	}()
	<-started // want `receive from started blocks forever if the goroutine started at firstiter.go:\d+ returns at firstiter.go:\d+`
}
