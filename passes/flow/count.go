// Package flow counts, along the paths of functions, what they do with
// one channel: how many values they send or take, where they close it,
// and how many a caller can count on taking after a given point. The
// stranded check and the summary pass share it.
package flow

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/chanmodel"
)

// Inf stands for "any number": counts saturate at it.
const Inf = 1 << 20

// Add adds two counts, saturating at Inf.
func Add(a, b int) int {
	if a >= Inf || b >= Inf || a+b >= Inf {
		return Inf
	}
	return a + b
}

// Role is what a count counts on the channel under study.
type Role uint8

const (
	RoleSend    Role = iota // sends that can block (not a select case with a way out)
	RoleRecv                // receives (a range counts as draining the channel)
	RoleRelease             // closes, for a goroutine ranging over the channel
)

// RunCount is what one run of a function does with the channel.
type RunCount struct {
	Min, Max int
	// steady: some counted operation runs on every iteration of a loop, so
	// the count grows with the loop (a stream of values).
	Steady bool
	// Looped: the count includes the trips of a counted loop (here or in
	// a function called), so it may exceed the number of operations.
	Looped bool
	// ops are the operations counted, each with the largest count of the
	// same role that may precede it in the run (inf when unknown).
	Ops []OpAt
	// unknown: the function does something with the channel that cannot be
	// Counted; nothing may be claimed.
	Unknown bool
}

type OpAt struct {
	Op     *chanmodel.Op
	Before int
}

// Counter counts what the functions of a package do with one channel.
type Counter struct {
	m        *chanmodel.Model
	ch       *chanmodel.Chan
	depth    int
	maxPaths int
	memo     map[memoKey]*RunCount
	Ops      map[*ssa.BasicBlock][]*chanmodel.Op
	// relevant holds the functions from which an operation on ch can be
	// reached through plain and deferred calls: the only callees whose runs
	// count. Every other callee does nothing with ch, however large or
	// recursive it is.
	relevant map[*chanmodel.Func]bool
}

type memoKey struct {
	fn     *chanmodel.Func
	Role   Role
	consts string
	depth  int // how deep calls are still followed: part of the answer
}

// It computes at most maxPaths summaries (a function in one calling
// context): past that budget, what is left counts as unknown, and the
// callers claim nothing.
func NewCounter(m *chanmodel.Model, ch *chanmodel.Chan, depth, maxPaths int, ops map[*ssa.BasicBlock][]*chanmodel.Op) *Counter {
	return &Counter{m: m, ch: ch, depth: depth, maxPaths: maxPaths, memo: make(map[memoKey]*RunCount), Ops: ops, relevant: Relevant(ch)}
}

// Relevant returns the functions from which an operation on ch (one of
// ch.Ops, its own or a remote one at a call) can be reached through plain
// and deferred calls.
func Relevant(ch *chanmodel.Chan) map[*chanmodel.Func]bool {
	rel := make(map[*chanmodel.Func]bool)
	var work []*chanmodel.Func
	for _, op := range ch.Ops {
		if op.Live && !rel[op.Fn] {
			rel[op.Fn] = true
			work = append(work, op.Fn)
		}
	}
	for len(work) > 0 {
		f := work[len(work)-1]
		work = work[:len(work)-1]
		for _, e := range f.Callers {
			if e.Kind != chanmodel.GoEdge && !rel[e.Caller] {
				rel[e.Caller] = true
				work = append(work, e.Caller)
			}
		}
	}
	return rel
}

// only reports whether op acts on exactly the channel under study, in the
// calling context env. ok is false when it may act on it and on others
// too: then nothing is counted.
func (c *Counter) Only(op *chanmodel.Op, env *CallCtx) (yes, ok bool) {
	chans, unknown := c.resolve(op.Value, env)
	has := false
	for _, ch := range chans {
		if ch == c.ch {
			has = true
		}
	}
	if !has {
		return false, true
	}
	return len(chans) == 1 && !unknown, len(chans) == 1 && !unknown
}

