package flow

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/leakvet/leakvet/passes/chanmodel"
)

const tripsSrc = `package p

func Lt()        { for i := 0; i < 8; i++ { _ = i } }
func Le()        { for i := 1; i <= 3; i++ { _ = i } }
func RangeInt()  { for range 5 {} }
func Param(n int) { for i := 0; i < n; i++ { _ = i } }
func Step2()     { for i := 0; i < 8; i += 2 { _ = i } }
func Empty()     { for i := 4; i < 2; i++ { _ = i } }
func Down()      { for i := 8; i > 0; i-- { _ = i } }
`

// buildPackage builds the SSA of package p from src, checked by go/ssa's
// sanity check.
func buildPackage(t *testing.T, src string) *ssa.Package {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg := types.NewPackage("p", "p")
	ssapkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset, pkg, []*ast.File{f}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	return ssapkg
}

// TestConstTrips checks which loops count as counted, and their trips.
func TestConstTrips(t *testing.T) {
	ssapkg := buildPackage(t, tripsSrc)
	for _, tc := range []struct {
		fn    string
		trips int
		ok    bool
	}{
		{"Lt", 8, true},
		{"Le", 3, true},
		{"RangeInt", 5, true},
		{"Param", 0, false},
		{"Step2", 0, false},
		{"Empty", 0, true},
		{"Down", 0, false},
	} {
		fn := ssapkg.Func(tc.fn)
		comp, cyclic := chanmodel.SCCs(fn, nil)
		trips, ok := 0, false
		for _, b := range fn.Blocks {
			c := comp[b.Index]
			if !cyclic[c] {
				continue
			}
			entered := false
			for _, p := range b.Preds {
				if comp[p.Index] != c {
					entered = true
				}
			}
			if !entered {
				continue
			}
			trips, ok = constTrips(b, func(x *ssa.BasicBlock) bool { return comp[x.Index] == c }, nil, nil)
		}
		if trips != tc.trips || ok != tc.ok {
			t.Errorf("%s: constTrips = %d, %v; want %d, %v", tc.fn, trips, ok, tc.trips, tc.ok)
		}
	}
}
