package downstream

import (
	"errors"

	"summary/middle"
	"summary/upstream"
)

// Positive (stranded): middle.Start sends on a goroutine (through
// upstream.Send): an early return strands it. The leak needs both hops.
func Fetch(fail bool) (int, error) {
	ch := make(chan int)
	middle.Start(ch) // want `the goroutine middle.Start starts blocks forever sending on ch if Fetch returns at downstream.go:\d+: no one receives after that`
	if fail {
		return 0, errors.New("fail")
	}
	return <-ch, nil
}

// Positive (stranded): go upstream.Emit-like: a goroutine of another
// package, and a timeout-free early return.
func Direct(fail bool) int {
	ch := make(chan int)
	go upstream.Send(ch, 1) // want `the goroutine running upstream.Send blocks forever sending on ch if Direct returns at`
	if fail {
		return 0
	}
	return <-ch
}

// Negative: the fixed twin of Fetch.
func FetchFixed(fail bool) (int, error) {
	ch := make(chan int, 1)
	middle.Start(ch)
	if fail {
		return 0, errors.New("fail")
	}
	return <-ch, nil
}

// Negative (unpaired): middle.Consume drains the channel.
func Fed() {
	ch := make(chan int)
	go func() {
		ch <- 1
		close(ch)
	}()
	middle.Consume(ch)
}

// Negative: the channel is kept by upstream: beyond what anyone can see.
func Kept() {
	ch := make(chan int)
	go func() { ch <- 1 }()
	middle.Keep(ch)
}

// Positive (stranded): the consumer stops early; the generator's
// goroutine keeps sending.
func First(n int) int {
	for v := range middle.Numbers(n) {
		if v > 3 {
			return v // want `return abandons the channel of middle.Numbers\(n\): the goroutine middle.Numbers started is left blocked forever \(nothing receives its next send\)`
		}
	}
	return -1
}

// Negative: the generator is drained.
func Sum(n int) int {
	t := 0
	for v := range upstream.Gen(n) {
		t += v
	}
	return t
}

