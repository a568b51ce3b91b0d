// Package budget: a search cut by its state budget reports the stuck
// states it reached before the cut, and nothing else.
package budget

import "sync"

func busy(mu *sync.Mutex, done chan<- bool) {
	for i := 0; i < 3; i++ {
		mu.Lock()
		mu.Unlock()
	}
	done <- true
}

// Many runs seven goroutines whose interleavings exceed the search's
// budgets (states, and the memory they hold) before the double Lock at the
// end is reached on every one of them: nothing is reported.
func Many() {
	var m1, m2, m3, m4, m5, m6, m7 sync.Mutex
	done := make(chan bool)
	go busy(&m1, done)
	go busy(&m2, done)
	go busy(&m3, done)
	go busy(&m4, done)
	go busy(&m5, done)
	go busy(&m6, done)
	go busy(&m7, done)
	var mu sync.Mutex
	mu.Lock()
	mu.Lock()
}

// Few is the same with two goroutines: within the budget.
func Few() {
	var m1, m2 sync.Mutex
	done := make(chan bool)
	go busy(&m1, done)
	go busy(&m2, done)
	var mu sync.Mutex
	mu.Lock()
	mu.Lock() // want `Lock of mu blocks forever: this goroutine already holds it`
}

// Raced reaches a stuck state early, when the goroutine takes mu first,
// and goes on to seven busy goroutines when the root does: the search is
// cut, and the stuck state it reached before is reported.
func Raced() {
	var mu sync.Mutex
	ch := make(chan bool)
	go func() {
		mu.Lock()
		ch <- true // want `send on ch blocks forever: every receiver that could come is blocked or finished: the goroutine running Raced is blocked at Lock of mu`
		mu.Unlock()
	}()
	mu.Lock() // want `Lock of mu blocks forever: the goroutine started at budget.go:50 holds it`
	mu.Unlock()
	<-ch
	var m1, m2, m3, m4, m5, m6, m7 sync.Mutex
	done := make(chan bool)
	go busy(&m1, done)
	go busy(&m2, done)
	go busy(&m3, done)
	go busy(&m4, done)
	go busy(&m5, done)
	go busy(&m6, done)
	go busy(&m7, done)
}
