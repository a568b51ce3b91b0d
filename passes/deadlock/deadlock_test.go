package deadlock_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/deadlock"
)

func testdata() string {
	dir, err := filepath.Abs("../../testdata")
	if err != nil {
		panic(err)
	}
	return dir
}

func TestDeadlock(t *testing.T) {
	analysistest.Run(t, testdata(), deadlock.Analyzer,
		"deadlock/lockorder",
		"deadlock/held",
		"deadlock/holdsend",
		"deadlock/waitgroup",
		"deadlock/cond",
		"deadlock/rwmutex",
		"deadlock/double",
		"deadlock/budget",
		"deadlock/escape",
		"deadlock/timeout",
		"deadlock/bubble",
		"deadlock/ctx",
		"deadlock/timer",
		"deadlock/ctxmain",
		"deadlock/structval",
		"deadlock/slices",
		"deadlock/goroot",
		"deadlock/rlocker",
		"deadlock/maps",
		"deadlock/atomics",
		"deadlock/goclose",
		"deadlock/deep",
	)
}
