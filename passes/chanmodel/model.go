package chanmodel

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"runtime/debug"

	"golang.org/x/tools/go/ssa"
)

// Model is the channel model of one package.
type Model struct {
	Fset  *token.FileSet
	Pkg   *ssa.Package
	Files []*ast.File

	// Chans holds one entry per make(chan) site of the package, in source order.
	Chans []*Chan
	// Ops holds every channel operation of the package (live and dead), in
	// source order. Select cases are Ops too; the select itself is in Selects.
	Ops []*Op
	// Selects holds every select statement, in source order.
	Selects []*Select
	// Gos holds every go statement in live code, in source order.
	Gos []*GoSite
	// Funcs holds every function of the package the model looked at, in
	// source order (source functions first, then synthetic ones).
	Funcs []*Func
	// Errors holds internal errors met while building the model; the checks
	// report them.
	Errors []InternalError
	// Broken: a phase over the whole package failed; the model is empty
	// but for Errors, and no facts come from it.
	Broken bool
	// Skipped holds, in source order, the functions a budget kept the model
	// from reasoning about (their channels count as escaped, so nothing is
	// claimed about them). Drivers report them so that a budget that cuts
	// work says so.
	Skipped []Skip
	// Unresolved holds the live operations whose operand the model could not
	// resolve. A check must not claim that a channel of the same element
	// type lacks a counterpart while one of these might be it.
	Unresolved []*Op

	funcs  map[*ssa.Function]*Func
	exits  *exits
	solver *solver
	source *sourceIndex
	// made caches the named types values of which the package creates
	// (see Creates).
	made    map[*types.TypeName]bool
	chanIdx map[*ssa.MakeChan]*Chan
}

// Skip is a function left out by a budget.
type Skip struct {
	Pos    token.Pos
	Func   string // the SSA name of the function
	Budget string // the flag of the budget it exceeded, e.g. "max-blocks"
	Size   int    // its size in the budget's unit
	Limit  int    // the budget in force
}

// InternalError is a panic recovered while modelling one function (then
// treated as escaping everything it touches), or while a phase over the
// whole package ran (the model is then Broken).
type InternalError struct {
	Pos   token.Pos
	Func  string // what was being analysed, with the phase in parentheses when not the model's
	Value string // the panic value, then the stack
}

// Recovered returns the internal error of the panic value v, recovered at
// pos while analysing what.
func Recovered(pos token.Pos, what string, v any) InternalError {
	return InternalError{Pos: pos, Func: what, Value: fmt.Sprintf("%v\n%s", v, debug.Stack())}
}

// Chan is a channel made by one make(chan) site.
type Chan struct {
	Make *ssa.MakeChan
	Fn   *Func
	// Name is the best source name for the channel: the variable or field
	// it was assigned to at the make site, or "".
	Name string
	// Cap is the constant capacity, or -1 when the capacity is not constant.
	Cap int64
	// Escaped reports that the channel may reach code the model cannot see.
	Escaped bool
	// Live reports that the make site is in live code.
	Live bool
	// Ops lists the operations that may act on the channel, live or dead.
	Ops []*Op
	// Elem is the channel's element type.
	Elem types.Type
	// Source is set for a channel the runtime or a library makes and feeds
	// (time.Tick, a time.Ticker's C): there is no make site (Make is nil),
	// and it counts as escaped. NeverClosed then says nothing closes it.
	Source      string
	NeverClosed bool
	// Param is set for the channel a function is given as a parameter (Fn
	// is the function; Make is nil): the summary pass describes what the
	// function does with it. Such channels are in Targets.Params, never in
	// Targets.Chans or Model.Chans.
	Param *ssa.Parameter
	// EscapesOther: the channel escapes other than by being returned by
	// the package's API.
	EscapesOther bool
	// Call is set for a channel made by a function of another package and
	// returned by this call (Make is nil); Remote describes the function.
	Call   ssa.CallInstruction
	Remote *Remote
}

