package noexit

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/internal/checkdoc"
	"github.com/leakvet/leakvet/passes/chanmodel"
	"github.com/leakvet/leakvet/passes/config"
	"github.com/leakvet/leakvet/passes/explain"
	"github.com/leakvet/leakvet/passes/report"
	"github.com/leakvet/leakvet/passes/summary"
	"github.com/leakvet/leakvet/passes/unpaired"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutines that never end, started again and again.
var Analyzer = &analysis.Analyzer{
	Name: "noexit",
	Doc:  checkdoc.MustExtract(doc, "noexit"),
	URL:  "https://github.com/leakvet/leakvet/blob/main/docs/checks.md#noexit",
	Run:  run,
	// unpaired: a goroutine stuck on an operation unpaired reports is
	// that report's leak (one leak, one report).
	Requires:   []*analysis.Analyzer{summary.Analyzer, config.Analyzer, report.DirectivesAnalyzer, unpaired.Analyzer},
	ResultType: reflect.TypeFor[*report.Used](),
}

type checker struct {
	pass *analysis.Pass
	m    *chanmodel.Model
	cfg  *config.Config
	r    *report.Reporter
	x    *explain.Explainer
	ops  map[*ssa.BasicBlock][]*chanmodel.Op
	// feed counts the live operations on each channel made in the package.
	feed map[*chanmodel.Chan]*feed
	memo map[memoKey]bool
	busy map[memoKey]bool
}

type feed struct{ sends, recvs, closes int }

type memoKey struct {
	f *chanmodel.Func
	// strict: operations on the package's own channels never proceed
	// (used to find exits that depend on such channels), but for those on
	// the channel allow, which always may.
	strict bool
	allow  *chanmodel.Chan
}

// mode is how channel operations are judged while walking a function.
type mode struct {
	strict bool
	allow  *chanmodel.Chan
}

var normal = mode{}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[summary.Analyzer].(*chanmodel.Model)
	cfg := pass.ResultOf[config.Analyzer].(*config.Config)
	r := report.New(pass, cfg, m)
	r.After(unpaired.Analyzer.Name, pass.ResultOf[unpaired.Analyzer].(*report.Used))
	r.ModelErrors()
	if len(m.Gos) == 0 {
		return r.Used(), nil
	}
	c := &checker{
		pass: pass, m: m, cfg: cfg, r: r,
		x:    explain.New(pass, m),
		ops:  make(map[*ssa.BasicBlock][]*chanmodel.Op),
		feed: make(map[*chanmodel.Chan]*feed),
		memo: make(map[memoKey]bool),
		busy: make(map[memoKey]bool),
	}
	for _, op := range m.Ops {
		if !op.Live {
			continue
		}
		c.ops[op.Block] = append(c.ops[op.Block], op)
		for _, ch := range op.Targets.Chans {
			fd := c.feed[ch]
			if fd == nil {
				fd = &feed{}
				c.feed[ch] = fd
			}
			switch {
			case op.Kind.Sends():
				fd.sends++
			case op.Kind.Receives():
				fd.recvs++
			case op.Kind == chanmodel.Close:
				fd.closes++
			}
		}
	}
	for _, g := range m.Gos {
		if g.Remote != nil && g.Remote.Exit == chanmodel.Forever && g.Repeats {
			r.Guard(g.Instr.Pos(), explain.FuncName(g.Fn), func() { c.remoteGo(g) })
			continue
		}
		if g.External || len(g.Targets) == 0 {
			continue
		}
		r.Guard(g.Instr.Pos(), explain.FuncName(g.Fn), func() {
			if !c.checkGo(g) {
				c.checkContract(g)
			}
		})
	}
	return r.Used(), nil
}

// checkGo reports a go statement run again and again whose goroutine can
// never end.
func (c *checker) checkGo(g *chanmodel.GoSite) bool {
	if !g.Repeats {
		return false
	}
	for _, t := range g.Targets {
		if c.canReturn(t, normal) {
			return false
		}
	}
	t := g.Targets[0]
	trapPos, trap := c.trap(t)
	if trap == "" {
		return false
	}
	pos := g.Instr.Pos()
	end := pos
	if n := c.m.Node(pos); n != nil {
		end = n.End()
	}
	why, whyPos := c.repeats(g)
	related := []analysis.RelatedInformation{{Pos: trapPos, End: trapPos, Message: "the goroutine can never get past this"}}
	if whyPos.IsValid() {
		related = append(related, analysis.RelatedInformation{Pos: whyPos, End: whyPos, Message: "and this runs again and again"})
	}
	// Known also at the operation the goroutine is stuck on: when unpaired
	// reports it (and is shown), that report is this leak's.
	c.r.Report(analysis.Diagnostic{
		Pos:     pos,
		End:     end,
		Message: fmt.Sprintf("goroutine started here never ends: %s, and %s", trap, why),
		Related: related,
	}, report.Alias{Check: unpaired.Analyzer.Name, Pos: trapPos})
	return true
}

