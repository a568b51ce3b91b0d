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
		t.Fatal("timeout") // want `t.Fatal abandons the channel of done\(wg\): the goroutine done started keeps sending on it and blocks forever`
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
