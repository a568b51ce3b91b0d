package stranded

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/leakvet/leakvet/passes/chanmodel"
	"github.com/leakvet/leakvet/passes/flow"
)

// enclosingLoop returns the innermost for or range statement of the owner's
// body that encloses pos, and the file.
func (c *checker) enclosingLoop(p *chanmodel.Func, pos token.Pos) (ast.Stmt, *ast.File) {
	file := c.fileOf(pos)
	if file == nil {
		return nil, nil
	}
	syn := p.SSA.Syntax()
	path, _ := astutil.PathEnclosingInterval(file, pos, pos)
	for _, n := range path {
		if syn != nil && (n.Pos() < syn.Pos() || n.End() > syn.End()) {
			break
		}
		if _, ok := n.(*ast.FuncLit); ok && n != syn {
			return nil, nil // the go statement is inside a closure of the owner
		}
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return n.(ast.Stmt), file
		}
	}
	return nil, file
}

func (c *checker) fileOf(pos token.Pos) *ast.File {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// constTrips returns the constant number of iterations of the loop around
// the go statement g, when there is one: for i := 0; i < 3; i++, for range 3.
func (c *checker) constTrips(sp spawn) (int, bool) {
	loop, _ := c.enclosingLoop(c.m.Func(sp.at.Parent()), sp.at.Pos())
	info := c.pass.TypesInfo
	constInt := func(e ast.Expr) (int64, bool) {
		if e == nil {
			return 0, false
		}
		tv, ok := info.Types[e]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
			return 0, false
		}
		return constant.Int64Val(tv.Value)
	}
	switch l := loop.(type) {
	case *ast.RangeStmt:
		if n, ok := constInt(l.X); ok && n >= 0 {
			return int(n), true
		}
		if t := info.TypeOf(l.X); t != nil {
			if arr, ok := t.Underlying().(*types.Array); ok {
				return int(arr.Len()), true
			}
		}
	case *ast.ForStmt:
		init, ok := l.Init.(*ast.AssignStmt)
		if !ok || len(init.Lhs) != 1 || len(init.Rhs) != 1 {
			return 0, false
		}
		from, ok := constInt(init.Rhs[0])
		if !ok {
			return 0, false
		}
		cond, ok := l.Cond.(*ast.BinaryExpr)
		if !ok || !sameIdent(cond.X, init.Lhs[0]) {
			return 0, false
		}
		to, ok := constInt(cond.Y)
		if !ok {
			return 0, false
		}
		inc, ok := l.Post.(*ast.IncDecStmt)
		if !ok || inc.Tok != token.INC || !sameIdent(inc.X, init.Lhs[0]) {
			return 0, false
		}
		switch cond.Op {
		case token.LSS:
			return int(max(0, to-from)), true
		case token.LEQ:
			return int(max(0, to-from+1)), true
		}
	}
	return 0, false
}

func sameIdent(a, b ast.Expr) bool {
	x, ok1 := a.(*ast.Ident)
	y, ok2 := b.(*ast.Ident)
	return ok1 && ok2 && x.Name == y.Name
}

// bufferFix returns the fix that gives the channel the buffer every send
// needs, when one provably exists: the channel is unbuffered, only
// goroutines started by the owner send on it, and their number of sends is
// a constant or the length of what the loop starting them ranges over.
func (c *checker) bufferFix(o *owner, sp spawn, sends *flow.RunCount, inLoop bool) *analysis.SuggestedFix {
	ch := o.ch
	if ch.Cap != 0 || ch.Make == nil {
		return nil
	}
	call, ok := c.m.Node(ch.Make.Pos()).(*ast.CallExpr)
	if !ok || len(call.Args) < 1 || len(call.Args) > 2 {
		return nil
	}
	if len(call.Args) == 2 {
		if n, ok := c.pass.TypesInfo.Types[call.Args[1]]; !ok || n.Value == nil || n.Value.String() != "0" {
			return nil
		}
	}
	// Every goroutine that sends on the channel, and how many sends.
	var size string
	if !inLoop {
		total := 0
		for _, other := range o.spawns {
			var s *flow.RunCount
			if other.remote != nil {
				if !other.remote.Kind.Sends() {
					continue
				}
				s = remoteCount(other.remote)
			} else {
				s = o.cnt.Summarize(other.g.Targets[0], flow.RoleSend, o.cnt.CallEnv(other.g.Instr, other.g.Targets[0], nil), c.cfg.MaxCallDepth)
			}
			if s.Max == 0 {
				continue
			}
			if s.Unknown || s.Max >= flow.Inf || o.p.InLoop(other.at.Block()) {
				return nil
			}
			total += s.Max
		}
		if total == 0 {
			return nil
		}
		size = fmt.Sprint(total)
	} else {
		if sends.Max != 1 {
			return nil
		}
		if sp.remote != nil {
			return nil
		}
		for _, other := range o.spawns {
			if other.at != sp.at {
				if other.remote != nil {
					return nil
				}
				if s := o.cnt.Summarize(other.g.Targets[0], flow.RoleSend, nil, c.cfg.MaxCallDepth); s.Max > 0 {
					return nil // several places start senders: keep it simple
				}
			}
		}
		size = c.loopCount(o, sp, call)
		if size == "" {
			return nil
		}
	}
	edit := analysis.TextEdit{Pos: call.Args[0].End(), End: call.Args[0].End(), NewText: []byte(", " + size)}
	if len(call.Args) == 2 {
		edit = analysis.TextEdit{Pos: call.Args[1].Pos(), End: call.Args[1].End(), NewText: []byte(size)}
	}
	name := ch.Name
	if name == "" {
		name = "the channel"
	}
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Give %s a buffer of %s so that no send blocks", name, size),
		TextEdits: []analysis.TextEdit{edit},
	}
}

