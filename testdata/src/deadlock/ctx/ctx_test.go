package ctx

import (
	"sync"
	"testing"
)

// TestEnd: the test's context is done once the test returned, and the
// goroutine then waits for the mutex the test never unlocks.
func TestEnd(t *testing.T) {
	ctx := t.Context()
	var mu sync.Mutex
	mu.Lock()
	go func() {
		<-ctx.Done()
		mu.Lock() // want `Lock of mu blocks forever: the goroutine running TestEnd locked it at ctx_test.go:13 and never unlocks it`
	}()
}

// TestEndFixed unlocks on its way out.
func TestEndFixed(t *testing.T) {
	ctx := t.Context()
	var mu sync.Mutex
	mu.Lock()
	defer mu.Unlock()
	go func() {
		<-ctx.Done()
		mu.Lock()
	}()
}

// TestWaitsForEnd waits for a goroutine that waits for the end of the test.
func TestWaitsForEnd(t *testing.T) {
	ctx := t.Context()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		<-ctx.Done() // want `receive from ctx.Done\(\) blocks forever: the test's context is done only once the test function has returned, and it has not`
		wg.Done()
	}()
	wg.Wait() // want `Wait of wg blocks forever: its counter stays at 1`
}

// TestWaitsForEndFixed lets the goroutine go on its way.
func TestWaitsForEndFixed(t *testing.T) {
	ctx := t.Context()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		<-ctx.Done()
	}()
	_ = &wg
}
