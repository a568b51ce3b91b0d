package stranded

import (
	"fmt"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/chanmodel"
	"github.com/leakvet/leakvet/passes/explain"
	"github.com/leakvet/leakvet/passes/flow"
)

// checkGenerator handles a channel a function of another package makes,
// returns, and feeds from a goroutine it starts (a generator), by that
// function's summary. If the function that calls it can stop receiving
// while the generator's goroutine still has values to send (and no way
// out), that goroutine blocks forever: the report is at the statement that
// abandons the channel.
func (c *checker) checkGenerator(ch *chanmodel.Chan) {
	p := ch.Fn
	if !p.Live || p.OverBudget || len(p.SSA.Blocks) > c.cfg.MaxBlocks {
		return
	}
	sync := p.OnItsGoroutine(c.cfg.MaxCallDepth)
	var feed *chanmodel.Op
	receives := false
	for _, op := range ch.Ops {
		if !op.Live {
			continue
		}
		switch {
		case op.Remote != nil && op.Remote.Async && op.Instr == ch.Call && op.Kind.Sends():
			feed = op
		case op.Remote != nil && op.Instr == ch.Call:
			// the generator's close
		case sync[op.Fn] && op.Kind.Receives():
			receives = true
		default:
			return // someone else operates on it
		}
	}
	if feed == nil || feed.Remote.WayOut || !receives {
		return
	}
	sends := remoteCount(feed)
	need, mode := sends.Max, flow.Counted
	if sends.Max >= flow.Inf {
		need, mode = flow.Inf, flow.Stream
	}
	cnt := flow.NewCounter(c.m, ch, c.cfg.MaxCallDepth, c.cfg.MaxPaths, c.ops)
	w := cnt.Weigh(p, flow.RoleRecv, nil, c.cfg.MaxCallDepth)
	if w.Unknown {
		return
	}
	g := flow.NewGraph(p, flow.ConstLive(p, nil), w)
	supply, path := g.MinSupply(ch.Call, need, mode)
	if flow.Add(supply, int(max(ch.Cap, 0))) >= need || path == nil {
		return
	}
	pos, what := c.abandon(ch, path)
	if !pos.IsValid() || c.reported[pos] {
		return
	}
	c.reported[pos] = true
	call := c.m.Node(ch.Call.Pos())
	var related []analysis.RelatedInformation
	if call != nil {
		related = append(related, analysis.RelatedInformation{Pos: call.Pos(), End: call.End(), Message: "the channel and its goroutine come from this call"})
	}
	if feed.Remote.Pos.IsValid() {
		related = append(related, analysis.RelatedInformation{Pos: feed.Remote.Pos, End: feed.Remote.Pos,
			Message: fmt.Sprintf("%s: its goroutine sends at line %d, with no way out", feed.Remote.Func, feed.Remote.Line)})
	}
	src := feed.Remote.Func
	if e, ok := call.(*ast.CallExpr); ok {
		src = exprString(e)
	}
	c.r.Report(analysis.Diagnostic{
		Pos: pos,
		End: pos + token.Pos(len(what)),
		Message: fmt.Sprintf("%s abandons the channel of %s: the goroutine %s started keeps sending on it and blocks forever",
			what, src, feed.Remote.Func),
		Related: related,
	})
}

// abandon finds the statement where the caller stops receiving on the
// witness path: a return or break inside the receive loop, or the return
// that ends the path.
func (c *checker) abandon(ch *chanmodel.Chan, path []flow.Step) (token.Pos, string) {
	p := ch.Fn
	for _, st := range path {
		if st.From == nil || !p.InLoop(st.From) || p.SameLoop(st.From, st.B) {
			continue
		}
		// The path leaves a loop: if it receives from the channel, the
		// statement leaving it is a break or a return in its body.
		for _, op := range ch.Ops {
			if op.Live && op.Fn == p && op.Kind.Receives() && p.SameLoop(op.Block, st.From) {
				if pos, what := c.exitStmt(p, op.Pos); pos.IsValid() {
					return pos, what
				}
			}
		}
	}
	last := path[len(path)-1].B
	if ret, ok := last.Instrs[len(last.Instrs)-1].(*ssa.Return); ok && ret.Pos().IsValid() {
		return ret.Pos(), "return"
	}
	return token.NoPos, ""
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

func exprString(e ast.Expr) string {
	return explain.ExprString(e)
}
