package contract

import "errors"

type worker struct {
	ch   chan int
	done chan struct{}
}

func newWorker() worker {
	return worker{ch: make(chan int), done: make(chan struct{})}
}

// Start spawns a loop that ends only when Stop closes done.
func (w worker) Start() {
	go func() {
		for {
			select {
			case v := <-w.ch:
				_ = v
			case <-w.done:
				return
			}
		}
	}()
}

func (w worker) Stop() { close(w.done) }

func (w worker) Add(v int) { w.ch <- v }

// Positive: returns without calling Stop.
func Forget(items []int) {
	w := worker{ch: make(chan int), done: make(chan struct{})}
	w.Start() // want `the goroutine started by w.Start\(\) \(contract.go:\d+\) never ends: it stops only when \(worker\).Stop closes w.done, and Forget reaches its end at contract.go:\d+ without calling \(worker\).Stop`
	for _, it := range items {
		w.Add(it)
	}
}

// Positive: an error path skips Stop.
func EarlyReturn(items []int, fail bool) error {
	w := worker{ch: make(chan int), done: make(chan struct{})}
	w.Start() // want `the goroutine started by w.Start\(\) \(contract.go:\d+\) never ends: it stops only when \(worker\).Stop closes w.done, and EarlyReturn returns at contract.go:\d+ without calling \(worker\).Stop`
	if fail {
		return errors.New("fail")
	}
	for _, it := range items {
		w.Add(it)
	}
	w.Stop()
	return nil
}

// Negative: Stop is deferred.
func Deferred(items []int) {
	w := worker{ch: make(chan int), done: make(chan struct{})}
	w.Start()
	defer w.Stop()
	for _, it := range items {
		w.Add(it)
	}
}

// Negative: Stop on every path.
func Always(items []int, fail bool) error {
	w := worker{ch: make(chan int), done: make(chan struct{})}
	w.Start()
	if fail {
		w.Stop()
		return errors.New("fail")
	}
	w.Stop()
	return nil
}

type holder struct{ w worker }

// Negative: the worker outlives the function: someone else stops it.
func Keep(h *holder) {
	w := worker{ch: make(chan int), done: make(chan struct{})}
	w.Start()
	h.w = w
}

// Negative: stopped by a helper.
func ViaHelper() {
	w := worker{ch: make(chan int), done: make(chan struct{})}
	w.Start()
	shutdown(w)
}

func shutdown(w worker) { w.Stop() }

type sub struct {
	err     error
	updates chan string
}

// Subscribe starts its loop only when it succeeds.
func (s *sub) Subscribe() (func(), error) {
	if s.err != nil {
		return nil, s.err // nothing started
	}
	go func() {
		for u := range s.updates {
			_ = u
		}
	}()
	return func() { close(s.updates) }, nil
}

// Negative: Subscribe may return before starting its goroutine (on an
// error); the caller that gets the error has nothing to stop.
func Failing() error {
	s := &sub{err: errors.New("no"), updates: make(chan string)}
	stop, err := s.Subscribe()
	if err != nil {
		return err
	}
	stop()
	return nil
}

// cleaner registers functions run later by code elsewhere (like
// testing.T.Cleanup).
type cleaner interface{ Cleanup(func()) }

type reader struct{}

// readChan starts a loop that ends when stop is closed, and hands the
// close to c, which runs it later.
func (r *reader) readChan(c cleaner, ch <-chan int) {
	stop := make(chan struct{})
	c.Cleanup(func() { close(stop) })
	go func() {
		for {
			select {
			case <-ch:
			case <-stop:
				return
			}
		}
	}()
}

// Negative: the stop was handed to c, which calls it: the caller has
// nothing to call.
func ReadAll(c cleaner, ch <-chan int) {
	r := &reader{}
	r.readChan(c, ch)
}
