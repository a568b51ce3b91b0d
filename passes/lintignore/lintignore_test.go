package lintignore_test

import (
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/analyzer"
	"github.com/leakvet/leakvet/passes/lintignore"
	"github.com/leakvet/leakvet/passes/stranded"
	"github.com/leakvet/leakvet/passes/unpaired"
)

func testdata() string {
	dir, err := filepath.Abs("../../testdata")
	if err != nil {
		panic(err)
	}
	return dir
}

func TestLintIgnore(t *testing.T) {
	analysistest.Run(t, testdata(), lintignore.Analyzer, "lintignore/a", "lintignore/b")
}

// TestSilenced runs a check over the same files: the silenced leaks are not
// reported, the others are.
func TestSilenced(t *testing.T) {
	analysistest.Run(t, testdata(), unpaired.Analyzer, "lintignore/silenced")
	analysistest.Run(t, testdata(), stranded.Analyzer, "lintignore/silencedstranded")
}

// TestCoversSuite keeps the checks lintignore sees in step with the suite.
func TestCoversSuite(t *testing.T) {
	for _, a := range analyzer.Checks() {
		if a != lintignore.Analyzer && !slices.Contains(lintignore.Checks, a) {
			t.Errorf("lintignore does not require check %s: directives silencing it would look unused", a.Name)
		}
	}
}