// repeats says why the go statement runs again and again.
func (c *checker) repeats(g *chanmodel.GoSite) (string, token.Pos) {
	f := g.Fn
	if g.Fn.UnboundedLoop(g.Instr) {
		if loop := c.loopAt(f, g.Instr.Pos()); loop != nil {
			return fmt.Sprintf("it is started in a loop that does not end (%s)", c.x.Short(loop.Pos())), loop.Pos()
		}
		return "it is started in a loop that does not end", token.NoPos
	}
	name := explain.FuncName(f)
	if f.Root {
		return fmt.Sprintf("%s can be called again and again", name), token.NoPos
	}
	for _, e := range f.Callers {
		if !e.Once && (e.Caller.Repeats || e.Caller.UnboundedLoop(e.Site)) {
			return fmt.Sprintf("%s runs again and again (called at %s)", name, c.x.Short(e.Site.Pos())), e.Site.Pos()
		}
	}
	return fmt.Sprintf("%s runs again and again", name), token.NoPos
}

// canReturn reports whether one run of f may end: some path from its entry
// reaches a return (or a panic, or a call that ends the process) without
// looping forever or blocking on a channel nothing can ever feed. In strict
// mode, operations on channels made in the package never proceed.
func (c *checker) canReturn(f *chanmodel.Func, md mode) bool {
	k := memoKey{f, md.strict, md.allow}
	if r, ok := c.memo[k]; ok {
		return r
	}
	if c.busy[k] || !f.Live || f.OverBudget || len(f.SSA.Blocks) == 0 || len(f.SSA.Blocks) > c.cfg.MaxBlocks {
		return true // recursion, or beyond the budget: assume it may return
	}
	c.busy[k] = true
	r := c.reach(f, md).exit
	delete(c.busy, k)
	c.memo[k] = r
	return r
}

// reachResult is what a walk over a function's blocks found.
type reachResult struct {
	exit  bool
	seen  []bool
	sinks []sink // blocks the walk could not get past
}

type sink struct {
	b       *ssa.BasicBlock
	pos     token.Pos
	what    string
	channel bool // stuck on a channel operation
}

func (c *checker) reach(f *chanmodel.Func, md mode) reachResult {
	fn := f.SSA
	res := reachResult{seen: make([]bool, len(fn.Blocks))}
	stack := []*ssa.BasicBlock{fn.Blocks[0]}
	res.seen[0] = true
	if fn.Recover != nil && f.LiveBlock(fn.Recover) {
		stack = append(stack, fn.Recover)
		res.seen[fn.Recover.Index] = true
	}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if pos, what, stuck := c.stuck(f, b, md); stuck {
			// Unless the run ends in the block before it gets stuck (go
			// panic(err) crashes the process first).
			if end := f.EndsAt(b); end == nil || end.Pos() > pos {
				res.sinks = append(res.sinks, sink{b, pos, what, c.channelSink(b, pos)})
				continue
			}
		}
		if isExit(f, b) {
			res.exit = true
		}
		for _, s := range b.Succs {
			if res.seen[s.Index] || !f.LiveBlock(s) || c.cut(f, b, s, md) {
				continue
			}
			res.seen[s.Index] = true
			stack = append(stack, s)
		}
	}
	return res
}

// isExit reports whether block b of f ends the goroutine's run of f: a
// return, runtime.Goexit, a process exit or a panic (see chanmodel's exit
// kinds); a call that never ends does not, nor does the panic SSA puts
// after a select that matched no case (which cannot happen).
func isExit(f *chanmodel.Func, b *ssa.BasicBlock) bool {
	k, ok := f.BlockExit(b)
	return ok && k != chanmodel.Forever
}

// dead reports whether an operation can never complete: a nil channel, a
// channel of the package nothing feeds (or, in strict mode, any channel of
// the package).
func (c *checker) dead(op *chanmodel.Op, md mode) bool {
	t := op.Targets
	if t.OnlyNil() {
		return true
	}
	if !t.Known() {
		return false
	}
	if md.strict {
		return !slices.Contains(t.Chans, md.allow)
	}
	for _, ch := range t.Chans {
		fd := c.feed[ch]
		if fd == nil {
			fd = &feed{}
		}
		switch {
		case op.Kind.Sends():
			if ch.Cap != 0 || fd.recvs > 0 {
				return false
			}
		default:
			if fd.sends > 0 || fd.closes > 0 {
				return false
			}
		}
	}
	return true
}

