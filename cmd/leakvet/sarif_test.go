package main

import (
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/analyzer"
)

func TestWantsSARIF(t *testing.T) {
	suite := analyzer.Suite()
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-sarif", "./..."}, true},
		{[]string{"--sarif", "./..."}, true},
		{[]string{"-sarif=true", "./..."}, true},
		{[]string{"-unpaired=false", "-config.max-blocks", "10", "-sarif", "./..."}, true},
		{[]string{"-c", "3", "-sarif", "./..."}, true},
		{[]string{"-sarif", "-nosuchflag", "./..."}, true}, // runSARIF reports the bad flag
		{[]string{"-sarif", "-h"}, true},
		{[]string{"-sarif=false", "./..."}, false},
		{[]string{"./..."}, false},
		{[]string{"-json", "./..."}, false},
		{[]string{"-V=full"}, false},
		{[]string{"-flags"}, false},
		{[]string{"help", "unpaired"}, false},
		{[]string{"-unpaired=false", "x.cfg"}, false},
		{[]string{"./...", "-sarif"}, false}, // a package pattern, as multichecker reads it
		{[]string{"-tags", "-sarif", "./..."}, false},
		{[]string{"-nosuchflag", "./..."}, false},
		{[]string{"-h"}, false},
		{[]string{"--", "-sarif"}, false},
	} {
		if got := wantsSARIF(suite, tc.args); got != tc.want {
			t.Errorf("wantsSARIF(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}

func TestWantsSARIFHasNoSideEffects(t *testing.T) {
	suite := analyzer.Suite()
	before := suite[0].Flags.Lookup("max-blocks").Value.String()
	wantsSARIF(suite, []string{"-config.max-blocks=7", "-sarif", "./..."})
	if after := suite[0].Flags.Lookup("max-blocks").Value.String(); after != before {
		t.Errorf("wantsSARIF set -config.max-blocks: %s, was %s", after, before)
	}
}

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
		fs, sf := newFlagSet("test", all, true)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		if got := selected(all, sf.enabled); !slices.Equal(got, tc.want) {
			t.Errorf("%q selects %v, want %v", tc.args, got, tc.want)
		}
	}
}
