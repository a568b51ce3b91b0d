package nilresult

import (
	"testing"
	"time"
)

// watch always returns the channel it makes.
func watch(n int) chan int {
	ch := make(chan int)
	go func() {
		time.Sleep(time.Duration(n) * time.Millisecond)
		ch <- n
	}()
	return ch
}

// Positive: the nil test of a channel watch made is no way out; the
// timeout is.
func TestWatchNeverNil(t *testing.T) {
	ch := watch(1)
	if ch == nil {
		t.Fatal("nil channel")
	}
	select {
	case <-ch:
	case <-time.After(time.Second):
		t.Fatal("timed out") // want `t.Fatal abandons the channel of watch\(1\)`
	}
}

// Negative: the only way out before the receive is the impossible nil
// test.
func TestWatchNilOnly(t *testing.T) {
	ch := watch(2)
	if ch == nil {
		t.Fatal("nil channel")
	}
	<-ch
}
