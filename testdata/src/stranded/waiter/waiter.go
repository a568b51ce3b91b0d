package waiter

import "errors"

// Positive: the error path returns without closing the jobs channel; the
// worker ranging over it waits forever.
func Process(items []int, fail bool) error {
	jobs := make(chan int)
	go func() {
		for j := range jobs { // want `range over jobs never ends if Process returns at waiter.go:\d+: jobs is not closed on that path`
			_ = j
		}
	}()
	for _, it := range items {
		if fail {
			return errors.New("failed")
		}
		jobs <- it
	}
	close(jobs)
	return nil
}

// Positive: a done channel closed on the happy path only.
func Watch(err error) error {
	done := make(chan struct{})
	go func() {
		<-done // want `receive from done blocks forever if Watch returns at waiter.go:\d+: done is not closed on that path`
	}()
	if err != nil {
		return err
	}
	close(done)
	return nil
}

// Negative: the fixed twin of Process: defer close covers every return.
func ProcessFixed(items []int, fail bool) error {
	jobs := make(chan int)
	defer close(jobs)
	go func() {
		for j := range jobs {
			_ = j
		}
	}()
	for _, it := range items {
		if fail {
			return errors.New("failed")
		}
		jobs <- it
	}
	return nil
}

// Negative: closed on both paths.
func WatchBoth(err error) error {
	done := make(chan struct{})
	go func() { <-done }()
	if err != nil {
		close(done)
		return err
	}
	close(done)
	return nil
}

// Positive: a helper closes only when it succeeds.
func Stream(lines []string, valid func(string) bool) error {
	out := make(chan string)
	go consume(out)
	for _, l := range lines {
		if !valid(l) {
			return errors.New("invalid line")
		}
		out <- l
	}
	finish(out)
	return nil
}

func consume(in <-chan string) {
	for l := range in { // want `range over in never ends if Stream returns at waiter.go:\d+: in is not closed on that path`
		_ = l
	}
}

func finish(out chan string) { close(out) }

// Negative: the fixed twin of Watch: defer close after the go statement.
func WatchFixed(err error) error {
	done := make(chan struct{})
	go func() { <-done }()
	defer close(done)
	if err != nil {
		return err
	}
	return nil
}
