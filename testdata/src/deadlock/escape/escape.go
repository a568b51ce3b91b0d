// Package escape: objects that reach code the search cannot see.
package escape

import (
	"fmt"
	"sync"
)

var global *sync.Mutex

// Global stores the mutex in a global: other code may unlock it.
func Global() {
	var mu sync.Mutex
	global = &mu
	mu.Lock()
	mu.Lock()
}

// Handed gives the mutex to another package.
func Handed() {
	var mu sync.Mutex
	fmt.Println(&mu)
	mu.Lock()
	mu.Lock()
}

// Returned hands the mutex to the caller.
func Returned() *sync.Mutex {
	var mu sync.Mutex
	mu.Lock()
	go func() { mu.Lock() }()
	return &mu
}

// Data: whether the second Lock runs depends on a parameter.
func Data(twice bool) {
	var mu sync.Mutex
	mu.Lock()
	if !twice {
		mu.Unlock()
	}
	mu.Lock()
}

// Printed prints a number: memory handed to fmt that holds no sync object
// does not hide the double Lock.
func Printed(n int) {
	var mu sync.Mutex
	fmt.Println(n)
	mu.Lock()
	mu.Lock() // want `Lock of mu blocks forever`
}
