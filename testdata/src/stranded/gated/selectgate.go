package gated

import "runtime"

func work() {}

// Negative: the goroutine polls for the starter's signal in a select with
// a default case; it sends only once the signal came. On the early return
// the signal never comes, so the goroutine never sends (it spins: not a
// blocked channel operation).
func Polled() (int, error) {
	stop := make(chan struct{})
	results := make(chan int)
	go func() {
		n := 0
		for {
			select {
			case <-stop:
				results <- n
				return
			default:
			}
			n++
			work()
			runtime.Gosched()
		}
	}()
	if err := setup(); err != nil {
		return 0, err
	}
	close(stop)
	return <-results, nil
}

// Negative: the same with a blocking select whose other case never fires
// before the signal.
func Waited(ticks chan int) (int, error) {
	stop := make(chan struct{})
	results := make(chan int)
	go func() {
		sum := 0
		for {
			select {
			case <-stop:
				results <- sum
				return
			case v := <-ticks:
				sum += v
			}
		}
	}()
	if err := setup(); err != nil {
		return 0, err
	}
	close(stop)
	return <-results, nil
}

// Positive: the signal is given before the early return: the goroutine
// gets to its send and nobody takes it.
func PolledLate() (int, error) {
	stop := make(chan struct{})
	results := make(chan int)
	go func() {
		for {
			select {
			case <-stop:
				results <- 1 // want `send on results blocks forever if PolledLate returns at selectgate.go:\d+`
				return
			default:
			}
			runtime.Gosched()
		}
	}()
	close(stop)
	if err := check(); err != nil {
		return 0, err
	}
	return <-results, nil
}

// Positive: the send is not behind the case: it runs also when the other
// case is taken.
func NotBehind(ticks chan int) (int, error) {
	stop := make(chan struct{})
	results := make(chan int)
	go func() {
		select {
		case <-stop:
		case <-ticks:
		}
		results <- 1 // want `send on results blocks forever if NotBehind returns at selectgate.go:\d+`
	}()
	if err := setup(); err != nil {
		return 0, err
	}
	close(stop)
	return <-results, nil
}
