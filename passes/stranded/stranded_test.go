package stranded_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/config"
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
		"stranded/periter",
		"stranded/closer",
		"stranded/early",
		"stranded/ncast",
		"stranded/double",
		"stranded/consumer",
		"stranded/waiter",
		"stranded/negatives",
		"stranded/fixes",
		"stranded/ordering",
		"stranded/groups",
		"stranded/exits",
		"stranded/exitmain",
		"stranded/exitsoverride",
		"stranded/relevance",
		"stranded/decided",
		"stranded/lastact",
		"stranded/recovered",
		"stranded/cleanup",
		"stranded/firstiter",
		"stranded/correlated",
		"stranded/oneleak",
		"stranded/nilcase",
		"stranded/racing",
		"stranded/flags",
		"stranded/guards",
		"stranded/gated",
		"stranded/listener",
		"stranded/nilresult",
		"stranded/reply",
		"stranded/localgen",
		"stranded/callargs",
	)
}

// TestFixes applies the suggested buffers and compares with the golden
// file; TestFixedIsClean checks the fixed code has no leak left.
func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(), stranded.Analyzer, "stranded/fixes")
}

// TestPathBudget shows -config.max-paths bounds the work: the leak in
// stranded/budget is reported with the default budget, and its twin in
// stranded/budgetoff is silently given up with a budget of one summary.
func TestPathBudget(t *testing.T) {
	analysistest.Run(t, testdata(), stranded.Analyzer, "stranded/budget")
	if err := config.Set("max-paths", "1"); err != nil {
		t.Fatal(err)
	}
	defer config.Set("max-paths", fmt.Sprint(config.DefaultMaxPaths))
	analysistest.Run(t, testdata(), stranded.Analyzer, "stranded/budgetoff")
}

// TestUnpairedOff: with unpaired not shown, stranded reports the leaks it
// leaves to unpaired otherwise (stranded/oneleak).
func TestUnpairedOff(t *testing.T) {
	if err := config.Set(config.ReportingFlag, "stranded,noexit"); err != nil {
		t.Fatal(err)
	}
	defer config.Set(config.ReportingFlag, "")
	analysistest.Run(t, testdata(), stranded.Analyzer, "stranded/oneleakoff")
}
