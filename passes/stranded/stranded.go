package stranded

import (
	_ "embed"
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/internal/checkdoc"
	"github.com/leakvet/leakvet/passes/chanmodel"
	"github.com/leakvet/leakvet/passes/config"
	"github.com/leakvet/leakvet/passes/explain"
	"github.com/leakvet/leakvet/passes/flow"
	"github.com/leakvet/leakvet/passes/report"
	"github.com/leakvet/leakvet/passes/summary"
	"github.com/leakvet/leakvet/passes/unpaired"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutines stranded when their partner leaves early.
var Analyzer = &analysis.Analyzer{
	Name: "stranded",
	Doc:  checkdoc.MustExtract(doc, "stranded"),
	URL:  "https://github.com/leakvet/leakvet/blob/main/docs/checks.md#stranded",
	Run:  run,
	// unpaired: an operation it reports is its leak (one leak, one report).
	Requires:   []*analysis.Analyzer{summary.Analyzer, config.Analyzer, report.DirectivesAnalyzer, unpaired.Analyzer},
	ResultType: reflect.TypeFor[*report.Used](),
}

type checker struct {
	pass     *analysis.Pass
	m        *chanmodel.Model
	cfg      *config.Config
	r        *report.Reporter
	x        *explain.Explainer
	ops      map[*ssa.BasicBlock][]*chanmodel.Op
	reported map[token.Pos]bool
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[summary.Analyzer].(*chanmodel.Model)
	cfg := pass.ResultOf[config.Analyzer].(*config.Config)
	r := report.New(pass, cfg, m)
	r.After(unpaired.Analyzer.Name, pass.ResultOf[unpaired.Analyzer].(*report.Used))
	r.ModelErrors()
	// (No go statement of its own is no reason to stop: a function of
	// another package may start the goroutine, as its summary says.)
	if len(m.Chans) == 0 {
		return r.Used(), nil
	}
	c := &checker{
		pass:     pass,
		m:        m,
		cfg:      cfg,
		r:        r,
		x:        explain.New(pass, m),
		ops:      make(map[*ssa.BasicBlock][]*chanmodel.Op),
		reported: make(map[token.Pos]bool),
	}
	for _, op := range m.Ops {
		if op.Live {
			c.ops[op.Block] = append(c.ops[op.Block], op)
		}
	}
	for _, ch := range m.Chans {
		if !ch.Live || !ch.Fn.Live || ch.Fn.OverBudget || len(ch.Fn.SSA.Blocks) > cfg.MaxBlocks {
			continue
		}
		if ch.Make == nil {
			if ch.Call != nil && !ch.Escaped {
				r.Guard(ch.Call.Pos(), explain.FuncName(ch.Fn), func() { c.checkGenerator(ch) })
			}
			continue
		}
		r.Guard(ch.Make.Pos(), explain.FuncName(ch.Fn), func() {
			// A generator of the package: each call is a channel of its
			// own, whether or not the function's being in the API lets it
			// escape.
			if !ch.EscapesOther && c.checkLocalGenerator(ch) {
				return
			}
			if !ch.Escaped {
				c.checkChan(ch)
			}
		})
	}
	return r.Used(), nil
}

// owner is what the function that makes a channel does with it.
type owner struct {
	ch       *chanmodel.Chan
	p        *chanmodel.Func
	cnt      *flow.Counter
	parent   []*chanmodel.Op // operations run by p or functions it calls
	children []*chanmodel.Op // operations run by goroutines p starts
	spawns   []spawn
	// renew is the block making the channel when it is made anew on each
	// iteration of a loop (see perIteration), else nil.
	renew *ssa.BasicBlock
}

// checkChan studies one channel whose every operation is run either by the
// function that makes it (or functions it calls) or by goroutines that
// function starts. Anything else is beyond what paths of one function say.
func (c *checker) checkChan(ch *chanmodel.Chan) {
	p := ch.Fn
	var renew *ssa.BasicBlock
	if p.InLoop(ch.Make.Block()) {
		// One channel per iteration: paths are followed to the end of the
		// iteration, when the value does not outlive it.
		if !perIteration(ch.Make, p) {
			return
		}
		renew = ch.Make.Block()
	}
	any := func(chanmodel.OpKind) bool { return true }
	if c.m.MayBeUnresolved(ch, any) {
		return
	}
	o := &owner{ch: ch, p: p, renew: renew, cnt: flow.NewCounter(c.m, ch, c.cfg.MaxCallDepth, c.cfg.MaxPaths, c.ops)}
	if c.deferredOps(o) {
		return // a deferred call acts on the channel on return: paths do not say when
	}
	sync := p.OnItsGoroutine(c.cfg.MaxCallDepth)
	o.spawns = c.spawns(p, sync)
	var replies []*chanmodel.Op
	for _, op := range ch.Ops {
		if !op.Live {
			continue
		}
		switch {
		case sync[op.Fn] && op.Remote != nil && op.Remote.Async:
			// A function of another package does it on a goroutine of its
			// own (go otherpkg.Emit(ch), or Emit starts one): a child.
			o.children = append(o.children, op)
			if op.Fn == p {
				o.spawns = append(o.spawns, spawn{at: op.Instr, remote: op})
			}
		case sync[op.Fn]:
			o.parent = append(o.parent, op)
		case op.Fn.StartedBy(sync):
			o.children = append(o.children, op)
		case isReply(op):
			replies = append(replies, op)
		default:
			return
		}
	}
	if len(replies) > 0 {
		// Sends by whoever received the channel over another one: the
		// reply of a request (reply.go).
		if len(o.children) == 0 {
			c.checkReply(o, replies)
		}
		return
	}
	var senders []sender
	for _, sp := range o.spawns {
		var env *flow.CallCtx
		var sends *flow.RunCount
		if sp.remote != nil {
			if !sp.remote.Kind.Sends() {
				c.checkWaiter(o, sp, nil)
				continue
			}
			sends = remoteCount(sp.remote)
		} else {
			child := sp.g.Targets[0]
			env = o.cnt.CallEnv(sp.g.Instr, child, nil)
			sends = o.cnt.Summarize(child, flow.RoleSend, env, c.cfg.MaxCallDepth)
		}
		if sends.Unknown {
			continue
		}
		if sends.Max > 0 {
			if !c.checkSender(o, sp, sends) && sends.Max < flow.Inf && !p.InLoop(sp.at.Block()) {
				senders = append(senders, sender{sp, sends})
			}
			if sends.Min == 0 && sp.remote == nil {
				c.checkSkipped(o, sp, env, flow.RoleSend)
			}
			continue
		}
		c.checkWaiter(o, sp, env)
		c.checkSkipped(o, sp, env, flow.RoleRelease)
	}
	if len(senders) > 1 {
		c.checkSenders(o, senders)
	}
}

// spawn is a goroutine the owner starts: the go statement, and the
// instruction of the owner that runs it (the go statement itself, or the
// call of a helper that starts it, as in a hand-written errgroup).
type spawn struct {
	g  *chanmodel.GoSite
	at ssa.Instruction
	// remote is set for a goroutine a function of another package starts
	// (or a go statement starting such a function): its operation on the
	// channel, by the function's summary. g is then nil.
	remote *chanmodel.Op
}

// remoteCount is what a remote goroutine does with the channel, by the
// summary of its function.
func remoteCount(op *chanmodel.Op) *flow.RunCount {
	if op.Remote.WayOut {
		return &flow.RunCount{}
	}
	return &flow.RunCount{Min: op.Min, Max: op.Max, Steady: op.Max >= flow.Inf, Ops: []flow.OpAt{{Op: op, Before: 0}}}
}

// spawns lists the goroutines p starts, directly or through the functions
// it calls; each with the instruction of p that starts it.
func (c *checker) spawns(p *chanmodel.Func, sync map[*chanmodel.Func]bool) []spawn {
	var out []spawn
	for _, g := range c.m.Gos {
		if !sync[g.Fn] || g.External || len(g.Targets) != 1 {
			continue
		}
		if _, ok := g.Instr.(*ssa.Go); !ok {
			continue
		}
		if g.Fn == p {
			out = append(out, spawn{g: g, at: g.Instr})
			continue
		}
		// The calls of p that lead to g's function, when the callee
		// starts the goroutine before each of its returns: a helper that
		// may return without starting it (on an error) says nothing about
		// what the owner must do after the call.
		for _, e := range p.Callees {
			if e.Kind != chanmodel.GoEdge && e.Callee.OnItsGoroutine(c.cfg.MaxCallDepth)[g.Fn] && e.Callee.AlwaysStarts(g, c.cfg.MaxCallDepth) {
				out = append(out, spawn{g: g, at: e.Site})
			}
		}
	}
	return out
}

type sender struct {
	sp    spawn
	sends *flow.RunCount
}

// checkSender handles a goroutine that sends on the channel: the owner
// must take every value it sends, on every path from the go statement.
// It reports whether it found (and reported) a leak; when it returns false
// having judged the goroutine on its own, checkSenders judges it together
// with the others.
func (c *checker) checkSender(o *owner, sp spawn, sends *flow.RunCount) bool {
	ch, p := o.ch, o.p
	if ch.Cap < 0 {
		return false // a capacity computed at run time may cover every send
	}
	for _, op := range o.children {
		if op.Kind.Receives() {
			return false // another goroutine receives: beyond paths of one function
		}
	}
	receives := false
	for _, op := range o.parent {
		receives = receives || op.Kind.Receives()
	}
	if !receives {
		return false // nothing receives at all: the unpaired check reports that
	}
	for _, op := range o.parent {
		if op.Kind.Sends() || op.Kind == chanmodel.Close {
			return false // the owner sends or closes too
		}
		if op.Kind.Receives() && op.Fn == p && p.SameLoop(op.Block, sp.at.Block()) && o.renew == nil {
			return false // one receive per goroutine, in the same loop
		}
	}
	inLoop := p.InLoop(sp.at.Block())
	if o.renew != nil {
		if repeatsPerChannel(p, o.renew, sp.at.Block()) {
			return false // several goroutines per channel: no count
		}
		inLoop = false // one goroutine per channel, as outside a loop
	}
	need, mode := sends.Max, flow.Counted
	switch {
	case sends.Max >= flow.Inf:
		if !sends.Steady {
			return false // sends in a loop, but not on every iteration: no count
		}
		if ch.Cap > 1 {
			// A loop that ends when its source runs dry (a queue, a
			// reader, a counted loop) sends as many values as the source
			// holds, and the buffer was sized for some number of them.
			return false
		}
		mode = flow.Stream
		need = flow.Inf
	case inLoop:
		need = flow.Inf
		if trips, ok := c.constTrips(sp); ok {
			need = trips * sends.Max
		} else if ch.Cap > 1 {
			// How many goroutines the loop starts is not known, and the
			// buffer was sized for some number of them: no claim. (A
			// buffer of one is the idiom for one result, not a count.)
			return false
		}
	}
	recv := o.cnt.Weigh(p, flow.RoleRecv, nil, c.cfg.MaxCallDepth)
	if recv.Unknown || helperCounterpart(sp, recv) {
		return false
	}
	gr := flow.NewGraph(p, flow.ConstLive(p, nil), recv)
	gr.Renew = o.renew
	gr.Cut = c.exclusiveCases(o, sp, sends)
	for e := range c.lostRaces(o, sp, sends) {
		if gr.Cut == nil {
			gr.Cut = make(map[chanmodel.CFGEdge]bool)
		}
		gr.Cut[e] = true
	}
	// The owner takes the way the child takes on what both test: only
	// the owner's paths on which the child sends count.
	if sp.g != nil {
		if fn, bind := flow.GoBinding(sp.g.Instr); fn != nil {
			var blocks []*ssa.BasicBlock
			for _, at := range sends.Ops {
				if at.Op.Fn.SSA != fn {
					blocks = nil
					break
				}
				blocks = append(blocks, at.Op.Block)
			}
			for e := range flow.CorrelatedCuts(fn, blocks, bind, p.SSA, nil) {
				if gr.Cut == nil {
					gr.Cut = make(map[chanmodel.CFGEdge]bool)
				}
				gr.Cut[e] = true
			}
		}
	}
	gr.Pass, gr.PassEach = c.gateReleases(o, sp, sends)
	if gr.Pass == nil {
		// A child that sends only once it has accepted a connection the
		// owner dials (flow/listener.go).
		var ops []*chanmodel.Op
		for _, at := range sends.Ops {
			ops = append(ops, at.Op)
		}
		gr.Pass = dialGate(p, sp, ops)
	}
	supply, path := gr.MinSupply(sp.at, need, mode)
	need = gr.PassNeed // less, when the child's gate lets it send only so much
	if flow.Add(supply, int(ch.Cap)) >= need || path == nil {
		if !inLoop && mode == flow.Counted {
			return c.checkOrdering(o, sp, sends)
		}
		return false
	}
	w := c.witness(o, path, recv)
	if w.endsProcess {
		return false
	}
	why := c.why(o, sp, sends, supply, need, inLoop, mode, w)
	if why == "" {
		return false
	}
	fix := c.bufferFix(o, sp, sends, inLoop)
	for _, at := range sends.Ops {
		if at.Before < flow.Add(supply, int(ch.Cap)) && !inLoop && mode == flow.Counted {
			continue // this send is taken; a later one blocks
		}
		if c.reported[at.Op.Pos] {
			continue
		}
		c.reported[at.Op.Pos] = true
		name := c.m.ChanName(at.Op)
		pos, end := c.m.Extent(at.Op)
		related := c.x.Makes([]*chanmodel.Chan{ch})
		related = append(related, c.started(sp)...)
		related = append(related, w.related...)
		msg := fmt.Sprintf("send on %s blocks forever %s", name, why)
		if r := at.Op.Remote; r != nil {
			if _, isGo := at.Op.Instr.(*ssa.Go); isGo {
				msg = fmt.Sprintf("the goroutine running %s blocks forever sending on %s %s", r.Func, name, why)
			} else {
				msg = fmt.Sprintf("the goroutine %s starts blocks forever sending on %s %s", r.Func, name, why)
			}
		}
		d := analysis.Diagnostic{
			Pos:     pos,
			End:     end,
			Message: msg,
			Related: related,
		}
		if fix != nil {
			d.SuggestedFixes = []analysis.SuggestedFix{*fix}
		}
		c.r.Report(d)
	}
	return true
}

// checkWaiter handles a goroutine that waits on the channel for the owner
// to close it (a range, or a receive on a channel nobody sends on): the
// owner must close it on every path from the go statement.
func (c *checker) checkWaiter(o *owner, sp spawn, env *flow.CallCtx) {
	var recvs *flow.RunCount
	var self *chanmodel.Func
	if sp.remote != nil {
		recvs = &flow.RunCount{Ops: []flow.OpAt{{Op: sp.remote}}}
	} else {
		self = sp.g.Targets[0]
		recvs = o.cnt.Summarize(self, flow.RoleRecv, env, c.cfg.MaxCallDepth)
	}
	if recvs.Unknown || len(recvs.Ops) == 0 {
		return
	}
	closes, parentSends := 0, false
	for _, op := range o.parent {
		switch {
		case op.Kind == chanmodel.Close:
			closes++
		case op.Kind.Sends():
			parentSends = true
		}
	}
	for _, op := range o.children {
		if op.Kind == chanmodel.Close || (op.Kind.Sends() && (op.Fn != self || op.Remote != nil)) {
			return // someone else feeds or closes it
		}
	}
	if closes == 0 {
		return // never closed at all: the unpaired check's business
	}
	var waits []*chanmodel.Op
	for _, at := range recvs.Ops {
		switch {
		case at.Op.Kind == chanmodel.Range:
			waits = append(waits, at.Op)
		case at.Op.Kind == chanmodel.Recv && !parentSends:
			waits = append(waits, at.Op)
		}
	}
	if len(waits) == 0 {
		return
	}
	rel := o.cnt.Weigh(o.p, flow.RoleRelease, nil, c.cfg.MaxCallDepth)
	if rel.Unknown || helperCounterpart(sp, rel) {
		return
	}
	// A close deferred before the go statement runs on every return; a
	// close that runs before the go statement has closed it already.
	for _, op := range o.parent {
		if op.Kind == chanmodel.Close && op.Fn == o.p && flow.Before(op.Instr, sp.at) {
			return
		}
	}
	if o.renew != nil && repeatsPerChannel(o.p, o.renew, sp.at.Block()) {
		return
	}
	gr := flow.NewGraph(o.p, flow.ConstLive(o.p, nil), rel)
	gr.Renew = o.renew
	// A child that waits only once it has accepted a connection the owner
	// dials: on the owner's paths that dial nothing it is still in Accept,
	// and leaves it when the deferred Close of the listener fails it.
	gr.Pass = dialGate(o.p, sp, waits)
	supply, path := gr.MinSupply(sp.at, 1, flow.Counted)
	if supply >= 1 || path == nil {
		return
	}
	w := c.witness(o, path, rel)
	if w.endsProcess {
		return
	}
	c.reportWaits(o, sp, waits, nil, func(name string) (string, []analysis.RelatedInformation) {
		return fmt.Sprintf("if %s %s: %s is not closed on that path", explain.FuncName(o.p), w.how, name), w.related
	})
}

// reportWaits reports, once each, the waits (receives or ranges) of the
// owner's channel that block forever; why gives, for the channel's name,
// the reason after "receive from ch blocks forever" and its positions.
func (c *checker) reportWaits(o *owner, sp spawn, waits []*chanmodel.Op, fix *analysis.SuggestedFix, why func(name string) (string, []analysis.RelatedInformation)) {
	for _, op := range waits {
		if c.reported[op.Pos] {
			continue
		}
		c.reported[op.Pos] = true
		name := c.m.ChanName(op)
		pos, end := c.m.Extent(op)
		verb := "receive from " + name + " blocks forever"
		if op.Kind == chanmodel.Range {
			verb = "range over " + name + " never ends"
		}
		reason, rel := why(name)
		related := c.x.Makes([]*chanmodel.Chan{o.ch})
		related = append(related, c.started(sp)...)
		related = append(related, rel...)
		d := analysis.Diagnostic{Pos: pos, End: end, Message: verb + " " + reason, Related: related}
		if fix != nil {
			d.SuggestedFixes = []analysis.SuggestedFix{*fix}
		}
		c.r.Report(d)
	}
}

// witnessPath describes the path that leaves values untaken.
type witnessPath struct {
	how     string // "returns at x.go:31", "returns through the ctx.Done() case (x.go:31)"
	related []analysis.RelatedInformation
	// earlyLoop is set when the path leaves a receive loop early.
	earlyLoop bool
	// endsProcess: the path returns, and the process ends after that
	// return (main returns, or its caller then calls log.Fatal): what is
	// left blocked is no leak.
	endsProcess bool
}

func (c *checker) witness(o *owner, path []flow.Step, w *flow.Weights) witnessPath {
	var wp witnessPath
	p := o.p
	if last := path[len(path)-1]; last.B != o.renew && last.End == nil && p.ExitCall(last.B) == nil && p.Leaves(last.B) && p.ReturnEndsProcess(c.cfg.MaxCallDepth) {
		wp.endsProcess = true
		return wp
	}
	// A select case taken on the path, other than one on our channel: the
	// last one, nearest the return (an earlier one may be followed by a
	// receive the path then skips by another case).
	for i := len(path) - 1; i >= 0; i-- {
		st := path[i]
		if st.From == nil {
			continue
		}
		for _, sel := range c.m.Selects {
			if sel.Fn != p {
				continue
			}
			for k, e := range sel.CaseEdges {
				if e.From != st.From || e.To != st.B {
					continue
				}
				cs := sel.Cases[k]
				if yes, _ := o.cnt.Only(cs, nil); yes {
					continue
				}
				pos, end := c.m.Extent(cs)
				wp.how = fmt.Sprintf("%s through the %s case (%s)", leaveVerb(p, path[len(path)-1]), c.m.ChanName(cs), c.x.Short(pos))
				wp.related = append(wp.related, analysis.RelatedInformation{Pos: pos, End: end, Message: "this case is taken instead, and then no one receives"})
				return wp
			}
		}
	}
	// A receive loop left early on the path.
	for _, st := range path {
		if st.From == nil || !p.InLoop(st.From) || p.SameLoop(st.From, st.B) {
			continue
		}
		id := p.Loop(st.From)
		if !loopReceives(o, p, id, w) {
			continue
		}
		headers, _ := p.LoopExits(id)
		if containsBlock(headers, st.From) && !isRangeHeader(o, st.From) {
			continue
		}
		wp.earlyLoop = true
	}
	last := path[len(path)-1].B
	if last == o.renew {
		pos := o.ch.Make.Pos()
		wp.how = fmt.Sprintf("starts its next iteration, which makes a new channel (%s)", c.x.Short(pos))
		if wp.earlyLoop {
			wp.how = fmt.Sprintf("leaves its receive loop early and starts its next iteration (%s)", c.x.Short(pos))
		}
		wp.related = append(wp.related, analysis.RelatedInformation{Pos: pos, End: pos, Message: "the next iteration makes a new channel here, and no one receives from this one"})
		return wp
	}
	if call := p.ExitCall(last); call != nil {
		// runtime.Goexit, or what calls it (t.Fatal): the goroutine ends.
		pos := call.Pos()
		wp.how = fmt.Sprintf("ends its goroutine at %s (%s)", c.x.Short(pos), c.x.CallName(call))
		if wp.earlyLoop {
			wp.how = fmt.Sprintf("leaves its receive loop early and ends its goroutine at %s (%s)", c.x.Short(pos), c.x.CallName(call))
		}
		wp.related = append(wp.related, analysis.RelatedInformation{Pos: pos, End: pos, Message: "the goroutine ends here, and then no one receives"})
		return wp
	}
	if call := path[len(path)-1].End; call != nil {
		// require.NoError(t, err) and the like: the goroutine ends if it fails.
		pos := call.Pos()
		wp.how = fmt.Sprintf("ends its goroutine at %s (%s fails)", c.x.Short(pos), c.x.CallName(call))
		if wp.earlyLoop {
			wp.how = fmt.Sprintf("leaves its receive loop early and ends its goroutine at %s (%s fails)", c.x.Short(pos), c.x.CallName(call))
		}
		wp.related = append(wp.related, analysis.RelatedInformation{Pos: pos, End: pos, Message: "the goroutine ends here if this fails, and then no one receives"})
		return wp
	}
	ret := last.Instrs[len(last.Instrs)-1]
	if pos := ret.Pos(); pos.IsValid() {
		wp.how = fmt.Sprintf("returns at %s", c.x.Short(pos))
		if wp.earlyLoop {
			wp.how = fmt.Sprintf("leaves its receive loop early and returns at %s", c.x.Short(pos))
		}
		wp.related = append(wp.related, analysis.RelatedInformation{Pos: pos, End: pos + token.Pos(len("return")), Message: "returns here, and then no one receives"})
		return wp
	}
	end := p.SSA.Syntax().End() - 1
	wp.how = fmt.Sprintf("reaches its end (%s)", c.x.Short(end))
	if wp.earlyLoop {
		wp.how = fmt.Sprintf("leaves its receive loop early (it reaches its end at %s)", c.x.Short(end))
	}
	wp.related = append(wp.related, analysis.RelatedInformation{Pos: end, End: end + 1, Message: "returns here, and then no one receives"})
	return wp
}

func loopReceives(o *owner, p *chanmodel.Func, id int, w *flow.Weights) bool {
	for _, op := range o.parent {
		if op.Fn == p && p.Loop(op.Block) == id && op.Kind.Receives() {
			return true
		}
	}
	return false
}

func isRangeHeader(o *owner, b *ssa.BasicBlock) bool {
	for _, op := range o.parent {
		if op.Kind == chanmodel.Range && op.Block == b {
			return true
		}
	}
	return false
}

func containsBlock(bs []*ssa.BasicBlock, b *ssa.BasicBlock) bool {
	for _, x := range bs {
		if x == b {
			return true
		}
	}
	return false
}

// why words the reason of a sender report.
func (c *checker) why(o *owner, sp spawn, sends *flow.RunCount, supply, need int, inLoop bool, mode flow.SupplyMode, w witnessPath) string {
	p := explain.FuncName(o.p)
	switch {
	case mode == flow.Stream && supply > 0:
		return fmt.Sprintf("once %s stops receiving: it %s while this goroutine keeps sending", p, w.how)
	case mode == flow.Stream:
		return fmt.Sprintf("if %s %s: this goroutine keeps sending, and no one receives", p, w.how)
	case supply == 0:
		return fmt.Sprintf("if %s %s: no one receives after that", p, w.how)
	case inLoop && w.earlyLoop:
		return fmt.Sprintf("if %s %s: the goroutines started in the loop (%s) are still sending", p, w.how, c.x.Short(sp.at.Pos()))
	case inLoop:
		return fmt.Sprintf("in all but %s of the goroutines started in the loop (%s): %s receives only %s after starting them", count(flow.Add(supply, int(o.ch.Cap))), c.x.Short(sp.at.Pos()), p, times(supply))
	default:
		return fmt.Sprintf("when this goroutine sends %s: %s receives only %s after starting it, then %s", times(need), p, times(supply), w.how)
	}
}

func count(n int) string {
	if n >= 1 && n <= 3 {
		return []string{"one", "two", "three"}[n-1]
	}
	return fmt.Sprint(n)
}

func times(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}

// started relates where the goroutine starts: the go statement, and the
// call of the owner that leads to it when that is elsewhere.
func (c *checker) started(sp spawn) []analysis.RelatedInformation {
	if r := sp.remote; r != nil {
		pos, end := c.m.Extent(r)
		rel := []analysis.RelatedInformation{{Pos: pos, End: end, Message: "the goroutine is started by this call"}}
		if r.Remote.Pos.IsValid() {
			rel = append(rel, analysis.RelatedInformation{Pos: r.Remote.Pos, End: r.Remote.Pos, Message: fmt.Sprintf("%s: its %s is at line %d", r.Remote.Func, r.Kind, r.Remote.Line)})
		}
		return rel
	}
	rel := []analysis.RelatedInformation{{Pos: sp.g.Instr.Pos(), End: goEnd(c.m, sp.g), Message: "the goroutine is started here"}}
	if sp.at != sp.g.Instr {
		pos := sp.at.Pos()
		end := pos
		if n := c.m.Node(pos); n != nil {
			pos, end = n.Pos(), n.End()
		}
		rel = append(rel, analysis.RelatedInformation{Pos: pos, End: end, Message: "by this call"})
	}
	return rel
}

func goEnd(m *chanmodel.Model, g *chanmodel.GoSite) token.Pos {
	if n := m.Node(g.Instr.Pos()); n != nil {
		return n.End()
	}
	return g.Instr.Pos()
}

// helperCounterpart reports whether the call of the owner that starts the
// goroutine (a helper running the go statement) itself does some of the
// counterpart, with weights w. The owner's paths start after that call and
// cannot tell whether the helper's part runs after its go statement, so
// nothing is claimed.
func helperCounterpart(sp spawn, w *flow.Weights) bool {
	if sp.g == nil || sp.at == sp.g.Instr {
		return false
	}
	b := sp.at.Block()
	i := flow.IndexOf(b, sp.at)
	for _, it := range w.Items[b] {
		if it.Index == i && it.Max > 0 {
			return true
		}
	}
	return false
}

// perIteration reports whether the channel made by mk, inside a loop of p,
// lives for one iteration only: its value goes only to operations,
// conversions, goroutines and closures started or called there, and to
// variables declared in the loop; never to a phi (a value carried to the
// next iteration), a call, or memory that outlives the iteration.
func perIteration(mk *ssa.MakeChan, p *chanmodel.Func) bool {
	loopBlock := func(b *ssa.BasicBlock) bool { return p.SameLoop(b, mk.Block()) }
	seen := make(map[ssa.Value]bool)
	var ok func(v ssa.Value, depth int) bool
	closureOK := func(mc *ssa.MakeClosure) bool {
		for _, r := range *mc.Referrers() {
			switch r := r.(type) {
			case *ssa.Go, *ssa.Defer, *ssa.DebugRef:
			case *ssa.Call:
				if r.Call.Value != mc {
					return false
				}
			default:
				return false
			}
		}
		return true
	}
	ok = func(v ssa.Value, depth int) bool {
		if seen[v] {
			return true
		}
		seen[v] = true
		if depth > 8 {
			return false
		}
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.DebugRef, *ssa.Send, *ssa.Select:
			case *ssa.UnOp:
				if r.Op != token.ARROW {
					return false
				}
			case *ssa.ChangeType:
				if !ok(r, depth+1) {
					return false
				}
			case *ssa.Go:
				// the goroutine gets this iteration's channel
			case *ssa.Call:
				b, isBuiltin := r.Call.Value.(*ssa.Builtin)
				if !isBuiltin || (b.Name() != "close" && b.Name() != "len" && b.Name() != "cap") {
					return false
				}
			case *ssa.MakeClosure:
				if !closureOK(r) {
					return false
				}
			case *ssa.Store:
				a, isAlloc := r.Addr.(*ssa.Alloc)
				if !isAlloc || r.Val != v || !loopBlock(a.Block()) {
					return false
				}
				for _, ar := range *a.Referrers() {
					switch ar := ar.(type) {
					case *ssa.Store, *ssa.DebugRef:
						if st, isStore := ar.(*ssa.Store); isStore && st.Addr != a {
							return false // the variable's address is stored
						}
					case *ssa.UnOp:
						if ar.Op != token.MUL || !ok(ar, depth+1) {
							return false
						}
					case *ssa.MakeClosure:
						if !closureOK(ar) {
							return false
						}
					default:
						return false
					}
				}
			default:
				return false
			}
		}
		return true
	}
	return ok(mk, 0)
}

