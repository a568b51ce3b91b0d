// Package explain turns facts of the channel model into the words and
// positions of a diagnostic: counterparts, make sites, goroutines, dead
// code, and why code runs again and again. Every leakvet check uses it, so
// the checks speak alike.
package explain

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/chanmodel"
	"github.com/leakvet/leakvet/passes/report"
)

// Explainer explains the model of one package.
type Explainer struct {
	pass *analysis.Pass
	m    *chanmodel.Model
}

// New returns an Explainer for the model m of pass.
func New(pass *analysis.Pass, m *chanmodel.Model) *Explainer {
	return &Explainer{pass: pass, m: m}
}

// Short formats pos as file.go:line.
func (x *Explainer) Short(pos token.Pos) string { return report.Short(x.m.Fset, pos) }

// ExprString returns the source of e, shortened as types.ExprString does.
func ExprString(e ast.Expr) string { return types.ExprString(e) }

// FuncName names a function the way a user wrote it: "alloc2",
// "(*Server).serve", "the func literal in main".
func FuncName(f *chanmodel.Func) string {
	return funcName(f.SSA)
}

func funcName(fn *ssa.Function) string {
	if p := fn.Parent(); p != nil {
		return "the func literal in " + funcName(p)
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	var pkg *types.Package
	if fn.Pkg != nil {
		pkg = fn.Pkg.Pkg
	}
	if strings.HasPrefix(fn.Name(), "init#") && fn.Signature.Recv() == nil {
		return "init" // init#1, init#2: the init functions of the package
	}
	return fn.RelString(pkg)
}

// Counterparts returns the operations on any of chans whose kind want
// accepts, live and dead, leaving out the cases of the select self.
func Counterparts(chans []*chanmodel.Chan, want func(chanmodel.OpKind) bool, self *chanmodel.Select) (live, dead []*chanmodel.Op) {
	seen := make(map[*chanmodel.Op]bool)
	for _, ch := range chans {
		for _, op := range ch.Ops {
			if !want(op.Kind) || seen[op] || (self != nil && op.Select == self) {
				continue
			}
			seen[op] = true
			if op.Live {
				live = append(live, op)
			} else {
				dead = append(dead, op)
			}
		}
	}
	return live, dead
}

// Only says where the only counterparts are: "its only receive (a.go:12)
// is" or "its receives (a.go:12, a.go:14) are all".
func (x *Explainer) Only(what string, ops []*chanmodel.Op) string {
	if len(ops) == 1 {
		return fmt.Sprintf("its only %s (%s) is", what, x.Short(ops[0].Pos))
	}
	var at []string
	for i, op := range ops {
		if i == 3 {
			at = append(at, "...")
			break
		}
		at = append(at, x.Short(op.Pos))
	}
	return fmt.Sprintf("its %ss (%s) are all", what, strings.Join(at, ", "))
}

// Makes relates the make sites of chans.
func (x *Explainer) Makes(chans []*chanmodel.Chan) []analysis.RelatedInformation {
	var rel []analysis.RelatedInformation
	for i, ch := range chans {
		if i == 2 {
			break
		}
		if ch.Call != nil && ch.Remote != nil {
			pos, end := ch.Call.Pos(), ch.Call.Pos()
			if n := x.m.Node(pos); n != nil {
				pos, end = n.Pos(), n.End()
			}
			rel = append(rel, analysis.RelatedInformation{Pos: pos, End: end, Message: "the channel is made by " + ch.Remote.Func + ", called here"})
			continue
		}
		if ch.Make == nil {
			continue // made by the runtime (time.Tick, ...)
		}
		pos, end := ch.Make.Pos(), ch.Make.Pos()
		if n := x.m.Node(pos); n != nil {
			pos, end = n.Pos(), n.End()
			if call, ok := n.(*ast.CallExpr); ok {
				pos = call.Fun.Pos()
			}
		}
		what := "the channel is made here"
		if ch.Name != "" {
			what = ch.Name + " is made here"
		}
		rel = append(rel, analysis.RelatedInformation{Pos: pos, End: end, Message: what})
	}
	return rel
}

// Goroutines relates the go statements whose goroutine runs f.
func (x *Explainer) Goroutines(f *chanmodel.Func) []analysis.RelatedInformation {
	var rel []analysis.RelatedInformation
	n := 0
	for _, g := range f.Goroutines {
		if n == 2 {
			break
		}
		if !startsKnown(g) {
			// A go statement (or time.AfterFunc) of a function value of
			// unknown origin may run any escaped function, f among them:
			// naming it as f's start would mislead.
			continue
		}
		n++
		pos := g.Instr.Pos()
		end := pos
		if n := x.m.Node(pos); n != nil {
			end = n.End()
		}
		msg := "the goroutine is started here"
		if g.Repeats {
			msg = "the goroutine is started here, again and again"
		}
		rel = append(rel, analysis.RelatedInformation{Pos: pos, End: end, Message: msg})
	}
	return rel
}

// Dead relates counterparts in dead code, each with why it never runs.
func (x *Explainer) Dead(ops []*chanmodel.Op) []analysis.RelatedInformation {
	var rel []analysis.RelatedInformation
	for i, op := range ops {
		if i == 3 {
			break
		}
		pos, end := x.m.Extent(op)
		rel = append(rel, analysis.RelatedInformation{
			Pos:     pos,
			End:     end,
			Message: fmt.Sprintf("this %s never runs: %s", op.Kind, x.DeadReason(op)),
		})
	}
	return rel
}

// DeadReason says why an operation in dead code never runs.
func (x *Explainer) DeadReason(op *chanmodel.Op) string {
	if !op.Fn.Live {
		return FuncName(op.Fn) + " is never called"
	}
	if cond := x.constCondAt(op.Pos); cond != "" {
		return cond
	}
	return "it cannot be reached"
}

// constCondAt describes the constant if-condition that keeps pos from
// running, or returns "".
func (x *Explainer) constCondAt(pos token.Pos) string {
	file := x.fileOf(pos)
	if file == nil {
		return ""
	}
	path, _ := astutil.PathEnclosingInterval(file, pos, pos)
	for _, n := range path {
		ifs, ok := n.(*ast.IfStmt)
		if !ok {
			continue
		}
		tv, ok := x.pass.TypesInfo.Types[ifs.Cond]
		if !ok || tv.Value == nil {
			continue
		}
		cond := types.ExprString(ifs.Cond)
		inThen := ifs.Body.Pos() <= pos && pos < ifs.Body.End()
		val := tv.Value.ExactString()
		if (inThen && val == "false") || (!inThen && val == "true") {
			if cond == "true" || cond == "false" {
				return "it is inside if " + cond
			}
			return fmt.Sprintf("it is inside if %s, and %s is always %s", cond, cond, val)
		}
	}
	return ""
}

func (x *Explainer) fileOf(pos token.Pos) *ast.File {
	for _, f := range x.m.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// GoroutineRepeats says why the goroutine running f may be started again
// and again ("" if it is started a bounded number of times, or f does not
// run on a goroutine the package starts).
func (x *Explainer) GoroutineRepeats(f *chanmodel.Func) string {
	for _, g := range f.Goroutines {
		if g.Repeats {
			return fmt.Sprintf("its goroutine is started again and again (%s)", x.Short(g.Instr.Pos()))
		}
	}
	return ""
}

// Repeats says why f may run again and again ("" if it runs a bounded
// number of times): a goroutine started from a loop or per call, or a
// function called per request.
func (x *Explainer) Repeats(f *chanmodel.Func) string {
	if why := x.GoroutineRepeats(f); why != "" {
		return why
	}
	if f.Repeats && f.OnCaller {
		return FuncName(f) + " may run again and again"
	}
	return ""
}

// Outnumbered reports whether the sends on the buffered channel ch, which
// nothing receives from, can outnumber its capacity, and whether op is one
// of the sends that then block (a send that may run any number of times, or
// else the last send in source order).
func (x *Explainer) Outnumbered(ch *chanmodel.Chan, op *chanmodel.Op) bool {
	var order []*chanmodel.Func
	byFn := make(map[*chanmodel.Func][]*chanmodel.Op)
	var last *chanmodel.Op
	for _, o := range ch.Ops {
		if !o.Live || !o.Kind.Sends() {
			continue
		}
		if _, ok := byFn[o.Fn]; !ok {
			order = append(order, o.Fn)
		}
		byFn[o.Fn] = append(byFn[o.Fn], o)
		last = o
	}
	total, opMany, anyMany := int64(0), false, false
	for _, fn := range order {
		ops := byFn[fn]
		once, known := oncePerMake(fn, ch, 4)
		if !known {
			return false
		}
		n := -1
		if once {
			n = fn.MaxOnPath(func(b *ssa.BasicBlock) int {
				c := 0
				for _, o := range ops {
					if o.Block == b {
						c++
					}
				}
				return c
			})
		}
		if n < 0 {
			// Sends that run more than once per make but a bounded number
			// of times (a counted loop, a few go statements, a callback
			// handed to another package) may never fill the buffer: only
			// sends that can go on without bound count.
			if !x.unboundedSends(fn, ops, ch) {
				return false
			}
			anyMany = true
			for _, o := range ops {
				if o == op {
					opMany = true
				}
			}
			continue
		}
		total += int64(n)
	}
	if anyMany {
		return opMany
	}
	return total > ch.Cap && op == last
}

// unboundedSends reports whether the sends ops of fn can run without bound
// on the one channel ch: in a loop with no bound (for {}, a range over a
// channel; not a for {} whose ways out all test what another package's
// code returned in the loop: it runs as often as its input gives), in a goroutine started again and again by such a loop of the
// function making ch, or in a function run again and again (exported, or
// started per call) while ch outlives the call that made it (kept in a
// field or a global). A function value handed to code elsewhere is called
// an unknown number of times: no claim.
func (x *Explainer) unboundedSends(fn *chanmodel.Func, ops []*chanmodel.Op, ch *chanmodel.Chan) bool {
	return x.unboundedSendsDepth(fn, ops, ch, 4)
}

func (x *Explainer) unboundedSendsDepth(fn *chanmodel.Func, ops []*chanmodel.Op, ch *chanmodel.Chan, depth int) bool {
	for _, o := range ops {
		if fn.UnboundedLoop(o.Instr) && !fn.InputDriven(o.Instr) && !x.rangesBounded(fn, o, depth) && !stopsWhenFull(o, ch) {
			return true
		}
	}
	if fn.Escaped {
		return false
	}
	for _, g := range fn.Goroutines {
		if g.Fn == ch.Fn && ch.Fn.UnboundedLoop(g.Instr) {
			return true
		}
	}
	return fn != ch.Fn && x.Repeats(fn) != "" && x.m.Retained(ch)
}

// stopsWhenFull reports whether the send o, the only sender on ch, is
// followed in its block by a test that its buffer is full (len(ch) ==
// cap, len(ch) >= cap, with cap the constant capacity or cap(ch)) whose
// true branch can never come back to the send: it sends at most as many
// values as the buffer holds, so it never blocks.
func stopsWhenFull(o *chanmodel.Op, ch *chanmodel.Chan) bool {
	if ch.Cap <= 0 || o.Instr == nil || o.Select != nil {
		return false
	}
	for _, other := range ch.Ops {
		if other.Live && other.Kind.Sends() && other != o {
			return false
		}
	}
	b := o.Block
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok || (cmp.Op != token.EQL && cmp.Op != token.GEQ) {
		return false
	}
	if !isLenOf(cmp.X, o.Value) || !isCapOf(cmp.Y, o.Value, ch.Cap) {
		return false
	}
	full := b.Succs[0]
	return !chanmodel.Reaches(full, b)
}

// isLenOf reports whether v is len(ch).
func isLenOf(v, ch ssa.Value) bool {
	c, ok := v.(*ssa.Call)
	if !ok || len(c.Call.Args) != 1 || !sameValue(c.Call.Args[0], ch) {
		return false
	}
	b, ok := c.Call.Value.(*ssa.Builtin)
	return ok && b.Name() == "len"
}

// sameValue reports whether a and b are one value: the same, or loads of
// one variable with no store between (both in one block, nothing but
// calls of builtins and the send itself in between).
func sameValue(a, b ssa.Value) bool {
	if a == b {
		return true
	}
	la, ok1 := a.(*ssa.UnOp)
	lb, ok2 := b.(*ssa.UnOp)
	if !ok1 || !ok2 || la.Op != token.MUL || lb.Op != token.MUL || la.X != lb.X || la.Block() != lb.Block() {
		return false
	}
	blk := la.Block()
	i, j := -1, -1
	for k, instr := range blk.Instrs {
		switch instr {
		case la:
			i = k
		case lb:
			j = k
		}
	}
	if i > j {
		i, j = j, i
	}
	for _, instr := range blk.Instrs[i+1 : j] {
		switch instr := instr.(type) {
		case *ssa.Store, *ssa.Go, *ssa.Defer:
			return false
		case *ssa.Call:
			if _, ok := instr.Call.Value.(*ssa.Builtin); !ok {
				return false
			}
		}
	}
	return true
}

// isCapOf reports whether v is cap(ch) or the constant capacity n.
func isCapOf(v, ch ssa.Value, n int64) bool {
	if k, ok := v.(*ssa.Const); ok && k.Value != nil && k.Value.Kind() == constant.Int {
		got, exact := constant.Int64Val(k.Value)
		return exact && got == n
	}
	c, ok := v.(*ssa.Call)
	if !ok || len(c.Call.Args) != 1 || !sameValue(c.Call.Args[0], ch) {
		return false
	}
	b, ok := c.Call.Value.(*ssa.Builtin)
	return ok && b.Name() == "cap"
}

// rangesBounded reports whether the only loops that may run without bound
// around o are ranges over channels that get a bounded number of values: a
// worker for v := range in { out <- f(v) } fed three values sends three.
func (x *Explainer) rangesBounded(fn *chanmodel.Func, o *chanmodel.Op, depth int) bool {
	ranges, other := fn.UnboundedRanges(o.Instr)
	if other || len(ranges) == 0 || depth == 0 {
		return false
	}
	for _, pos := range ranges {
		var loop *chanmodel.Op
		for _, r := range x.m.Ops {
			if r.Fn == fn && r.Kind == chanmodel.Range && r.Pos == pos && r.Live {
				loop = r
			}
		}
		if loop == nil || !loop.Targets.Known() || len(loop.Targets.Chans) == 0 {
			return false
		}
		for _, src := range loop.Targets.Chans {
			if src.Escaped || !x.boundedSupply(src, depth-1) {
				return false
			}
		}
	}
	return true
}

// boundedSupply reports whether the live sends on ch run a bounded number
// of times for each make of ch.
func (x *Explainer) boundedSupply(ch *chanmodel.Chan, depth int) bool {
	byFn := make(map[*chanmodel.Func][]*chanmodel.Op)
	var order []*chanmodel.Func
	for _, o := range ch.Ops {
		if !o.Live || !o.Kind.Sends() {
			continue
		}
		if o.Remote != nil {
			return false // another package sends: how often, it does not say
		}
		if _, ok := byFn[o.Fn]; !ok {
			order = append(order, o.Fn)
		}
		byFn[o.Fn] = append(byFn[o.Fn], o)
	}
	for _, fn := range order {
		if fn.Escaped {
			return false // called from elsewhere, how often is unknown
		}
		if _, known := oncePerMake(fn, ch, 4); !known || x.unboundedSendsDepth(fn, byFn[fn], ch, depth) {
			return false
		}
	}
	return true
}

// oncePerMake reports whether fn runs at most once per execution of ch's
// make. known is false when the answer depends on a loop around the make
// itself, which the model does not count.
func oncePerMake(fn *chanmodel.Func, ch *chanmodel.Chan, depth int) (once, known bool) {
	mk := ch.Block()
	if mk == nil {
		return false, false
	}
	if fn == ch.Fn {
		if fn.InLoop(mk) {
			return false, false
		}
		return true, true
	}
	if depth == 0 || fn.Root || len(fn.Callers) == 0 {
		return false, true
	}
	site := fn.Callers[0].Site
	for _, e := range fn.Callers {
		if e.Site != site {
			return false, true // called from several places
		}
	}
	e := fn.Callers[0]
	if e.Caller == ch.Fn {
		if e.Caller.SameLoop(site.Block(), mk) {
			return false, false
		}
		return !e.Caller.InLoop(site.Block()), true
	}
	if e.Caller.InLoop(site.Block()) {
		return false, true
	}
	return oncePerMake(e.Caller, ch, depth-1)
}

// startsKnown reports whether the go statement g names the function it
// starts: a function, a method, or a function literal, not a value that
// came from elsewhere.
func startsKnown(g *chanmodel.GoSite) bool {
	var v ssa.Value
	switch i := g.Instr.(type) {
	case *ssa.Go:
		if i.Call.IsInvoke() {
			return false
		}
		v = i.Call.Value
	case ssa.CallInstruction:
		// A library call running a callback: the callback argument.
		for _, a := range i.Common().Args {
			if _, ok := a.Type().Underlying().(*types.Signature); ok {
				v = a
			}
		}
	}
	switch v.(type) {
	case *ssa.Function, *ssa.MakeClosure, *ssa.Builtin:
		return true
	}
	// A function value the model followed to one function of the package.
	return len(g.Targets) == 1 && !g.External
}

// CallName returns the callee of a call as the source spells it
// ("t.Fatalf"), or the function's name.
func (x *Explainer) CallName(c *ssa.Call) string {
	pos := c.Pos()
	if f := x.fileOf(pos); f != nil {
		name := ""
		ast.Inspect(f, func(n ast.Node) bool {
			if name != "" || n == nil || n.Pos() > pos || n.End() <= pos {
				return false
			}
			if ce, ok := n.(*ast.CallExpr); ok && ce.Lparen == pos {
				name = types.ExprString(ce.Fun)
				return false
			}
			return true
		})
		if name != "" {
			return name
		}
	}
	if fn := c.Call.StaticCallee(); fn != nil {
		return funcName(fn)
	}
	return "the call"
}
