package unpaired

import (
	_ "embed"
	"fmt"
	"go/ast"
	"reflect"

	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/internal/checkdoc"
	"github.com/leakvet/leakvet/passes/chanmodel"
	"github.com/leakvet/leakvet/passes/config"
	"github.com/leakvet/leakvet/passes/explain"
	"github.com/leakvet/leakvet/passes/flow"
	"github.com/leakvet/leakvet/passes/report"
	"github.com/leakvet/leakvet/passes/summary"
)

//go:embed doc.go
var doc string

// Analyzer reports channel operations that nothing can ever pair.
var Analyzer = &analysis.Analyzer{
	Name:       "unpaired",
	Doc:        checkdoc.MustExtract(doc, "unpaired"),
	URL:        "https://github.com/leakvet/leakvet/blob/main/docs/checks.md#unpaired",
	Run:        run,
	Requires:   []*analysis.Analyzer{summary.Analyzer, config.Analyzer, report.DirectivesAnalyzer},
	ResultType: reflect.TypeFor[*report.Used](),
}

type checker struct {
	m *chanmodel.Model
	r *report.Reporter
	x *explain.Explainer
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[summary.Analyzer].(*chanmodel.Model)
	cfg := pass.ResultOf[config.Analyzer].(*config.Config)
	r := report.New(pass, cfg, m)
	r.ModelErrors()
	if len(m.Ops) == 0 {
		return r.Used(), nil
	}
	c := &checker{m: m, r: r, x: explain.New(pass, m)}
	for _, op := range m.Ops {
		if !op.Live || op.Select != nil || op.Kind == chanmodel.Close {
			continue
		}
		r.Guard(op.Pos, explain.FuncName(op.Fn), func() { c.op(op) })
	}
	for _, sel := range m.Selects {
		if sel.Live && sel.Blocking {
			r.Guard(sel.Instr.Pos(), explain.FuncName(sel.Fn), func() { c.selectStmt(sel) })
		}
	}
	return r.Used(), nil
}

func (c *checker) op(op *chanmodel.Op) {
	t := op.Targets
	if t.OnlyNil() {
		c.nilOp(op)
		return
	}
	if !t.Known() {
		return
	}
	switch op.Kind {
	case chanmodel.Send:
		c.send(op)
	case chanmodel.Recv:
		c.recv(op)
	case chanmodel.Range:
		c.rangeOp(op)
	}
}

func receives(k chanmodel.OpKind) bool      { return k.Receives() }
func feeds(k chanmodel.OpKind) bool         { return k.Sends() || k == chanmodel.Close }
func sends(k chanmodel.OpKind) bool         { return k.Sends() }
func closes(k chanmodel.OpKind) bool        { return k == chanmodel.Close }
func sendsOrCloses(k chanmodel.OpKind) bool { return feeds(k) }

// unresolved reports whether an operation the model could not resolve might
// be the missing counterpart: then nothing is claimed.
func (c *checker) unresolved(chans []*chanmodel.Chan, want func(chanmodel.OpKind) bool) bool {
	for _, ch := range chans {
		if c.m.MayBeUnresolved(ch, want) {
			return true
		}
	}
	return false
}

// subject names the channel of op, saying which function of another
// package operates on it for a remote operation.
func (c *checker) subject(op *chanmodel.Op) string {
	name := c.m.ChanName(op)
	if op.Remote != nil {
		return fmt.Sprintf("%s (in %s)", name, op.Remote.Func)
	}
	return name
}