// repeatsPerChannel reports whether the block b of p can run again without
// passing the block renew that makes a new channel: then more than one
// goroutine started at b shares one channel.
func repeatsPerChannel(p *chanmodel.Func, renew, b *ssa.BasicBlock) bool {
	comp, cyclic := chanmodel.SCCs(p.SSA, func(x *ssa.BasicBlock) bool { return x != renew })
	return comp[b.Index] >= 0 && cyclic[comp[b.Index]]
}

// checkSkipped handles the reverse of checkWaiter: the owner waits on the
// channel (a plain receive or range after the go statement) for a goroutine
// it starts to close it (role RoleRelease) or to send on it (RoleSend), and
// that goroutine can leave without doing so (an early return, or
// runtime.Goexit through t.Fatal, that the close or send does not cover).
// The owner then blocks forever. Only a channel whose every send or close is
// that goroutine's (not deferred, not in a select) is judged; for sends, the
// owner's waits are plain receives, nothing closes the channel and no send
// is in a loop.
func (c *checker) checkSkipped(o *owner, sp spawn, env *flow.CallCtx, role flow.Role) {
	if sp.remote != nil || o.renew != nil || o.p.InLoop(sp.at.Block()) {
		return
	}
	p := o.p
	child := sp.g.Targets[0]
	for _, other := range o.spawns {
		if other.g != sp.g && other.g != nil && other.g.Targets[0] == child {
			return // the same function, started elsewhere, may close it
		}
	}
	rel := o.cnt.Summarize(child, role, env, c.cfg.MaxCallDepth)
	if rel.Unknown || rel.Max == 0 || rel.Min > 0 {
		return
	}
	mine := make(map[*chanmodel.Op]bool)
	for _, at := range rel.Ops {
		mine[at.Op] = true
	}
	var closes []*chanmodel.Op // the child's closes, or its sends
	for _, op := range o.ch.Ops {
		if !op.Live {
			continue
		}
		counted := op.Kind == chanmodel.Close
		if role == flow.RoleSend {
			counted = op.Kind == chanmodel.Send
			if op.Kind == chanmodel.Close || op.Kind == chanmodel.SelectSend {
				return
			}
		} else if op.Kind.Sends() {
			return
		}
		if !counted {
			continue
		}
		if _, deferred := op.Instr.(*ssa.Defer); deferred || !mine[op] || op.Remote != nil {
			return
		}
		if role == flow.RoleSend && op.Fn.InLoop(op.Block) {
			return // how often a loop runs is the data's to say
		}
		closes = append(closes, op)
	}
	var waits []*chanmodel.Op
	for _, op := range o.parent {
		if op.Fn == p && op.Select == nil && (op.Kind == chanmodel.Recv || op.Kind == chanmodel.Range && role == flow.RoleRelease) && flow.Before(sp.at, op.Instr) {
			waits = append(waits, op)
		}
	}
	if len(waits) == 0 || len(closes) == 0 {
		return
	}
	w := o.cnt.Weigh(child, role, env, c.cfg.MaxCallDepth)
	if w.Unknown {
		return
	}
	entry := child.SSA.Blocks[0]
	for _, it := range w.Items[entry] {
		if it.Index == 0 && it.Min > 0 {
			return // closes first thing
		}
	}
	gr := flow.NewGraph(child, flow.ConstLive(child, env), w)
	// The child takes the way the owner takes on what both test: only the
	// child's paths on which the owner waits count.
	if fn, bind := flow.GoBinding(sp.g.Instr); fn == child.SSA {
		var blocks []*ssa.BasicBlock
		for _, op := range waits {
			blocks = append(blocks, op.Block)
		}
		gr.Cut = flow.CorrelatedCuts(p.SSA, blocks, nil, child.SSA, bind)
		// Nor does a child's Accept fail while the owner waits, on a
		// listener only deferred calls close (flow/listener.go).
		for e := range flow.AcceptFailCut(p.SSA, sp.at, child.SSA, bind) {
			if gr.Cut == nil {
				gr.Cut = make(map[chanmodel.CFGEdge]bool)
			}
			gr.Cut[e] = true
		}
	}
	supply, path := gr.MinSupply(entry.Instrs[0], 1, flow.Counted)
	if supply > 0 || path == nil {
		return
	}
	last := path[len(path)-1].B
	ret := last.Instrs[len(last.Instrs)-1]
	retPos := ret.Pos()
	how, verb := fmt.Sprintf("returns at %s", c.x.Short(retPos)), "returns"
	if call := child.ExitCall(last); call != nil {
		retPos = call.Pos()
		how, verb = fmt.Sprintf("ends at %s (%s)", c.x.Short(retPos), c.x.CallName(call)), "ends"
	} else if call := path[len(path)-1].End; call != nil {
		retPos = call.Pos()
		how, verb = fmt.Sprintf("ends at %s (%s fails)", c.x.Short(retPos), c.x.CallName(call)), "ends"
	} else if !retPos.IsValid() {
		retPos = child.SSA.Syntax().End() - 1
		how = fmt.Sprintf("reaches its end (%s)", c.x.Short(retPos))
	}
	what, only := "closing", "the only close, on other paths"
	if role == flow.RoleSend {
		what, only = "sending on", "the only send, on other paths"
	}
	var fix *analysis.SuggestedFix
	if len(closes) == 1 && role == flow.RoleRelease {
		fix = c.deferCloseFix(child, closes[0])
	}
	c.reportWaits(o, sp, waits, fix, func(name string) (string, []analysis.RelatedInformation) {
		rel := []analysis.RelatedInformation{{Pos: retPos, End: retPos, Message: fmt.Sprintf("the goroutine %s here without %s %s", verb, what, name)}}
		for _, cl := range closes {
			p, e := c.m.Extent(cl)
			rel = append(rel, analysis.RelatedInformation{Pos: p, End: e, Message: only})
		}
		verbs := "closes"
		if role == flow.RoleSend {
			verbs = "sends on"
		}
		return fmt.Sprintf("if the goroutine started at %s %s: it %s %s only on other paths", c.x.Short(sp.g.Instr.Pos()), how, verbs, name), rel
	})
}

