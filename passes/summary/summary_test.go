package summary_test

import (
	"bytes"
	"encoding/gob"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/noexit"
	"github.com/leakvet/leakvet/passes/stranded"
	"github.com/leakvet/leakvet/passes/summary"
	"github.com/leakvet/leakvet/passes/unpaired"
)

func testdata() string {
	dir, err := filepath.Abs("../../testdata")
	if err != nil {
		panic(err)
	}
	return dir
}

// TestFacts checks the facts exported for each function.
func TestFacts(t *testing.T) {
	analysistest.Run(t, testdata(), summary.Analyzer, "summary/upstream", "summary/middle")
}

// TestAcrossPackages drives the checks over packages whose leaks need the
// facts of the packages they import (one or two hops away).
func TestAcrossPackages(t *testing.T) {
	analysistest.Run(t, testdata(), stranded.Analyzer, "summary/downstream", "summary/remoteonly")
	analysistest.Run(t, testdata(), unpaired.Analyzer, "summary/lonely")
	analysistest.Run(t, testdata(), noexit.Analyzer, "summary/spin")
}

// TestFactSize caps the size of the facts exported for the test corpus:
// facts travel through go vet's files for every package of a program.
func TestFactSize(t *testing.T) {
	const maxPerFact, maxPerPackage = 64, 2048
	results := analysistest.Run(t, testdata(), summary.Analyzer, "summary/upstream", "summary/middle")
	n := 0
	for _, r := range results {
		// go vet writes the facts of a package with one gob encoder: the
		// type descriptions are paid once per package.
		var buf bytes.Buffer
		enc := gob.NewEncoder(&buf)
		first := true
		for _, of := range r.Action.AllObjectFacts() {
			if of.Object.Pkg() != r.Action.Package.Types {
				continue
			}
			before := buf.Len()
			if err := enc.Encode(of.Fact); err != nil {
				t.Fatal(err)
			}
			n++
			// The first fact carries the type description.
			if size := buf.Len() - before; !first && size > maxPerFact {
				t.Errorf("%s: fact of %d bytes (%v), over %d", of.Object.Name(), size, of.Fact, maxPerFact)
			}
			first = false
		}
		if buf.Len() > maxPerPackage {
			t.Errorf("%s: %d bytes of facts, over %d", r.Action.Package.PkgPath, buf.Len(), maxPerPackage)
		}
		t.Logf("%s: %d bytes of facts", r.Action.Package.PkgPath, buf.Len())
	}
	if n == 0 {
		t.Fatal("no facts exported: nothing was measured")
	}
}
