// Package holdsend: a send made while holding the mutex the receiver
// must take before it receives.
package holdsend

import "sync"

type server struct {
	mu    sync.Mutex
	count int
	out   chan int
}

func (s *server) produce() {
	s.mu.Lock()
	s.count++
	s.out <- s.count // want `send on s.out blocks forever: every receiver that could come is blocked or finished: the goroutine running Run is blocked at Lock of s.mu`
	s.mu.Unlock()
}

func (s *server) consume() int {
	s.mu.Lock() // want `Lock of s.mu blocks forever: the goroutine started at holdsend.go:29 holds it \(locked at holdsend.go:14\) and is blocked at send on s.out \(holdsend.go:16\)`
	n := s.count
	s.mu.Unlock()
	return n + <-s.out
}

func Run() int {
	s := &server{out: make(chan int)}
	go s.produce()
	return s.consume()
}

func (s *server) produceFixed() {
	s.mu.Lock()
	s.count++
	n := s.count
	s.mu.Unlock()
	s.out <- n // the lock is released before the send
}

func RunFixed() int {
	s := &server{out: make(chan int)}
	go s.produceFixed()
	return s.consume()
}