// Pos returns where the channel comes from: its make, or the call of the
// function of another package that made it.
func (c *Chan) Pos() token.Pos {
	switch {
	case c.Make != nil:
		return c.Make.Pos()
	case c.Call != nil:
		return c.Call.Pos()
	case c.Param != nil:
		return c.Param.Pos()
	}
	return token.NoPos
}

// Block returns the block of the make (or of the call that made it), or nil.
func (c *Chan) Block() *ssa.BasicBlock {
	switch {
	case c.Make != nil:
		return c.Make.Block()
	case c.Call != nil:
		return c.Call.Block()
	}
	return nil
}

// OpKind is the kind of a channel operation.
type OpKind uint8

const (
	Send       OpKind = iota // ch <- v
	Recv                     // <-ch, v, ok := <-ch
	Range                    // for v := range ch
	SelectSend               // case ch <- v:
	SelectRecv               // case v := <-ch:
	Close                    // close(ch)
)

func (k OpKind) String() string {
	switch k {
	case Send:
		return "send"
	case Recv:
		return "receive"
	case Range:
		return "range"
	case SelectSend:
		return "select send"
	case SelectRecv:
		return "select receive"
	case Close:
		return "close"
	}
	return "?"
}

// Sends reports whether the operation delivers a value (Send, SelectSend).
func (k OpKind) Sends() bool { return k == Send || k == SelectSend }

// Receives reports whether the operation takes a value (Recv, Range, SelectRecv).
func (k OpKind) Receives() bool { return k == Recv || k == Range || k == SelectRecv }

// Op is one channel operation.
type Op struct {
	Kind  OpKind
	Instr ssa.Instruction // *ssa.Send, *ssa.UnOp, *ssa.Select, or the close *ssa.Call
	Pos   token.Pos       // position of the operator (arrow, for, select, close)
	Value ssa.Value       // the channel operand
	Fn    *Func
	Block *ssa.BasicBlock
	// Live reports that the operation is in a live block of a live function.
	Live bool
	// CommaOk reports a receive of the form v, ok := <-ch.
	CommaOk bool
	// Select and Case locate a select case.
	Select *Select
	Case   int
	// Targets are the channels the operand may hold (set once the model is solved).
	Targets Targets
	// Min and Max count how many times one execution performs the
	// operation: 1 and 1 but for remote operations.
	Min, Max int
	// Remote is set for an operation a function of another package
	// performs on a channel handed to it (or returned by it), as its
	// summary says. Instr is then the call (or go statement) and Pos its
	// position.
	Remote *Remote
}

// Remote describes an operation done by a function of another package.
type Remote struct {
	Func string // the function, as "pkg.Name" or "(*pkg.T).M"
	Pos  token.Pos
	Line uint32 // the line of the operation in the function's file
	// Async: the operation runs on a goroutine the function starts (or the
	// call is a go statement): not before the call returns.
	Async bool
	// Arg is the argument holding the channel, or -1 for a result.
	Arg int
	// WayOut: the remote operations have a way out (a context case).
	WayOut bool
}

// Targets is what a channel operand may hold.
type Targets struct {
	Chans   []*Chan
	Nil     bool // the zero channel value
	Unknown bool // a channel from code the model cannot see (or not resolved)
	// Unresolved reports that the model found nothing the operand may hold:
	// a gap in the model. Unknown is set too.
	Unresolved bool
	// Params are the parameter channels (Chan.Param) the operand may hold.
	// The checks ignore them; the summary pass reads them.
	Params []*Chan
}

// OnlyNil reports that the operand is always the nil channel.
func (t Targets) OnlyNil() bool { return t.Nil && !t.Unknown && len(t.Chans) == 0 }

