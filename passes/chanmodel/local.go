package chanmodel

// Local value flow: the solver keys the fields of structs by type, so two
// request structs of one type share the cell of their reply channel. Where
// SSA shows which make a value is — a load of a field of a local struct
// variable whose field is set exactly once, before the load, to that
// make's channel, and whose address goes nowhere else (r := req{reply:
// make(chan T)}; <-r.reply) — the operation is on that object alone.
//
// The same holds for a variable a closure captures (its cell), when every
// store to it runs before the closure is made and none can run after it
// (done := make(...); go func() { close(done) }() ... done = make(...);
// go func() { close(done) }()): the closure sees the last value stored.

import (
	"go/token"
	"go/types"
	"slices"

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
		if fv, ok := v.X.(*ssa.FreeVar); ok {
			if val := capturedValue(fv, depth); val != nil {
				return localMake(val, depth+1)
			}
			return nil
		}
		if a, ok := v.X.(*ssa.Alloc); ok && isCell(a) {
			if val := cellValue(a, v); val != nil {
				return localMake(val, depth+1)
			}
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

// capturedValue returns the value the variable fv captures holds whenever
// the closure runs: the closure is made at one place, binding fv to a
// local variable (a cell) of the function making it; no store to the cell
// can run after it is made (the variable is not assigned again, unless
// declared anew first, as in a loop's body), and the value is the one the
// cell holds where the closure is made (cellValue: no closure stores to
// it, this one included). Else nil.
func capturedValue(fv *ssa.FreeVar, depth int) ssa.Value {
	if depth > 6 {
		return nil
	}
	mc, i := closureOf(fv)
	if mc == nil {
		return nil
	}
	switch b := mc.Bindings[i].(type) {
	case *ssa.FreeVar:
		// A closure in a closure: what the outer one sees (it checks
		// that no closure within stores to the variable).
		return capturedValue(b, depth+1)
	case *ssa.Alloc:
		for _, r := range *b.Referrers() {
			if st, ok := r.(*ssa.Store); ok && reachesAvoiding(mc, st, b) {
				return nil // assigned again while the closure may run
			}
		}
		return cellValue(b, mc)
	}
	return nil
}

// closureOf returns the one MakeClosure that makes fv's function, with
// fv's index among its free variables; nil when it is made at more than
// one place (or none).
func closureOf(fv *ssa.FreeVar) (*ssa.MakeClosure, int) {
	fn := fv.Parent()
	i := slices.Index(fn.FreeVars, fv)
	if i < 0 || fn.Parent() == nil {
		return nil, -1
	}
	var mc *ssa.MakeClosure
	for _, b := range fn.Parent().Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.MakeClosure); ok && c.Fn == fn && i < len(c.Bindings) {
				if mc != nil {
					return nil, -1
				}
				mc = c
			}
		}
	}
	if mc == nil {
		return nil, -1
	}
	return mc, i
}

// binding returns the value bound to the free variable fv where its
// closure is made, when the closure is made at one place; else nil.
func binding(fv *ssa.FreeVar) ssa.Value {
	if mc, i := closureOf(fv); mc != nil {
		return mc.Bindings[i]
	}
	return nil
}

// heldValue returns, for a load of a variable (one a closure captures, in
// the function declaring it or in the closure), the value it holds there,
// or nil.
func heldValue(ld *ssa.UnOp) ssa.Value {
	if ld.Op != token.MUL {
		return nil
	}
	switch x := ld.X.(type) {
	case *ssa.Alloc:
		if isCell(x) {
			return cellValue(x, ld)
		}
	case *ssa.FreeVar:
		return capturedValue(x, 0)
	}
	return nil
}

// isCell reports whether a is a variable of a non-struct, non-array type
// (whose fields fieldValue follows instead).
func isCell(a *ssa.Alloc) bool {
	switch types.Unalias(a.Type().(*types.Pointer).Elem()).Underlying().(type) {
	case *types.Struct, *types.Array:
		return false
	}
	return true
}

// cellValue returns the value the variable cell holds at the load at, in
// the function that declares it: the last store before at on every path,
// with no other store between (none that reaches at without the variable
// being declared anew), when the variable's address goes only to loads,
// stores and closures that do not store to it; else nil.
func cellValue(cell *ssa.Alloc, at ssa.Instruction) ssa.Value {
	var last *ssa.Store
	var stores []*ssa.Store
	for _, r := range *cell.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != cell {
				return nil
			}
			stores = append(stores, r)
			if RunsBefore(r, at) && (last == nil || RunsBefore(last, r)) {
				last = r
			}
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return nil
			}
		case *ssa.MakeClosure:
			if !OnlyLoads(r, cell) {
				return nil
			}
		case *ssa.DebugRef:
		default:
			return nil
		}
	}
	if last == nil {
		return nil
	}
	for _, s := range stores {
		if s != last && !RunsBefore(s, last) && reachesAvoiding(s, at, cell) {
			return nil // another value may be there by then
		}
	}
	return last.Val
}

// OnlyLoads reports whether the closure mc, which captures the variable
// addr, only loads it (and hands it only to closures that only load it).
func OnlyLoads(mc *ssa.MakeClosure, addr ssa.Value) bool {
	return onlyLoads(mc, addr, 0)
}

func onlyLoads(mc *ssa.MakeClosure, addr ssa.Value, depth int) bool {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok || depth > 4 {
		return false
	}
	for i, b := range mc.Bindings {
		if b != addr {
			continue
		}
		if i >= len(fn.FreeVars) {
			return false
		}
		for _, r := range *fn.FreeVars[i].Referrers() {
			switch r := r.(type) {
			case *ssa.UnOp:
				if r.Op != token.MUL {
					return false
				}
			case *ssa.MakeClosure:
				if !onlyLoads(r, fn.FreeVars[i], depth+1) {
					return false
				}
			case *ssa.DebugRef:
			default:
				return false
			}
		}
	}
	return true
}

// reachesAvoiding reports whether control can flow from instruction a to
// instruction b without running the instruction that makes cell anew.
func reachesAvoiding(a, b ssa.Instruction, cell *ssa.Alloc) bool {
	ab, bb, cb := a.Block(), b.Block(), cell.Block()
	if ab == bb && indexOf(ab, a) < indexOf(ab, b) {
		return !(cb == ab && indexOf(ab, a) < indexOf(ab, cell) && indexOf(ab, cell) < indexOf(ab, b))
	}
	if ab == cb && indexOf(ab, a) < indexOf(ab, cell) {
		return false // the block makes the variable anew after a
	}
	seen := make(map[*ssa.BasicBlock]bool)
	stack := append([]*ssa.BasicBlock(nil), ab.Succs...)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[x] {
			continue
		}
		seen[x] = true
		if x == bb && !(x == cb && indexOf(x, cell) < indexOf(x, b)) {
			return true
		}
		if x == cb {
			continue // made anew: what follows stores to another variable
		}
		stack = append(stack, x.Succs...)
	}
	return false
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
