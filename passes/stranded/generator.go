package stranded

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/chanmodel"
	"github.com/leakvet/leakvet/passes/explain"
	"github.com/leakvet/leakvet/passes/flow"
	"github.com/leakvet/leakvet/passes/summary"
)

// checkGenerator handles a channel a function of another package makes,
// returns, and feeds from a goroutine it starts (a generator), by that
// function's summary. If the function that calls it can stop receiving
// while the generator's goroutine still has values to send (and no way
// out), that goroutine blocks forever: the report is at the statement that
// abandons the channel.
func (c *checker) checkGenerator(ch *chanmodel.Chan) {
	var feed *chanmodel.Op
	var ops []*chanmodel.Op
	for _, op := range ch.Ops {
		if !op.Live {
			continue
		}
		switch {
		case op.Remote != nil && op.Remote.Async && op.Instr == ch.Call && op.Kind.Sends():
			feed = op
		case op.Remote != nil && op.Instr == ch.Call:
			// the generator's close
		default:
			ops = append(ops, op)
		}
	}
	if feed == nil || feed.Remote.WayOut {
		return
	}
	c.generator(generatorCall{
		ch: ch, p: ch.Fn, call: ch.Call, ops: ops, index: c.ops,
		sends: remoteCount(feed), cap: ch.Cap,
		name: feed.Remote.Func, pos: feed.Remote.Pos, line: feed.Remote.Line,
	})
}

// checkLocalGenerator handles a channel a function of the package makes
// on each call, returns, and feeds only from goroutines it starts, as the
// summary describes it (summary.ResultChan, what importers get as its
// fact): each call of the function is then a generator of its own, and
// checkGenerator's question is asked at each call. It reports whether the
// channel is such a generator with callers receiving from it: checkChan
// has nothing to add then (the receives are not the maker's).
func (c *checker) checkLocalGenerator(ch *chanmodel.Chan) bool {
	h := ch.Fn
	res := h.SSA.Signature.Results()
	for i := 0; i < res.Len(); i++ {
		if _, ok := res.At(i).Type().Underlying().(*types.Chan); !ok {
			continue
		}
		t := c.m.ResultTargets(h, i)
		if t.Unknown || len(t.Params) > 0 || len(t.Chans) != 1 || t.Chans[0] != ch {
			continue
		}
		rc := summary.ResultChan(c.m, h, i, c.cfg.MaxCallDepth, c.cfg.MaxPaths)
		if !rc.Made || rc.Escapes || !rc.Async || rc.WayOut || rc.Sends.Max == 0 {
			return false
		}
		// The operations of the callers, by call; the others are the
		// generator's own (the summary found no third kind).
		byCall := make(map[*ssa.Call][]*chanmodel.Op)
		for _, op := range ch.Ops {
			if op.Live && h.Consumes(op, i) {
				call, _ := chanmodel.ResultCall(op)
				byCall[call] = append(byCall[call], op)
			}
		}
		if len(byCall) == 0 {
			return false
		}
		sends := &flow.RunCount{Min: int(rc.Sends.Min), Max: int(rc.Sends.Max)}
		if rc.Sends.Max == chanmodel.Many {
			sends.Max = flow.Inf
		}
		for _, e := range h.Callers {
			call, ok := e.Site.(*ssa.Call)
			if !ok || e.Kind != chanmodel.CallEdge || call.Common().StaticCallee() != h.SSA {
				continue
			}
			p := e.Caller
			if !p.LiveBlock(call.Block()) {
				continue
			}
			c.generator(generatorCall{
				ch: ch, p: p, call: call, ops: byCall[call], index: c.callIndex(byCall, call),
				sends: sends, cap: rc.Cap, cut: c.lostToGenerator(h, ch, call, byCall[call]),
				name: explain.FuncName(h), pos: h.SSA.Pos(), line: rc.Line,
			})
		}
		return true
	}
	return false
}

