package exits

import (
	"stranded/exitlib"
	"testing"
	"time"
)

// Positive: the most common test shape; t.Fatal in the timeout case ends the
// test's goroutine, and the child's send on an unbuffered channel blocks
// forever.
func TestTimeout(t *testing.T) {
	done := make(chan error)
	go func() { done <- work() }() // want `send on done blocks forever if TestTimeout ends its goroutine through the time.After\(time.Second\) case \(exits_test.go:20\): no one receives after that`
	select {
	case err := <-done:
		if err != nil {
			t.Error(err)
		}
	case <-time.After(time.Second):
		t.Fatal("timed out")
	}
}

// Negative: the fixed twin, with a buffer for the one value.
func TestTimeoutBuffered(t *testing.T) {
	done := make(chan error, 1)
	go func() { done <- work() }()
	select {
	case err := <-done:
		if err != nil {
			t.Error(err)
		}
	case <-time.After(time.Second):
		t.Fatal("timed out")
	}
}

// Positive: t.Fatalf on the setup error, before the receive.
func TestSetup(t *testing.T) {
	done := make(chan error)
	go func() { done <- work() }() // want `send on done blocks forever if TestSetup ends its goroutine at exits_test.go:44 \(t.Fatalf\): no one receives after that`
	if err := work(); err != nil {
		t.Fatalf("setup: %v", err)
	}
	<-done
}

// Negative: t.Errorf does not end the test; the receive still runs.
func TestSetupErrorf(t *testing.T) {
	done := make(chan error)
	go func() { done <- work() }()
	if err := work(); err != nil {
		t.Errorf("setup: %v", err)
	}
	<-done
}

func must(t *testing.T, err error) {
	if err != nil {
		mustFail(t)
	}
}

func mustFail(t *testing.T) { t.Helper(); t.FailNow() }

// Positive: a helper two calls down always ends the goroutine; the must
// helper that calls it only on an error returns otherwise.
func TestHelper(t *testing.T) {
	done := make(chan error)
	go func() { done <- work() }() // want `send on done blocks forever if TestHelper ends its goroutine at exits_test.go:73 \(mustFail\): no one receives after that`
	if err := work(); err != nil {
		mustFail(t)
	}
	must(t, work())
	<-done
}

// Positive: a helper of another package that always calls t.Fatal (its
// exit kind is a fact).
func TestOtherPackage(t *testing.T) {
	done := make(chan error)
	go func() { done <- work() }() // want `send on done blocks forever if TestOtherPackage ends its goroutine at exits_test.go:85 \(exitlib.Fail\): no one receives after that`
	if err := work(); err != nil {
		exitlib.Fail(t, "setup: %v", err)
	}
	<-done
}

// Negative: a helper of another package that ends the process.
func TestOtherPackageDie(t *testing.T) {
	done := make(chan error)
	go func() { done <- work() }()
	if err := work(); err != nil {
		exitlib.Die("setup failed")
	}
	<-done
}

// Positive: t.Skip ends the goroutine too.
func TestSkip(t *testing.T) {
	done := make(chan error)
	go func() { done <- work() }() // want `send on done blocks forever if TestSkip ends its goroutine at exits_test.go:105 \(t.Skip\): no one receives after that`
	if work() != nil {
		t.Skip("no backend")
	}
	<-done
}

// Positive: t.Fatalf through testing.TB, an interface only package testing
// implements.
func TestTB(t *testing.T) {
	var tb testing.TB = t
	done := make(chan error)
	go func() { done <- work() }() // want `send on done blocks forever if TestTB ends its goroutine at exits_test.go:117 \(tb.Fatalf\): no one receives after that`
	if err := work(); err != nil {
		tb.Fatalf("setup: %v", err)
	}
	<-done
}