// resolve returns the channels v may hold in the calling context env: a
// parameter bound at the call site to one known channel holds just that.
func (c *Counter) resolve(v ssa.Value, env *CallCtx) ([]*chanmodel.Chan, bool) {
	for {
		v = chanmodel.Unconvert(v)
		switch x := v.(type) {
		case *ssa.Parameter:
			if env != nil {
				if chans, ok := env.chans[x]; ok {
					return chans, false
				}
			}
		}
		break
	}
	t := c.m.Targets(v)
	if c.ch.Param == nil {
		return t.Chans, t.Unknown
	}
	// Counting what a function does with a channel it is given: whatever
	// else callers outside the package may pass in its place (unknown, and
	// everything that escaped) is that same parameter.
	var out []*chanmodel.Chan
	for _, ch := range append(append([]*chanmodel.Chan(nil), t.Chans...), t.Params...) {
		if ch == c.ch || !ch.Escaped {
			out = append(out, ch)
		}
	}
	return out, false
}

// ParamCtx is the calling context of f itself when summarizing it: each
// channel parameter holds the channel standing for it.
func ParamCtx(m *chanmodel.Model, f *chanmodel.Func) *CallCtx {
	env := &CallCtx{consts: map[*ssa.Parameter]*ssa.Const{}, chans: map[*ssa.Parameter][]*chanmodel.Chan{}}
	for _, p := range f.SSA.Params {
		if pc := m.ParamChan(p); pc != nil {
			env.chans[p] = []*chanmodel.Chan{pc}
		}
	}
	return env
}

// Weights are the counts of one role on the blocks and edges of a function.
type Weights struct {
	Block map[*ssa.BasicBlock][2]int // min, max
	Edge  map[chanmodel.CFGEdge][2]int
	Items map[*ssa.BasicBlock][]Item // per block, in instruction order
	// loops that receive from the channel (by loop id): exits through the
	// loop's condition drain it; for plain receive loops (true), any exit
	// may be a sentinel's.
	DrainLoops map[int]bool
	Unknown    bool
}

// Item is one counted thing inside a block: an operation or a call.
type Item struct {
	Index    int // instruction index in the block
	Min, Max int
	Op       *chanmodel.Op
	Sub      *RunCount
}

// CallCtx is what a call site tells about the parameters of the function
// being counted: constants (branches on them are decided) and channels
// (an operation on such a parameter acts on just that channel).
type CallCtx struct {
	consts map[*ssa.Parameter]*ssa.Const
	chans  map[*ssa.Parameter][]*chanmodel.Chan
	// notPanicking: the function runs deferred, at the return of a
	// function that acts on the channel itself and has no panic of its
	// own (see CallEnv): recover() returns nil there.
	notPanicking bool
	// phis binds loop phis to the constants they hold on a loop's first
	// iteration (see Graph.successors).
	phis map[*ssa.Phi]*ssa.Const
}

func (e *CallCtx) key() string {
	if e == nil {
		return ""
	}
	var parts []string
	for p, c := range e.consts {
		parts = append(parts, p.Name()+"="+c.String())
	}
	for p, chans := range e.chans {
		s := p.Name() + "@"
		for _, ch := range chans {
			s += fmt.Sprintf("%p,", ch)
		}
		parts = append(parts, s)
	}
	if e.notPanicking {
		parts = append(parts, "!panicking")
	}
	slices.Sort(parts)
	return strings.Join(parts, ";")
}

func (e *CallCtx) constOf(p *ssa.Parameter) *ssa.Const {
	if e == nil {
		return nil
	}
	return e.consts[p]
}

