// Package rlocker: the Locker of RWMutex.RLocker takes read locks, so a
// writer waiting between two of them blocks the second.
package rlocker

import "sync"

type cache struct {
	mu   sync.RWMutex
	read sync.Locker
}

func newCache() *cache {
	c := &cache{}
	c.read = c.mu.RLocker()
	return c
}

func (c *cache) get() {
	c.read.Lock()
	defer c.read.Unlock()
	c.mu.RLock() // want `RLock of c.mu blocks forever: the goroutine started at rlocker.go:37 is waiting to Lock it \(rlocker.go:31\)`
	c.mu.RUnlock()
}

func (c *cache) getOnce() {
	c.read.Lock()
	defer c.read.Unlock()
}

func (c *cache) set() {
	c.mu.Lock() // want `Lock of c.mu blocks forever: read locks of it are held and never released`
	c.mu.Unlock()
}

func Recursive() {
	c := newCache()
	go c.set()
	c.get()
}

func Single() {
	c := newCache()
	go c.set()
	c.getOnce()
}

// Two goroutines reading through the read locker at once do not exclude
// each other.
func Readers() {
	c := newCache()
	c.read.Lock()
	done := make(chan bool)
	go func() {
		c.read.Lock()
		c.read.Unlock()
		done <- true
	}()
	<-done
	c.read.Unlock()
}

// board waits on a Cond whose Locker is the RWMutex's read locker.
type board struct {
	mu    sync.RWMutex
	cond  *sync.Cond
	ready bool
}

func (b *board) publish() {
	b.mu.Lock()
	b.ready = true
	b.mu.Unlock()
	b.cond.Broadcast()
}

// WaitOnce waits without looking at ready: the Broadcast may come first.
func WaitOnce() {
	b := &board{}
	b.cond = sync.NewCond(b.mu.RLocker())
	go b.publish()
	b.mu.RLock()
	b.cond.Wait() // want `Wait of b.cond blocks forever: no Signal or Broadcast comes after it: the one at rlocker.go:73 came before the Wait`
	b.mu.RUnlock()
}

// WaitReady checks ready under the read lock, which Wait releases for the
// writer.
func WaitReady() {
	b := &board{}
	b.cond = sync.NewCond(b.mu.RLocker())
	go b.publish()
	b.mu.RLock()
	for !b.ready {
		b.cond.Wait()
	}
	b.mu.RUnlock()
}
