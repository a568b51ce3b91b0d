package plugin

import (
	"go/token"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func TestFold(t *testing.T) {
	fset := token.NewFileSet()
	add := func(name string) *token.File {
		f := fset.AddFile(filepath.FromSlash(name), -1, 100)
		f.SetLines([]int{0, 10, 20, 30})
		return f
	}
	p := add("/m/p/p.go")
	q := add("/m/p/q.go")
	mid := add("/m/middle/middle.go")

	d := analysis.Diagnostic{Pos: p.Pos(22), Message: "send on ch blocks forever", Related: []analysis.RelatedInformation{
		{Pos: p.Pos(3), Message: "ch is made here"},
		{Pos: q.Pos(11), Message: "the goroutine is started here"},
		{Pos: mid.Pos(30), Message: "by this call"},
		{Pos: token.NoPos, Message: "somewhere"},
	}}
	got := fold(fset, d)
	want := "send on ch blocks forever [ch is made here (p.go:1:4); the goroutine is started here (q.go:2:2); " +
		"by this call (../middle/middle.go:4); somewhere]"
	if got.Message != want || got.Related != nil {
		t.Errorf("fold: %q with related %v, want %q and none", got.Message, got.Related, want)
	}
	if len(d.Related) != 4 || d.Message != "send on ch blocks forever" {
		t.Errorf("fold changed its argument: %+v", d)
	}

	plain := analysis.Diagnostic{Pos: p.Pos(1), Message: "m"}
	if got := fold(fset, plain); got.Message != "m" {
		t.Errorf("fold without related information: %q, want %q", got.Message, "m")
	}
}
