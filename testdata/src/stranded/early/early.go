package early

import "errors"

func work() (int, error) { return 0, nil }

// Positive: an error path returns before the receive.
func EarlyReturn(err error) (int, error) {
	ch := make(chan int)
	go func() {
		v, _ := work()
		ch <- v // want `send on ch blocks forever if EarlyReturn returns at early.go:\d+: no one receives after that`
	}()
	if err != nil {
		return 0, err
	}
	return <-ch, nil
}

// Positive: the early return is in a helper-using method.
type svc struct{}

// NewSvc hands callers a *svc, whose exported methods they may call.
func NewSvc() *svc { return &svc{} }

func (s *svc) Get(key string) (string, error) {
	res := make(chan string)
	go s.lookup(key, res)
	if key == "" {
		return "", errors.New("empty key")
	}
	return <-res, nil
}

func (s *svc) lookup(key string, out chan<- string) {
	out <- key // want `send on out blocks forever if \(\*svc\).Get returns at early.go:\d+`
}

// Positive: the function falls off its end on one branch.
func Maybe(ok bool) {
	ch := make(chan bool)
	go func() { ch <- true }() // want `send on ch blocks forever if Maybe reaches its end`
	if ok {
		<-ch
	}
}

// Positive: generics.
func First[T any](produce func() T, skip bool) (T, bool) {
	ch := make(chan T)
	go func() { ch <- produce() }() // want `send on ch blocks forever if First returns at`
	if skip {
		var zero T
		return zero, false
	}
	return <-ch, true
}

// Negative: the fixed twin of EarlyReturn.
func EarlyReturnFixed(err error) (int, error) {
	ch := make(chan int, 1)
	go func() {
		v, _ := work()
		ch <- v
	}()
	if err != nil {
		return 0, err
	}
	return <-ch, nil
}

// Negative: both paths receive.
func BothPaths(err error) int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	if err != nil {
		<-ch
		return 0
	}
	return <-ch
}

// Negative: the receive is deferred, so it runs on every return.
func Deferred(err error) error {
	ch := make(chan int)
	go func() { ch <- 1 }()
	defer func() { <-ch }()
	if err != nil {
		return err
	}
	return nil
}

// Negative: the goroutine closes instead of sending; nothing to strand.
func Closer(err error) error {
	done := make(chan struct{})
	go func() { close(done) }()
	if err != nil {
		return err
	}
	<-done
	return nil
}
