package localgen

import (
	"sync"
	"testing"
	"time"
)

// Positive: t.Fatal in the timeout case ends the test, and done's goroutine
// is left sending (the shape of robfig/cron's tests).
func TestTimeout(t *testing.T) {
	wg := &sync.WaitGroup{}
	wg.Add(1)
	go func() { time.Sleep(time.Millisecond); wg.Done() }()
	select {
	case <-time.After(time.Second):
		t.Fatal("timeout") // want `t.Fatal abandons the channel of done\(wg\): the goroutine done started is left blocked forever \(nothing receives its next send\)`
	case <-done(wg):
	}
}

// Negative: the buffered twin.
func TestTimeoutBuffered(t *testing.T) {
	wg := &sync.WaitGroup{}
	wg.Add(1)
	go func() { time.Sleep(time.Millisecond); wg.Done() }()
	select {
	case <-time.After(time.Second):
		t.Fatal("timeout")
	case <-buffered(wg):
	}
}

// Positive: the expected way is the timeout (nothing is to run), and the
// test then falls off its end, leaving done's goroutine behind.
func TestNothingRuns(t *testing.T) {
	wg := &sync.WaitGroup{}
	wg.Add(1)
	select {
	case <-time.After(time.Second):
	case <-done(wg):
		t.FailNow()
	}
} // want `the end of TestNothingRuns abandons the channel of done\(wg\)`

// ready's goroutine reaches its one send without waiting.
func ready(v int) <-chan int {
	ch := make(chan int)
	go func() { ch <- v * 2 }()
	return ch
}

// Negative: the timer, armed after the call, cannot fire before ready's
// goroutine sends (as for a goroutine the test starts itself).
func TestReady(t *testing.T) {
	select {
	case v := <-ready(21):
		if v != 42 {
			t.Error(v)
		}
	case <-time.After(time.Second):
		t.Fatal("timeout")
	}
}

// Positive twin: the goroutine of fetch waits (lookup sleeps) before it
// sends.
func TestFetch(t *testing.T) {
	select {
	case <-fetch("k"):
	case <-time.After(time.Second):
		t.Fatal("timeout") // want `t.Fatal abandons the channel of fetch\("k"\)`
	}
}
