package flow

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/ssa"
)

const correlateSrc = `package p

func use(int) {}

// The child and its parent test the same parameter, captured in a cell
// set once.
func Same(n int, ch chan int) {
	go func() {
		if n == 0 {
			return
		}
		ch <- n
	}()
	if n == 0 {
		return
	}
	<-ch
}

// A named function started with the parent's parameter.
func Named(fast bool, ch chan int) {
	go child(fast, ch)
	if fast {
		return
	}
	<-ch
}

func child(fast bool, ch chan int) {
	if fast {
		return
	}
	ch <- 1
}

// The variable changes after the go statement: not stable.
func Changed(n int, ch chan int) {
	go func() {
		if n == 0 {
			return
		}
		ch <- n
	}()
	n = 1
	if n == 0 {
		return
	}
	<-ch
}

// Different tests: nothing is implied about the child's.
func Other(n int, ch chan int) {
	go func() {
		if n == 0 {
			return
		}
		ch <- n
	}()
	if n > 5 {
		return
	}
	<-ch
}
`

// TestCorrelatedCuts checks which edges of the goroutine a parent's
// receive rules out: the child's early return on the condition that the
// parent, to reach its receive, must have found false.
func TestCorrelatedCuts(t *testing.T) {
	ssapkg := buildPackage(t, correlateSrc)
	for _, tc := range []struct {
		fn   string
		cuts int // edges of the child cut
	}{
		{"Same", 1},
		{"Named", 1},
		{"Changed", 0},
		{"Other", 0},
	} {
		parent := ssapkg.Func(tc.fn)
		var goInstr ssa.Instruction
		var recv *ssa.BasicBlock
		for _, b := range parent.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.Go:
					goInstr = instr
				case *ssa.UnOp:
					if instr.Op == token.ARROW {
						recv = b
					}
				}
			}
		}
		child, bind := GoBinding(goInstr)
		if child == nil || recv == nil {
			t.Fatalf("%s: no go statement or receive", tc.fn)
		}
		cut := CorrelatedCuts(parent, []*ssa.BasicBlock{recv}, nil, child, bind)
		if len(cut) != tc.cuts {
			t.Errorf("%s: %d edges cut, want %d: %v", tc.fn, len(cut), tc.cuts, cut)
		}
		for e := range cut {
			// The edge cut is the one into the child's early return.
			if _, ok := e.To.Instrs[len(e.To.Instrs)-1].(*ssa.Return); !ok || len(e.To.Instrs) != 1 {
				t.Errorf("%s: cut %d->%d, which is not the early return", tc.fn, e.From.Index, e.To.Index)
			}
		}
	}
}
