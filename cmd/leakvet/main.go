// Command leakvet finds goroutines that leak: channel operations that can
// never complete, goroutines stranded by an early return, and goroutines
// with no way to end.
//
// Run it through go vet:
//
//	go vet -vettool=$(which leakvet) ./...
//
// or on its own:
//
//	leakvet [-json] [-fix] [-diff] ./...
//
// For code scanning (GitHub code scanning and other SARIF readers), write
// a SARIF 2.1.0 log to stdout:
//
//	leakvet -sarif ./... > leakvet.sarif
//
// -sarif honours the check flags (-unpaired=false, -stranded, ...), the
// analyzer flags (-config.max-blocks=...), -test and -debug; it cannot be
// combined with -json, -fix, -diff, -V, -flags or the profiling flags, and
// go vet cannot pass it. Its exit status is 0 when the log is written,
// whatever it reports; 1 when packages fail to load (including type
// errors) or an analysis fails, and then nothing is written to stdout; 2
// on a usage error. Columns in the log count UTF-16 code units, as SARIF
// does by default (run.columnKind says so).
package main

import (
	"os"
	"path/filepath"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/leakvet/leakvet/analyzer"
)

func main() {
	if code, handled := profileCommand(os.Args[1:], os.Stdout, os.Stderr); handled {
		os.Exit(code)
	}
	if code, handled := runSARIF(filepath.Base(os.Args[0]), os.Args[1:], os.Stdout, os.Stderr); handled {
		os.Exit(code)
	}
	multichecker.Main(analyzer.Suite()...)
}
