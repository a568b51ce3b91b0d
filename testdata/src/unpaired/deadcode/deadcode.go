package deadcode

import (
	"log"
	"os"
)

const debug = false

// Positive: the only receive is behind if false.
func IfFalse() {
	ch := make(chan int)
	go func() {
		if false {
			<-ch
		}
	}()
	go func() {
		ch <- 1 // want `send on ch blocks forever: its only receive \(deadcode.go:\d+\) is in dead code`
	}()
}

// Positive: the only receive is behind a constant that is false.
func ConstFalse() {
	ch := make(chan int)
	go func() {
		if debug {
			<-ch
		}
	}()
	ch <- 1 // want `send on ch blocks forever: its only receive \(deadcode.go:\d+\) is in dead code`
}

// Positive: the only receive is in the else branch of if true.
func ElseOfTrue() {
	ch := make(chan int)
	go func() {
		if true {
			return
		} else {
			<-ch
		}
	}()
	ch <- 1 // want `send on ch blocks forever: its only receive`
}

var results = make(chan int)

// Positive: the only receive is in an unexported function nothing calls.
func Unused() {
	go func() {
		results <- 1 // want `send on results blocks forever: its only receive \(deadcode.go:\d+\) is in dead code`
	}()
}

func neverCalled() int {
	return <-results
}

// Positive: the only close is after a call that never returns.
func AfterExit() {
	done := make(chan bool)
	go func() {
		os.Exit(1)
		close(done)
	}()
	<-done // want `receive from done blocks forever: nothing sends on or closes it`
}

// Positive: the only send is after log.Fatal.
func AfterFatal() {
	ch := make(chan int)
	go func() {
		log.Fatal("bye")
		ch <- 1
	}()
	<-ch // want `receive from ch blocks forever`
}

// Negative: the receive is behind a condition that is true.
func IfTrue() {
	ch := make(chan int)
	go func() {
		if true {
			<-ch
		}
	}()
	ch <- 1
}

// Negative: the receive is behind a condition that is not constant.
func IfVar(b bool) {
	ch := make(chan int)
	go func() {
		if b {
			<-ch
		}
	}()
	ch <- 1
}

// Negative: the receiving function is called (by an exported function).
func Called() {
	ch := make(chan int)
	go calledReceiver(ch)
	ch <- 1
}

func calledReceiver(ch chan int) { <-ch }

// Negative: the receive runs after a call that may return.
func AfterMayReturn(f func()) {
	ch := make(chan int)
	go func() {
		f()
		<-ch
	}()
	ch <- 1
}

// An unexported type whose values never leave the package: its exported
// methods are called only by code of the package.
type fakeIndex struct {
	getc   chan int
	rangec chan []int
}

type index interface{ Get() int }

func newFakeIndex() *fakeIndex {
	return &fakeIndex{getc: make(chan int, 1), rangec: make(chan []int, 1)}
}

func (f *fakeIndex) Get() int { return <-f.getc }

// Negative: nothing calls RangeSince, no interface anywhere has such a
// method, and no *fakeIndex reaches other packages: it is dead.
func (f *fakeIndex) RangeSince() []int { return <-f.rangec }

// UseIndex makes Get live, through the index interface.
func UseIndex() int {
	f := newFakeIndex()
	var ix index = f
	f.getc <- 1
	return ix.Get()
}

// An unexported type other packages get through an exported function.
type handle struct {
	done chan struct{}
}

// Open hands out a *handle: callers may call its exported methods.
func Open() *handle { return &handle{done: make(chan struct{})} }

// Positive: Wait is live (callers of Open may call it), and nothing
// closes done.
func (h *handle) Wait() {
	<-h.done // want `receive from h.done blocks forever: nothing sends on or closes it`
}

// An unexported type converted to an interface that leaves the package.
type closer struct {
	done chan struct{}
}

// Closer returns an io.Closer-like value: other packages may call Close
// through io.Closer.
func Closer() any { return &closer{done: make(chan struct{})} }

// Positive: Close is a method of io.Closer, an interface of a package this
// one imports (os imports io): code elsewhere may call it.
func (c *closer) Close() error {
	<-c.done // want `receive from c.done blocks forever: nothing sends on or closes it`
	return nil
}

// Notifier is an interface of this package that callers may assert to.
type Notifier interface{ Notify() }

type notifier struct {
	ch chan bool
}

// NewAny returns a value converted to an interface.
func NewAny() any { return &notifier{ch: make(chan bool)} }

// Positive: Notify is a method of Notifier: code elsewhere may call it
// through an assertion to Notifier, so it is live; nothing receives.
func (n *notifier) Notify() {
	n.ch <- true // want `send on n.ch blocks forever: nothing receives from it`
}

// sink is a fake whose behaviour tests plug in through exported func
// fields; no value of it leaves the package.
type sink struct {
	OnCreate func(int)
	OnUpdate func(int)
}

type creator interface{ Create(int) }

func (s *sink) Create(v int) { s.OnCreate(v) }

// Update is called by nothing: no interface this package uses declares it.
func (s *sink) Update(v int) { s.OnUpdate(v) }

// Negative: the closure in OnUpdate runs only from Update, which nothing
// calls; the exported field of the unexported, unexposed type is tracked
// like any field of the package.
func UseSink() int {
	created := make(chan int, 1)
	updated := make(chan int)
	var c creator = &sink{
		OnCreate: func(v int) { created <- v },
		OnUpdate: func(v int) { updated <- v },
	}
	c.Create(1)
	return <-created
}
