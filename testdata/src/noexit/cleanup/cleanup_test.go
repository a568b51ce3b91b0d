// Package cleanup: a helper that starts a reader and hands its stop to
// t.Cleanup keeps the contract: the stop runs when the test ends.
package cleanup

import "testing"

type recorder struct{ got []int }

// readChan drains ch until the test ends.
func (r *recorder) readChan(t *testing.T, ch <-chan int) {
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	go func() {
		for {
			select {
			case <-stop:
				return
			case v := <-ch:
				r.got = append(r.got, v)
			}
		}
	}()
}

// Negative: the cleanup closes stop when the test ends.
func TestRead(t *testing.T) {
	ch := make(chan int)
	var rec recorder
	rec.readChan(t, ch)
	ch <- 1
}

type worker struct{ done chan struct{} }

// Start spawns a loop that ends only when Stop closes done.
func (w worker) Start() {
	go func() {
		<-w.done
	}()
}

func (w worker) Stop() { close(w.done) }

// Negative: Stop is handed to t.Cleanup.
func TestStopAtCleanup(t *testing.T) {
	w := worker{done: make(chan struct{})}
	w.Start()
	t.Cleanup(w.Stop)
}

// Positive: nothing stops it.
func TestForget(t *testing.T) {
	w := worker{done: make(chan struct{})}
	w.Start() // want `the goroutine started by w.Start\(\) \(cleanup_test.go:\d+\) never ends: it stops only when \(worker\).Stop closes w.done, and TestForget reaches its end at cleanup_test.go:\d+ without calling \(worker\).Stop`
}
