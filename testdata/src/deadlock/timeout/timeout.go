// Package timeout: a receive made while holding the mutex its sender
// needs first; the sender's timeout does not help, since it cannot even
// reach its select.
package timeout

import (
	"sync"
	"time"
)

type worker struct {
	mu      sync.Mutex
	results chan int
}

func (w *worker) run() {
	w.mu.Lock() // want `Lock of w.mu blocks forever: the goroutine running Wait holds it \(locked at timeout.go:29\) and is blocked at receive from w.results \(timeout.go:30\)`
	defer w.mu.Unlock()
	select {
	case w.results <- 1:
	case <-time.After(time.Second):
	}
}

func Wait() int {
	w := &worker{results: make(chan int)}
	go w.run()
	time.Sleep(time.Millisecond)
	w.mu.Lock()
	n := <-w.results // want `receive from w.results blocks forever: every sender that could come is blocked or finished: the goroutine started at timeout.go:27 is blocked at Lock of w.mu`
	w.mu.Unlock()
	return n
}

// WaitFixed receives before taking the lock, with a timeout of its own.
func WaitFixed() int {
	w := &worker{results: make(chan int)}
	go w.run()
	n := 0
	select {
	case n = <-w.results:
	case <-time.After(time.Second):
	}
	w.mu.Lock()
	w.mu.Unlock()
	return n
}
