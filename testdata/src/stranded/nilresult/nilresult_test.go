// Package nilresult: a helper that returns nil on every return never
// fails; the failure branch after calling it is no path.
package nilresult

import (
	"os"
	"testing"
)

type server struct{ done chan struct{} }

// start always succeeds.
func (s *server) start() error {
	go func() { close(s.done) }()
	return nil
}

// startAll returns what start returns, or nil.
func (s *server) startAll(twice bool) error {
	if twice {
		return s.start()
	}
	var err error
	return err
}

// ErrStart is what mayStart returns: exported, so set elsewhere (nil or
// not).
var ErrStart error

func mayStart() error { return ErrStart }

// named sets its named result in a deferred call.
func named() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = ErrStart
		}
	}()
	return nil
}

// Negative: start never fails, so the test never ends at its t.Fatal.
func TestStart(t *testing.T) {
	results := make(chan int)
	go func() { results <- 1 }()
	s := &server{done: make(chan struct{})}
	if err := s.start(); err != nil {
		t.Fatal(err)
	}
	<-results
}

// Negative: the same through a helper that returns start's result or a
// nil variable.
func TestStartAll(t *testing.T) {
	results := make(chan int)
	go func() { results <- 1 }()
	s := &server{done: make(chan struct{})}
	if err := s.startAll(true); err != nil {
		t.Fatal(err)
	}
	<-results
}

// Positive: a helper that may fail.
func TestMayStart(t *testing.T) {
	results := make(chan int)
	go func() { results <- 1 }() // want `send on results blocks forever if TestMayStart ends its goroutine at nilresult_test.go:\d+ \(t.Fatal\)`
	if err := mayStart(); err != nil {
		t.Fatal(err)
	}
	<-results
}

// Positive: a function of another package may fail.
func TestOpen(t *testing.T) {
	results := make(chan int)
	go func() { results <- 1 }() // want `send on results blocks forever if TestOpen ends its goroutine at nilresult_test.go:\d+ \(t.Fatal\)`
	f, err := os.Open("x")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	<-results
}

// Positive: a named result a deferred call may set.
func TestNamed(t *testing.T) {
	results := make(chan int)
	go func() { results <- 1 }() // want `send on results blocks forever if TestNamed ends its goroutine at nilresult_test.go:\d+ \(t.Fatal\)`
	if err := named(); err != nil {
		t.Fatal(err)
	}
	<-results
}
