// Command leakvet finds goroutines that leak: channel operations that can
// never complete, goroutines stranded by an early return, and goroutines
// with no way to end.
//
// Run it on its own:
//
//	leakvet [-json] [-fix] [-diff] [-sarif] ./...
//
// or through go vet:
//
//	go vet -vettool=$(which leakvet) ./...
//
// On its own, leakvet lists the packages with go list (with their tests,
// unless -test=false) and analyses them in dependency order, as go vet's
// units do, one package at a time in each of at most GOMAXPROCS worker
// processes (the binary itself), which keep the types they imported for
// the packages that follow: its memory is that of the packages in flight
// and of the types the workers hold, not of the whole program. Results are cached under the user cache directory
// ($LEAKVET_CACHE overrides it; LEAKVET_CACHE=off disables the cache), so
// a second run over unchanged code reads them from there; -debug=v says
// which. Text output names the check of each report after its message,
// e.g. "(stranded)": the name a //lint:ignore leakvet.stranded directive
// needs; under go vet, which prints only the messages, each message ends
// with it (-config.name-checks=false turns that off). A function a budget
// (-config.max-blocks, ...) left out is named on stderr, and listed under
// "skipped" with -json.
//
// -sarif writes a SARIF 2.1.0 log to stdout, for code scanning. It honours
// the check flags (-unpaired=false, -stranded, ...), the analyzer flags
// (-config.max-blocks=...) and -test; it cannot be combined with -json,
// -fix or -diff, and go vet cannot pass it. Its exit status is 0 when the
// log is written, whatever it reports; 1 when packages fail to load
// (including type errors) or an analysis fails, and then nothing is
// written to stdout; 2 on a usage error. Columns in the log count UTF-16
// code units, as SARIF does by default (run.columnKind says so).
//
// leakvet help lists the checks and flags; leakvet version prints the
// version.
package main

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/leakvet/leakvet/analyzer"
	"github.com/leakvet/leakvet/passes/config"
)

func main() {
	if code, handled := profileCommand(os.Args[1:], os.Stdout, os.Stderr); handled {
		os.Exit(code)
	}
	progname := filepath.Base(os.Args[0])
	args := os.Args[1:]
	switch {
	case len(args) > 0 && args[0] == workerArg:
		// A worker of the standalone driver (see worker.go).
		os.Exit(workerMain(args[1:]))
	case vetMode(args):
		// go vet prints only each diagnostic's message: the message names
		// its check.
		config.Set(config.NameChecksFlag, "true")
		config.Set(config.ReportingFlag, reporting(args))
		unitchecker.Main(analyzer.Suite()...)
	}
	os.Exit(standalone(progname, args, os.Stdout, os.Stderr))
}

// vetMode reports whether go vet runs the binary: to ask its version
// (-V=full) or flags (-flags), or on the config of one package (a .cfg
// file, without -sarif, which is the standalone driver's).
func vetMode(args []string) bool {
	sarif := false
	for _, arg := range args {
		name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if !strings.HasPrefix(arg, "-") {
			continue
		}
		switch name {
		case "V", "flags":
			return true
		case "sarif":
			sarif = true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg") && !sarif
}

// reporting returns the checks whose diagnostics are shown, as go vet's
// flags select them (-NAME: only the checks named so; -NAME=false: all
// but those), comma-separated, or "" for all. The checks read it from the
// config analyzer: a leak two checks see is left to the other only when
// that one is shown.
func reporting(args []string) string {
	var on, off []string
	for _, arg := range args {
		if !strings.HasPrefix(arg, "-") {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if _, ok := findAnalyzer(analyzer.Checks(), name); !ok {
			continue
		}
		if v, err := strconv.ParseBool(value); hasValue && err == nil && !v {
			off = append(off, name)
		} else {
			on = append(on, name)
		}
	}
	if len(on) > 0 {
		return strings.Join(on, ",")
	}
	if len(off) == 0 {
		return ""
	}
	var shown []string
	for _, a := range analyzer.Checks() {
		if !slices.Contains(off, a.Name) {
			shown = append(shown, a.Name)
		}
	}
	return strings.Join(shown, ",")
}