// dialGate returns, for a child started by the go statement of sp that
// reaches each of ops only once it has accepted a connection the owner p
// dials, where those dials succeed (flow.DialGate, for Graph.Pass); nil
// otherwise.
func dialGate(p *chanmodel.Func, sp spawn, ops []*chanmodel.Op) map[*ssa.BasicBlock][]int {
	if sp.g == nil || sp.at != sp.g.Instr {
		return nil
	}
	fn, bind := flow.GoBinding(sp.g.Instr)
	if fn == nil {
		return nil
	}
	var at []ssa.Instruction
	for _, op := range ops {
		if op.Instr == nil {
			return nil
		}
		at = append(at, op.Instr)
	}
	if at == nil {
		return nil
	}
	return flow.DialGate(p.SSA, sp.at, fn, bind, at)
}

// deferredOps reports whether a call the owner defers (a function literal
// or a named function of the package, not a builtin) acts on the channel:
// it runs when the owner returns, which the owner's paths do not count.
func (c *checker) deferredOps(o *owner) bool {
	for _, e := range o.p.Callees {
		if e.Kind != chanmodel.DeferEdge {
			continue
		}
		for _, r := range []flow.Role{flow.RoleSend, flow.RoleRecv, flow.RoleRelease} {
			if s := o.cnt.Summarize(e.Callee, r, o.cnt.CallEnv(e.Site, e.Callee, nil), c.cfg.MaxCallDepth); s.Unknown || s.Max > 0 {
				return true
			}
		}
	}
	return false
}

