package racing

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

var errTimeout = errors.New("timeout")

func square(n int) int {
	if n < 0 {
		n = -n
	}
	return n * n
}

// Negative: the child computes without waiting and sends; the value is
// ready long before a second has passed, so the timer case cannot win.
func Square(n int) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- square(n)
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(time.Second):
		return 0, errTimeout
	}
}

type Pool struct{ stopped atomic.Bool }

// Negative: one atomic load before the send.
func (p *Pool) Stopped() error {
	done := make(chan bool)
	go func() {
		done <- p.stopped.Load()
	}()
	select {
	case <-done:
		return nil
	case <-time.After(100 * time.Millisecond):
		return errTimeout
	}
}

type router struct{ out chan int }

// dispatch starts the work and returns at once.
func (r *router) dispatch(in <-chan int) {
	go func() {
		for v := range in {
			r.out <- v
		}
	}()
}

// Negative: a helper that only starts a goroutine, then the send; and a
// timer's channel.
func Dispatch(r *router, in <-chan int) error {
	stopped := make(chan bool)
	go func() {
		r.dispatch(in)
		stopped <- true
	}()
	t := time.NewTimer(time.Second)
	defer t.Stop()
	select {
	case <-stopped:
		return nil
	case <-t.C:
		return errTimeout
	}
}

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

// Positive: a loop before the send may take longer than the timer.
func Sum(xs []int) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- sum(xs) // want `send on ch blocks forever if Sum returns through the time.After\(time.Second\) case`
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(time.Second):
		return 0, errTimeout
	}
}

// Positive: the child takes a lock first, which may wait.
func Locked(mu *sync.Mutex, n int) (int, error) {
	ch := make(chan int)
	go func() {
		mu.Lock()
		defer mu.Unlock()
		ch <- n // want `send on ch blocks forever if Locked returns through the time.After\(time.Second\) case`
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(time.Second):
		return 0, errTimeout
	}
}

type source interface{ Next() int }

// Positive: a call through an interface may do anything, waiting too.
func Next(s source) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- s.Next() // want `send on ch blocks forever if Next returns through the time.After\(time.Second\) case`
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(time.Second):
		return 0, errTimeout
	}
}

// Positive: a timer shorter than a millisecond can beat the scheduler.
func Short(n int) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- square(n) // want `send on ch blocks forever if Short returns through the time.After\(time.Microsecond\) case`
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(time.Microsecond):
		return 0, errTimeout
	}
}

// Positive: the timer is armed before the goroutine starts; what runs in
// between may take as long as the timer.
func ArmedFirst(n int) (int, error) {
	t := time.NewTimer(time.Second)
	defer t.Stop()
	ch := make(chan int)
	go func() {
		ch <- square(n) // want `send on ch blocks forever if ArmedFirst returns through the t.C case`
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-t.C:
		return 0, errTimeout
	}
}

// Positive: the child first waits for a value of its own.
func Relay(in <-chan int) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- <-in // want `send on ch blocks forever if Relay returns through the time.After\(time.Second\) case`
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(time.Second):
		return 0, errTimeout
	}
}

// Positive: a recursive helper is not known to end promptly.
func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func Fib(n int) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- fib(n) // want `send on ch blocks forever if Fib returns through the time.After\(time.Second\) case`
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(time.Second):
		return 0, errTimeout
	}
}
