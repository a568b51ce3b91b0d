package deadlock

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/internal/checkdoc"
	"github.com/leakvet/leakvet/passes/chanmodel"
	"github.com/leakvet/leakvet/passes/config"
	"github.com/leakvet/leakvet/passes/explain"
	"github.com/leakvet/leakvet/passes/report"
	"github.com/leakvet/leakvet/passes/search"
	"github.com/leakvet/leakvet/passes/stranded"
	"github.com/leakvet/leakvet/passes/summary"
	"github.com/leakvet/leakvet/passes/unpaired"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutines blocked forever on locks, wait groups and
// condition variables.
var Analyzer = &analysis.Analyzer{
	Name: "deadlock",
	Doc:  checkdoc.MustExtract(doc, "deadlock"),
	URL:  "https://github.com/leakvet/leakvet/blob/main/docs/checks.md#deadlock",
	Run:  run,
	// unpaired, stranded: an operation they report is their leak (one
	// leak, one report).
	Requires:   []*analysis.Analyzer{summary.Analyzer, config.Analyzer, report.DirectivesAnalyzer, unpaired.Analyzer, stranded.Analyzer},
	ResultType: reflect.TypeFor[*report.Used](),
}

// rootDepth is how many calls up from a function allocating sync objects
// a search may start (constructors hand their objects to their callers,
// and a count or a callback deciding what a goroutine does may come from
// several calls up: a helper starting the goroutine, a closure calling
// the constructor).
const rootDepth = 4

// maxTrace bounds the witness steps given as related information.
const maxTrace = 6

type checker struct {
	pass *analysis.Pass
	m    *chanmodel.Model
	r    *report.Reporter
	// reported holds the positions already reported (a blocked operation
	// found from several roots is reported once).
	reported map[token.Pos]bool
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[summary.Analyzer].(*chanmodel.Model)
	cfg := pass.ResultOf[config.Analyzer].(*config.Config)
	r := report.New(pass, cfg, m)
	r.After(unpaired.Analyzer.Name, pass.ResultOf[unpaired.Analyzer].(*report.Used))
	r.After(stranded.Analyzer.Name, pass.ResultOf[stranded.Analyzer].(*report.Used))
	r.ModelErrors()
	if m.Pkg == nil {
		return r.Used(), nil
	}
	c := &checker{pass: pass, m: m, r: r, reported: make(map[token.Pos]bool)}
	for _, f := range m.Funcs {
		if f.Live && !f.OverBudget && len(f.SSA.Blocks) <= cfg.MaxBlocks {
			r.Guard(f.SSA.Pos(), explain.FuncName(f), func() { c.heldLocks(f) })
		}
	}
	env := search.ModelEnv(m)
	for _, f := range search.Roots(m, rootDepth) {
		if f.OverBudget || len(f.SSA.Blocks) > cfg.MaxBlocks || inBubble(f, cfg.MaxCallDepth) {
			continue
		}
		r.Guard(f.SSA.Pos(), explain.FuncName(f), func() {
			res := search.Search(f.SSA, env, search.DefaultOptions)
			for _, fd := range res.Findings {
				if !fd.Deadlock && f.ReturnEndsProcess(0) {
					// The goroutines are left blocked by the return of
					// main.main: the process ends, no leak. (Not the
					// functions main ends with: the runtime's leak profile
					// counts what they leave, taken before main returns.)
					continue
				}
				c.finding(f.SSA, fd)
			}
		})
	}
	return r.Used(), nil
}

// inBubble reports whether f runs inside a testing/synctest bubble (it is
// called, within depth calls, from the function given to synctest.Test or
// synctest.Run): time there is virtual, so a time.Sleep orders goroutines,
// and the search, which lets any goroutine run at any time, would claim
// interleavings that cannot happen.
func inBubble(f *chanmodel.Func, depth int) bool {
	// Breadth first over the callers, each function once: the call graph
	// of a large package has many paths to a function.
	seen := map[*chanmodel.Func]bool{f: true}
	frontier := []*chanmodel.Func{f}
	for d := 0; d <= depth && len(frontier) > 0; d++ {
		var next []*chanmodel.Func
		for _, g := range frontier {
			for _, e := range g.Callers {
				if c, ok := e.Site.(ssa.CallInstruction); ok {
					if fn := c.Common().StaticCallee(); fn != nil && fn.Pkg != nil {
						if p := fn.Pkg.Pkg.Path(); (p == "testing/synctest" || p == "internal/synctest") && (fn.Name() == "Run" || fn.Name() == "Test") {
							return true
						}
					}
				}
				if !seen[e.Caller] {
					seen[e.Caller] = true
					next = append(next, e.Caller)
				}
			}
		}
		frontier = next
	}
	return false
}