// exclusiveCases returns the edges of the owner's select cases that the
// goroutine's sends rule out: a case on a channel only that goroutine
// feeds, on paths that never also send on ours (send the error, or close
// done). Once such a case is taken, the goroutine sends nothing more.
func (c *checker) exclusiveCases(o *owner, sp spawn, sends *flow.RunCount) map[chanmodel.CFGEdge]bool {
	if sp.g == nil {
		return nil
	}
	child := sp.g.Targets[0]
	for _, at := range sends.Ops {
		if at.Op.Fn != child {
			return nil
		}
	}
	var cut map[chanmodel.CFGEdge]bool
	for _, sel := range c.m.Selects {
		if sel.Fn != o.p {
			continue
		}
		for k, cs := range sel.Cases {
			if cs.Kind != chanmodel.SelectRecv || k >= len(sel.CaseEdges) || sel.CaseEdges[k].From == nil {
				continue
			}
			t := cs.Targets
			if !t.Known() || len(t.Chans) != 1 || t.Chans[0] == o.ch || t.Chans[0].Escaped {
				continue
			}
			feeds := 0
			exclusive := true
			for _, f := range t.Chans[0].Ops {
				if !f.Live || !(f.Kind.Sends() || f.Kind == chanmodel.Close) {
					continue
				}
				if f.Fn != child && notYetStarted(f.Fn, o.p, sel.Instr) {
					continue // its goroutine starts only after the select
				}
				feeds++
				if f.Fn != child {
					exclusive = false
					break
				}
				// Once the child has fed the case, it sends no more on the
				// channel: the parent leaving through that case strands
				// nothing (the error send is the child's last act). With
				// several children from one go statement, another may
				// still send: the feed must exclude the sends altogether.
				several := o.p.InLoop(sp.at.Block())
				for _, at := range sends.Ops {
					if runsAfter(f.Instr, at.Op.Instr) || several && runsAfter(at.Op.Instr, f.Instr) {
						exclusive = false
					}
				}
			}
			if exclusive && feeds > 0 {
				if cut == nil {
					cut = make(map[chanmodel.CFGEdge]bool)
				}
				cut[sel.CaseEdges[k]] = true
			}
		}
	}
	return cut
}