// weigh computes the weights of role r over f's blocks.
func (c *Counter) Weigh(f *chanmodel.Func, r Role, env *CallCtx, depth int) *Weights {
	w := &Weights{
		Block:      make(map[*ssa.BasicBlock][2]int),
		Edge:       make(map[chanmodel.CFGEdge][2]int),
		Items:      make(map[*ssa.BasicBlock][]Item),
		DrainLoops: make(map[int]bool),
	}
	for _, b := range f.SSA.Blocks {
		if !f.LiveBlock(b) {
			continue
		}
		for _, op := range c.Ops[b] {
			yes, ok := c.Only(op, env)
			if !ok {
				// An operation that may act on this channel and others.
				if c.counts(op.Kind, r) {
					w.Unknown = true
				}
				continue
			}
			if !yes || !c.counts(op.Kind, r) {
				continue
			}
			idx := IndexOf(b, op.Instr)
			switch {
			case op.Remote != nil:
				// What a function of another package does with the
				// channel, by its summary. Operations it leaves to a
				// goroutine it starts are not this goroutine's.
				if op.Remote.Async {
					continue
				}
				if r == RoleSend && op.Remote.WayOut {
					continue
				}
				if op.Kind == chanmodel.Range {
					w.Items[b] = append(w.Items[b], Item{Index: idx, Min: Inf, Max: Inf, Op: op})
					continue
				}
				w.Items[b] = append(w.Items[b], Item{Index: idx, Min: op.Min, Max: op.Max, Op: op})
			case op.Select != nil:
				e := op.Select.CaseEdges[op.Case]
				if r == RoleSend && c.Escapable(op) {
					continue // the select has a way out: this send never strands
				}
				if op.Kind == chanmodel.SelectRecv && f.InLoop(b) {
					if _, ok := w.DrainLoops[f.Loop(b)]; !ok {
						w.DrainLoops[f.Loop(b)] = false
					}
				}
				if e.From == nil {
					w.Unknown = true
					continue
				}
				if op.Kind == chanmodel.SelectRecv {
					c.closedEdges(op.Select.Instr, w)
				}
				cur := w.Edge[e]
				w.Edge[e] = [2]int{Add(cur[0], 1), Add(cur[1], 1)}
				w.Items[e.From] = append(w.Items[e.From], Item{Index: len(e.From.Instrs), Min: 0, Max: 1, Op: op})
			case op.Kind == chanmodel.Range:
				// header -> body: one value; header -> done: the channel
				// was closed, so every value was taken.
				if len(b.Succs) == 2 {
					body := chanmodel.CFGEdge{From: b, To: b.Succs[0]}
					done := chanmodel.CFGEdge{From: b, To: b.Succs[1]}
					w.Edge[body] = [2]int{1, 1}
					w.Edge[done] = [2]int{Inf, Inf}
				}
				w.Items[b] = append(w.Items[b], Item{Index: idx, Min: 0, Max: 1, Op: op})
			default:
				if op.Kind == chanmodel.Recv && f.InLoop(b) {
					w.DrainLoops[f.Loop(b)] = true // plain receives
				}
				if op.Kind == chanmodel.Recv && op.CommaOk {
					c.closedEdges(op.Instr.(ssa.Value), w)
				}
				w.Items[b] = append(w.Items[b], Item{Index: idx, Min: 1, Max: 1, Op: op})
			}
		}
		if depth > 0 {
			c.weighCalls(f, b, r, env, depth, w)
		} else if c.relevantCall(f, b) {
			w.Unknown = true // a call that may act on ch, past the depth budget
		}
	}
	for b, its := range w.Items {
		lo, hi := 0, 0
		for _, it := range its {
			if it.Op != nil && it.Op.Remote == nil && (it.Op.Select != nil || it.Op.Kind == chanmodel.Range) {
				continue // Counted on edges
			}
			lo, hi = Add(lo, it.Min), Add(hi, it.Max)
		}
		w.Block[b] = [2]int{lo, hi}
		sortItems(its)
	}
	return w
}

// relevantCall reports whether block b of f calls a function that may act
// on the channel.
func (c *Counter) relevantCall(f *chanmodel.Func, b *ssa.BasicBlock) bool {
	for _, e := range f.Callees {
		if e.Kind != chanmodel.GoEdge && e.Site.Block() == b && c.relevant[e.Callee] {
			return true
		}
	}
	return false
}

