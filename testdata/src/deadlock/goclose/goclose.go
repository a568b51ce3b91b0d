// Package goclose: go close(ch) starts a goroutine whose only step closes
// ch.
package goclose

import "sync"

func Relock() {
	var mu sync.Mutex
	done := make(chan struct{})
	mu.Lock()
	go close(done)
	<-done
	mu.Lock() // want `Lock of mu blocks forever: this goroutine already holds it \(locked at goclose.go:10\)`
}

func Unlock() {
	var mu sync.Mutex
	done := make(chan struct{})
	mu.Lock()
	go func() {
		mu.Lock()
		mu.Unlock()
	}()
	go close(done)
	<-done // the closing goroutine runs: the lock is released after
	mu.Unlock()
}
