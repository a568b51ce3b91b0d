package deadlock

// Locks left held: a function without results that locks a mutex and, on
// some path to a return, does not unlock it, while its other paths from
// that Lock do. A function that returns nothing cannot tell its caller
// which way it went, so the caller cannot know it holds the lock: the next
// Lock of that mutex (any method of the type, any goroutine) blocks
// forever. The classic: `mu.Lock(); if len(q) == 0 { return }; ...;
// mu.Unlock()`.
//
// Stay silent when a path may unlock elsewhere: a deferred Unlock, a call
// handed the mutex or the value holding it (a method of the receiver, a
// closure capturing it), a Cond whose Wait takes it. Only returns count:
// a panic or a goroutine's end (t.Fatal) is another story.

import (
	"fmt"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/chanmodel"
	"github.com/leakvet/leakvet/passes/explain"
	"github.com/leakvet/leakvet/passes/report"
)

// lockCall describes a call of a sync.Mutex or RWMutex method: which
// mutex (its address, as a key), and whether it locks, unlocks or is
// something else.
type lockCall struct {
	key    mutexKey
	lock   bool // Lock, RLock
	unlock bool // Unlock, RUnlock
	read   bool // RLock, RUnlock
}

// asLockCall returns what call c does to a mutex, if it is a method of
// sync.Mutex or sync.RWMutex on an address leakvet can name.
func asLockCall(c *ssa.CallCommon) (lockCall, bool) {
	fn := c.StaticCallee()
	if fn == nil || fn.Pkg == nil || fn.Pkg.Pkg.Path() != "sync" || len(c.Args) != 1 {
		return lockCall{}, false
	}
	recv := fn.Signature.Recv()
	if recv == nil {
		return lockCall{}, false
	}
	named, ok := types.Unalias(recv.Type().(*types.Pointer).Elem()).(*types.Named)
	if !ok || (named.Obj().Name() != "Mutex" && named.Obj().Name() != "RWMutex") {
		return lockCall{}, false
	}
	key, ok := addrKey(c.Args[0], 0)
	if !ok {
		return lockCall{}, false
	}
	lc := lockCall{key: key}
	switch fn.Name() {
	case "Lock":
		lc.lock = true
	case "RLock":
		lc.lock, lc.read = true, true
	case "Unlock":
		lc.unlock = true
	case "RUnlock":
		lc.unlock, lc.read = true, true
	default:
		return lockCall{}, false
	}
	return lc, true
}

// mutexKey names the address of a mutex within one function: the value
// it starts from (a parameter, a free variable, a global, a local) and the
// path of fields and loads from there, so that two computations of
// &q.mu are one key.
type mutexKey struct {
	base ssa.Value
	path string
}

// addrKey returns the key of the address v.
func addrKey(v ssa.Value, depth int) (mutexKey, bool) {
	if depth > 6 {
		return mutexKey{}, false
	}
	switch v := v.(type) {
	case *ssa.FieldAddr:
		k, ok := addrKey(v.X, depth+1)
		k.path += "." + strconv.Itoa(v.Field)
		return k, ok
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return mutexKey{}, false
		}
		k, ok := addrKey(v.X, depth+1)
		k.path += "*"
		return k, ok
	case *ssa.Parameter, *ssa.FreeVar, *ssa.Global, *ssa.Alloc:
		return mutexKey{base: v}, true
	}
	return mutexKey{}, false
}

// reaches reports whether v is base or an address inside what it points
// to: fields of fields, and pointers loaded from them (a field's value of
// another type, loaded, is not the mutex).
func reaches(v, base ssa.Value) bool {
	for {
		if v == base {
			return true
		}
		switch x := v.(type) {
		case *ssa.FieldAddr:
			v = x.X
		case *ssa.UnOp:
			if _, ptr := x.Type().Underlying().(*types.Pointer); x.Op != token.MUL || !ptr {
				return false
			}
			v = x.X
		default:
			return false
		}
	}
}

// baseOf returns the value the mutex's address starts from.
func baseOf(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.FieldAddr:
			v = x.X
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return v
			}
			v = x.X
		default:
			return v
		}
	}
}

// heldLocks reports, in f, each return reached with a mutex still locked
// by a Lock whose other paths unlock it.
func (c *checker) heldLocks(f *chanmodel.Func) {
	fn := f.SSA
	if fn.Signature.Results().Len() != 0 || len(fn.Blocks) == 0 {
		return
	}
	for _, b := range fn.Blocks {
		if !f.LiveBlock(b) {
			continue
		}
		for i, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			lc, ok := asLockCall(&call.Call)
			if !ok || !lc.lock {
				continue
			}
			if ret, unlock := c.leftHeld(f, b, i, lc, baseOf(call.Call.Args[0])); ret != nil {
				c.reportHeld(f, call, ret, unlock)
			}
		}
	}
}

