// Package maps: entries of maps the scope makes, at keys the search knows
// (constants, strings, the scope's objects), decide which objects a
// goroutine locks and which branches it takes.
package maps

import "sync"

type registry struct {
	locks map[string]*sync.Mutex
}

func newRegistry() *registry {
	r := &registry{locks: make(map[string]*sync.Mutex)}
	r.locks["a"] = &sync.Mutex{}
	r.locks["b"] = &sync.Mutex{}
	return r
}

func (r *registry) both(first, second string) {
	r.locks[first].Lock()
	r.locks[second].Lock() // want `Lock of r.locks\[second\] blocks forever`
	r.locks[second].Unlock()
	r.locks[first].Unlock()
}

func Opposite() {
	r := newRegistry()
	go r.both("a", "b")
	r.both("b", "a")
}

func Same() {
	r := newRegistry()
	go r.both("a", "b")
	r.both("a", "b")
}

// A deleted entry is absent.
func Deleted() {
	var mu sync.Mutex
	m := map[int]bool{1: true}
	delete(m, 1)
	mu.Lock()
	if _, ok := m[1]; ok {
		mu.Lock()
	}
	mu.Unlock()
}

func Kept() {
	var mu sync.Mutex
	m := map[int]bool{1: true}
	mu.Lock()
	if _, ok := m[1]; ok {
		mu.Lock() // want `Lock of mu blocks forever: this goroutine already holds it \(locked at maps.go:53\)`
	}
	mu.Unlock()
}

// A range over a map with one entry calls its hook.
func RangeOne() {
	var mu sync.Mutex
	hooks := map[string]func(){"x": func() {
		mu.Lock() // want `Lock of mu blocks forever: this goroutine already holds it \(locked at maps.go:66\)`
	}}
	mu.Lock()
	for _, h := range hooks {
		h()
	}
}

// With two entries the runtime chooses the order: unlocked first, the
// second Lock succeeds.
func RangeTwo() {
	var mu sync.Mutex
	hooks := map[string]func(){"x": func() { mu.Lock() }, "y": func() { mu.Unlock() }}
	mu.Lock()
	for _, h := range hooks {
		h()
	}
}

// Strings the search knows decide branches.
func byName(name string, mu *sync.Mutex) {
	if name == "relock" {
		mu.Lock() // want `Lock of mu blocks forever: this goroutine already holds it \(locked at maps.go:92\)`
	}
}

func Relock() {
	var mu sync.Mutex
	mu.Lock()
	byName("re"+"lock", &mu)
	mu.Unlock()
}

func NoRelock() {
	var mu sync.Mutex
	mu.Lock()
	byName("keep", &mu)
	mu.Unlock()
}
