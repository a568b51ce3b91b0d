package chanmodel

// Results decided by the arguments of one call (nilResultAt), for the
// failure branch after it: nilResult asks whether a callee returns nil
// whatever it is given; many fail only for arguments no caller passes. A
// constructor handed a nil config fills in its defaults and validates
// them (`if config == nil { config = DefaultConfig() }; if err :=
// VerifyConfig(config); err != nil { return nil, err }`); a check of a
// key's length fails only for lengths the caller's literal does not have.
// With the call's arguments known, the callee's branches on them are
// decided and only its live returns count.
//
// The evaluation interprets the callee over abstract values (aval): a
// constant, nil, a slice of known length, or a struct freshly made of
// known fields (the fields a composite literal sets, the zero value for
// the others). A fresh struct is believed only where nothing that could
// change it (a store through it, a call it is passed to, a store of it
// somewhere) can run before the read (untouchedAt); a value of any other
// shape (a load of memory, a result of another package's function, an
// interface call) is unknown, and a branch on an unknown value is taken
// both ways. A function with deferred calls returns through its recover
// block too, and its results pass through result slots: a load of a slot
// is the store before it in its block, or any live store or the zero
// value. Liveness and the values of phis depend on each other: the
// first pass joins a phi over all its edges, each later pass over the
// edges from blocks the previous pass found live, a superset of the true
// ones, so every pass is sound; three passes at most. Calls are followed
// maxNilDepth deep, through functions of at most maxEvalBlocks blocks, and
// one question evaluates at most maxEvalSteps values: counts, not time.

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

const (
	maxEvalBlocks = 200  // the largest callee whose results are evaluated
	maxEvalSteps  = 4000 // values evaluated for one question
)

// aval is what the evaluation knows of a value: at most one of c, isNil,
// obj and hasLen is set; none is set for an unknown value.
type aval struct {
	c      constant.Value // a constant
	isNil  bool           // the nil pointer, slice, map, channel, func or interface
	obj    *freshObj      // a struct made here of known fields
	n      int64          // the length of a slice, with hasLen
	hasLen bool
}

func (a aval) known() bool { return a.c != nil || a.isNil || a.obj != nil || a.hasLen }

// freshObj is a freshly allocated struct, with the fields its composite
// literal stores (init: the FieldAddrs of those stores).
type freshObj struct {
	fields map[int]aval
	init   map[ssa.Instruction]bool
}

// join is what a value that is a or b is known to be.
func join(a, b aval) aval {
	switch {
	case a.c != nil && b.c != nil && a.c.Kind() == b.c.Kind() && constant.Compare(a.c, token.EQL, b.c):
		return a
	case a.isNil && b.isNil:
		return a
	case a.obj != nil && a.obj == b.obj:
		return a
	case a.hasLen && b.hasLen && a.n == b.n:
		return a
	}
	return aval{}
}

// evaluator answers one question; steps counts the values it evaluated.
type evaluator struct {
	e     *exits
	steps int
}

// frame is one function evaluated under known parameters.
type frame struct {
	fn     *ssa.Function
	params map[*ssa.Parameter]aval
	live   []bool          // the live blocks of the previous pass; nil: all
	edges  map[[2]int]bool // its live edges (from, to block index)
	memo   map[ssa.Value]aval
	busy   map[ssa.Value]bool
	depth  int
}

// nilResultAt reports whether result i of call is nil given what its
// arguments are known to be: the callee's returns that its arguments
// leave live all return nil.
func (e *exits) nilResultAt(call *ssa.Call, i, depth int) bool {
	if call.Call.IsInvoke() || depth > maxNilDepth {
		return false
	}
	k := callResult{call: call, i: i}
	if v, ok := e.nilsAt[k]; ok {
		return v
	}
	e.nilsAt[k] = false // in progress
	ev := &evaluator{e: e}
	top := ev.newFrame(call.Parent(), nil, depth)
	res := ev.callResults(top, call)
	v := 0 <= i && i < len(res) && res[i].isNil
	e.nilsAt[k] = v
	return v
}

