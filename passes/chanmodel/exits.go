package chanmodel

// Exits: how a function, and each block that ends it, ends.
//
// A run of a function ends in one of a few ways, and they mean different
// things for the goroutines that wait on it. A return hands control back to
// the caller. runtime.Goexit (and what always reaches it: testing's Fatal,
// FailNow and Skip families, the must-style helpers that call them) ends the
// goroutine after running its deferred calls: its partners are stranded
// exactly as by a return. A process exit (os.Exit, log.Fatal) ends every
// goroutine at once: nothing is stranded by it. A panic crashes the process
// unless something recovers it: no claim is made from it. A function with no
// way to end loops or blocks forever.
//
// go/ssa, given ctrlflow's no-return predicate, ends the block of a call
// that never returns with a panic of the string "noreturn"; the kind of such
// a block is the kind of its callee. The callee's kind comes, in order, from
// the table of the runtime's own ways out, from its body when it is in the
// package, and from its summary fact otherwise. Kinds travel across packages
// in FuncFact.Exit; the summary pass computes them even for packages with no
// channel, so that log.Fatal and testing's FailNow are known everywhere.

import (
	"go/constant"
	"go/types"
	"sort"

	"golang.org/x/tools/go/ssa"
)

// ExitKind is how a run of a function (or a block with no successor) ends.
type ExitKind uint8

const (
	// Returns: it returns to its caller (for a function: on some path).
	Returns ExitKind = iota
	// EndsGoroutine: runtime.Goexit ends the goroutine after its deferred
	// calls run (t.Fatal, t.FailNow, t.SkipNow and helpers calling them).
	EndsGoroutine
	// EndsProcess: os.Exit and what calls it (log.Fatal) end every goroutine.
	EndsProcess
	// Panics: it panics.
	Panics
	// Forever: it never ends: it loops or blocks forever.
	Forever
	// Mixed: it never returns, and ends in more than one of the ways above.
	Mixed
)

func (k ExitKind) String() string {
	switch k {
	case Returns:
		return "returns"
	case EndsGoroutine:
		return "ends the goroutine"
	case EndsProcess:
		return "ends the process"
	case Panics:
		return "panics"
	case Forever:
		return "never ends"
	case Mixed:
		return "never returns"
	}
	return "?"
}

// runtimeExits are the ways out the rest are built on: functions whose
// bodies do not say it (assembly, linknames, the scheduler).
var runtimeExits = map[string]ExitKind{
	"runtime.Goexit": EndsGoroutine,
	"os.Exit":        EndsProcess,
	"syscall.Exit":   EndsProcess,
}

// exits computes exit kinds, memoised per function.
type exits struct {
	pkg   *ssa.Package
	facts func(*types.Func) *FuncFact
	live  func(*ssa.Function) []bool // the live blocks of a function of pkg
	memo  map[*ssa.Function]ExitKind
	// ends caches, per block, the interface method call that ends the
	// goroutine mid-block (nil for none); invokes caches invokeExit.
	ends    map[*ssa.BasicBlock]*ssa.Call
	invokes map[invokeKey]ExitKind
	via     map[*ssa.Function][]MethodCall  // see endsVia
	mayEnd  map[*ssa.BasicBlock][]*ssa.Call // see mayEndCalls
	retEnds map[retKey]bool                 // see ReturnEndsProcess
	nils    map[nilKey]bool                 // see resultAlways
	nilsAt  map[callResult]bool             // see nilResultAt
	places  *placeScan                      // see neverSet; nil until the first question
}

type retKey struct {
	f     *Func
	depth int
}

type invokeKey struct {
	iface  string // the interface type, as types.TypeString writes it
	method string
}

func newExits(pkg *ssa.Package, facts func(*types.Func) *FuncFact, live func(*ssa.Function) []bool) *exits {
	return &exits{pkg: pkg, facts: facts, live: live, memo: make(map[*ssa.Function]ExitKind),
		ends: make(map[*ssa.BasicBlock]*ssa.Call), invokes: make(map[invokeKey]ExitKind),
		via: make(map[*ssa.Function][]MethodCall), mayEnd: make(map[*ssa.BasicBlock][]*ssa.Call),
		retEnds: make(map[retKey]bool), nils: make(map[nilKey]bool), nilsAt: make(map[callResult]bool)}
}

