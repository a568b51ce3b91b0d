package flow

// Correlated conditions: a goroutine and the function that starts it
// often test the same thing (if len(items) == 0, if fast) on values
// neither can change, a parameter of the starting function, a variable the
// goroutine captured by value, a constant. Both then take the same way. A
// witness that has one goroutine take one way and its partner the other is
// no path of the program: the edges it would need are cut.

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/chanmodel"
)

// A Binding maps the free variables and parameters of a goroutine's
// function to the values its go statement gives them in the starting
// function.
type Binding map[ssa.Value]ssa.Value

// GoBinding returns the binding of the function a go statement starts, or
// nil when it starts something other than a function or closure of the
// program.
func GoBinding(instr ssa.Instruction) (*ssa.Function, Binding) {
	g, ok := instr.(*ssa.Go)
	if !ok {
		return nil, nil
	}
	bind := make(Binding)
	var fn *ssa.Function
	switch v := g.Call.Value.(type) {
	case *ssa.Function:
		fn = v
	case *ssa.MakeClosure:
		fn, _ = v.Fn.(*ssa.Function)
		if fn == nil {
			return nil, nil
		}
		for i, fv := range fn.FreeVars {
			if i < len(v.Bindings) {
				bind[fv] = v.Bindings[i]
			}
		}
	default:
		return nil, nil
	}
	if g.Call.IsInvoke() {
		return nil, nil
	}
	for i, p := range fn.Params {
		if i < len(g.Call.Args) {
			bind[p] = g.Call.Args[i]
		}
	}
	return fn, bind
}

// An outcome is the way a branch goes: its condition, keyed in the
// starting function's terms (see stableKey), is true or false.
type outcome struct {
	key  string
	true bool
}

// implied returns the outcomes of the branches that every path from fn's
// entry to b takes: for each block on b's dominator chain entered only
// from the If of its immediate dominator.
func implied(fn *ssa.Function, b *ssa.BasicBlock, bind Binding) []outcome {
	var out []outcome
	for x := b; x != nil && x.Idom() != nil; x = x.Idom() {
		d := x.Idom()
		if len(x.Preds) != 1 || x.Preds[0] != d || len(d.Succs) != 2 || d.Succs[0] == d.Succs[1] {
			continue
		}
		iff, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		if k, ok := stableKey(iff.Cond, bind, 0); ok {
			out = append(out, outcome{k, x == d.Succs[0]})
		}
	}
	return out
}

// CorrelatedCuts returns the edges of to that take a branch against what
// every block of from's blocks implies, on the same condition: from and to
// are the starting function and the goroutine's function, in either order,
// and bind the goroutine's binding (applied to the side that is the
// goroutine: bindFrom and bindTo say which). It returns nil when nothing
// is cut.
func CorrelatedCuts(from *ssa.Function, blocks []*ssa.BasicBlock, bindFrom Binding, to *ssa.Function, bindTo Binding) map[chanmodel.CFGEdge]bool {
	if len(blocks) == 0 {
		return nil
	}
	// The outcomes every block implies.
	var common map[outcome]bool
	for _, b := range blocks {
		here := make(map[outcome]bool)
		for _, o := range implied(from, b, bindFrom) {
			here[o] = true
		}
		if common == nil {
			common = here
			continue
		}
		for o := range common {
			if !here[o] {
				delete(common, o)
			}
		}
	}
	if len(common) == 0 {
		return nil
	}
	var cut map[chanmodel.CFGEdge]bool
	for _, b := range to.Blocks {
		if len(b.Instrs) == 0 || len(b.Succs) != 2 {
			continue
		}
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		k, ok := stableKey(iff.Cond, bindTo, 0)
		if !ok {
			continue
		}
		for i, s := range b.Succs {
			// Taking succs[0] means the condition is true.
			if common[outcome{k, i != 0}] {
				if cut == nil {
					cut = make(map[chanmodel.CFGEdge]bool)
				}
				cut[chanmodel.CFGEdge{From: b, To: s}] = true
			}
		}
	}
	return cut
}

// stableKey returns a key for v that is the same for every value equal to
// it in both goroutines: built from constants, the starting function's
// parameters and free variables, the goroutine's variables bound to those
// (bind), loads of variables set once (storedOnce), len and cap,
// comparisons, arithmetic and negation. Other loads, calls and anything
// that can change are not stable.
func stableKey(v ssa.Value, bind Binding, depth int) (string, bool) {
	if depth > 6 {
		return "", false
	}
	if b, ok := bind[v]; ok {
		// The goroutine's variable: its value in the starting function.
		return stableKey(b, nil, depth+1)
	}
	switch v := v.(type) {
	case *ssa.Const:
		return "c:" + v.String(), true
	case *ssa.Parameter, *ssa.FreeVar:
		// Its value never changes (what a pointer points to may: a load
		// through it is stable only as storedOnce says).
		return fmt.Sprintf("v:%p", v), true
	case *ssa.UnOp:
		if v.Op == token.MUL {
			// A load of a variable set once, where it is declared, and
			// never again (captured by the goroutine, it lives in a
			// cell): the value stored.
			addr := v.X
			if b, ok := bind[addr]; ok {
				addr = b
			}
			a, ok := addr.(*ssa.Alloc)
			if !ok {
				return "", false
			}
			val, ok := storedOnce(a)
			if !ok {
				return "", false
			}
			return stableKey(val, nil, depth+1)
		}
		if v.Op != token.NOT && v.Op != token.SUB {
			return "", false
		}
		x, ok := stableKey(v.X, bind, depth+1)
		return v.Op.String() + "(" + x + ")", ok
	case *ssa.BinOp:
		x, ok := stableKey(v.X, bind, depth+1)
		if !ok {
			return "", false
		}
		y, ok := stableKey(v.Y, bind, depth+1)
		return "(" + x + v.Op.String() + y + ")", ok
	case *ssa.Call:
		b, ok := v.Call.Value.(*ssa.Builtin)
		if !ok || (b.Name() != "len" && b.Name() != "cap") || len(v.Call.Args) != 1 {
			return "", false
		}
		x, ok := stableKey(v.Call.Args[0], bind, depth+1)
		return b.Name() + "(" + x + ")", ok
	}
	return "", false
}

// storedOnce returns the one value ever stored in the variable a, when it
// is stored where a is declared, before anything reads it, and nothing
// else can write it: its other uses are loads and closures that only load
// it.
func storedOnce(a *ssa.Alloc) (ssa.Value, bool) {
	var store *ssa.Store
	var uses []ssa.Instruction
	for _, r := range *a.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != a || store != nil {
				return nil, false
			}
			store = r
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return nil, false
			}
			uses = append(uses, r)
		case *ssa.MakeClosure:
			if !chanmodel.OnlyLoads(r, a) {
				return nil, false
			}
			uses = append(uses, r)
		case *ssa.DebugRef:
		default:
			return nil, false
		}
	}
	if store == nil || store.Block() != a.Block() {
		return nil, false
	}
	for _, u := range uses {
		if u.Block() == store.Block() {
			if IndexOf(u.Block(), u) < IndexOf(store.Block(), store) {
				return nil, false
			}
		} else if !store.Block().Dominates(u.Block()) {
			return nil, false
		}
	}
	return store.Val, true
}
