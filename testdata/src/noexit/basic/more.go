package basic

import (
	"context"
	"sync"
	"time"
)

// Refresher holds a ticker made once.
type Refresher struct {
	t   *time.Ticker
	ctx context.Context
}

// Positive: a per-call range over a struct's ticker.
func (r *Refresher) Go(id string) {
	go func() { // want `goroutine started here never ends: the range over r.t.C at more.go:\d+ never ends`
		for range r.t.C {
			refresh(id)
		}
	}()
}

// Positive: a select whose only case is a timer channel.
func TickSelect(id string) {
	t := time.NewTicker(time.Second)
	go func() { // want `goroutine started here never ends: the loop at more.go:\d+ has no exit`
		for {
			select {
			case <-t.C:
				refresh(id)
			}
		}
	}()
}

// Positive: errors are retried forever.
func Retry() {
	go func() { // want `goroutine started here never ends: the loop at more.go:\d+ has no exit`
		for {
			if err := work(); err != nil {
				continue
			}
			poll()
		}
	}()
}

// Positive: the stop channel is never assigned: the case never fires.
func NilStop() {
	var stop chan struct{}
	go func() { // want `goroutine started here never ends: the loop at more.go:\d+ has no exit: its way out, the stop case \(more.go:\d+\), waits on a nil channel`
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Second):
				poll()
			}
		}
	}()
}

// Positive: a callback time.AfterFunc runs on its own goroutine.
func Later() {
	time.AfterFunc(time.Second, func() { // want `goroutine started here never ends: the loop at more.go:\d+ has no exit, and Later can be called again and again`
		for {
			poll()
		}
	})
}

// Positive: sync.WaitGroup.Go starts a goroutine too.
func Group(wg *sync.WaitGroup) {
	wg.Go(func() { // want `goroutine started here never ends: the range over time.Tick\(time.Second\) at more.go:\d+ never ends`
		for range time.Tick(time.Second) {
			poll()
		}
	})
}

// Positive: a goto loop.
func Goto() {
	go func() { // want `goroutine started here never ends`
	again:
		poll()
		goto again
	}()
}

// Negative: a labeled break leaves the loop from inside a select.
func Labeled(ctx context.Context) {
	go func() {
	loop:
		for {
			select {
			case <-ctx.Done():
				break loop
			case <-time.After(time.Second):
				poll()
			}
		}
	}()
}

// Negative: the context comes from a field: the owner may cancel it.
func (r *Refresher) Watch(id string) {
	go func() {
		for {
			select {
			case <-r.ctx.Done():
				return
			case <-r.t.C:
				refresh(id)
			}
		}
	}()
}