// stuck reports whether the goroutine can never get past block b: it
// blocks forever on a channel operation, or calls a function that never
// returns.
func (c *checker) stuck(f *chanmodel.Func, b *ssa.BasicBlock, md mode) (token.Pos, string, bool) {
	for _, op := range c.ops[b] {
		switch {
		case op.Select != nil:
			sel := op.Select
			if op.Case != 0 || !sel.Blocking {
				continue
			}
			all := true
			for _, cs := range sel.Cases {
				all = all && c.dead(cs, md)
			}
			if all {
				return sel.Instr.Pos(), fmt.Sprintf("the select at %s has no case that can proceed", c.x.Short(sel.Instr.Pos())), true
			}
		case op.Kind == chanmodel.Recv || op.Kind == chanmodel.Send:
			if c.dead(op, md) {
				verb := "the receive from"
				if op.Kind == chanmodel.Send {
					verb = "the send on"
				}
				return op.Pos, fmt.Sprintf("%s %s at %s never completes", verb, c.m.ChanName(op), c.x.Short(op.Pos)), true
			}
		case op.Kind == chanmodel.Range:
			if c.dead(op, md) && !md.strict {
				return op.Pos, fmt.Sprintf("the range over %s at %s never gets a value", c.m.ChanName(op), c.x.Short(op.Pos)), true
			}
		}
	}
	for _, instr := range b.Instrs {
		if sel, ok := instr.(*ssa.Select); ok && sel.Blocking && len(sel.States) == 0 {
			return sel.Pos(), fmt.Sprintf("the empty select at %s blocks forever", c.x.Short(sel.Pos())), true
		}
		call, ok := instr.(*ssa.Call)
		if !ok || c.m.MayCallOutside(call) {
			continue
		}
		var callees []*chanmodel.Func
		for _, e := range f.Callees {
			if e.Site == instr && e.Kind == chanmodel.CallEdge {
				callees = append(callees, e.Callee)
			}
		}
		if len(callees) == 0 {
			continue
		}
		never := true
		for _, callee := range callees {
			never = never && !c.canReturn(callee, md)
		}
		if never {
			return call.Pos(), fmt.Sprintf("%s, called at %s, never returns", explain.FuncName(callees[0]), c.x.Short(call.Pos())), true
		}
	}
	return token.NoPos, "", false
}

// channelSink reports whether the goroutine is stuck in b on a channel
// operation (not a call that never returns, not an empty select).
func (c *checker) channelSink(b *ssa.BasicBlock, pos token.Pos) bool {
	for _, op := range c.ops[b] {
		if op.Pos == pos || (op.Select != nil && op.Select.Instr.Pos() == pos && len(op.Select.Cases) > 0) {
			return true
		}
	}
	return false
}

// cut reports whether the edge b -> s can never be taken: the exit of a
// range over a channel nothing closes, or a select case that can never
// proceed.
func (c *checker) cut(f *chanmodel.Func, b, s *ssa.BasicBlock, md mode) bool {
	for _, op := range c.ops[b] {
		if op.Kind == chanmodel.Range && len(b.Succs) == 2 && s == b.Succs[1] && c.neverClosed(op, md) {
			return true
		}
	}
	for _, sel := range c.m.Selects {
		if sel.Fn != f || sel.Instr.Block() == nil {
			continue
		}
		for k, e := range sel.CaseEdges {
			if e.From == b && e.To == s && c.dead(sel.Cases[k], md) {
				return true
			}
		}
	}
	return false
}

// neverClosed reports whether nothing ever closes the channel a range
// loops over: a ticker's channel, or a channel of the package no live code
// closes.
func (c *checker) neverClosed(op *chanmodel.Op, md mode) bool {
	t := op.Targets
	if t.Unknown {
		return false
	}
	if t.OnlyNil() {
		return true
	}
	for _, ch := range t.Chans {
		switch {
		case ch.Source != "":
			if !ch.NeverClosed {
				return false
			}
		case ch.Escaped, md.strict && ch == md.allow:
			return false
		case md.strict:
		default:
			if fd := c.feed[ch]; fd != nil && fd.closes > 0 {
				return false
			}
		}
	}
	return true
}

