package timeout

import (
	"context"
	"errors"
	"time"
)

type Quote struct{ Price int }

func fetch() Quote { return Quote{} }

// Positive: the select takes the ctx.Done() case and returns; the sender
// blocks forever.
func Last(ctx context.Context) (Quote, error) {
	ch := make(chan Quote)
	go func() {
		ch <- fetch() // want `send on ch blocks forever if Last returns through the ctx.Done\(\) case \(timeout.go:\d+\): no one receives after that`
	}()
	select {
	case q := <-ch:
		return q, nil
	case <-ctx.Done():
		return Quote{}, ctx.Err()
	}
}

// Positive: a time.After case.
func WithTimeout(d time.Duration) (Quote, error) {
	ch := make(chan Quote)
	go func() {
		ch <- fetch() // want `send on ch blocks forever if WithTimeout returns through the time.After\(d\) case`
	}()
	select {
	case q := <-ch:
		return q, nil
	case <-time.After(d):
		return Quote{}, errors.New("timeout")
	}
}

// Positive: a timer's channel.
func WithTimer(d time.Duration) int {
	res := make(chan int)
	go compute(res)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case v := <-res:
		return v
	case <-t.C:
		return -1
	}
}

func compute(out chan<- int) {
	out <- 42 // want `send on out blocks forever if WithTimer returns through the t.C case`
}

// Positive: a done channel from the caller.
func Until(done <-chan struct{}) int {
	ch := make(chan int)
	go func() { ch <- 1 }() // want `send on ch blocks forever if Until returns through the done case`
	select {
	case v := <-ch:
		return v
	case <-done:
		return 0
	}
}

// Negative: the fixed twin of Last: a buffer of one.
func LastFixed(ctx context.Context) (Quote, error) {
	ch := make(chan Quote, 1)
	go func() {
		ch <- fetch()
	}()
	select {
	case q := <-ch:
		return q, nil
	case <-ctx.Done():
		return Quote{}, ctx.Err()
	}
}

// Negative: the sender has a way out too.
func LastSelect(ctx context.Context) (Quote, error) {
	ch := make(chan Quote)
	go func() {
		select {
		case ch <- fetch():
		case <-ctx.Done():
		}
	}()
	select {
	case q := <-ch:
		return q, nil
	case <-ctx.Done():
		return Quote{}, ctx.Err()
	}
}

// Negative: the timeout path drains the channel before returning.
func Drain(d time.Duration) int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		<-ch
		return 0
	}
}

// Negative: the goroutine either sends its error or closes done, never
// both: once the done case is taken, it sends nothing more.
func ErrorOrDone(fail func() error) error {
	errc := make(chan error)
	done := make(chan struct{})
	go func() {
		if err := fail(); err != nil {
			errc <- err
			return
		}
		close(done)
	}()
	select {
	case err := <-errc:
		return err
	case <-done:
		return nil
	}
}

// Negative: another goroutine feeds done too, but it starts only after the
// select: when the done case is taken, the first one fed it, and sends no
// error.
func ErrorOrDoneThenMore(fail func() error) error {
	errc := make(chan error)
	done := make(chan struct{})
	go func() {
		if err := fail(); err != nil {
			errc <- err
			return
		}
		done <- struct{}{}
	}()
	select {
	case err := <-errc:
		return err
	case <-done:
	}
	go func() { done <- struct{}{} }()
	<-done
	return nil
}

// Positive: the other feeder of done starts before the select, so the done
// case may be its value while the first goroutine still sends its error.
func ErrorOrDoneEarly(fail func() error) error {
	errc := make(chan error)
	done := make(chan struct{})
	go func() { done <- struct{}{} }() // want `send on done blocks forever if ErrorOrDoneEarly returns through the errc case`
	go func() {
		if err := fail(); err != nil {
			errc <- err // want `send on errc blocks forever`
			return
		}
		done <- struct{}{}
	}()
	select {
	case err := <-errc:
		return err
	case <-done:
	}
	<-done
	return nil
}

// Positive: the goroutine closes done and may then send an error: after
// the done case, nothing receives it.
func DoneThenError(fail func() error) error {
	errc := make(chan error)
	done := make(chan struct{})
	go func() {
		close(done)
		if err := fail(); err != nil {
			errc <- err // want `send on errc blocks forever if DoneThenError returns through the done case`
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-done:
		return nil
	}
}

// Negative for the second goroutine: error or done once per iteration,
// each iteration with its own channels, the variable done then reused for
// a third goroutine: the done case is the second goroutine's, which then
// sends no error. (The first may still send its error after the done
// case: that send is stranded.)
func ErrorOrDoneEach(steps []func() error, prepare func() error) error {
	for _, step := range steps {
		errc := make(chan error)
		go func() {
			if err := prepare(); err != nil {
				errc <- err // want `send on errc blocks forever if ErrorOrDoneEach returns through the done case`
			}
		}()
		done := make(chan struct{})
		go func() {
			if err := step(); err != nil {
				errc <- err
				return
			}
			close(done)
		}()
		select {
		case err := <-errc:
			return err
		case <-done:
		}
		done = make(chan struct{})
		go func() {
			step()
			close(done)
		}()
		<-done
	}
	return nil
}
