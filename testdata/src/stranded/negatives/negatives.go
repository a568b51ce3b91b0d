package negatives

import (
	"errors"
	"time"
)

// Negative: channels made in a loop, one per goroutine, drained from a
// slice.
func PerConn(n int) {
	var chs []chan error
	for i := 0; i < n; i++ {
		chs = append(chs, make(chan error, 1))
		go func() {
			chs[i] <- nil
			close(chs[i])
		}()
	}
	for _, ch := range chs {
		for err := range ch {
			_ = err
		}
	}
}

// Negative: the value is received by a callback run elsewhere: beyond the
// paths of this function.
func Callback(run func(func())) {
	ch := make(chan int)
	go func() { ch <- 1 }()
	run(func() { <-ch })
}

// Negative: the channel escapes.
func Escapes(sink func(chan int)) {
	ch := make(chan int)
	go func() { ch <- 1 }()
	sink(ch)
}

// Negative: a capacity computed at run time.
func Dynamic(n int) int {
	ch := make(chan int, n)
	for i := 0; i < n; i++ {
		go func() { ch <- i }()
	}
	return <-ch
}

// Negative: the sender reports only its first value, by a flag, and then
// its error, and returns.
func Flag(open func() error) error {
	ch := make(chan error, 1)
	go func() {
		defer close(ch)
		first := true
		for {
			if err := open(); err != nil {
				ch <- err
				return
			}
			if first {
				ch <- nil
				first = false
			}
		}
	}()
	if err := <-ch; err != nil {
		return err
	}
	return <-ch
}

// Negative: a loop of selects on two channels, as many times as sent.
func Alternate() {
	const tries = 3
	c := make(chan bool, 1)
	c2 := make(chan bool, 1)
	go func() {
		for i := 0; i < tries; i++ {
			time.Sleep(time.Millisecond)
			c <- true
		}
	}()
	for i := 0; i < tries; i++ {
		select {
		case <-c:
		case <-c2:
		}
	}
}

// Negative: a loop of selects that returns once the channel reports it is
// closed: every value was taken.
func UntilClosed(n int, other <-chan string) {
	errc := make(chan error, n)
	go func() {
		defer close(errc)
		for i := 0; i < n; i++ {
			errc <- nil
		}
	}()
	for {
		select {
		case s := <-other:
			_ = s
		case err, ok := <-errc:
			if !ok {
				return
			}
			_ = err
		}
	}
}

// Negative: the goroutine's values are taken by a callback a library runs
// (testing.AllocsPerRun here): beyond the paths of this function.
func Library(run func(int, func()) float64) {
	errc := make(chan error)
	ch := make(chan bool)
	defer close(ch)
	go func() {
		for <-ch {
			errc <- nil
		}
	}()
	run(10, func() {
		ch <- true
		<-errc
	})
}

// Negative for stranded: nothing receives at all; the unpaired check
// reports it.
func NoReceiver() {
	done := make(chan error)
	go func() { done <- nil }()
}

func await(slot int, result chan<- int, ac <-chan time.Time) {
	<-ac
	result <- slot
}

// Negative: a helper receives from a runtime timer channel passed as an
// argument (a regression test: such channels have no make site).
func Queue(slots []int) {
	result := make(chan int, len(slots))
	for _, s := range slots {
		go await(s, result, time.After(time.Duration(s)))
	}
	for range slots {
		<-result
	}
}

// Negative: the helper that starts the ranging goroutine closes the
// channel itself, after its go statement.
func HelperCloses() {
	progress(make(chan int))
}

func progress(in chan int) {
	go func() {
		for range in {
		}
	}()
	in <- 1
	close(in)
}

// Negative: the helper that starts the sending goroutine receives the
// value itself.
func HelperReceives() int {
	return run(make(chan int))
}

func run(ch chan int) int {
	go func() { ch <- 1 }()
	return <-ch
}

type provider struct {
	err     error
	updates chan string
}

// subscribe starts the ranging goroutine only when it succeeds.
func (p *provider) subscribe() (func(), error) {
	if p.err != nil {
		return nil, p.err // nothing started
	}
	go func() {
		for s := range p.updates {
			_ = s
		}
	}()
	return func() { close(p.updates) }, nil
}

// Negative: the early return follows a failed subscribe, which started
// nothing; the successful path closes the channel through stop.
func Subscribed(name string) error {
	p := &provider{updates: make(chan string, 1)}
	if name == "" {
		p.err = errors.New("no name")
	}
	stop, err := p.subscribe()
	if err != nil {
		return err
	}
	defer stop()
	p.updates <- name
	return nil
}

func waitFor(done <-chan struct{}, c <-chan int) error {
	select {
	case <-done: // never proceeds: nothing sends on or closes done
		return nil
	case <-c:
		return errors.New("got it")
	}
}

// Negative: the only path that skips the receive goes through a select
// case on a channel nothing feeds: it never happens.
func NeverReadyCase() error {
	c := make(chan int)
	go func() { c <- 1 }()
	done := make(chan struct{})
	return waitFor(done, c)
}

// Negative: a counted loop sends exactly as many values as the buffer
// holds.
func CountedFits() {
	errc := make(chan error, 2)
	go func() {
		for i := 0; i < 2; i++ {
			errc <- nil
		}
	}()
}

// Negative: a loop that ends when its source runs dry sends as many values
// as the source holds, into a buffer sized for them.
func SourceRunsDry(next func() (int, bool)) int {
	got := make(chan int, 4)
	go func() {
		for {
			v, ok := next()
			if !ok {
				return
			}
			got <- v
		}
	}()
	return <-got
}

// Negative: the channel is filled and closed before the goroutine that
// ranges over it starts.
func ClosedFirst(xs []int) {
	work := make(chan int, len(xs))
	for _, x := range xs {
		work <- x
	}
	close(work)
	go func() {
		for range work {
		}
	}()
}

// Negative: a deferred closure closes the channel the goroutine waits on,
// and takes its result.
func DeferredClosure() {
	stop := make(chan struct{})
	errc := make(chan error)
	defer func() {
		close(stop)
		<-errc
	}()
	go func() {
		<-stop
		errc <- nil
	}()
}

// Negative: a range over an integer sends exactly as many values as the
// buffer holds.
func RangeIntFits() {
	errc := make(chan error, 3)
	go func() {
		for range 3 {
			errc <- nil
		}
	}()
}