// callResult keys exits.nilsAt.
type callResult struct {
	call *ssa.Call
	i    int
}

func (ev *evaluator) newFrame(fn *ssa.Function, params map[*ssa.Parameter]aval, depth int) *frame {
	return &frame{fn: fn, params: params, memo: make(map[ssa.Value]aval), busy: make(map[ssa.Value]bool), depth: depth}
}

// callResults evaluates the results of call, made in fr, from what fr
// knows of its arguments; nil when nothing is known of them or the callee
// is not one whose body is judged.
func (ev *evaluator) callResults(fr *frame, call *ssa.Call) []aval {
	fn := call.Call.StaticCallee()
	if fn == nil || call.Call.IsInvoke() || fr.depth >= maxNilDepth || len(fn.Blocks) == 0 ||
		len(fn.Blocks) > maxEvalBlocks || fn.Pkg != ev.e.pkg && fn.Origin() == nil ||
		len(call.Call.Args) != len(fn.Params) {
		return nil
	}
	params := make(map[*ssa.Parameter]aval)
	for j, a := range call.Call.Args {
		v := ev.value(fr, a)
		if v.obj != nil && !untouchedAt(a, call, v.obj) {
			v = aval{}
		}
		if v.known() {
			params[fn.Params[j]] = v
		}
	}
	callee := ev.newFrame(fn, params, fr.depth+1)
	if len(params) == 0 && fr.depth == 0 {
		return nil // nothing known: nilResult has answered already
	}
	return ev.results(callee)
}

// results evaluates fr.fn's results over the returns its live blocks
// reach.
func (ev *evaluator) results(fr *frame) []aval {
	var live []bool
	for pass := 0; pass < 3; pass++ {
		next, edges := ev.liveIn(fr)
		if live != nil && slices.Equal(live, next) && len(edges) == len(fr.edges) {
			break
		}
		live = next
		fr.live, fr.edges, fr.memo, fr.busy = live, edges, make(map[ssa.Value]aval), make(map[ssa.Value]bool)
	}
	n := fr.fn.Signature.Results().Len()
	var out []aval
	for _, b := range fr.fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || !live[b.Index] || len(ret.Results) != n {
			continue
		}
		vals := make([]aval, n)
		for j, r := range ret.Results {
			vals[j] = ev.value(fr, r)
			if vals[j].obj != nil && !untouchedAt(r, ret, vals[j].obj) {
				vals[j] = aval{}
			}
		}
		if out == nil {
			out = vals
			continue
		}
		for j := range out {
			out[j] = join(out[j], vals[j])
		}
	}
	return out
}

// liveIn returns the blocks and edges of fr.fn that can run given fr's
// parameters: a branch on a value the evaluation knows goes one way, a
// block that ends the goroutine leads nowhere.
func (ev *evaluator) liveIn(fr *frame) ([]bool, map[[2]int]bool) {
	fn := fr.fn
	live := make([]bool, len(fn.Blocks))
	edges := make(map[[2]int]bool)
	stack := []*ssa.BasicBlock{fn.Blocks[0]}
	live[0] = true
	// A function with deferred calls returns from its recover block too,
	// after a deferred call recovered a panic: with the zero values, or
	// with what its named results hold then.
	if r := fn.Recover; r != nil && !live[r.Index] {
		live[r.Index] = true
		stack = append(stack, r)
	}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		succs := b.Succs
		if ev.e.endsBlock(b) {
			succs = nil
		}
		if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok && len(succs) == 2 {
			if v := ev.value(fr, iff.Cond); v.c != nil && v.c.Kind() == constant.Bool {
				if constant.BoolVal(v.c) {
					succs = succs[:1]
				} else {
					succs = succs[1:]
				}
			}
		}
		for _, s := range succs {
			if isSelectFallThrough(s) {
				continue
			}
			edges[[2]int{b.Index, s.Index}] = true
			if !live[s.Index] {
				live[s.Index] = true
				stack = append(stack, s)
			}
		}
	}
	return live, edges
}

