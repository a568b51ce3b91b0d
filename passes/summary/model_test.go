package summary_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/chanmodel"
	"github.com/leakvet/leakvet/passes/summary"
)

var update = flag.Bool("update", false, "rewrite the model golden files")

// TestModelGolden compares the model of each package of testdata/src/model
// (chanmodel.Dump: functions with liveness and exit kinds, channels,
// operations with their targets, go statements) with its model.golden.
// Run with -update to rewrite them; read the diff before committing.
func TestModelGolden(t *testing.T) {
	for _, name := range []string{"exits", "generics"} {
		t.Run(name, func(t *testing.T) {
			pkg := "model/" + name
			var got string
			for _, r := range analysistest.Run(t, testdata(), summary.Analyzer, pkg) {
				// The package with its tests, when it has any: the widest view.
				if m, ok := r.Result.(*chanmodel.Model); ok && len(r.Pass.Files) >= 1 && (got == "" || len(r.Pass.Files) > 1) {
					got = m.Dump()
				}
			}
			golden := filepath.Join(testdata(), "src", pkg, "model.golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestModelGolden -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("model of %s differs from %s (go test -run TestModelGolden -update rewrites it):\n--- got\n%s\n--- want\n%s", pkg, golden, got, want)
			}
		})
	}
}
