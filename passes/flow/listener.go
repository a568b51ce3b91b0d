package flow

// Listener gates: a goroutine that accepts one connection on a listener its
// starter made with net.Listen gets a connection only once someone dials
// the listener's address. When that address goes only to the starter's own
// net.Dial calls, after the go statement, the goroutine gets past its
// Accept only on the starter's paths past a dial that succeeded; on a path
// that fails before (a failed Dial ending the test), it is still in Accept,
// and the listener's Close makes Accept fail: what it would send after a
// successful Accept is never sent. (Another process dialling a port it
// cannot know is not a path of the program.) And the other way round
// (AcceptFailCut): while the starter runs, a listener that only deferred
// calls close is open, and the goroutine's Accept does not fail.

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/chanmodel"
)

// dialFuncs are the functions that dial an address given as their second
// argument.
var dialFuncs = map[string]bool{
	"net.Dial":        true,
	"net.DialTimeout": true,
}

// DialGate returns, for a goroutine running child (started by the
// instruction start of parent, with binding bind) that reaches each of the
// instructions sends only through the success of its one Accept on a
// listener parent made with net.Listen, the places where parent's dials of
// that listener succeed (block → index), for Graph.Pass; nil when there is
// no such gate or the listener's address may reach anything else.
func DialGate(parent *ssa.Function, start ssa.Instruction, child *ssa.Function, bind Binding, sends []ssa.Instruction) map[*ssa.BasicBlock][]int {
	accept := oneAccept(child)
	if accept == nil {
		return nil
	}
	ok := acceptSucceeds(accept)
	if ok == nil {
		return nil
	}
	for _, s := range sends {
		if s.Parent() != child || !ok.Dominates(s.Block()) {
			return nil
		}
	}
	// The listener, in the parent's terms: a variable set once to
	// net.Listen's first result.
	cell, ln := parentListener(accept.Call.Value, bind)
	if ln == nil {
		return nil
	}
	dials, _, ok2 := listenerUses(parent, cell, ln, child, start)
	if !ok2 || len(dials) == 0 {
		return nil
	}
	pass := make(map[*ssa.BasicBlock][]int)
	for _, d := range dials {
		if !chanmodel.RunsBefore(start, d) {
			return nil // a dial before the goroutine starts: its connection waits
		}
		if s := acceptSucceeds(d); s != nil {
			pass[s] = append(pass[s], 0)
		} else {
			pass[d.Block()] = append(pass[d.Block()], IndexOf(d.Block(), d))
		}
	}
	for b := range pass {
		slices.Sort(pass[b])
	}
	return pass
}

// AcceptFailCut returns, for a goroutine running child (started by the
// instruction start of parent, with binding bind) whose one Accept is on a
// listener parent made with net.Listen and that only parent's and child's
// deferred calls close, the edge on which child leaves that Accept when it
// fails. Accept on an open listener waits for a connection rather than
// fail, so child takes that edge only once parent has returned and its
// deferred Close ran: not while parent waits for child. (A listener that
// fails for lack of file descriptors is not a path of the program.) nil
// when there is no such listener.
func AcceptFailCut(parent *ssa.Function, start ssa.Instruction, child *ssa.Function, bind Binding) map[chanmodel.CFGEdge]bool {
	accept := oneAccept(child)
	if accept == nil {
		return nil
	}
	test, _, fail := errBranch(accept)
	if test == nil {
		return nil
	}
	cell, ln := parentListener(accept.Call.Value, bind)
	if ln == nil {
		return nil
	}
	if _, closesNow, ok := listenerUses(parent, cell, ln, child, start); !ok || closesNow {
		return nil
	}
	return map[chanmodel.CFGEdge]bool{{From: test, To: fail}: true}
}

// oneAccept returns child's only call of Accept on a net.Listener, when it
// has exactly one and that call is in no loop.
func oneAccept(child *ssa.Function) *ssa.Call {
	var found *ssa.Call
	all := make(map[*ssa.BasicBlock]bool)
	for _, b := range child.Blocks {
		all[b] = true
	}
	for _, b := range child.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(*ssa.Call)
			if !ok || !isAccept(&c.Call) {
				continue
			}
			if found != nil || inCycle(b, all) {
				return nil
			}
			found = c
		}
	}
	return found
}

