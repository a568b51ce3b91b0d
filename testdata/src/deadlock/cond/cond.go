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
	c.Wait() // want `Wait of c blocks forever: no Signal or Broadcast comes after it: the one at cond.go:12 came before the Wait, and a wake-up nobody waits for is lost`
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

// Unsignalled waits for a Signal nobody sends.
func Unsignalled() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	done := make(chan bool)
	go func() {
		mu.Lock()
		c.Wait() // want `Wait of c blocks forever: no goroutine that can still run signals it`
		mu.Unlock()
		close(done)
	}()
	<-done // want `receive from done blocks forever: every sender that could come is blocked or finished: the goroutine started at cond.go:\d+ is blocked at Wait of c`
}

// UnsignalledFixed broadcasts once the goroutine waits.
func UnsignalledFixed() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	done := make(chan bool)
	waiting := false
	go func() {
		mu.Lock()
		waiting = true
		c.Wait()
		mu.Unlock()
		close(done)
	}()
	for {
		mu.Lock()
		if waiting {
			c.Broadcast()
			mu.Unlock()
			break
		}
		mu.Unlock()
	}
	<-done
}
