package flow

import (
	"testing"

	"golang.org/x/tools/go/ssa"
)

const promptSrc = `package p

import (
	"sync"
	"sync/atomic"
	"time"
)

type S struct {
	n  atomic.Int64
	mu sync.Mutex
	ch chan int
}

func leaf(x int) int       { if x < 0 { return -x }; return x }
func twoDown(x int) int    { return leaf(x) + 1 }
func Straight(x int) int   { return twoDown(x) * 2 }
func Atomic(s *S) int64    { return s.n.Load() }
func Starts(s *S)          { go func() { s.ch <- 1 }() }
func Loop(xs []int) int    { t := 0; for _, x := range xs { t += x }; return t }
func Calls(xs []int) int   { return Loop(xs) }
func Locks(s *S)           { s.mu.Lock(); s.mu.Unlock() }
func Sleeps()              { time.Sleep(time.Millisecond) }
func Receives(s *S) int    { return <-s.ch }
func Value(f func() int) int { return f() }
func Rec(n int) int        { if n == 0 { return 0 }; return Rec(n - 1) }
func DefersLock(s *S) int  { defer s.mu.Unlock(); return 1 }

// Before: the wait comes after the send, so the send is reached promptly.
func Before(s *S, out chan int) {
	out <- leaf(1)
	s.mu.Lock()
}
`

// TestPrompt checks which functions run to their return (or, for Before,
// to its send) without waiting.
func TestPrompt(t *testing.T) {
	pkg := buildPackage(t, promptSrc)
	for _, tc := range []struct {
		fn   string
		want bool
	}{
		{"Straight", true},
		{"Atomic", true},
		{"Starts", true},
		{"Loop", false},
		{"Calls", false},
		{"Locks", false},
		{"Sleeps", false},
		{"Receives", false},
		{"Value", false},
		{"Rec", false},
		{"DefersLock", false},
	} {
		if got := Prompt(pkg.Func(tc.fn), nil, 4); got != tc.want {
			t.Errorf("Prompt(%s) = %v, want %v", tc.fn, got, tc.want)
		}
	}
	// Depth: Straight needs two calls below it.
	if Prompt(pkg.Func("Straight"), nil, 1) {
		t.Errorf("Prompt(Straight, depth 1) = true, want false (its callee's callee is beyond the depth)")
	}
	before := pkg.Func("Before")
	var send ssa.Instruction
	for _, b := range before.Blocks {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.Send); ok {
				send = instr
			}
		}
	}
	if !Prompt(before, send, 4) {
		t.Errorf("Prompt(Before, its send) = false, want true")
	}
	if Prompt(before, nil, 4) {
		t.Errorf("Prompt(Before) = true, want false (it locks after the send)")
	}
}
