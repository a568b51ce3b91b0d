// Package slices: the length, elements and appends of slices the scope
// makes decide branches, wait-group counts and which objects a loop
// touches.
package slices

import "sync"

// queue waits for work while holding its lock when nothing is queued.
type queue struct {
	mu    sync.Mutex
	items []int
	wake  chan struct{}
}

func (q *queue) wait() {
	q.mu.Lock()
	if len(q.items) == 0 {
		<-q.wake // want `receive from q.wake blocks forever: every sender that could come is blocked or finished: the goroutine started at slices.go:33 is blocked at Lock of q.mu`
	}
	q.mu.Unlock()
}

func (q *queue) push(v int) {
	q.mu.Lock() // want `Lock of q.mu blocks forever: the goroutine started at slices.go:32 holds it`
	q.items = append(q.items, v)
	q.wake <- struct{}{}
	q.mu.Unlock()
}

func Empty() {
	q := &queue{wake: make(chan struct{}, 1)}
	go q.wait()
	go q.push(1)
}

// With an item already queued the waiter never blocks holding the lock.
func Filled() {
	q := &queue{items: []int{7}, wake: make(chan struct{}, 1)}
	go q.wait()
	go q.push(1)
}

// A wait group counting the elements of a slice literal, waited for
// inside the loop that starts the workers.
func WaitInLoop() {
	jobs := []string{"a", "b"}
	var wg sync.WaitGroup
	wg.Add(len(jobs))
	for range jobs {
		go func() { wg.Done() }()
		wg.Wait() // want `Wait of wg blocks forever: its counter stays at 1`
	}
}

func WaitAfterLoop() {
	jobs := []string{"a", "b"}
	var wg sync.WaitGroup
	wg.Add(len(jobs))
	for range jobs {
		go func() { wg.Done() }()
	}
	wg.Wait()
}

// Callbacks appended to a slice and called in a range loop.
type hub struct {
	handlers []func()
}

func (h *hub) on(f func()) { h.handlers = append(h.handlers, f) }

func (h *hub) fire() {
	for _, f := range h.handlers {
		f()
	}
}

func Callbacks() {
	var mu sync.Mutex
	h := &hub{}
	h.on(func() {})
	h.on(func() {
		mu.Lock() // want `Lock of mu blocks forever: the goroutine running Callbacks holds it`
		mu.Unlock()
	})
	mu.Lock()
	done := make(chan bool)
	go func() {
		h.fire()
		done <- true
	}()
	<-done // want `receive from done blocks forever`
	mu.Unlock()
}

func CallbacksFixed() {
	var mu sync.Mutex
	h := &hub{}
	h.on(func() {})
	h.on(func() {
		mu.Lock()
		mu.Unlock()
	})
	done := make(chan bool)
	go func() {
		h.fire()
		done <- true
	}()
	<-done
	mu.Lock()
	mu.Unlock()
}

// Elements taken by index from a made slice of pointers.
func Indexed() {
	locks := make([]*sync.Mutex, 2)
	locks[0], locks[1] = &sync.Mutex{}, &sync.Mutex{}
	locks[0].Lock()
	go func() {
		locks[1].Lock() // want `Lock of locks\[1\] blocks forever`
		locks[0].Lock() // want `Lock of locks\[0\] blocks forever`
	}()
	locks[1].Lock() // want `Lock of locks\[1\] blocks forever`
}

func IndexedFixed() {
	locks := make([]*sync.Mutex, 2)
	locks[0], locks[1] = &sync.Mutex{}, &sync.Mutex{}
	locks[0].Lock()
	go func() {
		locks[1].Lock()
		locks[1].Unlock()
	}()
	locks[0].Unlock()
}

// An append past a capacity the search does not know may have copied the
// array or written into it: reading through the older slice afterwards
// decides nothing.
func Aliased() {
	var mu sync.Mutex
	s := append([]*sync.Mutex(nil), nil)
	t := append(s, &mu)
	s = append(s, nil)
	mu.Lock()
	if t[1] != s[1] { // equal when both appends wrote into one array
		mu.Lock()
	}
	mu.Unlock()
}

// Slices of a type parameter's type: appended and made, their lengths
// unknown to the search inside the generic body, known in an instance.
func grow[S ~[]E, E any](s S, e E) S {
	t := make(S, 1)
	t[0] = e
	return append(s, t...)
}

func Generic() {
	var mu sync.Mutex
	s := grow([]int{1}, 2)
	mu.Lock()
	if len(s) == 2 {
		mu.Lock() // want `Lock of mu blocks forever: this goroutine already holds it`
	}
	mu.Unlock()
}
