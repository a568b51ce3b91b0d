package noexit_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/noexit"
)

func testdata() string {
	dir, err := filepath.Abs("../../testdata")
	if err != nil {
		panic(err)
	}
	return dir
}

func TestNoexit(t *testing.T) {
	analysistest.Run(t, testdata(), noexit.Analyzer, "noexit/basic", "noexit/contract", "noexit/mainpkg", "noexit/crash")
}

// TestArticle: the article's programs start their goroutines once, from
// main: nothing to report.
func TestArticle(t *testing.T) {
	analysistest.Run(t, testdata(), noexit.Analyzer, "article/demo", "article/demo2")
}
