package fixes

import (
	"context"
	"errors"
)

func fetch() int { return 1 }

// A timeout strands the sender: a buffer of one fixes it.
func Timeout(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- fetch() // want `send on ch blocks forever if Timeout returns through the ctx.Done\(\) case`
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// An early return: a buffer of one fixes it (the explicit zero is replaced).
func Early(fail bool) (int, error) {
	ch := make(chan int, 0)
	go func() { ch <- fetch() }() // want `send on ch blocks forever if Early returns at`
	if fail {
		return 0, errors.New("fail")
	}
	return <-ch, nil
}

// One goroutine per element, the first result wins: one slot per element.
func First(xs []string) string {
	ch := make(chan string)
	for _, x := range xs {
		go func() { ch <- x }() // want `send on ch blocks forever in all but one of the goroutines`
	}
	return <-ch
}

// One goroutine per index up to n: n slots.
func FirstN(n int) int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() { ch <- i }() // want `send on ch blocks forever in all but one of the goroutines`
	}
	return <-ch
}

// Two goroutines, one receive: two slots.
func Race() int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	go func() { ch <- 2 }() // want `send on ch blocks forever: 2 goroutines \(fixes.go:\d+, fixes.go:\d+\) send 2 values, but Race takes only one value before it returns at fixes.go:\d+`
	return <-ch
}

// No fix: the loop bound is set after the make.
func Later(xs []int) int {
	ch := make(chan int)
	ys := xs[1:]
	for _, y := range ys {
		go func() { ch <- y }() // want `send on ch blocks forever in all but one of the goroutines`
	}
	return <-ch
}

// An early return skips the close the caller waits for: deferring it fixes
// that.
func Closer(fail func() bool) {
	done := make(chan struct{})
	go func() {
		if fail() {
			return
		}
		fetch()
		close(done)
	}()
	<-done // want `receive from done blocks forever if the goroutine started at fixes.go:\d+ returns at fixes.go:\d+`
}