// value evaluates v in fr.
func (ev *evaluator) value(fr *frame, v ssa.Value) aval {
	if r, ok := fr.memo[v]; ok {
		return r
	}
	if fr.busy[v] || ev.steps >= maxEvalSteps {
		return aval{}
	}
	ev.steps++
	fr.busy[v] = true
	r := ev.compute(fr, v)
	delete(fr.busy, v)
	fr.memo[v] = r
	return r
}

func (ev *evaluator) compute(fr *frame, v ssa.Value) aval {
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value != nil {
			return aval{c: v.Value}
		}
		if v.IsNil() {
			return aval{isNil: true}
		}
	case *ssa.Parameter:
		return fr.params[v]
	case *ssa.Phi:
		var r aval
		first := true
		for j, x := range v.Edges {
			if fr.live != nil && !fr.edges[[2]int{v.Block().Preds[j].Index, v.Block().Index}] {
				continue
			}
			xv := ev.value(fr, x)
			if first {
				r, first = xv, false
			} else {
				r = join(r, xv)
			}
			if !r.known() {
				return aval{}
			}
		}
		return r
	case *ssa.ChangeType:
		return ev.value(fr, v.X)
	case *ssa.Convert:
		x := ev.value(fr, v.X)
		if x.c != nil && x.c.Kind() == constant.Int && isInteger(v.Type()) && isInteger(v.X.Type()) {
			return x
		}
		// []byte("literal"): as many bytes as the string.
		if s, ok := types.Unalias(v.Type()).Underlying().(*types.Slice); ok && x.c != nil && x.c.Kind() == constant.String {
			if b, ok := types.Unalias(s.Elem()).Underlying().(*types.Basic); ok && b.Kind() == types.Byte {
				return aval{n: int64(len(constant.StringVal(x.c))), hasLen: true}
			}
		}
	case *ssa.UnOp:
		return ev.unop(fr, v)
	case *ssa.BinOp:
		return ev.binop(fr, v)
	case *ssa.Alloc:
		return aval{obj: freshStruct(ev, fr, v)}
	case *ssa.Slice:
		// A slice of an array literal (or of make([]T, n), which SSA
		// allocates as an array): its length from its bounds.
		if a, ok := v.X.(*ssa.Alloc); ok {
			if arr, ok := types.Unalias(deref(a.Type())).Underlying().(*types.Array); ok {
				lo, hi := int64(0), arr.Len()
				for _, b := range []struct {
					v ssa.Value
					n *int64
				}{{v.Low, &lo}, {v.High, &hi}} {
					if b.v == nil {
						continue
					}
					x := ev.value(fr, b.v)
					if x.c == nil || x.c.Kind() != constant.Int {
						return aval{}
					}
					n, ok := constant.Int64Val(x.c)
					if !ok {
						return aval{}
					}
					*b.n = n
				}
				if 0 <= lo && lo <= hi {
					return aval{n: hi - lo, hasLen: true}
				}
			}
		}
	case *ssa.MakeSlice:
		if n := ev.value(fr, v.Len); n.c != nil && n.c.Kind() == constant.Int {
			if l, ok := constant.Int64Val(n.c); ok {
				return aval{n: l, hasLen: true}
			}
		}
	case *ssa.Call:
		if b, ok := v.Call.Value.(*ssa.Builtin); ok {
			if b.Name() == "len" && len(v.Call.Args) == 1 {
				x := ev.value(fr, v.Call.Args[0])
				switch {
				case x.hasLen:
					return aval{c: constant.MakeInt64(x.n)}
				case x.c != nil && x.c.Kind() == constant.String:
					return aval{c: constant.MakeInt64(int64(len(constant.StringVal(x.c))))}
				}
			}
			return aval{}
		}
		if v.Type() != nil && v.Call.Signature().Results().Len() == 1 {
			if res := ev.callResults(fr, v); len(res) == 1 {
				return res[0]
			}
		}
	case *ssa.Extract:
		if c, ok := v.Tuple.(*ssa.Call); ok {
			if res := ev.callResults(fr, c); v.Index < len(res) {
				return res[v.Index]
			}
		}
	}
	return aval{}
}

