package buffered

import (
	"bufio"
	"context"
	"io"
	"sync/atomic"
)

// Negative: the loop reads until its input ends: it goes round as many
// times as lines come, which may never fill the buffer.
func Lines(r *bufio.Reader) {
	lines := make(chan string, 8)
	go func() {
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			lines <- line
		}
	}()
}

// Negative: the same through an interface, with a second way out on what
// was read.
func Chunks(r io.Reader) {
	sizes := make(chan int, 4)
	go func() {
		buf := make([]byte, 512)
		for {
			n, err := r.Read(buf)
			if err != nil {
				return
			}
			if n == 0 {
				break
			}
			sizes <- n
		}
	}()
}

// Positive: one way out is a counter the loop keeps: a hundred sends into
// a buffer of four, whatever the input.
func CountedReads(r io.Reader) {
	sizes := make(chan int, 4)
	go func() {
		buf := make([]byte, 512)
		for i := 0; ; i++ {
			if i == 100 {
				return
			}
			n, _ := r.Read(buf)
			sizes <- n // want `send on sizes blocks forever once its buffer of 4 is full: nothing receives from it`
		}
	}()
}

// Positive: the loop runs until its context is cancelled, as often as it
// can meanwhile.
func UntilCancelled(ctx context.Context, next func() int) {
	vals := make(chan int, 2)
	go func() {
		for {
			if ctx.Err() != nil {
				return
			}
			vals <- next() // want `send on vals blocks forever once its buffer of 2 is full: nothing receives from it`
		}
	}()
}

// Positive: the same until a flag is set.
func UntilStopped(stop *atomic.Bool) {
	vals := make(chan int, 2)
	for {
		if stop.Load() {
			return
		}
		vals <- 0 // want `send on vals blocks forever once its buffer of 2 is full: nothing receives from it`
	}
}

// Positive: unbuffered, the first line read already blocks.
func FirstLine(r *bufio.Reader) {
	lines := make(chan string)
	go func() {
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			lines <- line // want `send on lines blocks forever: nothing receives from it`
		}
	}()
}
