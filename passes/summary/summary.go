package summary

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"math/rand/v2"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/internal/checkdoc"
	"github.com/leakvet/leakvet/passes/chanmodel"
	"github.com/leakvet/leakvet/passes/config"
)

//go:embed doc.go
var doc string

// Analyzer builds the channel model of a package and exports what its
// functions do with channels. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "summary",
	Doc:        checkdoc.MustExtract(doc, "summary"),
	URL:        "https://pkg.go.dev/github.com/leakvet/leakvet/passes/summary",
	Run:        run,
	Requires:   []*analysis.Analyzer{ctrlflow.Analyzer, config.Analyzer},
	ResultType: reflect.TypeFor[*chanmodel.Model](),
	FactTypes:  []analysis.Fact{new(chanmodel.FuncFact)},
}

func run(pass *analysis.Pass) (res any, err error) {
	cfg := pass.ResultOf[config.Analyzer].(*config.Config)
	// A panic anywhere in the pass (SSA construction, exits, the model,
	// the facts) becomes an internal error the checks report, and the run
	// goes on with the other packages; phases that go function by function
	// guard each function themselves.
	defer func() {
		if r := recover(); r != nil {
			m := chanmodel.Empty(pass)
			m.Broken = true
			pos := token.NoPos
			if len(pass.Files) > 0 {
				pos = pass.Files[0].Package
			}
			m.Errors = append(m.Errors, chanmodel.Recovered(pos, "package "+pass.Pkg.Path()+" (summary)", r))
			res, err = m, nil
		}
	}()
	// Cheap exit: a package that never mentions a channel or a mutex nor
	// starts a goroutine has nothing to model and nothing to export. Most of the
	// packages a program depends on stop here, before any SSA is built.
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	lookup := func(fn *types.Func) *chanmodel.FuncFact {
		var f chanmodel.FuncFact
		if pass.ImportObjectFact(fn, &f) {
			return &f
		}
		return nil
	}
	if !mentionsBlocking(pass) {
		// How functions that never return end (t.Fatal ends the goroutine,
		// log.Fatal the process) matters to every importer: a package with
		// such functions gets its SSA built for that alone.
		if hasNoReturn(pass, cfgs) || callsParamMethod(pass) {
			pkg, funcs := buildSSA(pass, cfgs)
			cfg.PanicAt("exits", pass.Pkg.Path)
			for fn, fact := range chanmodel.ExitFacts(pkg, funcs, lookup) {
				if obj, ok := fn.Object().(*types.Func); ok && fn.Parent() == nil && fn.Synthetic == "" && obj.Pkg() == pass.Pkg {
					pass.ExportObjectFact(obj, fact)
				}
			}
		}
		return chanmodel.Empty(pass), nil
	}
	pkg, funcs := buildSSA(pass, cfgs)
	if cfg.ShuffleSeed != 0 {
		r := rand.New(rand.NewPCG(cfg.ShuffleSeed, 0))
		r.Shuffle(len(funcs), func(i, j int) { funcs[i], funcs[j] = funcs[j], funcs[i] })
	}
	cfg.PanicAt("ssa", pass.Pkg.Path)
	m := chanmodel.Build(pass, cfg, pkg, funcs, lookup)
	if !m.Broken {
		exportFacts(pass, m, cfg)
	}
	return m, nil
}

// hasNoReturn reports whether some function declared in the package never
// returns, as ctrlflow judges it.
func hasNoReturn(pass *analysis.Pass, cfgs *ctrlflow.CFGs) bool {
	for _, f := range pass.Files {
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok && cfgs.NoReturn(fn) {
					return true
				}
			}
		}
	}
	return false
}

