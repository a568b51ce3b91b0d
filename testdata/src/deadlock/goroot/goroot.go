// Package goroot: a goroutine's function gets its arguments from the
// function that starts it, so the search also starts from there.
package goroot

import "sync"

// retry takes its own mutex again on every retry.
func retry(n int) {
	var mu sync.Mutex
	for i := 0; i <= n; i++ {
		mu.Lock() // want `Lock of mu blocks forever: this goroutine already holds it \(locked at goroot.go:11\)`
	}
	mu.Unlock()
}

func StartRetry() {
	go retry(1)
}

func StartOnce() {
	go retry(0) // one pass: locked once, unlocked
}

// drain waits for as many workers as its batch holds, inside the loop
// starting them.
type batch struct {
	jobs []int
}

func (b *batch) drain() {
	var wg sync.WaitGroup
	wg.Add(len(b.jobs))
	for range b.jobs {
		go func() { wg.Done() }()
		if len(b.jobs) > 1 {
			wg.Wait() // want `Wait of wg blocks forever: its counter stays at 1`
		}
	}
	wg.Wait()
}

func StartTwo() {
	b := &batch{jobs: []int{1, 2}}
	go b.drain()
}

func StartOne() {
	b := &batch{jobs: []int{1}}
	go b.drain()
}

// relock takes its own mutex n times; the count comes from four calls
// up.
func relock(n int) {
	var mu sync.Mutex
	for i := 0; i < n; i++ {
		mu.Lock() // want `Lock of mu blocks forever: this goroutine already holds it \(locked at goroot.go:57\)`
	}
}

func level1(n int) { relock(n) }
func level2(n int) { level1(n) }
func level3(n int) { level2(n) }

func Level4() { level3(2) }

func Level4Once() { level3(1) }
