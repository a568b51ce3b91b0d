package stranded_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/stranded"
)

func testdata() string {
	dir, err := filepath.Abs("../../testdata")
	if err != nil {
		panic(err)
	}
	return dir
}

func TestStranded(t *testing.T) {
	analysistest.Run(t, testdata(), stranded.Analyzer,
		"stranded/timeout",
		"stranded/early",
		"stranded/ncast",
		"stranded/double",
		"stranded/consumer",
		"stranded/waiter",
		"stranded/negatives",
	)
}
