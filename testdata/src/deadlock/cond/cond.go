// Package cond: a Cond wake-up lost because nobody waited yet.
package cond

import "sync"

func Lost() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	started := make(chan bool)
	go func() {
		mu.Lock()
		c.Signal()
		mu.Unlock()
		started <- true
	}()
	<-started
	mu.Lock()
	c.Wait() // want `Wait of c blocks forever: no Signal or Broadcast comes after it \(a wake-up sent before the Wait is lost\)`
	mu.Unlock()
}

// LostFixed waits for a condition guarded by the mutex, not for the
// signal itself.
func LostFixed() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	ready := false
	go func() {
		mu.Lock()
		ready = true
		c.Signal()
		mu.Unlock()
	}()
	mu.Lock()
	for !ready {
		c.Wait()
	}
	mu.Unlock()
}