// weighCalls adds the counts of the package functions called in block b.
// Sites none of whose callees can reach an operation on the channel count
// nothing; at the others, such callees count zero.
func (c *Counter) weighCalls(f *chanmodel.Func, b *ssa.BasicBlock, r Role, env *CallCtx, depth int, w *Weights) {
	bySite := make(map[ssa.Instruction][]*chanmodel.Edge)
	var sites []ssa.Instruction
	for _, e := range f.Callees {
		if e.Kind == chanmodel.GoEdge || e.Site.Block() != b {
			continue
		}
		if _, seen := bySite[e.Site]; !seen {
			sites = append(sites, e.Site)
		}
		bySite[e.Site] = append(bySite[e.Site], e)
	}
	for _, site := range sites {
		lo, hi := Inf, 0
		var merged *RunCount
		edges := bySite[site]
		if !slices.ContainsFunc(edges, func(e *chanmodel.Edge) bool { return c.relevant[e.Callee] }) {
			continue
		}
		fromCaller := len(edges) > 1 && callbackParam(site)
		Counted := 0
		for _, e := range edges {
			sub := &RunCount{}
			if c.relevant[e.Callee] {
				sub = c.Summarize(e.Callee, r, c.CallEnv(site, e.Callee, env), depth-1)
			}
			if sub.Unknown {
				w.Unknown = true
			}
			// A function value handed in by callers (a callback) may be
			// any of the functions all callers pass; those that do nothing
			// with this channel belong to other callers.
			if fromCaller && sub.Max == 0 && len(sub.Ops) == 0 {
				continue
			}
			// Otherwise a call that may reach functions doing different
			// things with the channel cannot be counted: the choice is made
			// elsewhere in the function, often together with other calls.
			if Counted > 0 && (sub.Min != lo || sub.Max != hi) {
				w.Unknown = true
			}
			Counted++
			if sub.Min < lo {
				lo = sub.Min
			}
			if sub.Max > hi {
				hi = sub.Max
			}
			if merged == nil {
				merged = &RunCount{}
			}
			merged.Ops = append(merged.Ops, sub.Ops...)
			merged.Steady = merged.Steady || sub.Steady
			merged.Looped = merged.Looped || sub.Looped
		}
		if hi == 0 || merged == nil {
			continue
		}
		merged.Min, merged.Max = lo, hi
		w.Items[b] = append(w.Items[b], Item{Index: IndexOf(b, site), Min: lo, Max: hi, Sub: merged})
	}
}

// closedEdges marks the edges taken when a comma-ok receive (or a select
// whose chosen receive case) reports the channel closed: past them, every
// value was taken.
func (c *Counter) closedEdges(v ssa.Value, w *Weights) {
	for _, ref := range *v.Referrers() {
		ok, isExtract := ref.(*ssa.Extract)
		if !isExtract || ok.Index != 1 {
			continue
		}
		for _, r := range *ok.Referrers() {
			switch u := r.(type) {
			case *ssa.If:
				b := u.Block()
				w.Edge[chanmodel.CFGEdge{From: b, To: b.Succs[1]}] = [2]int{Inf, Inf}
			case *ssa.UnOp:
				if u.Op != token.NOT {
					continue
				}
				for _, rr := range *u.Referrers() {
					if iff, isIf := rr.(*ssa.If); isIf {
						b := iff.Block()
						w.Edge[chanmodel.CFGEdge{From: b, To: b.Succs[0]}] = [2]int{Inf, Inf}
					}
				}
			}
		}
	}
}

// callbackParam reports whether the function called at site is a value
// handed in by the caller: a parameter, or a variable captured from one.
func callbackParam(site ssa.Instruction) bool {
	call, ok := site.(ssa.CallInstruction)
	if !ok || call.Common().IsInvoke() {
		return false
	}
	switch v := call.Common().Value.(type) {
	case *ssa.Parameter:
		return true
	case *ssa.FreeVar:
		return true
	case *ssa.UnOp:
		_, ok := v.X.(*ssa.FreeVar)
		return ok
	}
	return false
}

// counts reports whether an operation of kind k counts for role r.
func (c *Counter) counts(k chanmodel.OpKind, r Role) bool {
	switch r {
	case RoleSend:
		return k.Sends()
	case RoleRecv:
		return k.Receives()
	case RoleRelease:
		return k == chanmodel.Close
	}
	return false
}

// escapable reports whether the select holding op has another case that
// may proceed (or a default): then op never blocks forever.
func (c *Counter) Escapable(op *chanmodel.Op) bool {
	sel := op.Select
	if !sel.Blocking {
		return true
	}
	for _, other := range sel.Cases {
		if other == op {
			continue
		}
		t := other.Targets
		if t.OnlyNil() {
			continue
		}
		if !t.Known() {
			return true // a context, timer or unknown channel
		}
		for _, ch := range t.Chans {
			if ch == c.ch {
				continue
			}
			return true // another channel of the package: assume it may fire
		}
	}
	return false
}

// summarize counts role r over one run of f.
func (c *Counter) Summarize(f *chanmodel.Func, r Role, env *CallCtx, depth int) *RunCount {
	k := memoKey{f, r, env.key(), depth}
	if s, ok := c.memo[k]; ok {
		return s
	}
	if len(c.memo) >= c.maxPaths {
		return &RunCount{Unknown: true, Max: Inf}
	}
	// Break recursion: a call cycle counts as unknown.
	c.memo[k] = &RunCount{Unknown: true, Max: Inf}
	s := c.compute(f, r, env, depth)
	c.memo[k] = s
	return s
}