// notYetStarted reports whether fn runs only on goroutines that p starts
// with go statements after which instr cannot run: when p is at instr,
// none of them has started.
func notYetStarted(fn, p *chanmodel.Func, instr ssa.Instruction) bool {
	if fn.OnCaller || len(fn.Goroutines) == 0 {
		return false
	}
	for _, g := range fn.Goroutines {
		if g.Fn != p || runsAfter(g.Instr, instr) {
			return false
		}
	}
	return true
}

// lostRaces returns the edges of the timer cases that cannot fire before
// the child's send: in a select of the owner that also receives the
// channel, a timer of at least flow.MinRace armed after the go statement,
// when the child sends once and reaches its send without waiting
// (flow.Prompt). The child's value is then ready before the timer, and
// the select takes it.
func (c *checker) lostRaces(o *owner, sp spawn, sends *flow.RunCount) map[chanmodel.CFGEdge]bool {
	if sp.g == nil || sends.Max != 1 || len(sends.Ops) != 1 {
		return nil
	}
	child := sp.g.Targets[0]
	send := sends.Ops[0].Op
	if send.Fn != child || send.Instr == nil || !flow.Prompt(child.SSA, send.Instr, c.cfg.MaxCallDepth) {
		return nil
	}
	var cut map[chanmodel.CFGEdge]bool
	for _, sel := range c.m.Selects {
		if sel.Fn != o.p || !sel.Blocking || !receivesFrom(sel, o.ch) {
			continue
		}
		for k, st := range sel.Instr.States {
			if k >= len(sel.CaseEdges) || sel.CaseEdges[k].From == nil || st.Dir != types.RecvOnly {
				continue
			}
			if arm := flow.TimerArmed(st.Chan); arm != nil && chanmodel.RunsBefore(sp.at, arm) {
				if cut == nil {
					cut = make(map[chanmodel.CFGEdge]bool)
				}
				cut[sel.CaseEdges[k]] = true
			}
		}
	}
	return cut
}