func (c *checker) send(op *chanmodel.Op) {
	chans := op.Targets.Chans
	live, dead := explain.Counterparts(chans, receives, nil)
	if len(live) > 0 || c.unresolved(chans, receives) {
		return
	}
	// A close does not help a sender nothing receives from: the send blocks
	// forever, or panics when the close comes first.
	closed, _ := explain.Counterparts(chans, closes, nil)
	for _, cl := range closed {
		if closesFirst(cl, op) {
			return // it panics: a different bug, not a leak
		}
	}
	buffered := int64(0)
	for _, ch := range chans {
		switch {
		case ch.Cap < 0:
			return // dynamic capacity: it may cover every send
		case ch.Cap > 0:
			if !c.x.Outnumbered(ch, op) {
				return
			}
			buffered = ch.Cap
		}
	}
	name := c.subject(op)
	var msg string
	switch {
	case len(closed) > 0:
		msg = fmt.Sprintf("send on %s blocks forever, or panics once %s is closed (%s): nothing receives from it", name, name, c.x.Short(closed[0].Pos))
		if len(dead) > 0 {
			msg = fmt.Sprintf("send on %s blocks forever, or panics once %s is closed (%s): %s in dead code", name, name, c.x.Short(closed[0].Pos), c.x.Only("receive", dead))
		}
	case len(dead) > 0:
		msg = fmt.Sprintf("send on %s blocks forever: %s in dead code", name, c.x.Only("receive", dead))
	case buffered > 0:
		msg = fmt.Sprintf("send on %s blocks forever once its buffer of %d is full: nothing receives from it", name, buffered)
	default:
		msg = fmt.Sprintf("send on %s blocks forever: nothing receives from it", name)
	}
	c.report(op, msg, dead, "receive")
}

func (c *checker) recv(op *chanmodel.Op) {
	chans := op.Targets.Chans
	live, dead := explain.Counterparts(chans, feeds, nil)
	if c.unresolved(chans, feeds) {
		return
	}
	if len(live) > 0 {
		if c.closedOnlyOnReturn(op, live) {
			name := c.subject(op)
			pos, end := c.m.Extent(op)
			related := c.x.Makes(chans)
			for _, cl := range live {
				p, e := c.m.Extent(cl)
				related = append(related, analysis.RelatedInformation{Pos: p, End: e, Message: "the only close, deferred: it runs when " + explain.FuncName(op.Fn) + " returns"})
			}
			related = append(related, c.x.Goroutines(op.Fn)...)
			c.leak(op.Fn, analysis.Diagnostic{
				Pos:     pos,
				End:     end,
				Message: fmt.Sprintf("receive from %s blocks forever: its only close is deferred (%s) and runs when %s returns, which it cannot do while waiting here", name, c.x.Short(live[0].Pos), explain.FuncName(op.Fn)),
				Related: related,
			})
		}
		return
	}
	if len(op.Fn.Goroutines) == 0 && c.madeToWait(op) {
		// <-make(chan T) on a goroutine the package does not start
		// (main's, a test's): the program waits there to be killed, on
		// purpose. In a goroutine the package starts, the goroutine is
		// parked for good: reported.
		return
	}
	name := c.subject(op)
	msg := fmt.Sprintf("receive from %s blocks forever: nothing sends on or closes it", name)
	if len(dead) > 0 {
		msg = fmt.Sprintf("receive from %s blocks forever: %s in dead code", name, c.x.Only("send or close", dead))
	}
	c.report(op, msg, dead, "send")
}

// madeToWait reports whether op receives from a channel made for that
// receive alone, written so (<-make(chan T)): nothing else can ever hold
// it, and no name says it was meant for another use.
func (c *checker) madeToWait(op *chanmodel.Op) bool {
	mk, ok := op.Value.(*ssa.MakeChan)
	if !ok || op.Select != nil {
		return false
	}
	if refs := *mk.Referrers(); len(refs) != 1 || refs[0] != op.Instr {
		return false
	}
	u, ok := c.m.Node(op.Pos).(*ast.UnaryExpr)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(u.X).(*ast.CallExpr)
	return ok && call.Lparen == mk.Pos()
}