// Known reports that every channel the operand may hold is a make site of
// this package that does not escape (nil aside).
func (t Targets) Known() bool {
	if t.Unknown || len(t.Chans) == 0 {
		return false
	}
	for _, c := range t.Chans {
		if c.Escaped {
			return false
		}
	}
	return true
}

// Select is one select statement.
type Select struct {
	Instr    *ssa.Select
	Fn       *Func
	Live     bool
	Blocking bool // no default case
	Cases    []*Op
	// CaseEdges gives, per case, the control-flow edge taken only when that
	// case is chosen: From's successor To. From is nil when the case has no
	// such edge (the last case of a blocking select, when SSA elides the test).
	CaseEdges []CFGEdge
}

// CFGEdge is an edge of a function's control-flow graph.
type CFGEdge struct {
	From, To *ssa.BasicBlock
}

// Func is what the model knows of one function.
type Func struct {
	SSA *ssa.Function
	// Live: reachable from the package's API, main, init, tests or an
	// escaped function value.
	Live bool
	// Root: may be called by code outside the package (exported, escaped,
	// main, init, test), so its parameters are unknown.
	Root bool
	// Escaped: the function value reaches code the model cannot see.
	Escaped bool
	// Repeats: the function may run more than once per process.
	Repeats bool
	// OverBudget: the function is larger than the configured budget; every
	// channel it touches is treated as escaped.
	OverBudget bool

	// name is SSA.String(), made once by finish (sorting compares it).
	name    string
	Callers []*Edge
	Callees []*Edge
	// Goroutines lists the go statements whose goroutine may run this
	// function (directly or through calls).
	Goroutines []*GoSite
	// OnCaller reports that the function may also run on the goroutine of a
	// caller (it is reachable without crossing a go statement).
	OnCaller bool

	liveBlock []bool
	// deadEdges are the edges into select cases that can never proceed
	// (see DeadEdge).
	deadEdges map[CFGEdge]bool
	scc       []int  // per block: its strongly connected component
	cyclic    []bool // per component: whether it is a cycle
	model     *Model
}

// EdgeKind tells how a call site runs its callee.
type EdgeKind uint8

const (
	CallEdge  EdgeKind = iota // a plain call (or a synchronous callback such as sync.Once.Do)
	GoEdge                    // a go statement (or an asynchronous callback such as time.AfterFunc)
	DeferEdge                 // a defer statement
)

// Edge is a call-graph edge inside the package.
type Edge struct {
	Site   ssa.Instruction
	Caller *Func
	Callee *Func
	Kind   EdgeKind
	// Once: the callee runs at most once however often the caller runs
	// (a sync.Once.Do callback).
	Once bool
}

// GoSite is one go statement in live code.
type GoSite struct {
	// Instr is the *ssa.Go, or the call handing a function to a library that
	// runs it on a new goroutine (time.AfterFunc, errgroup.Group.Go, ...).
	Instr ssa.Instruction
	Fn    *Func
	// Targets are the package functions the statement may start.
	Targets []*Func
	// External reports that the statement may start code outside the package.
	External bool
	// Remote is the summary of the function of another package the
	// statement starts, when there is one.
	Remote     *FuncFact
	RemoteName string
	// Repeats reports that the statement may run more than once per process.
	Repeats bool
}

// MayBeUnresolved reports whether an unresolved live operation of a kind
// accepted by want might act on ch.
func (m *Model) MayBeUnresolved(ch *Chan, want func(OpKind) bool) bool {
	for _, op := range m.Unresolved {
		if !want(op.Kind) {
			continue
		}
		elem := chanElem(op.Value.Type())
		if elem == nil || ch.Elem == nil || types.Identical(elem, ch.Elem) {
			return true
		}
		if _, ok := types.Unalias(elem).(*types.TypeParam); ok {
			return true
		}
	}
	return false
}