func (c *Counter) compute(f *chanmodel.Func, r Role, env *CallCtx, depth int) *RunCount {
	if !f.Live || len(f.SSA.Blocks) == 0 || f.OverBudget {
		return &RunCount{}
	}
	live := ConstLive(f, env)
	w := c.Weigh(f, r, env, depth)
	s := &RunCount{Unknown: w.Unknown}
	g := NewGraphIn(f, live, w, env)
	s.Min, s.Max = g.EntryToExit()
	s.Looped = g.Counted
	for b, its := range w.Items {
		before := g.MaxBefore(b)
		run := 0
		for _, it := range its {
			switch {
			case it.Op != nil:
				s.Ops = append(s.Ops, OpAt{it.Op, Add(before, run)})
			case it.Sub != nil:
				s.Looped = s.Looped || it.Sub.Looped
				for _, o := range it.Sub.Ops {
					s.Ops = append(s.Ops, OpAt{o.Op, Add(Add(before, run), o.Before)})
				}
			}
			run = Add(run, it.Max)
		}
	}
	sortOpAts(s.Ops)
	// A count above the number of distinct operations comes from calling
	// one helper several times; unless each call surely counts, a flag
	// may let only one of them through (report-once helpers): count the
	// operations, not the calls.
	if s.Max < Inf && !s.Looped {
		distinct := make(map[*chanmodel.Op]bool)
		for _, o := range s.Ops {
			distinct[o.Op] = true
		}
		if s.Max > len(distinct) {
			s.Max = max(len(distinct), s.Min)
		}
	}
	s.Steady = c.Steady(f, live, w)
	return s
}

// steady reports whether a counted operation (or a call to a steady
// function) runs on every iteration of some loop of f: it dominates every
// block that jumps back to the loop's header.
func (c *Counter) Steady(f *chanmodel.Func, live []bool, w *Weights) bool {
	for b, its := range w.Items {
		for _, it := range its {
			if it.Sub != nil && it.Sub.Steady && !f.InLoop(b) {
				return true
			}
			if it.Op == nil || it.Op.Select != nil || !f.InLoop(b) {
				continue
			}
			headers, _ := f.LoopExits(f.Loop(b))
			every := true
			for _, l := range f.SSA.Blocks {
				if !live[l.Index] || f.Loop(l) != f.Loop(b) {
					continue
				}
				for _, s := range l.Succs {
					if slices.Contains(headers, s) && !b.Dominates(l) {
						every = false
					}
				}
			}
			if every {
				return true
			}
		}
	}
	return false
}

// callEnv binds what a call site passes to the callee's parameters:
// constants, and channels when the argument holds exactly one known channel
// (passing on what the caller itself was told about its parameters).
func (c *Counter) CallEnv(site ssa.Instruction, callee *chanmodel.Func, env *CallCtx) *CallCtx {
	call, ok := site.(ssa.CallInstruction)
	if !ok {
		return nil
	}
	args := call.Common().Args
	params := callee.SSA.Params
	var out *CallCtx
	if _, deferred := site.(*ssa.Defer); deferred && !panics(site.Parent()) && c.actsOn(site.Parent()) {
		// A deferred call runs when the function returns. When the
		// function itself acts on the channel, a recover()-guarded act in
		// the defer stands for the panic path, instead of the function's
		// own acts, not in addition to them: the counts follow the
		// paths that do not panic, and on those recover() is nil. (When
		// the recovery is the function's only act on the channel, it is
		// counted: the panic may be the point, as in a test that a panic
		// propagates. An explicit panic in the function makes the
		// recovery a path too.)
		out = &CallCtx{consts: map[*ssa.Parameter]*ssa.Const{}, chans: map[*ssa.Parameter][]*chanmodel.Chan{}, notPanicking: true}
	}
	for i, a := range args {
		if i >= len(params) {
			break
		}
		var k *ssa.Const
		switch a := a.(type) {
		case *ssa.Const:
			k = a
		case *ssa.Parameter:
			k = env.constOf(a)
		}
		if k != nil {
			if out == nil {
				out = &CallCtx{consts: map[*ssa.Parameter]*ssa.Const{}, chans: map[*ssa.Parameter][]*chanmodel.Chan{}}
			}
			out.consts[params[i]] = k
		}
		if _, ok := a.Type().Underlying().(*types.Chan); ok {
			if chans, unknown := c.resolve(a, env); !unknown && len(chans) == 1 {
				if out == nil {
					out = &CallCtx{consts: map[*ssa.Parameter]*ssa.Const{}, chans: map[*ssa.Parameter][]*chanmodel.Chan{}}
				}
				out.chans[params[i]] = chans
			}
		}
	}
	return out
}

