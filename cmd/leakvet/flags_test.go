package main

import (
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func TestSelected(t *testing.T) {
	x, y, z := &analysis.Analyzer{Name: "x"}, &analysis.Analyzer{Name: "y"}, &analysis.Analyzer{Name: "z"}
	all := []*analysis.Analyzer{x, y, z}
	for _, tc := range []struct {
		args []string
		want []*analysis.Analyzer
	}{
		{nil, all},
		{[]string{"-y=false"}, []*analysis.Analyzer{x, z}},
		{[]string{"-y"}, []*analysis.Analyzer{y}},
		{[]string{"-x", "-z=true", "-y=false"}, []*analysis.Analyzer{x, z}},
		{[]string{"-x=false", "-z=false"}, []*analysis.Analyzer{y}},
	} {
		fs, o := newFlagSet("test", all)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		if got := selected(all, o.enabled); !slices.Equal(got, tc.want) {
			t.Errorf("%q selects %v, want %v", tc.args, got, tc.want)
		}
	}
}