// gateReleases returns where the owner opens the child's gate, when the
// child, before each of its sends, passes a gate: a receive, on every path
// to the send, from a channel the owner made and only the owner itself
// sends on or closes, and only after the go statement. The receive is a
// plain one, or a select case whose chosen branch leads to every send (the
// child may poll it in a loop, with a default case or other cases: it
// gets to a send only through that case). On a path of the owner that
// does none of that, the child never gets to the send: it is still
// waiting at its gate (the waiter check's business) or still polling,
// and that path strands no send. The result maps each block of the owner
// holding such a release to the indexes of those in it; nil when the
// child has no gate.
//
// A gate in the loop of the sends is passed once per iteration: when the
// releases are sends (each lets the child past once) and no send can run
// twice without passing the gate again, each release lets through at
// most perPass sends, the number of them (see flow.Graph.PassEach).
// Otherwise perPass is 0: one release opens the gate for good.
func (c *checker) gateReleases(o *owner, sp spawn, sends *flow.RunCount) (rel map[*ssa.BasicBlock][]int, perPass int) {
	if sp.g == nil || len(sends.Ops) == 0 {
		return nil, 0
	}
	child := sp.g.Targets[0]
	for _, at := range sends.Ops {
		if at.Op.Fn != child || at.Op.Instr == nil {
			return nil, 0
		}
	}
	for _, b := range child.SSA.Blocks {
		for _, gate := range c.ops[b] {
			if !gate.Kind.Receives() || !gate.Targets.Known() || len(gate.Targets.Chans) != 1 {
				continue
			}
			gc := gate.Targets.Chans[0]
			if gc == o.ch || gc.Escaped || gc.Fn != o.p || gc.Make == nil {
				continue
			}
			if !passedBefore(gate, sends) {
				continue
			}
			if rel, closes := c.releases(o, sp, gc, gate); rel != nil {
				if closes {
					return rel, 0
				}
				return rel, oncePerPass(child, gate, sends)
			}
		}
	}
	return nil, 0
}