// ofFunc returns how a run of fn ends: Returns if it may return.
func (e *exits) ofFunc(fn *ssa.Function) ExitKind {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if k, ok := e.memo[fn]; ok {
		return k
	}
	if obj, ok := fn.Object().(*types.Func); ok {
		if k, ok := runtimeExits[obj.FullName()]; ok {
			e.memo[fn] = k
			return k
		}
	}
	if fn.Pkg != e.pkg || len(fn.Blocks) == 0 {
		k := Returns
		if obj, ok := fn.Object().(*types.Func); ok && e.facts != nil {
			if f := e.facts(obj); f != nil {
				k = f.Exit
			}
		}
		e.memo[fn] = k
		return k
	}
	// Recursion without another way out never ends.
	e.memo[fn] = Forever
	live := e.live(fn)
	k, any := Returns, false
	for _, b := range fn.Blocks {
		if !live[b.Index] || (len(b.Succs) > 0 && !e.endsBlock(b)) {
			continue
		}
		bk := e.ofBlock(b)
		if bk == Forever && isSelectFallThrough(b) {
			continue // never runs: a blocking select always picks a case
		}
		if bk == Returns {
			k, any = Returns, true
			break
		}
		switch {
		case !any:
			k, any = bk, true
		case k != bk:
			k = Mixed
		}
	}
	if !any {
		k = Forever // no block ends it: it loops or blocks forever
	}
	e.memo[fn] = k
	return k
}

// ofBlock returns how a block with no successor (or one ending the
// goroutine mid-way, see endCall) ends.
func (e *exits) ofBlock(b *ssa.BasicBlock) ExitKind {
	if e.crashes(b) {
		return EndsProcess
	}
	if e.endCall(b) != nil {
		return EndsGoroutine
	}
	n := len(b.Instrs)
	if n == 0 {
		return Returns
	}
	switch last := b.Instrs[n-1].(type) {
	case *ssa.Return:
		return Returns
	case *ssa.Panic:
		if callee := noReturnCallee(b, last); callee != nil {
			return e.ofFunc(callee)
		}
		if isSelectFallThrough(b) {
			return Forever
		}
		return Panics
	}
	return Returns
}

// endCall returns the call that ends the goroutine in block b, or nil:
// go/ssa ends a block only after a static call ctrlflow knows never
// returns; this also finds calls of interface methods whose every possible
// callee ends the goroutine (t.Fatal on a testing.TB), and static calls of
// functions that end it through such calls.
func (e *exits) endCall(b *ssa.BasicBlock) *ssa.Call {
	if c, ok := e.ends[b]; ok {
		return c
	}
	var end *ssa.Call
	for _, instr := range b.Instrs {
		c, ok := instr.(*ssa.Call)
		if !ok {
			continue
		}
		if c.Call.IsInvoke() {
			if e.invokeExit(&c.Call) == EndsGoroutine {
				end = c
				break
			}
		} else if callee := c.Call.StaticCallee(); callee != nil && e.ofFunc(callee) == EndsGoroutine {
			end = c
			break
		}
	}
	e.ends[b] = end
	return end
}

// endsBlock reports whether block b ends the goroutine (or the process)
// mid-way.
func (e *exits) endsBlock(b *ssa.BasicBlock) bool { return e.crashes(b) || e.endCall(b) != nil }

// crashes reports whether block b starts a goroutine that panics with
// nothing to recover it (go panic(err)): the process dies, and what b's
// goroutine would do next does not matter.
func (e *exits) crashes(b *ssa.BasicBlock) bool { return e.crash(b) != nil }

// crash returns the go statement of block b that crashes the process (see
// crashes), or nil.
func (e *exits) crash(b *ssa.BasicBlock) *ssa.Go {
	for _, instr := range b.Instrs {
		g, ok := instr.(*ssa.Go)
		if !ok {
			continue
		}
		if bi, ok := g.Call.Value.(*ssa.Builtin); ok && bi.Name() == "panic" {
			return g
		}
		if fn := g.Call.StaticCallee(); fn != nil && fn.Recover == nil && len(fn.Blocks) > 0 && e.ofFunc(fn) == Panics {
			return g
		}
	}
	return nil
}

// invokeExit returns how a call of an interface method ends when every
// method it may run is known: the interface has an unexported method, so
// that only types of its own package implement it (testing.TB), or types
// embedding one of those, whose promoted methods are the same unless this
// package overrides them. Returns otherwise.
func (e *exits) invokeExit(c *ssa.CallCommon) ExitKind {
	return e.methodExit(c.Value.Type(), c.Method.Pkg(), c.Method.Name())
}