func (ev *evaluator) unop(fr *frame, v *ssa.UnOp) aval {
	if v.Op == token.MUL {
		if slot, ok := v.X.(*ssa.Alloc); ok {
			return ev.slotValue(fr, slot, v)
		}
		// A field of a fresh struct, read before anything could change it.
		fa, ok := v.X.(*ssa.FieldAddr)
		if !ok {
			return aval{}
		}
		base := ev.value(fr, fa.X)
		if base.obj == nil || !untouchedAt(fa.X, v, base.obj) {
			return aval{}
		}
		if f, ok := base.obj.fields[fa.Field]; ok {
			return f
		}
		return zeroOf(v.Type())
	}
	x := ev.value(fr, v.X)
	if x.c == nil {
		return aval{}
	}
	if r, ok := FoldUnary(v.Op, x.c, v.Type()); ok {
		return aval{c: r}
	}
	return aval{}
}

func (ev *evaluator) binop(fr *frame, v *ssa.BinOp) aval {
	x, y := ev.value(fr, v.X), ev.value(fr, v.Y)
	if v.Op == token.EQL || v.Op == token.NEQ {
		// Against nil: a fresh struct's address is never nil.
		if (x.isNil || y.isNil) && (x.isNil || x.obj != nil) && (y.isNil || y.obj != nil) {
			return aval{c: constant.MakeBool((x.isNil == y.isNil) == (v.Op == token.EQL))}
		}
	}
	if x.c == nil || y.c == nil {
		return aval{}
	}
	if r, ok := FoldBinary(v.Op, x.c, y.c, v.Type()); ok {
		return aval{c: r}
	}
	return aval{}
}

// slotValue evaluates the load ld of a variable whose address goes only to
// its stores and loads (a result slot of a function with deferred calls, a
// local no closure captures): the value of the last store before ld in
// ld's block, or else any value a live store gives it, or its zero value.
func (ev *evaluator) slotValue(fr *frame, slot *ssa.Alloc, ld *ssa.UnOp) aval {
	if !isCell(slot) {
		return aval{}
	}
	var stores []*ssa.Store
	for _, r := range *slot.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != slot {
				return aval{}
			}
			stores = append(stores, r)
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return aval{}
			}
		case *ssa.DebugRef:
		default:
			return aval{}
		}
	}
	var last *ssa.Store
	for _, instr := range ld.Block().Instrs {
		if instr == ld {
			break
		}
		if st, ok := instr.(*ssa.Store); ok && st.Addr == slot {
			last = st
		}
	}
	if last != nil {
		return ev.value(fr, last.Val)
	}
	r := zeroOf(deref(slot.Type()))
	for _, st := range stores {
		if fr.live != nil && !fr.live[st.Block().Index] {
			continue
		}
		r = join(r, ev.value(fr, st.Val))
		if !r.known() {
			break
		}
	}
	return r
}

func isInteger(t types.Type) bool {
	b, ok := types.Unalias(t).Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// zeroOf is the zero value of t where an aval can say it.
func zeroOf(t types.Type) aval {
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return aval{c: constant.MakeBool(false)}
		case u.Info()&types.IsInteger != 0:
			return aval{c: constant.MakeInt64(0)}
		case u.Info()&types.IsString != 0:
			return aval{c: constant.MakeString("")}
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return aval{isNil: true}
	}
	return aval{}
}