func (c *checker) rangeOp(op *chanmodel.Op) {
	chans := op.Targets.Chans
	liveClose, deadClose := explain.Counterparts(chans, closes, nil)
	if len(liveClose) > 0 || c.unresolved(chans, closes) {
		return
	}
	liveSend, deadSend := explain.Counterparts(chans, sends, nil)
	name := c.subject(op)
	if len(liveSend) == 0 {
		if c.unresolved(chans, sendsOrCloses) {
			return
		}
		dead := append(deadSend, deadClose...)
		msg := fmt.Sprintf("range over %s blocks forever: nothing sends on or closes it", name)
		if len(dead) > 0 {
			msg = fmt.Sprintf("range over %s blocks forever: %s in dead code", name, c.x.Only("send or close", dead))
		}
		c.report(op, msg, dead, "send")
		return
	}
	// Values arrive but the loop never ends (unless the body leaves it).
	// That is a leak when the loop runs again and again: each run leaves a
	// goroutine parked here.
	if op.Fn.LoopHasExit(op.Block) {
		return
	}
	why := c.x.Repeats(op.Fn)
	if why == "" {
		// Run once, the loop still blocks forever if the sends stop: when
		// every send runs a bounded number of times, the last one comes.
		for _, s := range liveSend {
			if c.x.Repeats(s.Fn) != "" || s.Fn.UnboundedLoop(s.Instr) {
				return
			}
		}
		why = fmt.Sprintf("so it blocks forever after the last send (%s)", c.x.Short(liveSend[len(liveSend)-1].Pos))
	} else {
		why = "and " + why
	}
	msg := fmt.Sprintf("range over %s never ends: nothing closes it, %s", name, why)
	if len(deadClose) > 0 {
		msg = fmt.Sprintf("range over %s never ends: %s in dead code, %s", name, c.x.Only("close", deadClose), why)
	}
	c.report(op, msg, deadClose, "close")
}

func (c *checker) nilOp(op *chanmodel.Op) {
	if t := fieldOwner(op.Value); t != nil && !c.m.Creates(t) {
		return // no value of the struct type exists: the code never runs
	}
	name := c.subject(op)
	var verb string
	switch op.Kind {
	case chanmodel.Send:
		verb = "send on"
	case chanmodel.Recv:
		verb = "receive from"
	case chanmodel.Range:
		verb = "range over"
	default:
		return
	}
	pos, end := c.m.Extent(op)
	c.leak(op.Fn, analysis.Diagnostic{
		Pos:     pos,
		End:     end,
		Message: fmt.Sprintf("%s nil channel %s blocks forever: no channel is ever assigned to it", verb, name),
		Related: c.x.Goroutines(op.Fn),
	})
}

// report reports op with the channel's make site, the goroutines that reach
// op, and the dead counterparts.
func (c *checker) report(op *chanmodel.Op, msg string, dead []*chanmodel.Op, what string) {
	pos, end := c.m.Extent(op)
	var related []analysis.RelatedInformation
	related = append(related, c.x.Makes(op.Targets.Chans)...)
	related = append(related, c.x.Goroutines(op.Fn)...)
	related = append(related, c.x.Dead(dead)...)
	c.leak(op.Fn, analysis.Diagnostic{Pos: pos, End: end, Message: msg, Related: related})
}

// leak reports d, a blocked operation of fn. The go statements that start
// fn's goroutine are where noexit would report the same leak: a directive
// there silences d too (noexit leaves the leak to this check).
func (c *checker) leak(fn *chanmodel.Func, d analysis.Diagnostic) {
	var aliases []report.Alias
	for _, g := range fn.Goroutines {
		aliases = append(aliases, report.Alias{Check: "noexit", Pos: g.Instr.Pos()})
	}
	c.r.Report(d, aliases...)
}

func (c *checker) selectStmt(sel *chanmodel.Select) {
	pos := sel.Instr.Pos()
	end := pos
	if n := c.m.Node(pos); n != nil {
		end = n.End()
	}
	if len(sel.Cases) == 0 {
		// Blocking forever on purpose is fine once (main, a daemon); a
		// goroutine started again and again that does it is a leak.
		why := c.x.GoroutineRepeats(sel.Fn)
		if why == "" {
			return
		}
		c.leak(sel.Fn, analysis.Diagnostic{
			Pos:     pos,
			End:     pos + token6,
			Message: "empty select blocks forever, and " + why,
			Related: c.x.Goroutines(sel.Fn),
		})
		return
	}
	var related []analysis.RelatedInformation
	for _, cs := range sel.Cases {
		why := c.caseBlocked(cs, sel)
		if why == "" {
			return
		}
		p, e := c.m.Extent(cs)
		related = append(related, analysis.RelatedInformation{Pos: p, End: e, Message: why})
	}
	related = append(related, c.x.Goroutines(sel.Fn)...)
	c.leak(sel.Fn, analysis.Diagnostic{
		Pos:     pos,
		End:     end,
		Message: "select blocks forever: none of its cases can proceed",
		Related: related,
	})
}