// ConstLive returns f's live blocks once branches decided by the constant
// parameters of env are cut, and so are the bodies of select cases that can
// never proceed.
func ConstLive(f *chanmodel.Func, env *CallCtx) []bool {
	live := constLive(f, env, nil)
	if env == nil {
		return live
	}
	// A select case on a channel that is nil in this calling context (var
	// timeout <-chan time.Time, set only when a constant argument says so)
	// never proceeds: the blocks only it leads to are dead too.
	var cut map[chanmodel.CFGEdge]bool
	for _, sel := range f.Selects() {
		for k, st := range sel.Instr.States {
			if k < len(sel.CaseEdges) && sel.CaseEdges[k].From != nil && nilIn(st.Chan, live, 0) {
				if cut == nil {
					cut = make(map[chanmodel.CFGEdge]bool)
				}
				cut[sel.CaseEdges[k]] = true
			}
		}
	}
	if cut == nil {
		return live
	}
	live = constLive(f, env, cut)
	// The dispatch of the dead cases (a test of the select's index whose
	// every way on is dead) cannot run either.
	for changed := true; changed; {
		changed = false
		for _, b := range f.SSA.Blocks {
			if !live[b.Index] || len(b.Succs) == 0 || !pure(b) {
				continue
			}
			on := false
			for _, s := range b.Succs {
				on = on || live[s.Index] && !cut[chanmodel.CFGEdge{From: b, To: s}]
			}
			if !on {
				live[b.Index] = false
				changed = true
			}
		}
	}
	return live
}