// callsParamMethod reports whether some function of the package calls, as a
// statement, a method without results on one of its interface parameters
// (t.FailNow() in testify's require): such a call may end the goroutine,
// and the summary says through which parameter (FuncFact.EndsVia). It only
// decides whether SSA is worth building for a package without channels.
func callsParamMethod(pass *analysis.Pass) bool {
	params := make(map[types.Object]bool)
	found := false
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncType:
				if n.Params != nil {
					for _, fld := range n.Params.List {
						for _, name := range fld.Names {
							if v := pass.TypesInfo.Defs[name]; v != nil && types.IsInterface(v.Type()) {
								params[v] = true
							}
						}
					}
				}
			case *ast.ExprStmt:
				call, ok := n.X.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				id, ok := sel.X.(*ast.Ident)
				if !ok || !params[pass.TypesInfo.Uses[id]] {
					return true
				}
				if sig, ok := pass.TypesInfo.TypeOf(sel).(*types.Signature); ok && sig.Results().Len() == 0 {
					found = true
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// mentionsBlocking reports whether the package has an expression of a
// channel type (a make, an operation, a parameter, a call returning one),
// of a sync.Mutex or RWMutex (or a pointer to one: a Lock a return may
// leave held, see the deadlock check), or a go statement.
func mentionsBlocking(pass *analysis.Pass) bool {
	for _, tv := range pass.TypesInfo.Types {
		if tv.Type != nil && (hasChan(tv.Type) || isMutex(tv.Type)) {
			return true
		}
	}
	for _, f := range pass.Files {
		found := false
		ast.Inspect(f, func(n ast.Node) bool {
			if _, ok := n.(*ast.GoStmt); ok {
				found = true
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// isMutex reports whether t is sync.Mutex, sync.RWMutex or a pointer to
// one.
func isMutex(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && (n.Obj().Name() == "Mutex" || n.Obj().Name() == "RWMutex")
}

func hasChan(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Chan:
		return true
	case *types.Signature:
		for v := range u.Params().Variables() {
			if _, ok := v.Type().Underlying().(*types.Chan); ok {
				return true
			}
		}
		for v := range u.Results().Variables() {
			if _, ok := v.Type().Underlying().(*types.Chan); ok {
				return true
			}
		}
	}
	return false
}

// buildSSA builds the SSA form of the package, as the buildssa pass does
// (golang.org/x/tools/go/analysis/passes/buildssa), but only when called:
// summary cannot require buildssa, or SSA would be built for every package
// a program depends on.
func buildSSA(pass *analysis.Pass, cfgs *ctrlflow.CFGs) (*ssa.Package, []*ssa.Function) {
	// Generic code is built once per instantiation as well: a call on a
	// value of a type parameter is then a static call of the type
	// argument's method, and a conversion to an interface converts the
	// type argument. Instantiations made only in test files count too.
	prog := ssa.NewProgram(pass.Fset, ssa.InstantiateGenerics)
	prog.SetNoReturn(cfgs.NoReturn)
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
	pkg.Build()
	var funcs []*ssa.Function
	var add func(f *ssa.Function)
	add = func(f *ssa.Function) {
		funcs = append(funcs, f)
		for _, anon := range f.AnonFuncs {
			add(anon)
		}
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					if f := prog.FuncValue(fn); f != nil {
						add(f)
					}
				}
			}
		}
	}
	return pkg, append(funcs, instances(pkg, funcs)...)
}

// instances returns the instantiations of the package's generic functions
// that funcs (and the instantiations themselves) refer to, in the order
// first met.
func instances(pkg *ssa.Package, funcs []*ssa.Function) []*ssa.Function {
	work := append([]*ssa.Function(nil), funcs...)
	seen := make(map[*ssa.Function]bool, len(funcs))
	for _, f := range funcs {
		seen[f] = true
	}
	var rands []*ssa.Value
	for i := 0; i < len(work); i++ {
		for _, b := range work[i].Blocks {
			for _, instr := range b.Instrs {
				rands = instr.Operands(rands[:0])
				for _, r := range rands {
					g, ok := (*r).(*ssa.Function)
					if ok && !seen[g] && g.Origin() != nil && len(g.Blocks) > 0 && g.Origin().Pkg == pkg {
						seen[g] = true
						work = append(work, g)
					}
				}
			}
		}
	}
	return work[len(funcs):]
}

// exportFacts exports the facts of the package's functions.
func exportFacts(pass *analysis.Pass, m *chanmodel.Model, cfg *config.Config) {
	s := newSummarizer(m, cfg.MaxCallDepth, cfg.MaxPaths)
	for _, f := range m.Funcs {
		obj, ok := f.SSA.Object().(*types.Func)
		if !ok || f.SSA.Parent() != nil || f.SSA.Synthetic != "" || obj.Pkg() != pass.Pkg {
			continue
		}
		if fact := summarize(s, f, cfg); fact != nil {
			pass.ExportObjectFact(obj, fact)
		}
	}
}

// summarize returns the fact of f, or nil; a panic becomes an internal
// error of the model (the checks report it) and leaves f without a fact,
// which importers read as knowing nothing of f.
func summarize(s *summarizer, f *chanmodel.Func, cfg *config.Config) (fact *chanmodel.FuncFact) {
	defer func() {
		if r := recover(); r != nil {
			s.m.Errors = append(s.m.Errors, chanmodel.Recovered(f.SSA.Pos(), f.SSA.String()+" (summary facts)", r))
			fact = nil
		}
	}()
	cfg.PanicAt("facts", f.SSA.String)
	return s.summarize(f)
}
