package flow

// Flags: a boolean variable a function sets to constants on its way (sent
// := false; ... case v := <-ch: sent = true; ... if !sent { <-ch }) says on
// which way control came. In SSA it is a boolean phi. MinSupply carries the
// value of each such phi along each path: the constant an edge into its
// block gives it, the value of the phi the edge gives it, or unknown (a
// value computed on the way). A branch on a known flag is decided by the
// path that reaches it: the receive the flag records is not both taken and
// skipped, and a loop whose condition the path never set is not left.
//
// Only flags some branch tests are carried, at most maxFlags per function
// (a function with more carries none: a count, so the search stays small
// and the result does not depend on which were chosen).

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/chanmodel"
)

// maxFlags bounds the flags carried per function.
const maxFlags = 4

// flagVals holds the value of each carried flag: 0 unknown, 1 false,
// 2 true.
type flagVals [maxFlags]int8

// flagSet is the flags of one function.
type flagSet struct {
	phis  []*ssa.Phi
	index map[*ssa.Phi]int
}

// boolFlags returns the flags of fn that some branch tests, or nil.
func boolFlags(fn *ssa.Function) *flagSet {
	in := make(map[*ssa.Phi]bool) // the boolean phis
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			phi, ok := instr.(*ssa.Phi)
			if !ok {
				break
			}
			if t, ok := phi.Type().Underlying().(*types.Basic); ok && t.Kind() == types.Bool {
				in[phi] = true
			}
		}
	}
	// Those a branch tests, and the flags they are set from.
	tested := make(map[*ssa.Phi]bool)
	var mark func(v ssa.Value)
	mark = func(v ssa.Value) {
		switch v := v.(type) {
		case *ssa.Phi:
			if in[v] && !tested[v] {
				tested[v] = true
				for _, e := range v.Edges {
					mark(e)
				}
			}
		case *ssa.UnOp:
			if v.Op == token.NOT {
				mark(v.X)
			}
		case *ssa.BinOp:
			if v.Op == token.EQL || v.Op == token.NEQ {
				mark(v.X)
				mark(v.Y)
			}
		}
	}
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
			mark(iff.Cond)
		}
	}
	if len(tested) == 0 || len(tested) > maxFlags {
		return nil
	}
	fs := &flagSet{index: make(map[*ssa.Phi]int)}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			phi, ok := instr.(*ssa.Phi)
			if !ok {
				break
			}
			if tested[phi] {
				fs.index[phi] = len(fs.phis)
				fs.phis = append(fs.phis, phi)
			}
		}
	}
	return fs
}

// step returns the flags after control goes from block from into block to:
// to's flags take, all at once, the values their edge from from gives.
func (fs *flagSet) step(from, to *ssa.BasicBlock, old flagVals) flagVals {
	if fs == nil {
		return old
	}
	k := -1
	for i, p := range to.Preds {
		if p == from {
			k = i
			break
		}
	}
	next := old
	for _, instr := range to.Instrs {
		phi, ok := instr.(*ssa.Phi)
		if !ok {
			break
		}
		i, ok := fs.index[phi]
		if !ok {
			continue
		}
		next[i] = 0
		if k < 0 || k >= len(phi.Edges) {
			continue
		}
		switch e := phi.Edges[k].(type) {
		case *ssa.Const:
			if constant.BoolVal(e.Value) {
				next[i] = 2
			} else {
				next[i] = 1
			}
		case *ssa.Phi:
			if j, ok := fs.index[e]; ok {
				next[i] = old[j]
			}
		}
	}
	return next
}

// bind returns env with the known flags of v bound to their constants.
func (fs *flagSet) bind(env *CallCtx, v flagVals) *CallCtx {
	if fs == nil || v == (flagVals{}) {
		return env
	}
	out := &CallCtx{consts: map[*ssa.Parameter]*ssa.Const{}, chans: map[*ssa.Parameter][]*chanmodel.Chan{}, phis: make(map[*ssa.Phi]*ssa.Const)}
	if env != nil {
		out.consts, out.chans, out.notPanicking = env.consts, env.chans, env.notPanicking
		for p, c := range env.phis {
			out.phis[p] = c
		}
	}
	for i, phi := range fs.phis {
		if v[i] != 0 {
			out.phis[phi] = ssa.NewConst(constant.MakeBool(v[i] == 2), phi.Type())
		}
	}
	return out
}