// lostToGenerator returns the edges of the timer cases that cannot fire
// before the send of the generator h called by call, as lostRaces does for
// a goroutine the owner starts itself: h starts one goroutine, which sends
// once and reaches its send without waiting (flow.Prompt), and the timer,
// of at least flow.MinRace, is armed after the call, in a select of the
// caller that receives from the call's channel (one of ops).
func (c *checker) lostToGenerator(h *chanmodel.Func, ch *chanmodel.Chan, call *ssa.Call, ops []*chanmodel.Op) map[chanmodel.CFGEdge]bool {
	var g *chanmodel.GoSite
	for _, gs := range c.m.Gos {
		if gs.Fn != h {
			continue
		}
		if _, ok := gs.Instr.(*ssa.Go); !ok || gs.External || len(gs.Targets) != 1 || g != nil {
			return nil
		}
		g = gs
	}
	if g == nil {
		return nil
	}
	child := g.Targets[0]
	cnt := flow.NewCounter(c.m, ch, c.cfg.MaxCallDepth, c.cfg.MaxPaths, c.ops)
	sends := cnt.Summarize(child, flow.RoleSend, cnt.CallEnv(g.Instr, child, nil), c.cfg.MaxCallDepth)
	if sends.Unknown || sends.Max != 1 || len(sends.Ops) != 1 {
		return nil
	}
	send := sends.Ops[0].Op
	if send.Fn != child || send.Instr == nil || !flow.Prompt(child.SSA, send.Instr, c.cfg.MaxCallDepth) {
		return nil
	}
	var cut map[chanmodel.CFGEdge]bool
	for _, op := range ops {
		sel := op.Select
		if sel == nil || !sel.Blocking || op.Kind != chanmodel.SelectRecv {
			continue
		}
		for k, st := range sel.Instr.States {
			if k >= len(sel.CaseEdges) || sel.CaseEdges[k].From == nil || st.Dir != types.RecvOnly {
				continue
			}
			if arm := flow.TimerArmed(st.Chan); arm != nil && chanmodel.RunsBefore(call, arm) {
				if cut == nil {
					cut = make(map[chanmodel.CFGEdge]bool)
				}
				cut[sel.CaseEdges[k]] = true
			}
		}
	}
	return cut
}

// callIndex is the index of live operations by block with the operations
// on the channels of the other calls left out: the counter then counts
// only what acts on the channel of this call.
func (c *checker) callIndex(byCall map[*ssa.Call][]*chanmodel.Op, call *ssa.Call) map[*ssa.BasicBlock][]*chanmodel.Op {
	drop := make(map[*chanmodel.Op]bool)
	for other, ops := range byCall {
		if other != call {
			for _, op := range ops {
				drop[op] = true
			}
		}
	}
	if len(drop) == 0 {
		return c.ops
	}
	index := make(map[*ssa.BasicBlock][]*chanmodel.Op, len(c.ops))
	for b, ops := range c.ops {
		index[b] = ops
		for _, op := range ops {
			if drop[op] {
				var keep []*chanmodel.Op
				for _, op := range ops {
					if !drop[op] {
						keep = append(keep, op)
					}
				}
				index[b] = keep
				break
			}
		}
	}
	return index
}

// generatorCall is one call of a generator: the channel it returns, as
// the caller p receives from it.
type generatorCall struct {
	// ch is the channel the model has for it: the call's own (a function
	// of another package), or the one of the make in the generator (a
	// function of the package: the operations of every call act on it).
	ch   *chanmodel.Chan
	p    *chanmodel.Func
	call ssa.CallInstruction
	// ops are the live operations on the call's channel but for the
	// generator's own; index is the live operations by block, those on
	// the channels of other calls of the generator left out.
	ops   []*chanmodel.Op
	index map[*ssa.BasicBlock][]*chanmodel.Op
	// sends is how many values the generator's goroutines send.
	sends *flow.RunCount
	cap   int64
	// cut are edges of the caller that cannot be taken instead of
	// receiving (timer cases the generator's goroutine cannot lose to).
	cut map[chanmodel.CFGEdge]bool
	// name, pos and line name the generator, where it is declared and
	// the line of its goroutine's send.
	name string
	pos  token.Pos
	line uint32
}

// generator reports where the caller of a generator may stop receiving
// from the channel of the call while the generator's goroutine still has
// values to send on it.
func (c *checker) generator(g generatorCall) {
	p := g.p
	if !p.Live || p.OverBudget || len(p.SSA.Blocks) > c.cfg.MaxBlocks {
		return
	}
	sync := p.OnItsGoroutine(c.cfg.MaxCallDepth)
	receives := false
	for _, op := range g.ops {
		if !sync[op.Fn] || !op.Kind.Receives() {
			return // someone else operates on it
		}
		receives = true
	}
	if !receives {
		return
	}
	need, mode := g.sends.Max, flow.Counted
	if g.sends.Max >= flow.Inf {
		need, mode = flow.Inf, flow.Stream
	}
	cnt := flow.NewCounter(c.m, g.ch, c.cfg.MaxCallDepth, c.cfg.MaxPaths, g.index)
	w := cnt.Weigh(p, flow.RoleRecv, nil, c.cfg.MaxCallDepth)
	if w.Unknown {
		return
	}
	gr := flow.NewGraph(p, flow.ConstLive(p, nil), w)
	gr.Cut = g.cut
	supply, path := gr.MinSupply(g.call, need, mode)
	if flow.Add(supply, int(max(g.cap, 0))) >= need || path == nil {
		return
	}
	pos, end, what := c.abandon(p, g.ops, path)
	if !pos.IsValid() || c.reported[pos] {
		return
	}
	c.reported[pos] = true
	call := c.m.Node(g.call.Pos())
	var related []analysis.RelatedInformation
	if call != nil {
		related = append(related, analysis.RelatedInformation{Pos: call.Pos(), End: call.End(), Message: "the channel and its goroutine come from this call"})
	}
	if g.pos.IsValid() {
		related = append(related, analysis.RelatedInformation{Pos: g.pos, End: g.pos,
			Message: fmt.Sprintf("%s: its goroutine sends at line %d, with no way out", g.name, g.line)})
	}
	src := g.name
	if e, ok := call.(*ast.CallExpr); ok {
		src = exprString(e)
	}
	c.r.Report(analysis.Diagnostic{
		Pos: pos,
		End: end,
		Message: fmt.Sprintf("%s abandons the channel of %s: the goroutine %s started is left blocked forever (nothing receives its next send)",
			what, src, g.name),
		Related: related,
	})
}