func isAccept(c *ssa.CallCommon) bool {
	if c.IsInvoke() {
		return c.Method.Name() == "Accept" && netListener(c.Value.Type()) != nil
	}
	return false
}

// netListener returns t when it is net.Listener, else nil.
func netListener(t types.Type) types.Type {
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net" && n.Obj().Name() == "Listener" {
		return t
	}
	return nil
}

// acceptSucceeds returns the block entered when the error result of the
// call c (its last result) is nil, by the test that follows it (if err !=
// nil, if err == nil), when that block is entered only that way; else nil.
func acceptSucceeds(c *ssa.Call) *ssa.BasicBlock {
	_, ok, _ := errBranch(c)
	return ok
}

// errBranch returns the block testing the error result of the call c (its
// last result) against nil, and its successors when the error is nil and
// when it is not, when the first is entered only that way; else nils.
func errBranch(c *ssa.Call) (test, ok, fail *ssa.BasicBlock) {
	tup, isTuple := c.Type().(*types.Tuple)
	if !isTuple || tup.Len() < 2 {
		return nil, nil, nil
	}
	last := tup.Len() - 1
	for _, r := range *c.Referrers() {
		ex, ok := r.(*ssa.Extract)
		if !ok || ex.Index != last {
			continue
		}
		for _, u := range *ex.Referrers() {
			cmp, ok := u.(*ssa.BinOp)
			if !ok || (cmp.Op != token.NEQ && cmp.Op != token.EQL) || !isNilConst(cmp.X, cmp.Y, ex) {
				continue
			}
			for _, u2 := range *cmp.Referrers() {
				iff, ok := u2.(*ssa.If)
				if !ok {
					continue
				}
				b := iff.Block()
				s, f := b.Succs[1], b.Succs[0] // err != nil is false
				if cmp.Op == token.EQL {
					s, f = f, s
				}
				if len(s.Preds) == 1 && b.Succs[0] != b.Succs[1] {
					return b, s, f
				}
			}
		}
	}
	return nil, nil, nil
}

func isNilConst(x, y, v ssa.Value) bool {
	other := y
	if y == v {
		other = x
	} else if x != v {
		return false
	}
	k, ok := other.(*ssa.Const)
	return ok && k.Value == nil
}

// parentListener resolves v, the listener the child accepts on, to the
// parent's cell holding it (nil when it is passed by value) and the value
// net.Listen returned.
func parentListener(v ssa.Value, bind Binding) (*ssa.Alloc, *ssa.Extract) {
	var pv ssa.Value
	var cell *ssa.Alloc
	switch v := v.(type) {
	case *ssa.UnOp:
		// A captured variable: the closure loads its cell.
		if v.Op != token.MUL {
			return nil, nil
		}
		cell, pv = onceCell(bind[v.X])
		if cell == nil {
			return nil, nil
		}
	case *ssa.Parameter:
		// Passed by value: a load of the parent's variable, or the value.
		pv = bind[v]
		if ld, ok := pv.(*ssa.UnOp); ok && ld.Op == token.MUL {
			cell, pv = onceCell(ld.X)
			if cell == nil {
				return nil, nil
			}
		}
	default:
		return nil, nil
	}
	ex, ok := pv.(*ssa.Extract)
	if !ok || ex.Index != 0 {
		return nil, nil
	}
	call, ok := ex.Tuple.(*ssa.Call)
	if !ok || calleeName(call) != "net.Listen" {
		return nil, nil
	}
	return cell, ex
}

// onceCell returns v as a variable set once (storedOnce) and the value it
// holds, or nil.
func onceCell(v ssa.Value) (*ssa.Alloc, ssa.Value) {
	a, ok := v.(*ssa.Alloc)
	if !ok {
		return nil, nil
	}
	val, ok := storedOnce(a)
	if !ok {
		return nil, nil
	}
	return a, val
}