// freshStruct returns the struct alloc makes, with the fields its
// composite literal stores: the stores through field addresses of alloc
// that follow it in its block before any other use of it (each field
// once); nil when alloc is not a struct or a field is stored twice there.
func freshStruct(ev *evaluator, fr *frame, alloc *ssa.Alloc) *freshObj {
	if _, ok := types.Unalias(deref(alloc.Type())).Underlying().(*types.Struct); !ok {
		return nil
	}
	obj := &freshObj{fields: make(map[int]aval), init: make(map[ssa.Instruction]bool)}
	var ops []*ssa.Value
	started := false
	for _, instr := range alloc.Block().Instrs {
		if instr == alloc {
			started = true
			continue
		}
		if !started {
			continue
		}
		if st, ok := instr.(*ssa.Store); ok {
			if fa, ok := st.Addr.(*ssa.FieldAddr); ok && obj.init[fa] {
				if v := ev.value(fr, st.Val); v.known() && v.obj == nil {
					obj.fields[fa.Field] = v
				} else {
					obj.fields[fa.Field] = aval{} // stored, value unknown
				}
				continue
			}
		}
		uses := false
		for _, op := range instr.Operands(ops[:0]) {
			uses = uses || *op == ssa.Value(alloc)
		}
		if !uses {
			continue
		}
		fa, ok := instr.(*ssa.FieldAddr)
		if !ok || len(*fa.Referrers()) != 1 {
			break // the literal is complete: what follows is a use
		}
		st, ok := (*fa.Referrers())[0].(*ssa.Store)
		if !ok || st.Addr != fa || st.Block() != alloc.Block() {
			break
		}
		for f := range obj.init {
			if f.(*ssa.FieldAddr).Field == fa.Field {
				return nil
			}
		}
		obj.init[fa] = true
	}
	// A field address of the literal whose store did not follow in the
	// block is not part of it.
	for f := range obj.init {
		if _, ok := obj.fields[f.(*ssa.FieldAddr).Field]; !ok {
			delete(obj.init, f)
		}
	}
	return obj
}

// untouchedAt reports whether nothing that could change the fresh struct
// obj, which v holds, can run before at in at's function: every use of v
// and of its aliases there (the phis it flows into, the values a phi of
// them merges, conversions) is a read, a comparison, the instruction at
// itself, one of obj's initial stores, a deferred call (unless at is a
// return), or comes after at (cannot reach it).
func untouchedAt(v ssa.Value, at ssa.Instruction, obj *freshObj) bool {
	seen := map[ssa.Value]bool{v: true}
	work := []ssa.Value{v}
	alias := func(x ssa.Value) {
		if !seen[x] {
			seen[x] = true
			work = append(work, x)
		}
	}
	for len(work) > 0 {
		if len(seen) > 64 {
			return false
		}
		x := work[len(work)-1]
		work = work[:len(work)-1]
		switch x := x.(type) {
		case *ssa.Phi:
			for _, e := range x.Edges {
				alias(e)
			}
		case *ssa.ChangeType:
			alias(x.X)
		}
		refs := x.Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.Phi:
				alias(r)
				continue
			case *ssa.ChangeType:
				alias(r)
				continue
			}
			if r == at || obj.init[r] || !mayRunBefore(r, at) {
				continue
			}
			// A deferred call runs when the function returns: after
			// every read inside it, though before its caller reads
			// what it returned.
			if _, ok := r.(*ssa.Defer); ok {
				if _, ret := at.(*ssa.Return); !ret {
					continue
				}
			}
			switch r := r.(type) {
			case *ssa.DebugRef, *ssa.BinOp, *ssa.If:
				continue
			case *ssa.FieldAddr:
				if onlyReadThrough(r) {
					continue
				}
			}
			return false
		}
	}
	return true
}

// onlyReadThrough reports whether the address fa is only read through.
func onlyReadThrough(fa *ssa.FieldAddr) bool {
	for _, r := range *fa.Referrers() {
		switch r := r.(type) {
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return false
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// mayRunBefore reports whether r can run before at within one run of
// their function: earlier in at's block, or in a block from which at's
// block can be reached.
func mayRunBefore(r, at ssa.Instruction) bool {
	rb, ab := r.Block(), at.Block()
	if rb == nil || ab == nil || rb.Parent() != ab.Parent() {
		return true
	}
	if rb == ab && indexOf(ab, r) < indexOf(ab, at) {
		return true
	}
	for _, s := range rb.Succs {
		if Reaches(s, ab) {
			return true
		}
	}
	return false
}
