package analyzer_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/analyzer"
)

// The fuzzer type-checks std from source, once per process: the file set
// and importer are shared by all inputs (they only grow).
var (
	fuzzFset     = token.NewFileSet()
	fuzzImporter = importer.ForCompiler(fuzzFset, "source", nil)
)

// FuzzSuite feeds Go programs (the testdata corpus, mutated) through
// parsing, type checking and the whole suite. A program that does not
// parse or type-check is skipped, as drivers skip it; for the others no
// check may panic (a panic becomes an "internal error" diagnostic, which
// fails the test) or hang.
//
//	go test ./analyzer -run '^$' -fuzz FuzzSuite -fuzztime 10m
func FuzzSuite(f *testing.F) {
	for _, src := range seeds(f) {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		file, err := parser.ParseFile(fuzzFset, "fuzz.go", src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return
		}
		info := &types.Info{
			Types:        make(map[ast.Expr]types.TypeAndValue),
			Instances:    make(map[*ast.Ident]types.Instance),
			Defs:         make(map[*ast.Ident]types.Object),
			Uses:         make(map[*ast.Ident]types.Object),
			Implicits:    make(map[ast.Node]types.Object),
			Selections:   make(map[*ast.SelectorExpr]*types.Selection),
			Scopes:       make(map[ast.Node]*types.Scope),
			FileVersions: make(map[*ast.File]string),
		}
		conf := types.Config{Importer: fuzzImporter, Error: func(error) {}, GoVersion: "go1.26"}
		pkg, err := conf.Check("fuzz/"+file.Name.Name, fuzzFset, []*ast.File{file}, info)
		if err != nil {
			return
		}
		for _, d := range runSuite(t, pkg, []*ast.File{file}, info) {
			if d.Category == "internal error" {
				t.Fatalf("%s: %s\n%s", fuzzFset.Position(d.Pos), d.Message, src)
			}
		}
	})
}

// seeds returns the corpus's packages made of one file that imports only
// the standard library.
func seeds(f *testing.F) []string {
	var out []string
	root := filepath.Join("..", "testdata", "src")
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		entries, _ := os.ReadDir(filepath.Dir(path))
		if len(entries) != 1 {
			return nil // several files: the fuzzer takes one
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		file, err := parser.ParseFile(token.NewFileSet(), path, data, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range file.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.Contains(strings.Split(p, "/")[0], ".") || strings.HasPrefix(p, "summary/") {
				return nil // not the standard library
			}
		}
		out = append(out, string(data))
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
	if len(out) < 10 {
		f.Fatalf("only %d seeds found in %s", len(out), root)
	}
	return out
}

// runSuite runs the suite (and what it requires) over one type-checked
// package, as a go/analysis driver does, with facts kept in memory.
func runSuite(t *testing.T, pkg *types.Package, files []*ast.File, info *types.Info) []analysis.Diagnostic {
	var order []*analysis.Analyzer
	seen := make(map[*analysis.Analyzer]bool)
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		order = append(order, a)
	}
	for _, a := range analyzer.Suite() {
		visit(a)
	}
	type factKey struct {
		obj types.Object
		typ reflect.Type
	}
	facts := make(map[factKey]analysis.Fact)
	results := make(map[*analysis.Analyzer]any)
	var diags []analysis.Diagnostic
	for _, a := range order {
		pass := &analysis.Pass{
			Analyzer:   a,
			Fset:       fuzzFset,
			Files:      files,
			Pkg:        pkg,
			TypesInfo:  info,
			TypesSizes: types.SizesFor("gc", "amd64"),
			ResultOf:   make(map[*analysis.Analyzer]any),
			Report:     func(d analysis.Diagnostic) { diags = append(diags, d) },
			ReadFile:   func(string) ([]byte, error) { return nil, os.ErrNotExist },
			ImportObjectFact: func(obj types.Object, fact analysis.Fact) bool {
				got, ok := facts[factKey{obj, reflect.TypeOf(fact)}]
				if ok {
					reflect.ValueOf(fact).Elem().Set(reflect.ValueOf(got).Elem())
				}
				return ok
			},
			ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
				facts[factKey{obj, reflect.TypeOf(fact)}] = fact
			},
			ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
			ExportPackageFact: func(analysis.Fact) {},
			AllObjectFacts:    func() []analysis.ObjectFact { return nil },
			AllPackageFacts:   func() []analysis.PackageFact { return nil },
		}
		for _, r := range a.Requires {
			pass.ResultOf[r] = results[r]
		}
		res, err := a.Run(pass)
		if err != nil {
			t.Fatalf("%s: %v", a.Name, err)
		}
		results[a] = res
	}
	return diags
}

// TestRunSuite checks the fuzzer's driver on a known leak, so that the
// fuzz target is known to exercise the checks.
func TestRunSuite(t *testing.T) {
	src := `package p

func F() {
	ch := make(chan int)
	go func() { ch <- 1 }()
}
`
	file, err := parser.ParseFile(fuzzFset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types: make(map[ast.Expr]types.TypeAndValue), Defs: make(map[*ast.Ident]types.Object),
		Uses: make(map[*ast.Ident]types.Object), Implicits: make(map[ast.Node]types.Object),
		Selections: make(map[*ast.SelectorExpr]*types.Selection), Scopes: make(map[ast.Node]*types.Scope),
		Instances: make(map[*ast.Ident]types.Instance), FileVersions: make(map[*ast.File]string),
	}
	pkg, err := (&types.Config{Importer: fuzzImporter}).Check("p", fuzzFset, []*ast.File{file}, info)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, d := range runSuite(t, pkg, []*ast.File{file}, info) {
		msgs = append(msgs, fmt.Sprintf("%s [%s]", d.Message, d.Category))
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0], "send on ch blocks forever") {
		t.Errorf("got %q, want the one unpaired send", msgs)
	}
}