// token6 is the length of the select keyword.
const token6 = 6

// caseBlocked returns why a select case can never proceed, or "".
func (c *checker) caseBlocked(cs *chanmodel.Op, sel *chanmodel.Select) string {
	t := cs.Targets
	name := c.m.ChanName(cs)
	if t.OnlyNil() {
		if ft := fieldOwner(cs.Value); ft != nil && !c.m.Creates(ft) {
			return "" // no value of the struct type exists
		}
		return fmt.Sprintf("%s is a nil channel: this case never proceeds", name)
	}
	if !t.Known() {
		return ""
	}
	if cs.Kind == chanmodel.SelectSend {
		for _, ch := range t.Chans {
			if ch.Cap != 0 {
				return ""
			}
		}
		live, _ := explain.Counterparts(t.Chans, receives, sel)
		if len(live) > 0 || c.unresolved(t.Chans, receives) {
			return ""
		}
		return fmt.Sprintf("nothing receives from %s", name)
	}
	live, _ := explain.Counterparts(t.Chans, feeds, sel)
	if len(live) > 0 || c.unresolved(t.Chans, feeds) {
		return ""
	}
	return fmt.Sprintf("nothing sends on or closes %s", name)
}

// closesFirst reports whether the close cl runs before the operation op on
// every path of their function (a deferred close runs last).
func closesFirst(cl, op *chanmodel.Op) bool {
	if cl.Fn != op.Fn || cl.Remote != nil {
		return false
	}
	if _, deferred := cl.Instr.(*ssa.Defer); deferred {
		return false
	}
	return flow.Before(cl.Instr, op.Instr)
}

// closedOnlyOnReturn reports whether a receive waits for itself: the
// channel is made by the receive's own function and kept in its locals, and
// every live send or close of it is a close that function defers, which
// runs only once the function returns (so never, while it waits here).
func (c *checker) closedOnlyOnReturn(op *chanmodel.Op, live []*chanmodel.Op) bool {
	if op.Remote != nil || len(op.Targets.Chans) != 1 {
		return false
	}
	ch := op.Targets.Chans[0]
	if ch.Make == nil || ch.Fn != op.Fn || ch.Escaped {
		return false
	}
	for _, l := range live {
		d, ok := l.Instr.(*ssa.Defer)
		if !ok || l.Kind != chanmodel.Close || l.Fn != op.Fn || l.Remote != nil || len(d.Call.Args) != 1 {
			return false
		}
		if !madeBy(d.Call.Args[0], ch.Make) {
			return false
		}
	}
	return !c.m.Retained(ch)
}

// madeBy reports whether v is, on every path, the channel mk makes in this
// very call: mk itself, a conversion of it, or a local variable only ever
// set to it.
func madeBy(v ssa.Value, mk *ssa.MakeChan) bool {
	for {
		switch x := v.(type) {
		case *ssa.MakeChan:
			return x == mk
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.UnOp:
			a, ok := x.X.(*ssa.Alloc)
			if x.Op != token.MUL || !ok {
				return false
			}
			for _, r := range *a.Referrers() {
				if st, isStore := r.(*ssa.Store); isStore && (st.Addr != a || !madeBy(st.Val, mk)) {
					return false
				}
			}
			return true
		}
		return false
	}
}

// fieldOwner returns the struct type whose field v is read from, or nil.
func fieldOwner(v ssa.Value) types.Type {
	switch x := v.(type) {
	case *ssa.UnOp:
		if fa, ok := x.X.(*ssa.FieldAddr); ok && x.Op == token.MUL {
			if p, ok := fa.X.Type().Underlying().(*types.Pointer); ok {
				return p.Elem()
			}
		}
	case *ssa.Field:
		return x.X.Type()
	}
	return nil
}
