package chanmodel

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

func TestWithoutTags(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`struct{ch chan int}`, `struct{ch chan int}`},
		{`struct{ch chan int "json:\"ch\""}`, `struct{ch chan int}`},
		{`struct{a int "x\\"; b *struct{c chan int "y"}}`, `struct{a int; b *struct{c chan int}}`},
	} {
		if got := withoutTags(c.in); got != c.want {
			t.Errorf("withoutTags(%s) = %s, want %s", c.in, got, c.want)
		}
	}
	// A struct with tags is written as the one without, once they are off.
	pkg := types.NewPackage("p", "p")
	fields := []*types.Var{
		types.NewField(token.NoPos, pkg, "ch", types.NewChan(types.SendRecv, types.Typ[types.Int]), false),
		types.NewField(token.NoPos, pkg, "n", types.Typ[types.Int], false),
	}
	tagged := types.NewStruct(fields, []string{`json:"ch,omitempty"`, `x:"\\"`})
	plain := types.NewStruct(fields, nil)
	if got, want := withoutTags(types.TypeString(tagged, nil)), types.TypeString(plain, nil); got != want {
		t.Errorf("withoutTags(%s) = %s, want %s", tagged, got, want)
	}
}

// unsafeImporter imports unsafe and nothing else.
type unsafeImporter struct{}

func (unsafeImporter) Import(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	return nil, fmt.Errorf("no package %s", path)
}

// buildPlaces builds the SSA of one file and the exits that judge it.
func buildPlaces(t *testing.T, src string) (*ssa.Package, *exits) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, _, err := ssautil.BuildPackage(&types.Config{Importer: unsafeImporter{}}, fset,
		types.NewPackage("p", f.Name.Name), []*ast.File{f}, ssa.InstantiateGenerics)
	if err != nil {
		t.Fatal(err)
	}
	return pkg, newExits(pkg, nil, nil)
}

// checkNil checks, for every function of pkg whose name starts with nil or
// set, that its result is always nil (nil...) or not (set...).
func checkNil(t *testing.T, pkg *ssa.Package, e *exits) {
	t.Helper()
	var names []string
	for name := range pkg.Members {
		names = append(names, name)
	}
	sort.Strings(names)
	n := 0
	for _, name := range names {
		fn, ok := pkg.Members[name].(*ssa.Function)
		if !ok {
			continue
		}
		var want bool
		switch {
		case strings.HasPrefix(name, "nil"):
			want = true
		case strings.HasPrefix(name, "set"):
			want = false
		default:
			continue
		}
		n++
		if got := e.nilResult(fn, 0, 0); got != want {
			t.Errorf("%s: always nil = %v, want %v", name, got, want)
		}
	}
	if n == 0 {
		t.Fatal("no function checked")
	}
}

const placesSrc = `package p

type B struct {
	never chan int
	lit   chan int
	store chan int
	addr  chan int
	cleared chan int
	Exp   chan int
	in    inner
}

type inner struct {
	stop chan int
	go_  chan int
}

// A and C are declared alike, but for a tag: converting copies fields.
type A struct {
	ch   chan int ` + "`x`" + `
	gate chan int
	p    *struct{ c chan int ` + "`y`" + ` }
}

type C struct {
	ch   chan int
	gate chan int
	p    *struct{ c chan int }
}

var (
	gNever chan int
	gInit  = make(chan int)
	gAddr  chan int
	GExp   chan int
)

func put(p *chan int) { *p = make(chan int) }

func init() { put(&gAddr) }

func mk() *B {
	b := &B{lit: make(chan int)}
	b.store = make(chan int)
	put(&b.addr)
	b.cleared = nil
	b.in.go_ = make(chan int)
	return b
}

func conv(a A) C { a.ch = make(chan int); a.p.c = make(chan int); return C(a) }

func nilNever(b *B) chan int   { return b.never }
func setLit(b *B) chan int     { return b.lit }
func setStore(b *B) chan int   { return b.store }
func setAddr(b *B) chan int    { return b.addr }
func nilCleared(b *B) chan int { return b.cleared }
func setExp(b *B) chan int     { return b.Exp }
func nilInner(b *B) chan int   { return b.in.stop }
func setInner(b *B) chan int   { return b.in.go_ }
func nilValue(b B) chan int    { return b.never }
func setConv(c C) chan int     { return c.ch }
func nilConv(c C) chan int     { return c.gate }
func setTagged(c C) chan int   { return c.p.c }
func nilGlobal() chan int      { return gNever }
func setInit() chan int        { return gInit }
func setGlobalAddr() chan int  { return gAddr }
func setGlobalExp() chan int   { return GExp }
func nilLiteral(x *struct{ q chan int }) chan int { return x.q }

type box[T any] struct{ ch, set chan T }

func (b *box[T]) open() { b.set = make(chan T) }

func nilGeneric(b *box[int]) chan int { return b.ch }
func setGeneric(b *box[int]) chan int { b.open(); return b.set }
`

func TestNeverSet(t *testing.T) {
	pkg, e := buildPlaces(t, placesSrc)
	checkNil(t, pkg, e)
}

// TestNeverSetUnsafe: a package that imports unsafe is not judged.
func TestNeverSetUnsafe(t *testing.T) {
	pkg, e := buildPlaces(t, `package p

import "unsafe"

type B struct{ never chan int }

var g chan int

func put(b *B) { *(*chan int)(unsafe.Pointer(b)) = make(chan int) }

func setField(b *B) chan int { return b.never }
func setGlobal() chan int    { return g }
`)
	checkNil(t, pkg, e)
}
