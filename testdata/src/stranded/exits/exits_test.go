package exits

import (
	"stranded/exitlib"
	"stranded/mustlib"
	"testing"
	"time"
)

// Positive: the most common test shape; t.Fatal in the timeout case ends the
// test's goroutine, and the child's send on an unbuffered channel blocks
// forever.
func TestTimeout(t *testing.T) {
	done := make(chan error)
	go func() { done <- work() }() // want `send on done blocks forever if TestTimeout ends its goroutine through the time.After\(time.Second\) case \(exits_test.go:21\): no one receives after that`
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
	go func() { done <- work() }() // want `send on done blocks forever if TestSetup ends its goroutine at exits_test.go:45 \(t.Fatalf\): no one receives after that`
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
	go func() { done <- work() }() // want `send on done blocks forever if TestHelper ends its goroutine at exits_test.go:74 \(mustFail\): no one receives after that`
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
	go func() { done <- work() }() // want `send on done blocks forever if TestOtherPackage ends its goroutine at exits_test.go:86 \(exitlib.Fail\): no one receives after that`
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
	go func() { done <- work() }() // want `send on done blocks forever if TestSkip ends its goroutine at exits_test.go:106 \(t.Skip\): no one receives after that`
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
	go func() { done <- work() }() // want `send on done blocks forever if TestTB ends its goroutine at exits_test.go:118 \(tb.Fatalf\): no one receives after that`
	if err := work(); err != nil {
		tb.Fatalf("setup: %v", err)
	}
	<-done
}

// Positive: an assertion handed the *testing.T ends the test through
// t.FailNow() when it fails (the assertion's fact says through which
// parameter).
func TestAssertion(t *testing.T) {
	done := make(chan error)
	go func() { done <- work() }() // want `send on done blocks forever if TestAssertion ends its goroutine at exits_test.go:129 \(mustlib.NoError fails\): no one receives after that`
	mustlib.NoError(t, work())
	<-done
}

// Positive: the same two calls down, in a select's timeout case (the
// child sleeps first, so the timer can fire before its send).
func TestAssertionTimeout(t *testing.T) {
	done := make(chan int)
	go func() { time.Sleep(time.Millisecond); done <- 1 }() // want `send on done blocks forever if TestAssertionTimeout ends its goroutine through the time.After\(time.Second\) case \(exits_test.go:141\): no one receives after that`
	select {
	case v := <-done:
		mustlib.Equal(t, v, 1)
	case <-time.After(time.Second):
		mustlib.Equal(t, 0, 1)
	}
}

// Negative: an assertion that only reports does not end the test.
func TestCheck(t *testing.T) {
	done := make(chan error)
	go func() { done <- work() }()
	mustlib.Check(t, work())
	<-done
}
