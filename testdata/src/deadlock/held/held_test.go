package held

import "testing"

// Negative: t.Fatal ends the test's goroutine, not a return of a function
// the program calls again.
func TestFatalHolding(t *testing.T) {
	q := &Queue{}
	q.mu.Lock()
	if len(q.items) != 0 {
		t.Fatal("not empty")
	}
	q.mu.Unlock()
}
