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
//
// Guards are carried the same way: a condition on values that never change
// during the run (stableKey: constants, parameters, variables set once, len
// of them, comparisons) tested by more than one branch takes, at its later
// tests, the way the path took at its first (if len(items) == 0 before a
// loop and again after it). At most maxGuards per function, on the same
// terms.

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/chanmodel"
)

// maxFlags bounds the flags, and maxGuards the guards, carried per
// function.
const (
	maxFlags  = 4
	maxGuards = 4
)

// flagVals holds the value of each carried flag, then of each guard: 0
// unknown, 1 false, 2 true.
type flagVals [maxFlags + maxGuards]int8

// flagSet is the flags and guards of one function.
type flagSet struct {
	phis  []*ssa.Phi
	index map[*ssa.Phi]int
	// guard gives the slot (from maxFlags on) of each block whose branch
	// tests a guard.
	guard map[*ssa.BasicBlock]int
}

// boolFlags returns the flags of fn that some branch tests, or nil.
func boolFlags(fn *ssa.Function) *flagSet {
	in := make(map[*ssa.Phi]bool) // the boolean phis
	if len(fn.Blocks) == 0 {
		return nil
	}
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
	if len(tested) > maxFlags {
		tested = nil
	}
	guards := stableGuards(fn)
	if len(tested) == 0 && guards == nil {
		return nil
	}
	fs := &flagSet{index: make(map[*ssa.Phi]int), guard: guards}
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

// stableGuards returns the blocks whose branch tests a guard, a stable
// condition more than one branch of fn tests, with their slots; nil when
// there are none or more than maxGuards.
func stableGuards(fn *ssa.Function) map[*ssa.BasicBlock]int {
	byKey := make(map[string][]*ssa.BasicBlock)
	var keys []string
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 || len(b.Succs) != 2 || b.Succs[0] == b.Succs[1] {
			continue
		}
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		if _, isConst := iff.Cond.(*ssa.Const); isConst {
			continue
		}
		k, ok := stableKey(iff.Cond, nil, 0)
		if !ok {
			continue
		}
		if len(byKey[k]) == 0 {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], b)
	}
	var out map[*ssa.BasicBlock]int
	n := 0
	for _, k := range keys {
		if len(byKey[k]) < 2 {
			continue
		}
		if n == maxGuards {
			return nil
		}
		if out == nil {
			out = make(map[*ssa.BasicBlock]int)
		}
		for _, b := range byKey[k] {
			out[b] = maxFlags + n
		}
		n++
	}
	return out
}

// at returns what every path into block b has decided of the guards: the
// way out of each guard block on b's dominator chain that alone leads to
// b.
func (fs *flagSet) at(b *ssa.BasicBlock) flagVals {
	var v flagVals
	if fs == nil || fs.guard == nil {
		return v
	}
	for x := b; x != nil && x.Idom() != nil; x = x.Idom() {
		d := x.Idom()
		i, ok := fs.guard[d]
		if !ok || len(x.Preds) != 1 || x.Preds[0] != d || v[i] != 0 {
			continue
		}
		if x == d.Succs[0] {
			v[i] = 2
		} else {
			v[i] = 1
		}
	}
	return v
}

// guardOf returns what the path decided of b's guard: taken (its true
// successor) and known.
func (fs *flagSet) guardOf(b *ssa.BasicBlock, v flagVals) (bool, bool) {
	if fs == nil {
		return false, false
	}
	i, ok := fs.guard[b]
	if !ok || v[i] == 0 {
		return false, false
	}
	return v[i] == 2, true
}

// step returns the flags after control goes from block from into block to:
// to's flags take, all at once, the values their edge from from gives; a
// guard from tests takes the way the edge goes.
func (fs *flagSet) step(from, to *ssa.BasicBlock, old flagVals) flagVals {
	if fs == nil {
		return old
	}
	if i, ok := fs.guard[from]; ok {
		if to == from.Succs[0] {
			old[i] = 2
		} else {
			old[i] = 1
		}
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
