package unpaired_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/unpaired"
)

func testdata() string {
	dir, err := filepath.Abs("../../testdata")
	if err != nil {
		panic(err)
	}
	return dir
}

func TestUnpaired(t *testing.T) {
	analysistest.Run(t, testdata(), unpaired.Analyzer,
		"unpaired/basic",
		"unpaired/workers",
		"unpaired/deadcode",
		"unpaired/nilchan",
		"unpaired/selects",
		"unpaired/selfwait",
		"unpaired/buffered",
		"unpaired/ranges",
		"unpaired/flow",
		"unpaired/escape",
		"unpaired/generics",
		"unpaired/whenfull",
		"unpaired/nilfield",
		"unpaired/nilfield/conv",
		"unpaired/nilfield/unsafeptr",
		"unpaired/nilfield/asm",
	)
}

// TestArticle runs the three programs of the article that motivated
// leakvet: the pprof server and the heap-growth demo have no leak; the
// goroutine-leak demo has exactly one, at outCh <- 0.
func TestArticle(t *testing.T) {
	analysistest.Run(t, testdata(), unpaired.Analyzer, "article/demo", "article/demo2", "article/leakdemo")
}