// methodExit returns how a call of method name on a value of interface
// type t ends (see invokeExit).
func (e *exits) methodExit(t types.Type, mpkg *types.Package, name string) ExitKind {
	it, ok := t.Underlying().(*types.Interface)
	if !ok {
		return Returns
	}
	key := invokeKey{types.TypeString(t, nil), name}
	if k, ok := e.invokes[key]; ok {
		return k
	}
	e.invokes[key] = Returns
	var sealed *types.Package
	for m := range it.Methods() {
		if !m.Exported() {
			sealed = m.Pkg()
			break
		}
	}
	if sealed == nil {
		return Returns
	}
	k, any := Returns, false
	pkgs := []*types.Package{sealed}
	if e.pkg != nil && e.pkg.Pkg != sealed {
		pkgs = append(pkgs, e.pkg.Pkg)
	}
	for _, p := range pkgs {
		scope := p.Scope()
		for _, tname := range scope.Names() {
			tn, ok := scope.Lookup(tname).(*types.TypeName)
			if !ok || tn.IsAlias() || types.IsInterface(tn.Type()) {
				continue
			}
			for _, t := range []types.Type{tn.Type(), types.NewPointer(tn.Type())} {
				if !types.Implements(t, it) {
					continue
				}
				obj, _, _ := types.LookupFieldOrMethod(t, true, mpkg, name)
				fn, ok := obj.(*types.Func)
				if !ok {
					return Returns
				}
				mk := e.ofObj(fn)
				if mk != EndsGoroutine {
					return Returns
				}
				k, any = mk, true
			}
		}
	}
	if !any {
		return Returns
	}
	e.invokes[key] = k
	return k
}

