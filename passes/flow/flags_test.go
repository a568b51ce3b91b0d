package flow

import (
	"testing"

	"golang.org/x/tools/go/ssa"
)

const flagsSrc = `package p

func Two(ch chan bool) {
	got, finished := false, false
	for !finished {
		select {
		case finished = <-ch:
			got = true
		default:
		}
	}
	if !got {
		<-ch
	}
}

func Untested(xs []int) bool {
	seen := false
	for range xs {
		seen = true
	}
	return seen
}

func Guarded(xs []int, fast bool) int {
	n := 0
	if len(xs) > 0 { n++ }
	if fast { n++ }
	if len(xs) > 0 { n++ }
	if fast { n++ }
	if len(xs) > 1 { n++ }
	return n
}

func Five(a, b, c, d, e []int) int {
	fa, fb, fc, fd, fe := false, false, false, false, false
	for range a { fa = true }
	for range b { fb = true }
	for range c { fc = true }
	for range d { fd = true }
	for range e { fe = true }
	n := 0
	if fa { n++ }
	if fb { n++ }
	if fc { n++ }
	if fd { n++ }
	if fe { n++ }
	return n
}
`

// TestBoolFlags checks which phis are carried: booleans a branch tests,
// none in a function with more than maxFlags of them.
func TestBoolFlags(t *testing.T) {
	pkg := buildPackage(t, flagsSrc)
	for _, tc := range []struct {
		fn   string
		want int
	}{
		{"Two", 2},
		{"Untested", 0},
		{"Five", 0},
	} {
		fs := boolFlags(pkg.Func(tc.fn))
		n := 0
		if fs != nil {
			n = len(fs.phis)
		}
		if n != tc.want {
			t.Errorf("%s: %d flags, want %d", tc.fn, n, tc.want)
		}
	}
	// Guards: a stable condition tested by more than one branch; len(xs)
	// > 1 is tested once.
	if g := stableGuards(pkg.Func("Guarded")); len(g) != 4 {
		t.Errorf("Guarded: %d guard blocks, want 4 (two conditions, twice each)", len(g))
	}
	if g := stableGuards(pkg.Func("Two")); g != nil {
		t.Errorf("Two: guards %v, want none (its conditions are not stable)", g)
	}
	// Stepping along Two's edges: entering the loop sets both false; the
	// edge from the receive case sets got true and finished unknown.
	fn := pkg.Func("Two")
	fs := boolFlags(fn)
	var header *ssa.BasicBlock
	for _, b := range fn.Blocks {
		if len(b.Instrs) > 0 {
			if _, ok := b.Instrs[0].(*ssa.Phi); ok {
				header = b
				break
			}
		}
	}
	if header == nil {
		t.Fatal("no loop header")
	}
	v := fs.step(fn.Blocks[0], header, flagVals{})
	for i, phi := range fs.phis {
		if v[i] != 1 {
			t.Errorf("on entry %s = %d, want 1 (false)", phi.Comment, v[i])
		}
	}
	for _, p := range header.Preds {
		if p == fn.Blocks[0] {
			continue
		}
		w := fs.step(p, header, v)
		for i, phi := range fs.phis {
			e := phi.Edges[indexOfPred(header, p)]
			switch e.(type) {
			case *ssa.Const:
				if w[i] == 0 {
					t.Errorf("from block %d %s unknown, want its constant", p.Index, phi.Comment)
				}
			case *ssa.Phi:
				if w[i] != v[i] {
					t.Errorf("from block %d %s = %d, want it kept (%d)", p.Index, phi.Comment, w[i], v[i])
				}
			default:
				if w[i] != 0 {
					t.Errorf("from block %d %s = %d, want unknown", p.Index, phi.Comment, w[i])
				}
			}
		}
	}
}

func indexOfPred(b, p *ssa.BasicBlock) int {
	for i, q := range b.Preds {
		if q == p {
			return i
		}
	}
	return -1
}