// abandon finds the statement where the caller stops receiving on the
// witness path: a return or break inside the receive loop, or the return
// (or the call ending the goroutine, or the end of the function) that ends
// the path. It returns its extent and what to call it.
func (c *checker) abandon(p *chanmodel.Func, ops []*chanmodel.Op, path []flow.Step) (pos, end token.Pos, what string) {
	for _, st := range path {
		if st.From == nil || !p.InLoop(st.From) || p.SameLoop(st.From, st.B) {
			continue
		}
		// The path leaves a loop: if it receives from the channel, the
		// statement leaving it is a break or a return in its body.
		for _, op := range ops {
			if op.Live && op.Fn == p && op.Kind.Receives() && p.SameLoop(op.Block, st.From) {
				if pos, what := c.exitStmt(p, op.Pos); pos.IsValid() {
					return pos, pos + token.Pos(len(what)), what
				}
			}
		}
	}
	last := path[len(path)-1].B
	if ret, ok := last.Instrs[len(last.Instrs)-1].(*ssa.Return); ok {
		if ret.Pos().IsValid() {
			return ret.Pos(), ret.Pos() + token.Pos(len("return")), "return"
		}
		// Falling off the end of the function: its closing brace.
		if body := funcBody(p.SSA); body != nil {
			return body.Rbrace, body.Rbrace + 1, "the end of " + explain.FuncName(p)
		}
	}
	// A call that ends the goroutine (t.Fatal): the caller leaves there.
	call := p.ExitCall(last)
	if call == nil {
		call, _ = p.EndsAt(last).(*ssa.Call)
	}
	if call != nil {
		if k, ok := p.BlockExit(last); ok && k == chanmodel.EndsGoroutine {
			if e, ok := c.m.Node(call.Pos()).(*ast.CallExpr); ok {
				return e.Pos(), e.Fun.End(), exprString(e.Fun)
			}
		}
	}
	return token.NoPos, token.NoPos, ""
}

// exitStmt returns the first return or break that leaves the loop holding
// pos (the loop statement's body, not nested loops or functions).
func (c *checker) exitStmt(p *chanmodel.Func, pos token.Pos) (token.Pos, string) {
	file := c.fileOf(pos)
	if file == nil {
		return token.NoPos, ""
	}
	path, _ := astutil.PathEnclosingInterval(file, pos, pos)
	var body *ast.BlockStmt
	for _, n := range path {
		switch n := n.(type) {
		case *ast.RangeStmt:
			body = n.Body
		case *ast.ForStmt:
			body = n.Body
		}
		if body != nil {
			break
		}
	}
	if body == nil {
		return token.NoPos, ""
	}
	found, what := token.NoPos, ""
	var visit func(n ast.Node, inLoop bool) bool
	visit = func(n ast.Node, breakable bool) bool {
		ast.Inspect(n, func(m ast.Node) bool {
			if found.IsValid() || m == nil {
				return false
			}
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				found, what = m.Pos(), "return"
				return false
			case *ast.BranchStmt:
				if m.Tok == token.BREAK && m.Label == nil && !breakable {
					found, what = m.Pos(), "break"
				}
				return false
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if m != n {
					// A break in here leaves the inner statement; a
					// return still leaves the loop.
					visit(m, true)
					return false
				}
			}
			return true
		})
		return false
	}
	visit(body, false)
	return found, what
}

// funcBody returns the body of fn's declaration or literal, or nil.
func funcBody(fn *ssa.Function) *ast.BlockStmt {
	switch syn := fn.Syntax().(type) {
	case *ast.FuncDecl:
		return syn.Body
	case *ast.FuncLit:
		return syn.Body
	}
	return nil
}

func exprString(e ast.Expr) string {
	return explain.ExprString(e)
}
