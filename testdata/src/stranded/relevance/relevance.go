// Package relevance: only callees that can reach an operation on the
// channel count. A recursive or large function that never touches it does
// nothing with it, and does not hide the leak.
package relevance

import "context"

type node struct {
	l, r *node
	v    int
}

// sum is recursive, and has nothing to do with any channel.
func sum(n *node) int {
	if n == nil {
		return 0
	}
	return n.v + sum(n.l) + sum(n.r)
}

// Positive: sum runs before the go statement and in the goroutine; the
// early return on ctx.Done() strands the goroutine.
func Sum(ctx context.Context, n *node) int {
	base := sum(n)
	ch := make(chan int)
	go func() { ch <- sum(n.l) }() // want `send on ch blocks forever if Sum returns through the ctx.Done\(\) case \(relevance.go:30\): no one receives after that`
	select {
	case v := <-ch:
		return base + v
	case <-ctx.Done():
		return base
	}
}

// Negative: the twin with a buffer for the one value.
func SumBuffered(ctx context.Context, n *node) int {
	base := sum(n)
	ch := make(chan int, 1)
	go func() { ch <- sum(n.l) }()
	select {
	case v := <-ch:
		return base + v
	case <-ctx.Done():
		return base
	}
}

// drain receives on ch recursively: it is relevant, and its count is not
// known, so nothing is claimed.
func drain(ch chan int, n *node) {
	if n == nil {
		return
	}
	<-ch
	drain(ch, n.l)
}

// Negative: a recursive callee that does receive from the channel.
func Drain(ctx context.Context, n *node) {
	ch := make(chan int)
	go func() { ch <- 1 }()
	drain(ch, n)
}