// MayCallOutside reports whether a call may run code outside the package:
// an interface method, a function of another package, or a function value
// that may come from unknown code.
func (m *Model) MayCallOutside(c ssa.CallInstruction) bool {
	cc := c.Common()
	if cc.IsInvoke() {
		return true
	}
	switch v := cc.Value.(type) {
	case *ssa.Builtin:
		return false
	case *ssa.Function:
		f := m.funcs[v]
		if o := v.Origin(); f == nil && o != nil {
			f = m.funcs[o]
		}
		return f == nil || len(v.Blocks) == 0
	}
	if cs, ok := m.solver.b.callSites[c]; ok && cs.external {
		return true
	}
	n, ok := m.solver.lookup(cc.Value, -1)
	return !ok || m.solver.nodes[n].pts.Has(int(objUnknown))
}

// ParamChan returns the channel standing for parameter p, or nil when p
// is not a channel or its function is not live.
func (m *Model) ParamChan(p *ssa.Parameter) *Chan {
	if id, ok := m.solver.cells[paramKey{p}]; ok {
		return m.solver.objs[id].ch
	}
	return nil
}

// Retained reports whether ch may be stored in memory other than a local
// variable: a global, a struct field, the elements of a slice, array or map
// (or another channel): kept beyond the call that got it, for code the
// call graph cannot order.
func (m *Model) Retained(ch *Chan) bool {
	s := m.solver
	var id objID = -1
	for i, o := range s.objs {
		if o.ch == ch {
			id = objID(i)
			break
		}
	}
	if id < 0 {
		return false
	}
	for key, cell := range s.cells {
		if _, local := key.(*ssa.Alloc); local && s.objs[cell].cell == cellVar {
			continue
		}
		if s.objs[cell].kind == kCell && s.nodes[s.objs[cell].contents].pts.Has(int(id)) {
			return true
		}
	}
	for _, o := range s.objs {
		if o.kind == kChan && o.ch != ch && s.nodes[o.contents].pts.Has(int(id)) {
			return true // sent on a channel
		}
	}
	return false
}

// ResultTargets returns what result i of f may hold.
func (m *Model) ResultTargets(f *Func, i int) Targets {
	var t Targets
	n, ok := m.solver.results[resKey{f.SSA, i}]
	if !ok {
		t.Unknown, t.Unresolved = true, true
		return t
	}
	m.solver.fill(&t, &m.solver.nodes[n].pts)
	return t
}

// Func returns the model's record of fn, or nil.
func (m *Model) Func(fn *ssa.Function) *Func { return m.funcs[fn] }

// ChanOf returns the Chan of a make site, or nil.
func (m *Model) ChanOf(mk *ssa.MakeChan) *Chan { return m.chanIdx[mk] }

// Targets returns what a channel-typed value may hold.
func (m *Model) Targets(v ssa.Value) Targets { return m.solver.targets(v) }

// LiveBlock reports whether block b of f is live.
func (f *Func) LiveBlock(b *ssa.BasicBlock) bool {
	return f.Live && b.Index < len(f.liveBlock) && f.liveBlock[b.Index]
}

// InLoop reports whether block b of f lies on a cycle of f's control flow.
func (f *Func) InLoop(b *ssa.BasicBlock) bool {
	return b.Index < len(f.scc) && f.cyclic[f.scc[b.Index]]
}

// SameLoop reports whether blocks a and b lie on one cycle of f.
func (f *Func) SameLoop(a, b *ssa.BasicBlock) bool {
	return f.InLoop(a) && f.InLoop(b) && f.scc[a.Index] == f.scc[b.Index]
}

// UnboundedLoop reports whether instr lies on a cycle of f that may run
// without bound: a for loop without condition, a range over a channel, or a
// goto loop. Counted loops (for i := 0; i < n; i++, range over a slice, map,
// string or integer) are bounded.
func (f *Func) UnboundedLoop(instr ssa.Instruction) bool {
	if !f.InLoop(instr.Block()) {
		return false
	}
	syn := f.SSA.Syntax()
	if syn == nil || f.model == nil {
		return true
	}
	return f.model.source.unboundedAt(instr.Pos(), syn.Pos(), syn.End())
}

