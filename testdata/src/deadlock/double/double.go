// Package double: a Lock of a mutex the goroutine already holds.
package double

import "sync"

type counter struct {
	mu sync.Mutex
	n  int
}

func (c *counter) inc() {
	c.mu.Lock() // want `Lock of c.mu blocks forever: this goroutine already holds it \(locked at double.go:18\)`
	c.n++
	c.mu.Unlock()
}

func (c *counter) add2() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.inc() // c.inc takes c.mu again
	c.inc()
}

func Twice() int {
	c := &counter{}
	done := make(chan bool)
	go func() {
		c.add2()
		done <- true
	}()
	<-done // want `receive from done blocks forever: every sender that could come is blocked or finished: the goroutine started at double.go:27 is blocked at Lock of c.mu \(double.go:12\)`
	return c.n
}

func (c *counter) add2Fixed() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n += 2
}

func TwiceFixed() int {
	c := &counter{}
	done := make(chan bool)
	go func() {
		c.add2Fixed()
		done <- true
	}()
	<-done
	return c.n
}
