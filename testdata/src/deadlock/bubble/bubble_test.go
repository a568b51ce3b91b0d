// Package bubble: inside a synctest bubble time is virtual, so a sleep
// orders goroutines; the search, which does not model time, says nothing.
package bubble

import (
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

func TestOrderedBySleep(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		cond := sync.NewCond(&mu)
		go func() {
			time.Sleep(time.Millisecond) // the Wait below comes first
			mu.Lock()
			cond.Signal()
			mu.Unlock()
		}()
		mu.Lock()
		cond.Wait()
		mu.Unlock()
	})
}

// TestOrderedBySleepOutside relies on the same sleep in real time: the
// Signal may come first, and the Wait then never ends.
func TestOrderedBySleepOutside(t *testing.T) {
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	go func() {
		time.Sleep(time.Millisecond)
		mu.Lock()
		cond.Signal()
		mu.Unlock()
	}()
	mu.Lock()
	cond.Wait() // want `Wait of cond blocks forever: no Signal or Broadcast comes after it: the one at bubble_test.go:36 came before the Wait`
	mu.Unlock()
}