// loopCount returns the source text of the number of iterations of the
// loop starting g, when it is known at the make: len(xs) for a range over
// xs, n for a range over the integer n or for i := 0; i < n; i++, where
// xs and n are parameters or variables set before the make and never
// assigned again.
func (c *checker) loopCount(o *owner, sp spawn, mk *ast.CallExpr) string {
	loop, file := c.enclosingLoop(o.p, sp.at.Pos())
	if loop == nil || loop.Pos() < mk.End() {
		return "" // the make is inside the loop, or the loop is elsewhere
	}
	if outer, _ := c.enclosingLoop(o.p, loop.Pos()-1); outer != nil && outer.Pos() > mk.Pos() {
		return "" // nested loops multiply
	}
	if outer, _ := c.enclosingLoop(o.p, loop.Pos()); outer != nil && outer != loop && outer.End() >= loop.End() && outer.Pos() > mk.Pos() {
		return ""
	}
	info := c.pass.TypesInfo
	stable := func(e ast.Expr) (string, bool) {
		id, ok := e.(*ast.Ident)
		if !ok {
			return "", false
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok || v.Pos() >= mk.Pos() || v.Pkg() != c.pass.Pkg {
			return "", false
		}
		if assignedAfter(file, info, v, mk.End()) {
			return "", false
		}
		return id.Name, true
	}
	switch l := loop.(type) {
	case *ast.RangeStmt:
		t := info.TypeOf(l.X)
		if t == nil {
			return ""
		}
		name, ok := stable(l.X)
		if !ok {
			return ""
		}
		switch u := t.Underlying().(type) {
		case *types.Slice, *types.Map, *types.Array:
			return "len(" + name + ")"
		case *types.Basic:
			if u.Info()&types.IsInteger != 0 {
				return name
			}
		}
	case *ast.ForStmt:
		init, ok := l.Init.(*ast.AssignStmt)
		if !ok || len(init.Rhs) != 1 {
			return ""
		}
		if tv := info.Types[init.Rhs[0]]; tv.Value == nil || tv.Value.String() != "0" {
			return ""
		}
		cond, ok := l.Cond.(*ast.BinaryExpr)
		if !ok || cond.Op != token.LSS || !sameIdent(cond.X, init.Lhs[0]) {
			return ""
		}
		inc, ok := l.Post.(*ast.IncDecStmt)
		if !ok || inc.Tok != token.INC || !sameIdent(inc.X, init.Lhs[0]) {
			return ""
		}
		if name, ok := stable(cond.Y); ok {
			return name
		}
		if call, ok := cond.Y.(*ast.CallExpr); ok && len(call.Args) == 1 {
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "len" {
				if name, ok := stable(call.Args[0]); ok {
					return "len(" + name + ")"
				}
			}
		}
	}
	return ""
}

// assignedAfter reports whether v is assigned (or has its address taken)
// in file after pos.
func assignedAfter(file *ast.File, info *types.Info, v *types.Var, pos token.Pos) bool {
	found := false
	ast.Inspect(file, func(n ast.Node) bool {
		if found || n == nil {
			return false
		}
		if n.End() < pos {
			return n.Pos() < pos && n.End() >= pos
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && info.ObjectOf(id) == v && n.Pos() > pos {
					found = true
				}
			}
		case *ast.UnaryExpr:
			if id, ok := n.X.(*ast.Ident); ok && n.Op == token.AND && info.ObjectOf(id) == v {
				found = true
			}
		case *ast.IncDecStmt:
			if id, ok := n.X.(*ast.Ident); ok && info.ObjectOf(id) == v && n.Pos() > pos {
				found = true
			}
		}
		return true
	})
	return found
}

// deferCloseFix returns the fix for a goroutine that can return without
// closing the channel its starter waits on, when the only close is the
// last statement of the goroutine's body: the close becomes the body's
// first statement, deferred, so that it runs on every return.
func (c *checker) deferCloseFix(child *chanmodel.Func, cl *chanmodel.Op) *analysis.SuggestedFix {
	var body *ast.BlockStmt
	switch syn := child.SSA.Syntax().(type) {
	case *ast.FuncLit:
		body = syn.Body
	case *ast.FuncDecl:
		body = syn.Body
	}
	if body == nil || len(body.List) < 2 {
		return nil
	}
	last, ok := body.List[len(body.List)-1].(*ast.ExprStmt)
	if !ok {
		return nil
	}
	call, ok := last.X.(*ast.CallExpr)
	if !ok || cl.Pos < call.Pos() || cl.Pos >= call.End() {
		return nil // the close is elsewhere
	}
	if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "close" || len(call.Args) != 1 {
		return nil
	}
	src, err := c.pass.ReadFile(c.pass.Fset.File(call.Pos()).Name())
	if err != nil {
		return nil
	}
	tf := c.pass.Fset.File(call.Pos())
	text := func(from, to token.Pos) string { return string(src[tf.Offset(from):tf.Offset(to)]) }
	first := body.List[0]
	// The indentation of the first statement, to put the defer on a line
	// of its own before it.
	lineStart := tf.LineStart(tf.Line(first.Pos()))
	indent := text(lineStart, first.Pos())
	if strings.TrimSpace(indent) != "" {
		return nil // the body is on one line
	}
	prev := body.List[len(body.List)-2]
	return &analysis.SuggestedFix{
		Message: fmt.Sprintf("Defer %s at the start of the goroutine, so that every return closes it", text(call.Pos(), call.End())),
		TextEdits: []analysis.TextEdit{
			{Pos: first.Pos(), End: first.Pos(), NewText: []byte("defer " + text(call.Pos(), call.End()) + "\n" + indent)},
			{Pos: prev.End(), End: last.End()},
		},
	}
}
