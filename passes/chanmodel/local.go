package chanmodel

// Local value flow: the solver keys the fields of structs by type, so two
// request structs of one type share the cell of their reply channel. Where
// SSA shows which make a value is — a load of a field of a local struct
// variable whose field is set exactly once, before the load, to that
// make's channel, and whose address goes nowhere else (r := req{reply:
// make(chan T)}; <-r.reply) — the operation is on that object alone.

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// LocalMake returns the make of the channel v is by local value flow (see
// above), or nil.
func LocalMake(v ssa.Value) *ssa.MakeChan {
	return localMake(v, 0)
}

func localMake(v ssa.Value, depth int) *ssa.MakeChan {
	if depth > 6 {
		return nil
	}
	switch v := v.(type) {
	case *ssa.MakeChan:
		return v
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return nil
		}
		fa, ok := v.X.(*ssa.FieldAddr)
		if !ok {
			return nil
		}
		a, ok := fa.X.(*ssa.Alloc)
		if !ok {
			return nil
		}
		if val := fieldValue(a, fa.Field, v, depth); val != nil {
			return localMake(val, depth+1)
		}
	}
	return nil
}

// fieldValue returns the one value ever stored in field of the local
// struct variable a — by a store to the field, or by a store of a whole
// other such variable (r := req{...}) — when that store runs before the
// load at on every path and a's address goes nowhere but to its field
// addresses and loads; else nil.
func fieldValue(a *ssa.Alloc, field int, at ssa.Instruction, depth int) ssa.Value {
	if depth > 6 {
		return nil
	}
	var val ssa.Value
	stores := 0
	for _, r := range *a.Referrers() {
		switch r := r.(type) {
		case *ssa.FieldAddr:
			for _, u := range *r.Referrers() {
				switch u := u.(type) {
				case *ssa.Store:
					if u.Addr != r {
						return nil
					}
					if r.Field == field {
						if !RunsBefore(u, at) {
							return nil
						}
						val = u.Val
						stores++
					}
				case *ssa.UnOp:
					if u.Op != token.MUL {
						return nil
					}
				case *ssa.DebugRef:
				default:
					return nil
				}
			}
		case *ssa.Store:
			if r.Addr != a || !RunsBefore(r, at) {
				return nil
			}
			ld, ok := r.Val.(*ssa.UnOp)
			if !ok || ld.Op != token.MUL {
				return nil
			}
			b, ok := ld.X.(*ssa.Alloc)
			if !ok {
				return nil
			}
			val = fieldValue(b, field, ld, depth+1)
			stores++
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return nil
			}
		case *ssa.DebugRef:
		default:
			return nil // the variable's address goes elsewhere
		}
	}
	if stores != 1 {
		return nil
	}
	return val
}

// RunsBefore reports whether instruction a runs before b on every path to
// b: a dominates b.
func RunsBefore(a, b ssa.Instruction) bool {
	ab, bb := a.Block(), b.Block()
	if ab == nil || bb == nil {
		return false
	}
	if ab == bb {
		return indexOf(ab, a) < indexOf(ab, b)
	}
	return ab.Dominates(bb)
}

// Carries reports whether v is the channel mk makes, or a local struct (a
// load of one, or a pointer to one) one of whose fields holds it by local
// value flow, at instruction at.
func Carries(v ssa.Value, mk *ssa.MakeChan, at ssa.Instruction) bool {
	if v == mk {
		return true
	}
	var a *ssa.Alloc
	switch v := v.(type) {
	case *ssa.Alloc:
		a = v
	case *ssa.UnOp:
		if v.Op == token.MUL {
			a, _ = v.X.(*ssa.Alloc)
		}
	}
	if a == nil {
		return false
	}
	st, ok := a.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		if f := fieldValue(a, i, at, 0); f != nil && localMake(f, 0) == mk {
			return true
		}
	}
	return false
}

// Reaches reports whether control can flow from block a to block b (a
// block reaches itself).
func Reaches(a, b *ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{a: true}
	stack := []*ssa.BasicBlock{a}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x == b {
			return true
		}
		for _, s := range x.Succs {
			if !seen[s] {
				seen[s] = true
				stack = append(stack, s)
			}
		}
	}
	return false
}
