// Package ctx: goroutines waiting for contexts that are never done, next
// to their fixed twins.
package ctx

import (
	"context"
	"sync"
	"time"
)

// Background: the goroutine waits for a context that is never done.
func Background() {
	ctx := context.Background()
	go func() {
		<-ctx.Done() // want `receive from ctx.Done\(\) blocks forever: the context is never done \(the Done channel of context.Background, TODO and WithoutCancel is nil\)`
	}()
}

// BackgroundFixed waits for a context the function cancels.
func BackgroundFixed() {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-ctx.Done()
	}()
	cancel()
}

// Without: WithoutCancel's context is never done, even when its parent is.
func Without() {
	parent, cancel := context.WithCancel(context.Background())
	ctx := context.WithoutCancel(parent)
	go func() {
		<-ctx.Done() // want `receive from ctx.Done\(\) blocks forever: the context is never done \(the Done channel`
	}()
	cancel()
}

// NeverCancelled: a worker loop stopped by a context whose cancel is never
// called.
func NeverCancelled() {
	ctx, cancel := context.WithCancel(context.Background())
	_ = cancel
	jobs := make(chan int)
	go func() {
		for {
			select { // want `select blocks forever: no case can proceed: the context is never done: no goroutine that can still run calls its cancel function, and no parent context is done`
			case <-ctx.Done():
				return
			case <-jobs:
			}
		}
	}()
	jobs <- 1
}

// NeverCancelledFixed calls cancel when it is done with the worker.
func NeverCancelledFixed() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	jobs := make(chan int)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-jobs:
			}
		}
	}()
	jobs <- 1
}

const debug = false

// NotTaken calls cancel only on a path the constants never take.
func NotTaken() {
	ctx, cancel := context.WithCancelCause(context.Background())
	go func() {
		<-ctx.Done() // want `receive from ctx.Done\(\) blocks forever: the context is never done: no goroutine`
	}()
	if debug {
		cancel(nil)
	}
}

// NotTakenFixed cancels on every path; calling cancel twice is fine.
func NotTakenFixed() {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	go func() {
		<-ctx.Done()
	}()
	if !debug {
		cancel(nil)
	}
}

// Child: cancelling a child does not cancel its parent.
func Child() {
	parent, cancel := context.WithCancel(context.Background())
	_ = cancel
	_, cancelChild := context.WithCancel(parent)
	go func() {
		<-parent.Done() // want `receive from parent.Done\(\) blocks forever: the context is never done`
	}()
	cancelChild()
}

// ChildFixed: cancelling a parent cancels its children.
func ChildFixed() {
	parent, cancel := context.WithCancel(context.Background())
	child, cancelChild := context.WithCancel(parent)
	_ = cancelChild
	go func() {
		<-child.Done()
	}()
	cancel()
}

// Timeout: a context with a deadline is done when it passes.
func Timeout() {
	ctx, _ := context.WithTimeout(context.Background(), time.Second)
	go func() {
		<-ctx.Done()
	}()
}

// Deadline: so is a child of one.
func Deadline() {
	parent, _ := context.WithDeadline(context.Background(), time.Now().Add(time.Second))
	ctx, _ := context.WithCancel(parent)
	go func() {
		<-ctx.Done()
	}()
}

// ErrNil: Err is nil until the context is done, so the goroutine is started.
func ErrNil() {
	ctx, cancel := context.WithCancel(context.Background())
	_ = cancel
	if ctx.Err() == nil {
		go func() {
			<-ctx.Done() // want `receive from ctx.Done\(\) blocks forever: the context is never done: no goroutine`
		}()
	}
}

// ErrDone: after cancel, Err is not nil (the double Lock is never reached).
func ErrDone() {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if ctx.Err() == nil {
		var mu sync.Mutex
		mu.Lock()
		mu.Lock()
	}
}

// Handed: a context handed to code the search cannot see: what its Done
// returns is then no longer known (as for a context from the caller).
func Handed() {
	ctx, cancel := context.WithCancel(context.Background())
	_ = cancel
	_ = context.Cause(ctx)
	go func() {
		<-ctx.Done()
	}()
}

// Value: nor is a context derived by code the search cannot see.
func Value() {
	ctx, cancel := context.WithCancel(context.Background())
	_ = cancel
	ctx = context.WithValue(ctx, key{}, 1)
	go func() {
		<-ctx.Done()
	}()
}

type key struct{}

// CancelHanded: a cancel function handed to code the search cannot see
// may be called at any time: the scope is given up.
func CancelHanded() {
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(time.Second, cancel)
	go func() {
		<-ctx.Done()
	}()
}

// Param: a context from the caller is not known.
func Param(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	_ = cancel
	go func() {
		<-ctx.Done()
	}()
}