// endsVia returns the calls of methods on fn's interface parameters by
// which fn may end the goroutine (see FuncFact.EndsVia): calls, on the
// parameter itself, of methods without results, and parameters handed on to
// functions that may end it through them.
func (e *exits) endsVia(fn *ssa.Function) []MethodCall {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if v, ok := e.via[fn]; ok {
		return v
	}
	if fn.Pkg != e.pkg || len(fn.Blocks) == 0 {
		var v []MethodCall
		if obj, ok := fn.Object().(*types.Func); ok && e.facts != nil {
			if f := e.facts(obj); f != nil {
				v = f.EndsVia
			}
		}
		e.via[fn] = v
		return v
	}
	e.via[fn] = nil // recursion adds nothing
	param := func(v ssa.Value) int {
		for {
			switch x := v.(type) {
			case *ssa.ChangeInterface:
				v = x.X
				continue
			case *ssa.Parameter:
				for i, p := range fn.Params {
					if p == x && i < 256 {
						return i
					}
				}
			}
			return -1
		}
	}
	seen := make(map[MethodCall]bool)
	var out []MethodCall
	add := func(m MethodCall) {
		if !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	live := e.live(fn)
	for _, b := range fn.Blocks {
		if !live[b.Index] {
			continue
		}
		for _, instr := range b.Instrs {
			c, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			if c.Call.IsInvoke() {
				// A method that ends the goroutine has no results to give
				// (FailNow, Fatal, SkipNow).
				if i := param(c.Call.Value); i >= 0 && types.IsInterface(fn.Params[i].Type()) && c.Call.Signature().Results().Len() == 0 {
					add(MethodCall{Param: uint8(i), Method: c.Call.Method.Name()})
				}
				continue
			}
			callee := c.Call.StaticCallee()
			if callee == nil {
				continue
			}
			for _, m := range e.endsVia(callee) {
				if int(m.Param) < len(c.Call.Args) {
					if i := param(c.Call.Args[m.Param]); i >= 0 && types.IsInterface(fn.Params[i].Type()) {
						add(MethodCall{Param: uint8(i), Method: m.Method})
					}
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Param != out[j].Param {
			return out[i].Param < out[j].Param
		}
		return out[i].Method < out[j].Method
	})
	e.via[fn] = out
	return out
}

// mayEndCalls returns the calls of block b that may end the goroutine
// (require.NoError(t, err) with t a *testing.T: see endsVia), in order.
func (e *exits) mayEndCalls(b *ssa.BasicBlock) []*ssa.Call {
	if c, ok := e.mayEnd[b]; ok {
		return c
	}
	var found []*ssa.Call
	for _, instr := range b.Instrs {
		c, ok := instr.(*ssa.Call)
		if !ok || c.Call.IsInvoke() {
			continue
		}
		callee := c.Call.StaticCallee()
		if callee == nil {
			continue
		}
		for _, m := range e.endsVia(callee) {
			if int(m.Param) < len(c.Call.Args) && e.argEnds(c.Call.Args[m.Param], m.Method) {
				found = append(found, c)
				break
			}
		}
	}
	e.mayEnd[b] = found
	return found
}

// argEnds reports whether calling method on the interface value v ends the
// goroutine: v converts a concrete type whose method does, or is of an
// interface type whose every implementation's method does.
func (e *exits) argEnds(v ssa.Value, method string) bool {
	for {
		switch x := v.(type) {
		case *ssa.ChangeInterface:
			v = x.X
			continue
		case *ssa.MakeInterface:
			obj, _, _ := types.LookupFieldOrMethod(x.X.Type(), true, nil, method)
			fn, ok := obj.(*types.Func)
			return ok && e.ofObj(fn) == EndsGoroutine
		}
		return types.IsInterface(v.Type()) && e.methodExit(v.Type(), nil, method) == EndsGoroutine
	}
}

// ofObj returns how a run of a declared function or method ends.
func (e *exits) ofObj(obj *types.Func) ExitKind {
	if k, ok := runtimeExits[obj.FullName()]; ok {
		return k
	}
	if e.pkg != nil && obj.Pkg() == e.pkg.Pkg {
		if fn := e.pkg.Prog.FuncValue(obj); fn != nil {
			return e.ofFunc(fn)
		}
	}
	if e.facts != nil {
		if f := e.facts(obj); f != nil {
			return f.Exit
		}
	}
	return Returns
}

// isSelectFallThrough reports the block go/ssa puts after the cases of a
// blocking select: a panic that never runs.
func isSelectFallThrough(b *ssa.BasicBlock) bool {
	p, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Panic)
	return ok && panicString(p) == "blocking select matched no case"
}

// panicString returns the constant string a panic is given, or "".
func panicString(p *ssa.Panic) string {
	mi, ok := p.X.(*ssa.MakeInterface)
	if !ok {
		return ""
	}
	c, ok := mi.X.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.String {
		return ""
	}
	return constant.StringVal(c.Value)
}

// noReturnCallee returns the callee of the call a "noreturn" panic follows
// (see emitCall in go/ssa), or nil for a panic of the program's own.
func noReturnCallee(b *ssa.BasicBlock, p *ssa.Panic) *ssa.Function {
	if panicString(p) != "noreturn" {
		return nil
	}
	for i := len(b.Instrs) - 2; i >= 0; i-- {
		switch in := b.Instrs[i].(type) {
		case *ssa.Call:
			return in.Call.StaticCallee()
		case *ssa.MakeInterface:
			continue // the panic's operand
		default:
			return nil
		}
	}
	return nil
}

// Exit returns how a run of f ends: Returns when it may return.
func (f *Func) Exit() ExitKind {
	if f.model == nil || f.model.exits == nil {
		return Returns
	}
	return f.model.exits.ofFunc(f.SSA)
}

// BlockExit returns how block b of f ends f, and false when b has
// successors (or is dead).
func (f *Func) BlockExit(b *ssa.BasicBlock) (ExitKind, bool) {
	if !f.LiveBlock(b) {
		return 0, false
	}
	if f.model == nil || f.model.exits == nil {
		if len(b.Succs) > 0 {
			return 0, false
		}
		_, ret := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if ret {
			return Returns, true
		}
		return Panics, true
	}
	if len(b.Succs) > 0 && !f.model.exits.endsBlock(b) {
		return 0, false
	}
	return f.model.exits.ofBlock(b), true
}

// ExitCall returns the call that ends block b when b never returns because
// of it (t.Fatal, os.Exit, ...), or nil.
func (f *Func) ExitCall(b *ssa.BasicBlock) *ssa.Call {
	if f.model != nil && f.model.exits != nil {
		if c := f.model.exits.endCall(b); c != nil {
			return c
		}
	}
	if len(b.Succs) > 0 || len(b.Instrs) == 0 {
		return nil
	}
	p, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Panic)
	if !ok || noReturnCallee(b, p) == nil {
		return nil
	}
	for i := len(b.Instrs) - 2; i >= 0; i-- {
		if c, ok := b.Instrs[i].(*ssa.Call); ok {
			return c
		}
	}
	return nil
}

// EndsAt returns the instruction in the middle of block b at which the
// run of f ends (a go panic(err) that crashes the process, a call that ends
// the goroutine mid-block), or nil.
func (f *Func) EndsAt(b *ssa.BasicBlock) ssa.Instruction {
	if f.model == nil || f.model.exits == nil || !f.LiveBlock(b) {
		return nil
	}
	e := f.model.exits
	if g := e.crash(b); g != nil {
		return g
	}
	if c := e.endCall(b); c != nil {
		return c
	}
	return nil
}

// MayLeave returns the first call of block b after instruction index
// after (-1: any) by which the goroutine running f may end, while it may
// also go on (require.NoError(t, err): see FuncFact.EndsVia), or nil.
func (f *Func) MayLeave(b *ssa.BasicBlock, after int) *ssa.Call {
	if f.model == nil || f.model.exits == nil || !f.LiveBlock(b) {
		return nil
	}
	for _, c := range f.model.exits.mayEndCalls(b) {
		if after < 0 || indexOf(b, c) > after {
			return c
		}
	}
	return nil
}

func indexOf(b *ssa.BasicBlock, instr ssa.Instruction) int {
	for i, in := range b.Instrs {
		if in == instr {
			return i
		}
	}
	return len(b.Instrs)
}

// Leaves reports whether block b ends f's run so that the goroutine running
// f goes no further on f's paths and its deferred calls run: a return, or
// runtime.Goexit (t.Fatal). Partners waiting on what f would have done next
// are stranded. A process exit, a panic or a call that never ends does not
// leave in this sense.
func (f *Func) Leaves(b *ssa.BasicBlock) bool {
	k, ok := f.BlockExit(b)
	return ok && (k == Returns || k == EndsGoroutine)
}

// ExitFacts returns, for the functions of funcs that never return or may
// end the goroutine through a parameter's method, the facts saying so
// (FuncFact.Exit and EndsVia), computed from the SSA of pkg alone: for
// packages with no channel, which get no model.
func ExitFacts(pkg *ssa.Package, funcs []*ssa.Function, facts func(*types.Func) *FuncFact) map[*ssa.Function]*FuncFact {
	e := newExits(pkg, facts, nil)
	e.live = func(fn *ssa.Function) []bool { return liveBlocks(fn, e) }
	out := make(map[*ssa.Function]*FuncFact)
	for _, fn := range funcs {
		if f := (&FuncFact{Exit: e.ofFunc(fn), EndsVia: e.endsVia(fn)}); f.Exit != Returns || len(f.EndsVia) > 0 {
			out[fn] = f
		}
	}
	return out
}

// EndsVia returns the calls of methods on f's interface parameters by
// which it may end the goroutine (see FuncFact.EndsVia).
func (f *Func) EndsVia() []MethodCall {
	if f.model == nil || f.model.exits == nil {
		return nil
	}
	return f.model.exits.endsVia(f.SSA)
}

// ReturnEndsProcess reports whether the process ends once f returns, so
// that goroutines f leaves behind on a return are not leaks: f is main.main
// of a main package, or f runs only as a plain call from functions of the
// package (it is no root, its value does not escape) and, after each such
// call, every path of the caller runs into a process exit (os.Exit,
// log.Fatal) or a return after which the process ends too, without passing
// a loop. depth bounds how many callers up it looks.
func (f *Func) ReturnEndsProcess(depth int) bool {
	if f.model == nil || f.model.exits == nil {
		return f.returnEndsProcess(depth)
	}
	memo := f.model.exits.retEnds
	k := retKey{f, depth}
	if r, ok := memo[k]; ok {
		return r
	}
	memo[k] = false // a cycle of callers ends nothing
	r := f.returnEndsProcess(depth)
	memo[k] = r
	return r
}

func (f *Func) returnEndsProcess(depth int) bool {
	fn := f.SSA
	if fn.Name() == "main" && fn.Parent() == nil && fn.Signature.Recv() == nil && fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main" {
		return true
	}
	if depth <= 0 || f.Root || f.Escaped || len(f.Callers) == 0 {
		return false
	}
	for _, e := range f.Callers {
		if e.Kind != CallEdge || e.Caller == f || !e.Caller.endsProcessAfter(e.Site, depth-1) {
			return false
		}
	}
	return true
}

// endsProcessAfter reports whether every path of f from instruction at
// ends the process (see ReturnEndsProcess) without passing a loop.
func (f *Func) endsProcessAfter(at ssa.Instruction, depth int) bool {
	if f.InLoop(at.Block()) {
		return false
	}
	returnEnds := -1 // unknown until a path returns
	seen := make(map[*ssa.BasicBlock]bool)
	var walk func(b *ssa.BasicBlock) bool
	walk = func(b *ssa.BasicBlock) bool {
		if seen[b] {
			return true
		}
		seen[b] = true
		if f.InLoop(b) {
			return false
		}
		if k, ok := f.BlockExit(b); ok {
			switch k {
			case EndsProcess:
				return true
			case Returns:
				if returnEnds < 0 {
					returnEnds = 0
					if f.ReturnEndsProcess(depth) {
						returnEnds = 1
					}
				}
				return returnEnds == 1
			}
			return false
		}
		for _, s := range b.Succs {
			if f.LiveBlock(s) && !f.DeadEdge(b, s) && !walk(s) {
				return false
			}
		}
		return true
	}
	return walk(at.Block())
}
