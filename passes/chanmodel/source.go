package chanmodel

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// sourceIndex maps the positions SSA gives to operations back to syntax.
type sourceIndex struct {
	// nodes maps an operator position to its syntax: SendStmt.Arrow,
	// UnaryExpr.OpPos (<-), RangeStmt.For (over a channel),
	// SelectStmt.Select, CallExpr.Lparen (close, make), GoStmt.Go.
	nodes map[token.Pos]ast.Node
	// clauses maps the position of a select case's operator to its clause.
	clauses  map[token.Pos]*ast.CommClause
	rangeFor map[token.Pos]bool
	makeName map[token.Pos]string
	// directive marks functions (by name position) that carry a
	// //go:linkname or //export directive.
	directive map[token.Pos]bool
	generated map[*token.File]bool
	// loops lists every for and range statement, in source order.
	loops []loop
}

// loop is the extent of a loop statement and whether it may run without bound.
type loop struct {
	// rangeChan: a range over a channel (unbounded, unless what is sent
	// on the channel is).
	rangeChan bool
	pos, end  token.Pos
	unbounded bool
}

// enclosing returns the loop statements around pos in the function whose
// syntax spans [lo, hi), outermost first.
func (ix *sourceIndex) enclosing(pos, lo, hi token.Pos) []loop {
	var out []loop
	for _, l := range ix.loops {
		if l.pos > pos {
			break
		}
		if l.pos >= lo && l.end <= hi && pos < l.end {
			out = append(out, l)
		}
	}
	return out
}

// unboundedAt reports whether a cycle at pos, in the function whose syntax
// spans [lo, hi), may run without bound: it is enclosed by an unbounded
// loop of that function, or by no loop statement at all (a goto loop).
func (ix *sourceIndex) unboundedAt(pos, lo, hi token.Pos) bool {
	loops := ix.enclosing(pos, lo, hi)
	for _, l := range loops {
		if l.unbounded {
			return true
		}
	}
	return len(loops) == 0
}

// unboundedRanges returns the ranges over channels (their for positions)
// among the loops that may run without bound around pos, in the function
// whose syntax spans lo..hi; other reports another such loop (for { }, or
// no loop statement at all: a goto loop).
func (ix *sourceIndex) unboundedRanges(pos, lo, hi token.Pos) (ranges []token.Pos, other bool) {
	loops := ix.enclosing(pos, lo, hi)
	for _, l := range loops {
		switch {
		case l.rangeChan:
			ranges = append(ranges, l.pos)
		case l.unbounded:
			other = true
		}
	}
	return ranges, other || len(loops) == 0
}

func indexSource(pass *analysis.Pass) *sourceIndex {
	ix := &sourceIndex{
		nodes:     make(map[token.Pos]ast.Node),
		clauses:   make(map[token.Pos]*ast.CommClause),
		rangeFor:  make(map[token.Pos]bool),
		makeName:  make(map[token.Pos]string),
		directive: make(map[token.Pos]bool),
		generated: make(map[*token.File]bool),
	}
	info := pass.TypesInfo
	isMake := func(e ast.Expr) (*ast.CallExpr, bool) {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return nil, false
		}
		id, ok := ast.Unparen(call.Fun).(*ast.Ident)
		if !ok || id.Name != "make" {
			return nil, false
		}
		if _, ok := info.Uses[id].(*types.Builtin); !ok {
			return nil, false
		}
		return call, true
	}
	name := func(rhs ast.Expr, lhs string) {
		if call, ok := isMake(rhs); ok {
			ix.makeName[call.Lparen] = lhs
		}
	}
	for _, file := range pass.Files {
		if isGenerated(file) {
			ix.generated[pass.Fset.File(file.Pos())] = true
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Doc != nil {
					for _, c := range n.Doc.List {
						if strings.HasPrefix(c.Text, "//go:linkname ") || strings.HasPrefix(c.Text, "//export ") {
							ix.directive[n.Name.Pos()] = true
						}
					}
				}
			case *ast.SendStmt:
				ix.nodes[n.Arrow] = n
			case *ast.UnaryExpr:
				if n.Op == token.ARROW {
					ix.nodes[n.OpPos] = n
				}
			case *ast.RangeStmt:
				if t := info.TypeOf(n.X); t != nil && chanElem(t) != nil {
					ix.nodes[n.For] = n
					ix.rangeFor[n.For] = true
					ix.loops = append(ix.loops, loop{rangeChan: true, pos: n.Pos(), end: n.End(), unbounded: true})
				} else {
					ix.loops = append(ix.loops, loop{pos: n.Pos(), end: n.End()})
				}
			case *ast.ForStmt:
				// A loop with a condition is taken to be bounded: only
				// for { } runs without bound by construction.
				ix.loops = append(ix.loops, loop{pos: n.Pos(), end: n.End(), unbounded: n.Cond == nil})
			case *ast.SelectStmt:
				ix.nodes[n.Select] = n
				for _, s := range n.Body.List {
					cc := s.(*ast.CommClause)
					switch comm := cc.Comm.(type) {
					case *ast.SendStmt:
						ix.clauses[comm.Arrow] = cc
					case *ast.ExprStmt:
						if u, ok := ast.Unparen(comm.X).(*ast.UnaryExpr); ok {
							ix.clauses[u.OpPos] = cc
						}
					case *ast.AssignStmt:
						if len(comm.Rhs) == 1 {
							if u, ok := ast.Unparen(comm.Rhs[0]).(*ast.UnaryExpr); ok {
								ix.clauses[u.OpPos] = cc
							}
						}
					}
				}
			case *ast.GoStmt:
				ix.nodes[n.Go] = n
			case *ast.CallExpr:
				ix.nodes[n.Lparen] = n
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i, rhs := range n.Rhs {
						name(rhs, types.ExprString(n.Lhs[i]))
					}
				}
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i, rhs := range n.Values {
						name(rhs, n.Names[i].Name)
					}
				}
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok {
					name(n.Value, id.Name)
				}
			}
			return true
		})
	}
	slices.SortFunc(ix.loops, func(a, b loop) int { return cmp.Compare(a.pos, b.pos) })
	return ix
}