// InputDriven reports whether the cycle of f holding instr runs as long as
// data from outside the package says: it has ways out, and each is taken
// on a test of what a call to another package's code (an interface
// method, a function of another package) returned in the cycle itself
// (`n, err := r.Read(buf); if err != nil { return }`). Such a loop, though
// written for { }, runs as `for r.Scan() { }` does: as many times as its
// input gives, which is no count to claim anything by (a buffer that
// fills, say).
func (f *Func) InputDriven(instr ssa.Instruction) bool {
	b := instr.Block()
	if b == nil || !f.InLoop(b) {
		return false
	}
	id := f.scc[b.Index]
	_, exits := f.LoopExits(id)
	if len(exits) == 0 {
		return false
	}
	for _, e := range exits {
		if e.To == nil {
			return false
		}
		iff, ok := e.From.Instrs[len(e.From.Instrs)-1].(*ssa.If)
		if !ok || !f.fromInput(iff.Cond, id, 4) {
			return false
		}
	}
	return true
}

// fromInput reports whether v is computed (through comparisons, negation,
// len and the results of a call) from what a call to code outside f's
// package, made in cycle id, returned.
func (f *Func) fromInput(v ssa.Value, id, depth int) bool {
	if depth == 0 {
		return false
	}
	switch v := v.(type) {
	case *ssa.BinOp:
		return f.fromInput(v.X, id, depth-1) || f.fromInput(v.Y, id, depth-1)
	case *ssa.UnOp:
		return v.Op == token.NOT && f.fromInput(v.X, id, depth-1)
	case *ssa.Extract:
		return f.fromInput(v.Tuple, id, depth-1)
	case *ssa.Call:
		if v.Block() == nil || f.scc[v.Block().Index] != id {
			return false
		}
		if bi, ok := v.Call.Value.(*ssa.Builtin); ok {
			return bi.Name() == "len" && len(v.Call.Args) == 1 && f.fromInput(v.Call.Args[0], id, depth-1)
		}
		if v.Call.IsInvoke() {
			return !notInput[typePkgPath(v.Call.Value.Type())]
		}
		callee := v.Call.StaticCallee()
		return callee != nil && callee.Pkg != nil && callee.Pkg != f.SSA.Pkg && !notInput[callee.Pkg.Pkg.Path()]
	}
	return false
}

// notInput: packages whose results say when, not how much: a loop that
// runs until a context is cancelled, a flag is set or time has passed
// goes round as often as it can meanwhile.
var notInput = map[string]bool{"context": true, "sync": true, "sync/atomic": true, "time": true}

// typePkgPath returns the path of the package of named type t, or "".
func typePkgPath(t types.Type) string {
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
		return n.Obj().Pkg().Path()
	}
	return ""
}

// UnboundedRanges returns, for an instruction of f on a cycle, the ranges
// over channels around it that may run without bound (their for
// positions), and whether another such loop is around it too (for { }, a
// goto loop). A range over a channel runs as many times as values come.
func (f *Func) UnboundedRanges(instr ssa.Instruction) (ranges []token.Pos, other bool) {
	if !f.InLoop(instr.Block()) {
		return nil, false
	}
	syn := f.SSA.Syntax()
	if syn == nil || f.model == nil {
		return nil, true
	}
	return f.model.source.unboundedRanges(instr.Pos(), syn.Pos(), syn.End())
}

// Loop returns an identifier of the cycle of f's control flow holding b,
// or -1 when b is on no cycle.
func (f *Func) Loop(b *ssa.BasicBlock) int {
	if !f.InLoop(b) {
		return -1
	}
	return f.scc[b.Index]
}

