// Package localgen: generators of the same package. A function that makes
// a channel on each call, feeds it from a goroutine it starts and returns
// it is a generator at each of its call sites, as a function of another
// package with that summary is: each call is a channel of its own, and a
// caller that stops receiving strands that call's goroutine.
package localgen

import (
	"errors"
	"stranded/localgenlib"
	"sync"
	"time"
)

var errTimeout = errors.New("timeout")

// done closes nothing: its goroutine waits for the group, then sends once.
func done(wg *sync.WaitGroup) chan bool {
	ch := make(chan bool)
	go func() {
		wg.Wait()
		ch <- true
	}()
	return ch
}

// fetch sends one value, computed slowly, on an unbuffered channel.
func fetch(key string) <-chan string {
	ch := make(chan string)
	go func() {
		ch <- lookup(key)
	}()
	return ch
}

func lookup(key string) string {
	time.Sleep(time.Millisecond)
	return key
}

// Positive: the timeout case returns, and fetch's goroutine is left
// sending.
func Get(key string) (string, error) {
	select {
	case v := <-fetch(key):
		return v, nil
	case <-time.After(time.Second):
		return "", errTimeout // want `return abandons the channel of fetch\(key\): the goroutine fetch started is left blocked forever \(nothing receives its next send\)`
	}
}

// pair sends two values.
func pair(a, b int) <-chan int {
	ch := make(chan int)
	go func() {
		ch <- a
		ch <- b
	}()
	return ch
}

// Positive: only the first of pair's two values is taken.
func First(a, b int) int {
	return <-pair(a, b) // want `return abandons the channel of pair\(a, b\): the goroutine pair started is left blocked forever \(nothing receives its next send\)`
}

// Negative: both are taken.
func Sum(a, b int) int {
	ch := pair(a, b)
	return <-ch + <-ch
}

// Positive: an exported helper (importers may call it too): each call in
// the package is still a channel of its own.
func Result(wg *sync.WaitGroup) <-chan bool {
	ch := make(chan bool)
	go func() {
		wg.Wait()
		ch <- true
	}()
	return ch
}

func WaitResult(wg *sync.WaitGroup, d time.Duration) bool {
	select {
	case <-Result(wg):
		return true
	case <-time.After(d):
		return false // want `return abandons the channel of Result\(wg\): the goroutine Result started is left blocked forever \(nothing receives its next send\)`
	}
}

// Positive and negative in one function: the first call's channel is
// drained, the second's is abandoned on the timeout.
func Two(wg1, wg2 *sync.WaitGroup) error {
	<-done(wg1)
	select {
	case <-done(wg2):
	case <-time.After(time.Second):
		return errTimeout // want `return abandons the channel of done\(wg2\)`
	}
	return nil
}

// Positive: the receive takes from the second call's channel, not the
// first's: each call is a channel of its own.
func OnlySecond(wg1, wg2 *sync.WaitGroup, both bool) {
	first := done(wg1)
	second := done(wg2)
	if both {
		<-first
	}
	<-second
} // want `the end of OnlySecond abandons the channel of done\(wg1\)`

// buffered has room for its one value.
func buffered(wg *sync.WaitGroup) <-chan bool {
	ch := make(chan bool, 1)
	go func() {
		wg.Wait()
		ch <- true
	}()
	return ch
}

// Negative: the goroutine's one send goes into the buffer.
func WaitBuffered(wg *sync.WaitGroup) error {
	select {
	case <-buffered(wg):
		return nil
	case <-time.After(time.Second):
		return errTimeout
	}
}

// Negative: the caller always receives.
func WaitAlways(wg *sync.WaitGroup) {
	<-done(wg)
}

// offer's send has a way out: the done channel.
func offer(stop <-chan struct{}, v int) <-chan int {
	ch := make(chan int)
	go func() {
		select {
		case ch <- v:
		case <-stop:
		}
	}()
	return ch
}

// Negative: offer's goroutine leaves when stop is closed.
func Offered(v int) (int, error) {
	stop := make(chan struct{})
	defer close(stop)
	select {
	case x := <-offer(stop, v):
		return x, nil
	case <-time.After(time.Second):
		return 0, errTimeout
	}
}

type server struct {
	last chan int
}

// start also keeps the channel in a field: other code may receive.
func (s *server) start(v int) chan int {
	ch := make(chan int)
	s.last = ch
	go func() {
		ch <- lookupInt(v)
	}()
	return ch
}

func lookupInt(v int) int {
	time.Sleep(time.Millisecond)
	return v
}

// Negative: the channel escapes into s.last.
func (s *server) Run(v int) error {
	select {
	case <-s.start(v):
		return nil
	case <-time.After(time.Second):
		return errTimeout
	}
}

func (s *server) Last() int { return <-s.last }

// kept holds channels for code that may take from them later.
var kept []chan int

// keep also keeps the channel in kept.
func keep(v int) chan int {
	ch := make(chan int)
	kept = append(kept, ch)
	go func() {
		ch <- lookupInt(v)
	}()
	return ch
}

// Negative: the channel is kept in memory: code the call graph does not
// order may take from it.
func Kept(v int) error {
	select {
	case <-keep(v):
		return nil
	case <-time.After(time.Second):
		return errTimeout
	}
}

// gen sends n values and closes the channel.
func gen(n int) <-chan int {
	ch := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			ch <- i
		}
		close(ch)
	}()
	return ch
}

// Negative: called in a loop, each call's channel is drained.
func Total(ns []int) int {
	total := 0
	for _, n := range ns {
		for v := range gen(n) {
			total += v
		}
	}
	return total
}

// Negative: called in a loop, each call's one value is taken.
func Fetched(keys []string) []string {
	var out []string
	for _, k := range keys {
		out = append(out, <-fetch(k))
	}
	return out
}

// Positive: the consumer of gen stops early.
func FirstOver(n, limit int) int {
	for v := range gen(n) {
		if v > limit {
			return v // want `return abandons the channel of gen\(n\)`
		}
	}
	return -1
}

// Negative: the result goes to another goroutine, which receives it:
// beyond what the caller's paths say.
func Handed(wg *sync.WaitGroup) {
	ch := done(wg)
	go func() { <-ch }()
}

// Positive: localgenlib.Numbers is a generator for importers too, though
// its own package also calls it.
func FirstOf(n int) int {
	for v := range localgenlib.Numbers(n) {
		return v // want `return abandons the channel of localgenlib.Numbers\(n\)`
	}
	return -1
}

// Negative: localgenlib.Kept keeps the channel.
func KeptFirst(v int) int {
	select {
	case x := <-localgenlib.Kept(v):
		return x
	case <-time.After(time.Second):
		return -1
	}
}