// leftHeld follows the paths from the Lock at index i of block b: it
// returns a return reached without the matching unlock, and an unlock
// reached on another path; nil when every path unlocks, when none does,
// or when a path may unlock where leakvet cannot see (see above).
func (c *checker) leftHeld(f *chanmodel.Func, b *ssa.BasicBlock, i int, lc lockCall, base ssa.Value) (*ssa.Return, *ssa.Call) {
	var held *ssa.Return
	var unlock *ssa.Call
	seen := make(map[*ssa.BasicBlock]bool)
	type item struct {
		b    *ssa.BasicBlock
		from int
	}
	stack := []item{{b, i + 1}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		released := false
		for _, instr := range it.b.Instrs[it.from:] {
			switch instr := instr.(type) {
			case *ssa.Defer:
				if u, ok := asLockCall(&instr.Call); ok && u.key == lc.key {
					return nil, nil // a deferred unlock: every return unlocks
				}
				if touches(&instr.Call, base) {
					return nil, nil
				}
			case *ssa.Go:
				if touches(&instr.Call, base) {
					return nil, nil
				}
			case *ssa.Call:
				if u, ok := asLockCall(&instr.Call); ok {
					if u.key == lc.key {
						if u.unlock && u.read == lc.read {
							released, unlock = true, instr
						} else {
							return nil, nil // locked again, or the other kind: not this question
						}
					}
					break
				}
				if touches(&instr.Call, base) {
					return nil, nil // it may unlock
				}
			case *ssa.MakeClosure:
				for _, bv := range instr.Bindings {
					if reaches(bv, base) {
						return nil, nil
					}
				}
			}
			if released {
				break
			}
		}
		if released {
			continue
		}
		if f.ExitCall(it.b) != nil {
			continue // the goroutine ends, or the process: not a return
		}
		switch last := it.b.Instrs[len(it.b.Instrs)-1].(type) {
		case *ssa.Return:
			if held == nil {
				held = last
			}
			continue
		case *ssa.Panic:
			continue
		}
		if f.Leaves(it.b) {
			continue
		}
		for _, s := range it.b.Succs {
			if s == b {
				return nil, nil // back to the Lock while holding it: another bug
			}
			if !seen[s] && f.LiveBlock(s) {
				seen[s] = true
				stack = append(stack, item{s, 0})
			}
		}
	}
	if held == nil || unlock == nil {
		return nil, nil
	}
	return held, unlock
}

// touches reports whether a call may reach the mutex through base: it is
// handed base or an address inside what base points to, or is a method
// value or closure over them; for a package variable, any function of the
// package or closure may name it. (Builtins reach nothing; a field's
// value, loaded, is not the mutex.)
func touches(c *ssa.CallCommon, base ssa.Value) bool {
	if _, ok := c.Value.(*ssa.Builtin); ok {
		return false
	}
	if g, ok := base.(*ssa.Global); ok {
		callee := c.StaticCallee()
		if callee == nil || callee.Pkg == g.Pkg || callee.Parent() != nil {
			return true
		}
	}
	if c.IsInvoke() && reaches(c.Value, base) {
		return true
	}
	if mc, ok := c.Value.(*ssa.MakeClosure); ok {
		for _, bv := range mc.Bindings {
			if reaches(bv, base) {
				return true
			}
		}
	}
	for _, a := range c.Args {
		if reaches(a, base) {
			return true
		}
	}
	if _, ok := c.Value.(*ssa.Function); !ok {
		if _, isBuiltin := c.Value.(*ssa.Builtin); !isBuiltin && c.StaticCallee() == nil && !c.IsInvoke() {
			return true // a function value: it may hold anything
		}
	}
	return false
}

func (c *checker) reportHeld(f *chanmodel.Func, lock *ssa.Call, ret *ssa.Return, unlock *ssa.Call) {
	pos := ret.Pos()
	if !pos.IsValid() || c.reported[pos] {
		return
	}
	c.reported[pos] = true
	mu := c.exprAt(lock.Pos())
	if mu == "" {
		mu = "the mutex"
	}
	name := explain.FuncName(f)
	c.r.Report(analysis.Diagnostic{
		Pos: pos,
		End: pos + token.Pos(len("return")),
		Message: fmt.Sprintf("%s returns here with %s still locked (%s), though its other paths unlock it (%s): it returns nothing that could tell its caller, so the next Lock of %s blocks forever",
			name, mu, report.Short(c.pass.Fset, lock.Pos()), report.Short(c.pass.Fset, unlock.Pos()), mu),
		Related: []analysis.RelatedInformation{
			{Pos: lock.Pos(), End: lock.Pos(), Message: "locked here"},
			{Pos: unlock.Pos(), End: unlock.Pos(), Message: "unlocked here, on the other paths"},
		},
	})
}