// oncePerPass returns how many sends the child makes each time past its
// gate, when each runs at most once per pass (the gate is in their loop,
// and no cycle comes back to a send without passing it); else 0.
func oncePerPass(child *chanmodel.Func, gate *chanmodel.Op, sends *flow.RunCount) int {
	gb := gate.Block
	if gate.Select != nil {
		k := slices.Index(gate.Select.Cases, gate)
		gb = gate.Select.CaseEdges[k].To // passedBefore checked it
	}
	if !child.InLoop(gb) {
		return 0
	}
	comp, cyclic := chanmodel.SCCs(child.SSA, func(b *ssa.BasicBlock) bool { return b != gb })
	for _, at := range sends.Ops {
		b := at.Op.Block
		if !child.SameLoop(gb, b) {
			return 0
		}
		if b != gb && comp[b.Index] >= 0 && cyclic[comp[b.Index]] {
			return 0
		}
	}
	return len(sends.Ops)
}

// passedBefore reports whether every send of sends runs only after gate
// received: after the plain receive, or inside the branch taken when the
// select case gate is chosen.
func passedBefore(gate *chanmodel.Op, sends *flow.RunCount) bool {
	switch {
	case gate.Kind == chanmodel.Recv && gate.Select == nil:
		for _, at := range sends.Ops {
			if !chanmodel.RunsBefore(gate.Instr, at.Op.Instr) {
				return false
			}
		}
		return true
	case gate.Kind == chanmodel.SelectRecv && gate.Select != nil:
		k := slices.Index(gate.Select.Cases, gate)
		if k < 0 || k >= len(gate.Select.CaseEdges) {
			return false
		}
		e := gate.Select.CaseEdges[k]
		if e.From == nil || len(e.To.Preds) != 1 {
			return false
		}
		for _, at := range sends.Ops {
			if !e.To.Dominates(at.Op.Block) {
				return false
			}
		}
		return true
	}
	return false
}