// LoopExits returns the ways out of loop id (see Loop): edges from a block
// of the loop to a block outside it, and return or panic blocks inside it
// (To is nil). Headers (blocks entered from outside the loop) are listed
// apart: their exits are the loop's own condition.
func (f *Func) LoopExits(id int) (headers []*ssa.BasicBlock, exits []CFGEdge) {
	for _, b := range f.SSA.Blocks {
		if f.scc[b.Index] != id || !f.LiveBlock(b) {
			continue
		}
		for _, p := range b.Preds {
			if f.scc[p.Index] != id {
				headers = append(headers, b)
				break
			}
		}
		if len(b.Succs) == 0 {
			exits = append(exits, CFGEdge{From: b})
		}
		for _, s := range b.Succs {
			if f.scc[s.Index] != id && f.LiveBlock(s) {
				exits = append(exits, CFGEdge{From: b, To: s})
			}
		}
	}
	return headers, exits
}

// LoopHasExit reports whether the loop whose header is the range block
// header can be left other than through its own condition: a break,
// return, goto or panic inside the body.
func (f *Func) LoopHasExit(header *ssa.BasicBlock) bool {
	if !f.InLoop(header) {
		return true
	}
	id := f.scc[header.Index]
	for _, b := range f.SSA.Blocks {
		if f.scc[b.Index] != id || !f.LiveBlock(b) {
			continue
		}
		if len(b.Succs) == 0 {
			return true // return or panic inside the loop
		}
		for _, s := range b.Succs {
			if f.scc[s.Index] != id && b != header {
				return true
			}
		}
	}
	return false
}

// MaxOnPath returns the largest number of blocks marked in count that one
// execution of f may pass through, counting each at most once per block
// execution; it returns -1 if a marked block lies on a cycle (any number).
func (f *Func) MaxOnPath(count func(*ssa.BasicBlock) int) int {
	if len(f.SSA.Blocks) == 0 {
		return 0
	}
	weight := make([]int, len(f.cyclic))
	for _, b := range f.SSA.Blocks {
		if !f.LiveBlock(b) {
			continue
		}
		if c := count(b); c > 0 {
			if f.cyclic[f.scc[b.Index]] {
				return -1
			}
			weight[f.scc[b.Index]] += c
		}
	}
	// Components are numbered successors first.
	best := make([]int, len(f.cyclic))
	for id := range best {
		best[id] = weight[id]
	}
	succ := make([][]int, len(f.cyclic))
	for _, b := range f.SSA.Blocks {
		if !f.LiveBlock(b) {
			continue
		}
		for _, s := range b.Succs {
			if f.scc[s.Index] != f.scc[b.Index] {
				succ[f.scc[b.Index]] = append(succ[f.scc[b.Index]], f.scc[s.Index])
			}
		}
	}
	for id := range best {
		m := 0
		for _, s := range succ[id] {
			if best[s] > m {
				m = best[s]
			}
		}
		best[id] = weight[id] + m
	}
	return best[f.scc[0]]
}

// Creates reports whether the package may hold a value of the named struct
// type t: t is exported (other packages may make one), or the package
// allocates one (a composite literal, new, a variable, a slice, map or
// channel of them, or a struct or array holding one by value; see
// builder.markMade).
func (m *Model) Creates(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Exported() || n.Obj().Pkg() == nil || m.Pkg == nil || n.Obj().Pkg() != m.Pkg.Pkg || m.made == nil {
		return true
	}
	return m.made[n.Origin().Obj()]
}

// AlwaysReaches reports whether instr, an instruction of f, runs before
// every return of f: its block dominates each live block that returns.
func (f *Func) AlwaysReaches(instr ssa.Instruction) bool {
	b := instr.Block()
	for _, blk := range f.SSA.Blocks {
		if !f.LiveBlock(blk) || len(blk.Instrs) == 0 {
			continue
		}
		if _, ok := blk.Instrs[len(blk.Instrs)-1].(*ssa.Return); ok && !b.Dominates(blk) {
			return false
		}
	}
	return true
}

