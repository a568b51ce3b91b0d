package chanmodel

// Values that are always nil, in one place (nilValue), for liveness to
// decide a branch on them against nil as it decides a branch on a constant:
//   - results a function always returns nil: a helper whose every return
//     says `return nil` (or returns what such helpers return) never fails,
//     so a caller's `if err := setup(); err != nil { t.Fatal(err) }` never
//     takes its failure branch. Only callees whose bodies are in the
//     package are judged (a function of another package may fail for all
//     the analysis knows). One that fails only for arguments the call does
//     not pass (a nil config replaced by valid defaults) is judged by
//     evaluating it under them (callresults.go);
//   - loads of places nothing sets (places.go): an unexported field or
//     package variable no code of the package ever stores to, so
//     `if w := b.waitCh; w != nil { <-w }` never receives.
//
// And values that are never nil (nonNilValue): what make, new, & and a
// function literal give, and results a function of the package returns
// so on every return (a helper returning the channel it made), so a
// caller's `if ch == nil { t.Fatal(...) }` never fails.

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// maxNilDepth bounds how many calls down a nil result is followed.
const maxNilDepth = 4

// nilKey keys exits.nils: result i of fn, and whether the question is
// that it is always nil or never nil (resultAlways).
type nilKey struct {
	fn     *ssa.Function
	i      int
	nonNil bool
}

// nilResult reports whether result i of fn is nil on every return.
func (e *exits) nilResult(fn *ssa.Function, i, depth int) bool {
	return e.resultAlways(fn, i, depth, false)
}

// nonNilResult reports whether result i of fn is not nil on any return.
func (e *exits) nonNilResult(fn *ssa.Function, i, depth int) bool {
	return e.resultAlways(fn, i, depth, true)
}

// resultAlways reports whether result i of fn is, on every return, nil
// (nilValue), or with nonNil never nil (nonNilValue).
func (e *exits) resultAlways(fn *ssa.Function, i, depth int, nonNil bool) bool {
	if depth > maxNilDepth || len(fn.Blocks) == 0 || fn.Pkg != e.pkg && fn.Origin() == nil {
		return false
	}
	k := nilKey{fn: fn, i: i, nonNil: nonNil}
	if v, ok := e.nils[k]; ok {
		return v
	}
	e.nils[k] = false // in progress: recursion proves nothing
	is := e.nilValue
	if nonNil {
		is = e.nonNilValue
	}
	res := false
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		if i >= len(ret.Results) || !is(ret.Results[i], depth, 0) {
			res = false
			break
		}
		res = true
	}
	e.nils[k] = res
	return res
}

// nilValue reports whether v is nil whenever it is computed: the nil
// constant, a phi of such values, a result a callee always returns nil, or
// a load of a field or package variable nothing sets.
func (e *exits) nilValue(v ssa.Value, depth, phis int) bool {
	switch v := v.(type) {
	case *ssa.Const:
		return v.Value == nil && v.IsNil()
	case *ssa.Phi:
		if phis > 8 {
			return false
		}
		for _, x := range v.Edges {
			if x != v && !e.nilValue(x, depth, phis+1) {
				return false
			}
		}
		return true
	case *ssa.Extract:
		if c, ok := v.Tuple.(*ssa.Call); ok {
			if fn := c.Call.StaticCallee(); fn != nil {
				return e.nilResult(fn, v.Index, depth+1) || e.nilResultAt(c, v.Index, depth+1)
			}
		}
	case *ssa.Call:
		if fn := v.Call.StaticCallee(); fn != nil && fn.Signature.Results().Len() == 1 {
			return e.nilResult(fn, 0, depth+1) || e.nilResultAt(v, 0, depth+1)
		}
	case *ssa.UnOp:
		if v.Op != token.MUL {
			break
		}
		switch x := v.X.(type) {
		case *ssa.Global:
			return e.neverSet(e.globalPlace(x))
		case *ssa.FieldAddr:
			return e.neverSet(e.fieldPlace(v.Parent(), deref(x.X.Type()), x.Field))
		}
		if val := heldValue(v); val != nil && phis <= 8 {
			return e.nilValue(val, depth, phis+1)
		}
	case *ssa.Field:
		return e.neverSet(e.fieldPlace(v.Parent(), v.X.Type(), v.Field))
	}
	return false
}

// nonNilValue reports whether v is never nil: made by make, new or &, a
// function or closure, an interface value made from a value, a phi of
// such values, what a variable holds that was last set to one, or a
// result a callee of the package never returns nil.
func (e *exits) nonNilValue(v ssa.Value, depth, phis int) bool {
	switch v := v.(type) {
	case *ssa.MakeChan, *ssa.MakeMap, *ssa.MakeSlice, *ssa.Alloc, *ssa.MakeClosure, *ssa.Function, *ssa.MakeInterface:
		return true
	case *ssa.ChangeType:
		return e.nonNilValue(v.X, depth, phis)
	case *ssa.UnOp:
		if val := heldValue(v); val != nil && phis <= 8 {
			return e.nonNilValue(val, depth, phis+1)
		}
	case *ssa.Phi:
		if phis > 8 {
			return false
		}
		for _, x := range v.Edges {
			if x != v && !e.nonNilValue(x, depth, phis+1) {
				return false
			}
		}
		return true
	case *ssa.Extract:
		if c, ok := v.Tuple.(*ssa.Call); ok {
			if fn := c.Call.StaticCallee(); fn != nil {
				return e.nonNilResult(fn, v.Index, depth+1)
			}
		}
	case *ssa.Call:
		if fn := v.Call.StaticCallee(); fn != nil && fn.Signature.Results().Len() == 1 {
			return e.nonNilResult(fn, 0, depth+1)
		}
	}
	return false
}

// nilCond decides a block's branch on a value that is always nil (nilValue)
// against nil (if err != nil, if err == nil, if w := b.waitCh; w != nil),
// and on one that is never nil (nonNilValue: if ch == nil).
func (e *exits) nilCond(blk *ssa.BasicBlock) (bool, bool) {
	if e == nil || len(blk.Instrs) == 0 {
		return false, false
	}
	i, ok := blk.Instrs[len(blk.Instrs)-1].(*ssa.If)
	if !ok {
		return false, false
	}
	cmp, ok := i.Cond.(*ssa.BinOp)
	if !ok || (cmp.Op != token.EQL && cmp.Op != token.NEQ) {
		return false, false
	}
	x, y := cmp.X, cmp.Y
	if k, ok := x.(*ssa.Const); ok && k.IsNil() {
		x, y = y, x
	}
	if k, ok := y.(*ssa.Const); !ok || !k.IsNil() {
		return false, false
	}
	if _, isConst := x.(*ssa.Const); isConst {
		return false, false
	}
	if e.nilValue(x, 0, 0) {
		return cmp.Op == token.EQL, true
	}
	if e.nonNilValue(x, 0, 0) {
		return cmp.Op == token.NEQ, true
	}
	return false, false
}