// trap finds why f never returns: the first place every path gets stuck,
// or the loop it never leaves.
func (c *checker) trap(f *chanmodel.Func) (token.Pos, string) {
	res := c.reach(f, normal)
	for _, s := range res.sinks {
		if s.channel {
			// A send or receive nothing can pair: the unpaired check
			// reports that operation itself.
			return token.NoPos, ""
		}
		if s.what != "" {
			return s.pos, s.what
		}
	}
	comp, cyclic := chanmodel.SCCs(f.SSA, func(b *ssa.BasicBlock) bool { return res.seen[b.Index] })
	for _, b := range f.SSA.Blocks {
		if !res.seen[b.Index] || comp[b.Index] < 0 || !cyclic[comp[b.Index]] {
			continue
		}
		for _, instr := range b.Instrs {
			if !instr.Pos().IsValid() {
				continue
			}
			if loop := c.loopAt(f, instr.Pos()); loop != nil {
				if rs, ok := loop.(*ast.RangeStmt); ok {
					for _, op := range c.ops[b] {
						if op.Kind == chanmodel.Range && op.Pos == rs.For {
							return rs.For, fmt.Sprintf("the range over %s at %s never ends (nothing closes %s)",
								c.m.ChanName(op), c.x.Short(rs.For), c.closer(op))
						}
					}
				}
				if way := c.deadWayOut(f, comp, b, res.seen); way != "" {
					return loop.Pos(), fmt.Sprintf("the loop at %s has no exit: %s", c.x.Short(loop.Pos()), way)
				}
				return loop.Pos(), fmt.Sprintf("the loop at %s has no exit", c.x.Short(loop.Pos()))
			}
			// A loop made with goto.
			return instr.Pos(), fmt.Sprintf("it loops forever through %s (a goto loop with no exit)", c.x.Short(instr.Pos()))
		}
	}
	return token.NoPos, ""
}

// closer names what a range loops over, for "nothing closes ...".
func (c *checker) closer(op *chanmodel.Op) string {
	for _, ch := range op.Targets.Chans {
		if ch.Source != "" {
			return "the channel of " + ch.Source
		}
	}
	return c.m.ChanName(op)
}

// loopAt returns the innermost for or range statement of f enclosing pos.
func (c *checker) loopAt(f *chanmodel.Func, pos token.Pos) ast.Stmt {
	var file *ast.File
	for _, fl := range c.pass.Files {
		if fl.FileStart <= pos && pos <= fl.FileEnd {
			file = fl
		}
	}
	if file == nil {
		return nil
	}
	syn := f.SSA.Syntax()
	path, _ := astutil.PathEnclosingInterval(file, pos, pos)
	for _, n := range path {
		if syn != nil && (n.Pos() < syn.Pos() || n.End() > syn.End()) {
			return nil
		}
		if fl, ok := n.(*ast.FuncLit); ok && ast.Node(fl) != syn {
			return nil
		}
		switch n := n.(type) {
		case *ast.ForStmt:
			return n
		case *ast.RangeStmt:
			return n
		}
	}
	return nil
}

// deadWayOut describes a way out of the loop holding b that can never be
// taken: a select case on a channel nothing feeds.
func (c *checker) deadWayOut(f *chanmodel.Func, comp []int, b *ssa.BasicBlock, seen []bool) string {
	for _, sel := range c.m.Selects {
		if sel.Fn != f {
			continue
		}
		for k, e := range sel.CaseEdges {
			if e.From == nil || !seen[e.From.Index] || comp[e.From.Index] != comp[b.Index] {
				continue
			}
			cs := sel.Cases[k]
			if !c.dead(cs, normal) {
				continue
			}
			name := c.m.ChanName(cs)
			if cs.Targets.OnlyNil() {
				return fmt.Sprintf("its way out, the %s case (%s), waits on a nil channel", name, c.x.Short(cs.Pos))
			}
			return fmt.Sprintf("its way out, the %s case (%s), can never fire: nothing closes or sends on %s", name, c.x.Short(cs.Pos), name)
		}
	}
	return ""
}

// remoteGo reports a go statement, run again and again, starting a
// function of another package that never returns (by its summary).
func (c *checker) remoteGo(g *chanmodel.GoSite) {
	pos := g.Instr.Pos()
	end := pos
	if n := c.m.Node(pos); n != nil {
		end = n.End()
	}
	why, whyPos := c.repeats(g)
	var related []analysis.RelatedInformation
	if whyPos.IsValid() {
		related = append(related, analysis.RelatedInformation{Pos: whyPos, End: whyPos, Message: "and this runs again and again"})
	}
	c.r.Report(analysis.Diagnostic{
		Pos:     pos,
		End:     end,
		Message: fmt.Sprintf("goroutine started here never ends: %s never returns, and %s", g.RemoteName, why),
		Related: related,
	})
}