// syncKinds are the objects whose blocking this check reports: the sync
// objects, the contexts and the timers of the scope (the other checks do
// not know when a context is done or a timer fires).
var syncKinds = map[string]bool{"Mutex": true, "RWMutex": true, "WaitGroup": true, "Cond": true, "Once": true, "Context": true, "Timer": true}

func (c *checker) finding(root *ssa.Function, fd *search.Finding) {
	// The cause must involve a lock, wait group or condition variable:
	// states where only channels block are the other checks' business.
	cause := -1
	for i, g := range fd.Goroutines {
		if !g.Done && syncKinds[g.Kind] {
			cause = i
			break
		}
	}
	if cause < 0 {
		return
	}
	for i, g := range fd.Goroutines {
		if g.Done || !g.Pos.IsValid() || c.reported[g.Pos] || g.Op == "" {
			continue
		}
		if !syncKinds[g.Kind] && !c.counterpartExists(g) {
			continue
		}
		if c.pass.Fset.File(g.Pos) == nil || !c.inPackage(g.Pos) {
			continue
		}
		c.reported[g.Pos] = true
		c.r.Report(analysis.Diagnostic{
			Pos:     g.Pos,
			Message: c.message(root, fd, i, cause),
			Related: c.related(root, fd, i),
		})
	}
}

// inPackage reports whether pos lies in a file of the package.
func (c *checker) inPackage(pos token.Pos) bool {
	return c.file(pos) != nil
}