// releases returns the blocks of the owner's sends and closes of gc, the
// channel of the child's gate, with the indexes of those in each, and
// whether one is a close; nil unless every operation on gc other than the
// gate is such a release, run by the owner itself after the go statement,
// or another receive of the child's (which only takes releases the gate
// then never sees).
func (c *checker) releases(o *owner, sp spawn, gc *chanmodel.Chan, gate *chanmodel.Op) (rel map[*ssa.BasicBlock][]int, closes bool) {
	if c.m.MayBeUnresolved(gc, func(chanmodel.OpKind) bool { return true }) {
		return nil, false
	}
	rel = make(map[*ssa.BasicBlock][]int)
	for _, op := range gc.Ops {
		if !op.Live || op == gate || (op.Fn == gate.Fn && op.Kind.Receives() && op.Remote == nil) {
			continue
		}
		if !(op.Kind.Sends() || op.Kind == chanmodel.Close) || op.Fn != o.p || op.Remote != nil || op.Instr == nil || !chanmodel.RunsBefore(sp.at, op.Instr) {
			return nil, false
		}
		closes = closes || op.Kind == chanmodel.Close
		rel[op.Block] = append(rel[op.Block], flow.IndexOf(op.Block, op.Instr))
	}
	if len(rel) == 0 {
		return nil, false
	}
	for b := range rel {
		slices.Sort(rel[b])
	}
	return rel, closes
}

// receivesFrom reports whether some case of sel receives from ch alone.
func receivesFrom(sel *chanmodel.Select, ch *chanmodel.Chan) bool {
	for _, cs := range sel.Cases {
		if cs.Kind == chanmodel.SelectRecv && cs.Targets.Known() && len(cs.Targets.Chans) == 1 && cs.Targets.Chans[0] == ch {
			return true
		}
	}
	return false
}

// runsAfter reports whether instruction b can run after instruction a in
// their function: later in a's block, or in a block control can flow to
// from a's (a's own again, around a loop).
func runsAfter(a, b ssa.Instruction) bool {
	ab, bb := a.Block(), b.Block()
	if ab == bb && flow.IndexOf(ab, b) > flow.IndexOf(ab, a) {
		return true
	}
	for _, s := range ab.Succs {
		if chanmodel.Reaches(s, bb) {
			return true
		}
	}
	return false
}

// leaveVerb says how the path ending at block last leaves p.
func leaveVerb(p *chanmodel.Func, last flow.Step) string {
	if p.ExitCall(last.B) != nil || last.End != nil {
		return "ends its goroutine"
	}
	return "returns"
}