// Node returns the syntax of the operation, make call or go statement at
// pos: *ast.SendStmt, *ast.UnaryExpr, *ast.RangeStmt, *ast.SelectStmt,
// *ast.CallExpr or *ast.GoStmt; or nil.
func (m *Model) Node(pos token.Pos) ast.Node { return m.source.nodes[pos] }

// Clause returns the select clause of a select case operation, or nil.
func (m *Model) Clause(op *Op) *ast.CommClause { return m.source.clauses[op.Pos] }

// Generated reports whether pos lies in a generated file.
func (m *Model) Generated(pos token.Pos) bool {
	return m.source.generated[m.Fset.File(pos)]
}

// ChanExpr returns the channel expression of an operation, or nil.
func (m *Model) ChanExpr(op *Op) ast.Expr {
	if op.Remote != nil {
		var call *ast.CallExpr
		switch n := m.Node(op.Pos).(type) {
		case *ast.CallExpr:
			call = n
		case *ast.GoStmt:
			call = n.Call
		}
		switch {
		case call == nil:
			return nil
		case op.Remote.Arg < 0:
			return call
		case op.Remote.Arg < len(call.Args):
			return call.Args[op.Remote.Arg]
		case len(call.Args) < op.Remote.Arg+1:
			// A method call: argument 0 is the receiver.
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && op.Remote.Arg == 0 {
				return sel.X
			}
		}
		return nil
	}
	switch n := m.Node(op.Pos).(type) {
	case *ast.SendStmt:
		return n.Chan
	case *ast.UnaryExpr:
		return n.X
	case *ast.RangeStmt:
		return n.X
	case *ast.CallExpr:
		if len(n.Args) == 1 {
			return n.Args[0]
		}
	}
	return nil
}

// ChanName returns the source text naming the channel of op ("ch",
// "s.results"), or "the channel".
func (m *Model) ChanName(op *Op) string {
	if e := m.ChanExpr(op); e != nil {
		return types.ExprString(e)
	}
	return "the channel"
}

// Extent returns the source range to report for op: the whole statement or
// expression.
func (m *Model) Extent(op *Op) (token.Pos, token.Pos) {
	if op.Remote != nil {
		if n := m.Node(op.Pos); n != nil {
			if call, ok := n.(*ast.CallExpr); ok {
				return call.Pos(), call.End()
			}
			return n.Pos(), n.End()
		}
		return op.Pos, op.Pos
	}
	if op.Select != nil {
		if cc := m.Clause(op); cc != nil && cc.Comm != nil {
			return cc.Comm.Pos(), cc.Comm.End()
		}
	}
	if n := m.Node(op.Pos); n != nil {
		switch n := n.(type) {
		case *ast.RangeStmt:
			// for k := range ch: up to the end of the channel expression.
			return n.For, n.X.End()
		case *ast.CallExpr:
			return n.Fun.Pos(), n.End()
		}
		return n.Pos(), n.End()
	}
	return op.Pos, op.Pos
}
