// Package rwmutex: a reader queued behind a waiting writer while it holds
// the read lock the writer waits for.
package rwmutex

import "sync"

type cache struct {
	mu sync.RWMutex
	m  map[string]int
}

func (c *cache) get(k string) int {
	c.mu.RLock() // want `RLock of c.mu blocks forever: the goroutine started at rwmutex.go:29 is waiting to Lock it \(rwmutex.go:32\), and a waiting writer blocks new readers`
	defer c.mu.RUnlock()
	return c.m[k]
}

func (c *cache) sum(started chan<- bool, writing <-chan bool) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	started <- true
	<-writing
	return c.get("a") + c.get("b")
}

func Recursive() int {
	c := &cache{}
	started, writing := make(chan bool), make(chan bool)
	go func() {
		<-started
		close(writing)
		c.mu.Lock() // want `Lock of c.mu blocks forever: read locks of it are held and never released`
		c.m = map[string]int{}
		c.mu.Unlock()
	}()
	return c.sum(started, writing)
}

func (c *cache) sumFixed(started chan<- bool, writing <-chan bool) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	started <- true
	<-writing
	return c.m["a"] + c.m["b"] // no second RLock
}

func RecursiveFixed() int {
	c := &cache{}
	started, writing := make(chan bool), make(chan bool)
	go func() {
		<-started
		close(writing)
		c.mu.Lock()
		c.m = map[string]int{}
		c.mu.Unlock()
	}()
	return c.sumFixed(started, writing)
}