// listenerUses checks that the listener goes nowhere but to Close, to the
// child (by the go statement start, where the child only accepts on it and
// closes it) and, through Addr().String(), to parent's dial calls, which it
// returns. closesNow says whether a Close of parent's or child's is a call,
// not a deferred one.
func listenerUses(parent *ssa.Function, cell *ssa.Alloc, ln *ssa.Extract, child *ssa.Function, start ssa.Instruction) (dials []*ssa.Call, closesNow, ok bool) {
	okValue := func(v ssa.Value) bool {
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.Store:
				if r.Addr != cell || r.Val != v {
					return false
				}
			case *ssa.Go:
				if r != start {
					return false
				}
			case *ssa.Call:
				d, ok := addrDials(r, parent)
				if !ok {
					return false
				}
				closesNow = closesNow || r.Call.Method.Name() == "Close"
				dials = append(dials, d...)
			case *ssa.Defer:
				if !r.Call.IsInvoke() || r.Call.Method.Name() != "Close" {
					return false
				}
			default:
				return false
			}
		}
		return true
	}
	if cell == nil {
		uses, childCloses := childUses(child, nil)
		return dials, closesNow || childCloses, okValue(ln) && uses
	}
	if !okValue(ln) {
		return nil, false, false
	}
	for _, r := range *cell.Referrers() {
		switch r := r.(type) {
		case *ssa.Store, *ssa.DebugRef:
		case *ssa.MakeClosure:
			g, ok := start.(*ssa.Go)
			if !ok || g.Call.Value != r || r.Fn != child {
				return nil, false, false
			}
			for i, b := range r.Bindings {
				if b != cell {
					continue
				}
				uses, childCloses := childUses(child, child.FreeVars[i])
				if !uses {
					return nil, false, false
				}
				closesNow = closesNow || childCloses
			}
		case *ssa.UnOp:
			if r.Op != token.MUL || !okValue(r) {
				return nil, false, false
			}
		default:
			return nil, false, false
		}
	}
	return dials, closesNow, true
}

// addrDials accepts a call on the listener: Close, or Addr whose result
// goes, through String, only to parent's dial calls as the address.
func addrDials(c *ssa.Call, parent *ssa.Function) ([]*ssa.Call, bool) {
	if !c.Call.IsInvoke() {
		return nil, false
	}
	switch c.Call.Method.Name() {
	case "Close":
		return nil, true
	case "Addr":
	default:
		return nil, false
	}
	var dials []*ssa.Call
	for _, r := range *c.Referrers() {
		s, ok := r.(*ssa.Call)
		if !ok || !s.Call.IsInvoke() || s.Call.Method.Name() != "String" || s.Call.Value != c {
			if _, dbg := r.(*ssa.DebugRef); dbg {
				continue
			}
			return nil, false
		}
		for _, u := range *s.Referrers() {
			d, ok := u.(*ssa.Call)
			if !ok || !dialFuncs[calleeName(d)] || len(d.Call.Args) < 2 || d.Call.Args[1] != s || d.Parent() != parent {
				return nil, false
			}
			dials = append(dials, d)
		}
	}
	return dials, true
}

// childUses reports whether the child uses the listener (its free
// variable fv, or every listener-typed parameter when fv is nil) only to
// accept and close, and whether it calls Close (not deferred).
func childUses(child *ssa.Function, fv *ssa.FreeVar) (uses, closesNow bool) {
	check := func(v ssa.Value) bool {
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.Call:
				if !r.Call.IsInvoke() || r.Call.Value != v || (r.Call.Method.Name() != "Accept" && r.Call.Method.Name() != "Close") {
					return false
				}
				closesNow = closesNow || r.Call.Method.Name() == "Close"
			case *ssa.Defer:
				if !r.Call.IsInvoke() || r.Call.Value != v || r.Call.Method.Name() != "Close" {
					return false
				}
			default:
				return false
			}
		}
		return true
	}
	if fv != nil {
		for _, r := range *fv.Referrers() {
			ld, ok := r.(*ssa.UnOp)
			if !ok || ld.Op != token.MUL || !check(ld) {
				if _, dbg := r.(*ssa.DebugRef); dbg {
					continue
				}
				return false, false
			}
		}
		return true, closesNow
	}
	for _, p := range child.Params {
		if netListener(p.Type()) != nil && !check(p) {
			return false, false
		}
	}
	return true, closesNow
}