func (c *checker) file(pos token.Pos) *ast.File {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// counterpartExists reports whether the channel a goroutine blocks on has,
// in the model, a live operation that could pair with it: then unpaired
// does not report it, and the cause of the block is elsewhere.
func (c *checker) counterpartExists(g *search.Goroutine) bool {
	if g.Object == nil {
		return g.Op == "select"
	}
	mk, ok := g.Object.Site.(*ssa.MakeChan)
	if !ok {
		return false
	}
	ch := c.m.ChanOf(mk)
	if ch == nil {
		return false
	}
	want := func(k chanmodel.OpKind) bool { return k.Receives() }
	if g.Op == "receive" {
		want = func(k chanmodel.OpKind) bool { return k.Sends() || k == chanmodel.Close }
	}
	for _, op := range ch.Ops {
		if op.Live && want(op.Kind) {
			return true
		}
	}
	return false
}

// rootStarts returns the go statements whose goroutine runs root as its
// entry function.
func (c *checker) rootStarts(root *ssa.Function) []token.Pos {
	f := c.m.Func(root)
	var out []token.Pos
	for _, gs := range c.m.Gos {
		for _, t := range gs.Targets {
			if t == f {
				out = append(out, gs.Instr.Pos())
				break
			}
		}
	}
	return out
}

// who names goroutine i of fd.
func (c *checker) who(root *ssa.Function, fd *search.Finding, i int) string {
	g := fd.Goroutines[i]
	if g.Start == nil {
		return "the goroutine running " + shortName(root)
	}
	return "the goroutine started at " + report.Short(c.pass.Fset, g.Start.Pos())
}

func shortName(fn *ssa.Function) string {
	if fn.Parent() != nil {
		return "the func literal in " + shortName(fn.Parent())
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if recv := fn.Signature.Recv(); recv != nil {
		return types.TypeString(recv.Type(), func(*types.Package) string { return "" }) + "." + fn.Name()
	}
	return fn.Name()
}

// subject names the object of goroutine g's operation as the source
// writes it at the operation ("mu", "s.mu", "ch").
func (c *checker) subject(g *search.Goroutine) string {
	if x := c.exprAt(g.Pos); x != "" {
		return x
	}
	if g.Object != nil {
		if g.Object.Field != "" {
			return g.Object.Field
		}
		if a, ok := g.Object.Site.(*ssa.Alloc); ok && a.Comment != "" {
			return a.Comment
		}
	}
	return "it"
}

// exprAt returns the source of the object operated on at pos: the
// receiver of a method call whose parenthesis is at pos, the channel of a
// send or receive whose arrow is at pos, or "".
func (c *checker) exprAt(pos token.Pos) string {
	if f := c.file(pos); f != nil {
		path, _ := astutil.PathEnclosingInterval(f, pos, pos)
		for _, n := range path {
			switch n := n.(type) {
			case *ast.CallExpr:
				if n.Lparen == pos {
					if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && !c.isPkg(sel.X) {
						return types.ExprString(sel.X)
					}
					if len(n.Args) > 0 {
						if u, ok := ast.Unparen(n.Args[0]).(*ast.UnaryExpr); ok && u.Op == token.AND {
							return types.ExprString(u.X) // atomic.AddInt32(&n, 1)
						}
					}
					if len(n.Args) == 1 {
						return types.ExprString(n.Args[0])
					}
				}
			case *ast.SendStmt:
				if n.Arrow == pos {
					return types.ExprString(n.Chan)
				}
			case *ast.UnaryExpr:
				if n.OpPos == pos {
					return types.ExprString(n.X)
				}
			case *ast.RangeStmt:
				if n.For == pos || n.Range == pos {
					return types.ExprString(n.X)
				}
			}
		}
	}
	return ""
}

// isPkg reports whether x names an imported package (atomic in
// atomic.AddInt32).
func (c *checker) isPkg(x ast.Expr) bool {
	id, ok := x.(*ast.Ident)
	if !ok {
		return false
	}
	_, isPkg := c.pass.TypesInfo.Uses[id].(*types.PkgName)
	return isPkg
}

// blockedAt describes where goroutine i of fd is blocked.
func (c *checker) blockedAt(fd *search.Finding, i int) string {
	g := fd.Goroutines[i]
	if g.Op == "select" {
		return fmt.Sprintf("blocked in a select (%s)", report.Short(c.pass.Fset, g.Pos))
	}
	return fmt.Sprintf("blocked at %s (%s)", opText(g.Op, c.subject(g)), report.Short(c.pass.Fset, g.Pos))
}

// opText names an operation on x: "Lock of mu", "send on ch".
func opText(op, x string) string {
	switch op {
	case "send":
		return "send on " + x
	case "receive":
		return "receive from " + x
	case "select":
		return "select"
	}
	return op + " of " + x
}

func (c *checker) message(root *ssa.Function, fd *search.Finding, i, cause int) string {
	g := fd.Goroutines[i]
	what := opText(g.Op, c.subject(g))
	var why string
	switch {
	case g.Holder >= 0 && (g.Op == "Lock" || g.Op == "RLock" || g.Op == "Wait" && g.Kind == "Cond"):
		held := report.Short(c.pass.Fset, g.HeldAt)
		switch h := fd.Goroutines[g.Holder]; {
		case g.Holder == i:
			why = fmt.Sprintf("this goroutine already holds it (locked at %s)", held)
		case h.Done:
			why = fmt.Sprintf("%s locked it at %s and never unlocks it", c.who(root, fd, g.Holder), held)
		default:
			why = fmt.Sprintf("%s holds it (locked at %s) and is %s", c.who(root, fd, g.Holder), held, c.blockedAt(fd, g.Holder))
		}
		if g.Op == "Wait" {
			why = "it was woken but cannot take back its lock: " + why
		}
	case g.Writer >= 0 && g.Op == "Wait" && g.Kind == "Cond":
		why = fmt.Sprintf("it was woken but cannot take back its read lock: %s is waiting to Lock it (%s), and a waiting writer blocks new readers", c.who(root, fd, g.Writer), report.Short(c.pass.Fset, fd.Goroutines[g.Writer].Pos))
	case g.Writer >= 0 && g.Op == "RLock":
		why = fmt.Sprintf("%s waits to Lock it, and a waiting writer blocks new readers; the read lock it waits for is never released", c.who(root, fd, g.Writer))
		if g.Writer != i {
			why = fmt.Sprintf("%s is waiting to Lock it (%s), and a waiting writer blocks new readers until the read locks already held are released", c.who(root, fd, g.Writer), report.Short(c.pass.Fset, fd.Goroutines[g.Writer].Pos))
		}
	case g.Op == "Lock" && g.Kind == "RWMutex":
		why = "read locks of it are held and never released"
	case g.Kind == "WaitGroup":
		why = fmt.Sprintf("its counter stays at %d: no goroutine that can still run calls Done", g.Count)
	case g.Kind == "Cond" && g.Signalled.IsValid():
		why = fmt.Sprintf("no Signal or Broadcast comes after it: the one at %s came before the Wait, and a wake-up nobody waits for is lost", report.Short(c.pass.Fset, g.Signalled))
	case g.Kind == "Cond":
		why = "no goroutine that can still run signals it"
	case g.Kind == "Once":
		why = "the function of an earlier Do is still running, and blocked"
	case g.Kind == "Context":
		why = ctxWhy(g.Why)
		if g.Op == "select" {
			why = "no case can proceed: " + why
		}
	case g.Kind == "Timer":
		why = timerWhy(g.Why)
		if g.Op == "select" {
			why = "no case can proceed: " + why
		}
	default:
		// A channel operation: its partners are blocked on a lock, a wait
		// group or a condition variable.
		partner := "partner"
		switch g.Op {
		case "send":
			partner = "receiver"
		case "receive":
			partner = "sender"
		}
		why = fmt.Sprintf("every %s that could come is blocked or finished: %s is %s", partner, c.who(root, fd, cause), c.blockedAt(fd, cause))
		if cause == i {
			why = "every partner that could come is blocked or finished"
		}
	}
	return what + " blocks forever: " + why
}

// ctxWhy says why a context is never done (search.Goroutine.Why).
func ctxWhy(why string) string {
	switch why {
	case "nil":
		return "the context is never done (the Done channel of context.Background, TODO and WithoutCancel is nil)"
	case "test":
		return "the test's context is done only once the test function has returned, and it has not"
	}
	return "the context is never done: no goroutine that can still run calls its cancel function, and no parent context is done"
}

// timerWhy says why nothing comes on a timer's channel.
func timerWhy(why string) string {
	if why == "stopped" {
		return "the timer was stopped and is not reset, so nothing comes on its channel"
	}
	return "the timer's value was already received and it is not reset, so nothing more comes on its channel"
}

// related gives the go statements of the goroutines involved, the
// allocation of the object and the last steps of the witness.
func (c *checker) related(root *ssa.Function, fd *search.Finding, i int) []analysis.RelatedInformation {
	var rel []analysis.RelatedInformation
	seen := make(map[token.Pos]bool)
	add := func(pos token.Pos, msg string) {
		if pos.IsValid() && !seen[pos] && c.inPackage(pos) {
			seen[pos] = true
			rel = append(rel, analysis.RelatedInformation{Pos: pos, Message: msg})
		}
	}
	g := fd.Goroutines[i]
	if g.Start != nil {
		add(g.Start.Pos(), "the goroutine is started here")
	} else {
		// The root runs on the goroutine of the go statements starting it.
		for _, pos := range c.rootStarts(root) {
			add(pos, "the goroutine is started here")
		}
	}
	if g.Object != nil && g.Object.Site != nil {
		switch g.Kind {
		case "Context":
			add(g.Object.Site.Pos(), "the context is made here")
		case "Timer":
			add(g.Object.Site.Pos(), "the timer is made here")
		default:
			add(g.Object.Site.Pos(), c.subject(g)+" is allocated here")
		}
	}
	for j, h := range fd.Goroutines {
		if j != i && h.Start != nil && !h.Done {
			add(h.Start.Pos(), fmt.Sprintf("a goroutine %s is started here", c.blockedAt(fd, j)))
		}
	}
	trace := fd.Trace
	if len(trace) > maxTrace {
		trace = trace[len(trace)-maxTrace:]
	}
	for _, st := range trace {
		if st.G < 0 {
			if st.Op == "done" {
				add(st.Pos, "step: the context made here is done (its deadline passed, or its test ended)")
			} else {
				add(st.Pos, "step: the timer made here fires")
			}
			continue
		}
		what := st.Op
		if x := c.exprAt(st.Pos); x != "" {
			what = opText(st.Op, x)
		}
		add(st.Pos, fmt.Sprintf("step: %s: %s", c.who(root, fd, st.G), what))
	}
	return rel
}
