// Package atomics: atomic operations on memory of the scope are steps of
// their goroutine that others may come between; their values decide
// branches.
package atomics

import (
	"sync"
	"sync/atomic"
)

// The finisher that counts to want calls Done.
func counted(want int32) {
	var wg sync.WaitGroup
	var n int32
	wg.Add(1)
	for i := 0; i < 2; i++ {
		go func() {
			if atomic.AddInt32(&n, 1) == want {
				wg.Done()
			}
		}()
	}
	wg.Wait() // want `Wait of wg blocks forever: its counter stays at 1`
}

func CountToThree() { counted(3) }

func CountToTwo() { counted(2) }

type server struct {
	mu      sync.Mutex
	closing atomic.Bool
}

func (s *server) stop() {
	s.mu.Lock() // want `Lock of s.mu blocks forever: this goroutine already holds it \(locked at atomics.go:42\)`
	s.closing.Store(true)
	s.mu.Unlock()
}

func (s *server) handle() {
	s.mu.Lock()
	if s.closing.Load() {
		s.stop()
	}
	s.mu.Unlock()
}

func (s *server) handleFixed() {
	s.mu.Lock()
	closing := s.closing.Load()
	s.mu.Unlock()
	if closing {
		s.stop()
	}
}

func Run() {
	s := &server{}
	go s.stop()
	go s.handle()
}

func RunFixed() {
	s := &server{}
	go s.stop()
	go s.handleFixed()
}

// A compare-and-swap lets one goroutine of two through.
func Once() {
	var mu sync.Mutex
	var state uint32
	for i := 0; i < 2; i++ {
		go func() {
			if atomic.CompareAndSwapUint32(&state, 0, 1) {
				mu.Lock() // taken once: never blocks
			}
		}()
	}
}