// AlwaysStarts reports whether every return of f, a function run on the
// caller's goroutine, comes after it has started the goroutine of go
// statement g: g is f's own and runs before each return, or f calls, before
// each return, a function that always starts it (within depth calls).
func (f *Func) AlwaysStarts(g *GoSite, depth int) bool {
	if f == g.Fn {
		return f.AlwaysReaches(g.Instr)
	}
	if depth <= 0 {
		return false
	}
	for _, e := range f.Callees {
		if e.Kind == CallEdge && e.Callee != f && f.AlwaysReaches(e.Site) && e.Callee.AlwaysStarts(g, depth-1) {
			return true
		}
	}
	return false
}

// DeadEdge reports whether the control-flow edge from→to of f enters the
// body of a select case that can never proceed: a receive from channels
// of the package that nothing live sends on or closes, or a case on the
// nil channel.
func (f *Func) DeadEdge(from, to *ssa.BasicBlock) bool {
	return f.deadEdges[CFGEdge{From: from, To: to}]
}

// markDeadCases records, for every live select, the edges of its cases
// that can never proceed.
func (m *Model) markDeadCases() {
	feeds := func(k OpKind) bool { return k.Sends() || k == Close }
	for _, sel := range m.Selects {
		if !sel.Live {
			continue
		}
		for k, cs := range sel.Cases {
			if k >= len(sel.CaseEdges) || sel.CaseEdges[k].From == nil || !m.neverProceeds(cs, feeds) {
				continue
			}
			if sel.Fn.deadEdges == nil {
				sel.Fn.deadEdges = make(map[CFGEdge]bool)
			}
			sel.Fn.deadEdges[sel.CaseEdges[k]] = true
		}
	}
}

// neverProceeds reports whether the receive case cs can never proceed: its
// channel is nil, or one of the package's channels (nil on some paths, at
// most) that nothing live sends on or closes.
func (m *Model) neverProceeds(cs *Op, feeds func(OpKind) bool) bool {
	t := cs.Targets
	if t.OnlyNil() {
		return true
	}
	if cs.Kind == SelectSend || !t.Known() {
		return false
	}
	for _, pc := range t.Params {
		// What callers outside the package pass is unknown; callers inside
		// it pass the channels in t.Chans.
		if pc.Fn == nil || pc.Fn.Root || pc.Fn.Escaped {
			return false
		}
	}
	for _, ch := range t.Chans {
		if ch.Escaped || m.MayBeUnresolved(ch, feeds) {
			return false
		}
		for _, op := range ch.Ops {
			if op.Live && feeds(op.Kind) {
				return false
			}
		}
	}
	return true
}

// Selects returns the select statements of f, in source order.
func (f *Func) Selects() []*Select {
	if f.model == nil {
		return nil
	}
	var out []*Select
	for _, s := range f.model.Selects {
		if s.Fn == f {
			out = append(out, s)
		}
	}
	return out
}

// OnItsGoroutine returns f and the functions f runs on its own goroutine:
// what it calls or defers (not what it starts with go), within depth calls.
func (f *Func) OnItsGoroutine(depth int) map[*Func]bool {
	seen := map[*Func]bool{f: true}
	frontier := []*Func{f}
	for d := 0; d < depth && len(frontier) > 0; d++ {
		var next []*Func
		for _, g := range frontier {
			for _, e := range g.Callees {
				if e.Kind != GoEdge && !seen[e.Callee] {
					seen[e.Callee] = true
					next = append(next, e.Callee)
				}
			}
		}
		frontier = next
	}
	return seen
}

// StartedBy reports whether f runs on a goroutine started by a go
// statement of one of the functions in set.
func (f *Func) StartedBy(set map[*Func]bool) bool {
	for _, g := range f.Goroutines {
		if set[g.Fn] {
			return true
		}
	}
	return false
}
