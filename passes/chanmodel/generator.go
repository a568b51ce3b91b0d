package chanmodel

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// ResultCall returns the call whose result the operand of op is, and which
// of the call's results (0 for a call with one result), looking through
// conversions, the extraction of a result from a tuple and the free
// variables of closures (to the value bound where the closure is made);
// nil when the operand is anything else (a phi, a load, a parameter).
//
// A function of the package that makes a channel on every call and
// returns it gives each call a channel of its own: the operations on the
// result of one call act on that call's channel alone, though the model,
// which keys channels by make site, lists them all on the one channel.
func ResultCall(op *Op) (*ssa.Call, int) {
	if op.Remote != nil {
		return nil, -1 // a remote operation's operand is the call itself
	}
	v := op.Value
	for {
		v = Unconvert(v)
		switch x := v.(type) {
		case *ssa.Extract:
			if c, ok := x.Tuple.(*ssa.Call); ok {
				return c, x.Index
			}
		case *ssa.Call:
			if _, tuple := x.Type().(*types.Tuple); !tuple {
				return x, 0
			}
		case *ssa.FreeVar:
			if b := binding(x); b != nil {
				v = b
				continue
			}
		case *ssa.UnOp:
			if x.Op == token.MUL {
				if stored := onlyStore(x.X); stored != nil {
					v = stored
					continue
				}
			}
		}
		return nil, -1
	}
}

// Unconvert returns v without the conversions around it (ChangeType,
// Convert, MultiConvert): the same channel.
func Unconvert(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
		case *ssa.Convert:
			v = x.X
		case *ssa.MultiConvert:
			v = x.X
		default:
			return v
		}
	}
}

// onlyStore returns the one value stored in the local variable addr
// points to, a variable captured by closures that only read it (ch :=
// f(); go func() { <-ch }()); nil for anything else.
func onlyStore(addr ssa.Value) ssa.Value {
	for {
		fv, ok := addr.(*ssa.FreeVar)
		if !ok {
			break
		}
		if addr = binding(fv); addr == nil {
			return nil
		}
	}
	alloc, ok := addr.(*ssa.Alloc)
	if !ok {
		return nil
	}
	var stored ssa.Value
	for _, r := range *alloc.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != alloc || stored != nil {
				return nil
			}
			stored = r.Val
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return nil
			}
		case *ssa.MakeClosure:
			fn, _ := r.Fn.(*ssa.Function)
			if fn == nil {
				return nil
			}
			for j, b := range r.Bindings {
				if b != alloc {
					continue
				}
				if j >= len(fn.FreeVars) || !onlyLoaded(fn.FreeVars[j]) {
					return nil
				}
			}
		default:
			return nil
		}
	}
	return stored
}

// onlyLoaded reports whether the free variable v (a captured variable's
// address) is only read.
func onlyLoaded(v *ssa.FreeVar) bool {
	for _, r := range *v.Referrers() {
		if u, ok := r.(*ssa.UnOp); !ok || u.Op != token.MUL {
			return false
		}
	}
	return true
}

// binding returns the value bound to the free variable v where its
// closure is made, when the closure is made at one place.
func binding(v *ssa.FreeVar) ssa.Value {
	fn := v.Parent()
	parent := fn.Parent()
	if parent == nil {
		return nil
	}
	index := slices.Index(fn.FreeVars, v)
	var out ssa.Value
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn && index < len(mc.Bindings) {
				if out != nil {
					return nil
				}
				out = mc.Bindings[index]
			}
		}
	}
	return out
}

// Consumes reports whether op acts on the channel the call it is the
// result of (see ResultCall) got as result i from f: a call of f by name
// (or of the closure f, made at the call).
func (f *Func) Consumes(op *Op, i int) bool {
	c, j := ResultCall(op)
	return c != nil && j == i && c.Common().StaticCallee() == f.SSA
}
