package chanmodel

import (
	"go/token"
	"go/types"

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
				if stored := heldValue(x); stored != nil {
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

// Consumes reports whether op acts on the channel the call it is the
// result of (see ResultCall) got as result i from f: a call of f by name
// (or of the closure f, made at the call).
func (f *Func) Consumes(op *Op, i int) bool {
	c, j := ResultCall(op)
	return c != nil && j == i && c.Common().StaticCallee() == f.SSA
}
