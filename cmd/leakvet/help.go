package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/leakvet/leakvet/analyzer"
)

const intro = `leakvet finds goroutines that leak, before the code runs: channel
operations that nothing can ever pair, goroutines stranded when their
partner returns early, and goroutines that never end, started again and
again.

Usage:
  %[1]s [-flag] package...      analyse packages (with their tests)
  go vet -vettool=$(command -v %[1]s) package...
  %[1]s help [check]            this text, or one check's
  %[1]s version                 print the version

Exit status: 0 nothing reported, 3 diagnostics reported, 1 packages did
not load or an analysis failed, 2 usage error. With -json or -sarif: 0
when the output is written.
`

// usage prints the help text: leakvet's own, then its checks and flags.
func usage(w io.Writer, progname string, fs *flag.FlagSet) {
	fmt.Fprintf(w, intro, progname)
	fmt.Fprintf(w, "\nChecks (all run by default; -NAME runs only the checks named, -NAME=false all but it):\n\n")
	checks := analyzer.Checks()
	for _, a := range checks {
		title, _, _ := strings.Cut(a.Doc, "\n\n")
		fmt.Fprintf(w, "  %-11s %s\n", a.Name, title)
	}
	fmt.Fprintf(w, "\nFlags:\n")
	shown := flag.NewFlagSet(progname, flag.ContinueOnError)
	shown.SetOutput(w)
	fs.VisitAll(func(f *flag.Flag) {
		if slices.Contains(hidden, f.Name) {
			return
		}
		if _, isCheck := findAnalyzer(checks, f.Name); isCheck {
			return
		}
		shown.Var(f.Value, f.Name, f.Usage)
		shown.Lookup(f.Name).DefValue = f.DefValue // not the value parsed so far
	})
	shown.PrintDefaults()
	fmt.Fprintf(w, "\n'%s help CHECK' explains one check; docs/checks.md explains them all:\n  %s\n", progname, checksDoc)
}

// checksDoc is the documentation of the checks, in the repository.
const checksDoc = "https://github.com/leakvet/leakvet/blob/main/docs/checks.md"

// help prints leakvet help [check...].
func help(stdout, stderr io.Writer, progname string, fs *flag.FlagSet, names []string) int {
	if len(names) == 0 {
		usage(stdout, progname, fs)
		return exitOK
	}
	for _, name := range names {
		a, ok := findAnalyzer(analyzer.Checks(), name)
		if !ok {
			var all []string
			for _, c := range analyzer.Checks() {
				all = append(all, c.Name)
			}
			fmt.Fprintf(stderr, "%s: no check %q; the checks are %s\n", progname, name, strings.Join(all, ", "))
			return exitUsage
		}
		fmt.Fprintf(stdout, "%s: %s\n", a.Name, strings.TrimSpace(a.Doc))
		if a.URL != "" {
			fmt.Fprintf(stdout, "\n%s\n", a.URL)
		}
	}
	return exitOK
}
