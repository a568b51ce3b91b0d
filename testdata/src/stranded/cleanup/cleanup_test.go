// Package cleanup: a function handed to t.Cleanup runs when the test ends,
// however it ends (a return, t.Fatal): what it closes is closed on every
// exit, as with a defer.
package cleanup

import (
	"sync"
	"testing"
	"time"
)

func work() {}

// Negative: t.Fatal in the timeout case leaves the test, and the cleanup
// then closes release: the goroutine gets out.
func TestReleasedByCleanup(t *testing.T) {
	release := make(chan struct{})
	var once sync.Once
	releaseAll := func() { once.Do(func() { close(release) }) }
	t.Cleanup(releaseAll)
	go func() { <-release }()
	done := make(chan struct{})
	go func() { defer close(done); work() }()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("timeout")
	}
	releaseAll()
}

// Positive twin: the close is only at the end of the test; t.Fatal skips
// it, and the goroutine waits forever.
func TestReleasedAtEnd(t *testing.T) {
	release := make(chan struct{})
	go func() { <-release }() // want `receive from release blocks forever if TestReleasedAtEnd ends its goroutine through the time.After\(time.Second\) case \(cleanup_test.go:\d+\): release is not closed on that path`
	done := make(chan struct{})
	go func() { defer close(done); work() }()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("timeout")
	}
	close(release)
}