// pure reports whether block b only computes and branches: nothing in it
// can block, call or end the run.
func pure(b *ssa.BasicBlock) bool {
	for _, instr := range b.Instrs {
		switch instr.(type) {
		case *ssa.BinOp, *ssa.UnOp, *ssa.Extract, *ssa.If, *ssa.Jump, *ssa.Phi, *ssa.ChangeType, *ssa.Convert, *ssa.DebugRef:
			if u, ok := instr.(*ssa.UnOp); ok && u.Op == token.ARROW {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// nilIn reports whether v is the nil channel on every live path: the nil
// constant, or a phi whose live incoming values all are.
func nilIn(v ssa.Value, live []bool, depth int) bool {
	if depth > 8 {
		return false
	}
	switch x := v.(type) {
	case *ssa.Const:
		return x.IsNil()
	case *ssa.ChangeType:
		return nilIn(x.X, live, depth+1)
	case *ssa.Phi:
		any := false
		for i, e := range x.Edges {
			if p := x.Block().Preds[i]; !live[p.Index] {
				continue
			}
			if !nilIn(e, live, depth+1) {
				return false
			}
			any = true
		}
		return any
	}
	return false
}

func constLive(f *chanmodel.Func, env *CallCtx, cut map[chanmodel.CFGEdge]bool) []bool {
	fn := f.SSA
	live := make([]bool, len(fn.Blocks))
	if len(fn.Blocks) == 0 {
		return live
	}
	var stack []*ssa.BasicBlock
	visit := func(b *ssa.BasicBlock) {
		if !live[b.Index] && f.LiveBlock(b) {
			live[b.Index] = true
			stack = append(stack, b)
		}
	}
	visit(fn.Blocks[0])
	if fn.Recover != nil {
		visit(fn.Recover)
	}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		succs := b.Succs
		if v, ok := decide(b, env); ok && len(succs) == 2 {
			if v {
				succs = succs[:1]
			} else {
				succs = succs[1:]
			}
		}
		for _, s := range succs {
			if !f.DeadEdge(b, s) && !cut[chanmodel.CFGEdge{From: b, To: s}] {
				visit(s)
			}
		}
	}
	return live
}

// actsOn reports whether fn itself (not a function it defers or calls)
// has a live operation on the counted channel.
func (c *Counter) actsOn(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, op := range c.Ops[b] {
			if op.Live && slices.Contains(op.Targets.Chans, c.ch) {
				if _, deferred := op.Instr.(*ssa.Defer); !deferred {
					return true
				}
			}
		}
	}
	return false
}

// panics reports whether fn has a panic statement of its own.
func panics(fn *ssa.Function) bool {
	if fn == nil {
		return true
	}
	for _, b := range fn.Blocks {
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Panic); ok {
			return true
		}
	}
	return false
}

// decide evaluates the condition ending b when it is an expression over
// constants and what env binds to constants: parameters, a loop's phis on
// its first iteration, recover() (nil when not panicking). env may be nil.
func decide(b *ssa.BasicBlock, env *CallCtx) (bool, bool) {
	if len(b.Instrs) == 0 {
		return false, false
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false, false
	}
	// nil == nil and a parameter bound to nil against nil.
	if cond, ok := iff.Cond.(*ssa.BinOp); ok && env != nil && (cond.Op == token.EQL || cond.Op == token.NEQ) {
		x, y := constArg(cond.X, env), constArg(cond.Y, env)
		if x != nil && y != nil && (x.Value == nil || y.Value == nil) {
			eq, ok := constEqual(x, y)
			if !ok {
				return false, false
			}
			return eq != (cond.Op == token.NEQ), true
		}
	}
	v, ok := evalConst(iff.Cond, env, 0)
	if !ok || v.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(v), true
}

// constArg returns the constant v is, directly or through a parameter the
// calling context binds, or nil.
func constArg(v ssa.Value, env *CallCtx) *ssa.Const {
	switch v := v.(type) {
	case *ssa.Const:
		return v
	case *ssa.Parameter:
		return env.constOf(v)
	case *ssa.Phi:
		if env != nil {
			return env.phis[v]
		}
	case *ssa.Call:
		if b, ok := v.Call.Value.(*ssa.Builtin); ok && b.Name() == "recover" && env != nil && env.notPanicking {
			return ssa.NewConst(nil, v.Type())
		}
	}
	return nil
}

// evalConst folds v, an expression over constants and the parameters the
// calling context binds to constants (arithmetic, bit masks, comparisons,
// negation), to its value. A validation that fails only for arguments no
// caller passes (flags&mask != 0, n > max) is then decided, not taken both
// ways.
func evalConst(v ssa.Value, env *CallCtx, depth int) (constant.Value, bool) {
	if depth > 8 {
		return nil, false
	}
	switch v := v.(type) {
	case *ssa.Const, *ssa.Parameter, *ssa.Phi:
		c := constArg(v, env)
		if c == nil || c.Value == nil {
			return nil, false
		}
		return c.Value, true
	case *ssa.UnOp:
		x, ok := evalConst(v.X, env, depth+1)
		if !ok {
			return nil, false
		}
		return chanmodel.FoldUnary(v.Op, x, v.Type())
	case *ssa.BinOp:
		x, ok := evalConst(v.X, env, depth+1)
		if !ok {
			return nil, false
		}
		y, ok := evalConst(v.Y, env, depth+1)
		if !ok {
			return nil, false
		}
		return chanmodel.FoldBinary(v.Op, x, y, v.Type())
	}
	return nil, false
}

func constEqual(x, y *ssa.Const) (bool, bool) {
	switch {
	case x.Value == nil && y.Value == nil:
		return true, true // nil == nil
	case x.Value == nil || y.Value == nil:
		return false, false // nil against a non-nil constant: not decided here
	}
	if x.Value.Kind() != y.Value.Kind() {
		return false, false
	}
	return constant.Compare(x.Value, token.EQL, y.Value), true
}

func IndexOf(b *ssa.BasicBlock, instr ssa.Instruction) int {
	for i, in := range b.Instrs {
		if in == instr {
			return i
		}
	}
	return len(b.Instrs)
}

// Before reports whether instruction a runs before b on every path: a's
// block dominates b's, and within one block a comes first.
func Before(a, b ssa.Instruction) bool {
	ab, bb := a.Block(), b.Block()
	if ab != bb {
		return ab.Dominates(bb)
	}
	return IndexOf(ab, a) < IndexOf(bb, b)
}
