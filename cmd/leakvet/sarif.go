package main

// The -sarif mode: leakvet -sarif [-flag] [package...] loads the packages
// as the standalone driver does (with their tests, unless -test=false),
// runs the checks the -NAME flags select with the analyzer flags given
// (-config.max-blocks=...), and writes a SARIF 2.1.0 log to stdout.
//
// multichecker owns every other mode. It knows no -sarif flag, so main
// looks for one first (runSARIF) with a flag set that mirrors
// multichecker's, and hands the command line over untouched when there is
// none. -sarif is not among the flags -flags prints, so go vet never
// passes it.

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/leakvet/leakvet/analyzer"
	"github.com/leakvet/leakvet/cmd/leakvet/internal/sarif"
)

// Exit codes of the -sarif mode.
const (
	exitOK    = 0 // the log was written, whatever it holds
	exitError = 1 // packages did not load or an analysis failed: no log
	exitUsage = 2 // bad flags or arguments: no log
)

const informationURI = "https://github.com/leakvet/leakvet"

// sarifFlags are the flags of the -sarif mode.
type sarifFlags struct {
	sarif   bool
	test    bool
	debug   string
	enabled map[*analysis.Analyzer]*triState
}

// unsupported are the flags of multichecker that make no sense with
// -sarif; giving one is a usage error.
var unsupported = []string{"json", "fix", "diff", "V", "flags", "cpuprofile", "memprofile", "trace"}

// ignored are the flags of multichecker that -sarif accepts and ignores.
var ignored = []string{"c", "source", "v", "all", "tags"}

// newFlagSet returns a flag set with the flags multichecker defines for
// analyzers (see golang.org/x/tools/go/analysis/internal/analysisflags and
// internal/checker), plus -sarif. If real, the analyzer flags set the
// analyzers' own flag values; otherwise they are stand-ins that accept any
// value, to find out whether -sarif is given without side effects.
func newFlagSet(progname string, analyzers []*analysis.Analyzer, real bool) (*flag.FlagSet, *sarifFlags) {
	fs := flag.NewFlagSet(progname, flag.ContinueOnError)
	sf := &sarifFlags{enabled: make(map[*analysis.Analyzer]*triState)}
	for _, a := range analyzers {
		enable := new(triState)
		fs.Var(enable, a.Name, fmt.Sprintf("enable %q analysis", a.Name))
		sf.enabled[a] = enable
		a.Flags.VisitAll(func(f *flag.Flag) {
			v := f.Value
			if !real {
				v = standIn{isBool(f.Value)}
			}
			fs.Var(v, a.Name+"."+f.Name, f.Usage)
		})
	}
	fs.BoolVar(&sf.sarif, "sarif", false, "write a SARIF 2.1.0 log to stdout (exit status 0 when written, 1 on load or analysis errors, 2 on usage errors)")
	fs.BoolVar(&sf.test, "test", true, "indicates whether test files should be analyzed, too")
	fs.StringVar(&sf.debug, "debug", "", `debug flags, any subset of "fps" (with -sarif; "t" and "v" have no effect)`)
	fs.Var(standIn{true}, "V", "print version and exit (not with -sarif)")
	for _, name := range []string{"flags", "json", "fix", "diff"} {
		fs.Bool(name, false, "not with -sarif")
	}
	for _, name := range []string{"cpuprofile", "memprofile", "trace"} {
		fs.String(name, "", "not with -sarif")
	}
	fs.Int("c", -1, "no effect with -sarif")
	for _, name := range []string{"source", "v", "all"} {
		fs.Bool(name, false, "no effect (deprecated)")
	}
	fs.String("tags", "", "no effect (deprecated)")
	return fs, sf
}

// wantsSARIF reports whether args (without the program name) ask for the
// -sarif mode: they parse with -sarif set, or they fail to parse (which
// runSARIF reports) and hold a -sarif flag.
func wantsSARIF(analyzers []*analysis.Analyzer, args []string) bool {
	fs, sf := newFlagSet("leakvet", analyzers, false)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err == nil {
		return sf.sarif
	}
	for _, arg := range args {
		if arg == "--" {
			break
		}
		name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if strings.HasPrefix(arg, "-") && name == "sarif" {
			return true
		}
	}
	return false
}

// runSARIF runs the -sarif mode if args ask for it and returns its exit
// status; handled is false when they do not, and then it has done
// nothing.
func runSARIF(progname string, args []string, stdout, stderr io.Writer) (code int, handled bool) {
	suite := analyzer.Suite()
	if !wantsSARIF(suite, args) {
		return 0, false
	}
	fs, sf := newFlagSet(progname, suite, true)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s -sarif [-flag] [package...]\n\n", progname)
		fmt.Fprintf(stderr, "Writes a SARIF 2.1.0 log of the diagnostics to stdout.\n\nFlags:\n")
		// The flags -sarif rejects or ignores are left out.
		shown := flag.NewFlagSet(progname, flag.ContinueOnError)
		shown.SetOutput(stderr)
		fs.VisitAll(func(f *flag.Flag) {
			if !slices.Contains(unsupported, f.Name) && !slices.Contains(ignored, f.Name) {
				shown.Var(f.Value, f.Name, f.Usage)
				shown.Lookup(f.Name).DefValue = f.DefValue // not the value parsed so far
			}
		})
		shown.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, true
		}
		return exitUsage, true
	}
	usage := func(format string, a ...any) (int, bool) {
		fmt.Fprintf(stderr, "%s: %s\n", progname, fmt.Sprintf(format, a...))
		return exitUsage, true
	}
	var bad []string
	fs.Visit(func(f *flag.Flag) {
		if slices.Contains(unsupported, f.Name) {
			bad = append(bad, "-"+f.Name)
		}
	})
	if len(bad) > 0 {
		return usage("-sarif cannot be combined with %s", strings.Join(bad, ", "))
	}
	pkgs := fs.Args()
	switch {
	case len(pkgs) == 0:
		fs.Usage()
		return exitUsage, true
	case pkgs[0] == "help":
		return usage("-sarif takes packages; run '%s help' without -sarif", progname)
	case len(pkgs) == 1 && strings.HasSuffix(pkgs[0], ".cfg"):
		return usage("-sarif is not available under go vet; run %s -sarif on packages", progname)
	}

	analyzers := selected(suite, sf.enabled)
	log, err := analyze(analyzers, pkgs, sf, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", progname, err)
		return exitError, true
	}
	w := bufio.NewWriter(stdout)
	if err := log.Encode(w); err == nil {
		err = w.Flush()
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: writing the SARIF log: %v\n", progname, err)
		return exitError, true
	}
	return exitOK, true
}

// selected returns the analyzers the -NAME flags select, as multichecker
// does: if any is true, only those; otherwise all but those set false.
func selected(analyzers []*analysis.Analyzer, enabled map[*analysis.Analyzer]*triState) []*analysis.Analyzer {
	var hasTrue, hasFalse bool
	for _, ts := range enabled {
		switch *ts {
		case setTrue:
			hasTrue = true
		case setFalse:
			hasFalse = true
		}
	}
	var keep []*analysis.Analyzer
	for _, a := range analyzers {
		if hasTrue && *enabled[a] == setTrue || !hasTrue && (!hasFalse || *enabled[a] != setFalse) {
			keep = append(keep, a)
		}
	}
	return keep
}

// analyze loads the packages, runs the analyzers on them and returns the
// log of their diagnostics. Package errors and analysis errors are
// printed to stderr and make it fail: a partial log uploaded to code
// scanning would close the alerts of the packages that were not analysed.
func analyze(analyzers []*analysis.Analyzer, patterns []string, sf *sarifFlags, stderr io.Writer) (*sarif.Log, error) {
	mode := packages.LoadSyntax
	if needFacts(analyzers) {
		mode = packages.LoadAllSyntax
	}
	cfg := &packages.Config{Mode: mode | packages.NeedModule, Tests: sf.test}
	initial, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, err
	}
	if len(initial) == 0 {
		return nil, fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	if n := printErrors(stderr, initial); n > 0 {
		return nil, fmt.Errorf("the packages have errors; no SARIF log written")
	}

	opts := &checker.Options{
		Sequential:  strings.Contains(sf.debug, "p"),
		SanityCheck: strings.Contains(sf.debug, "s"),
	}
	if strings.Contains(sf.debug, "f") {
		opts.FactLog = stderr
	}
	graph, err := checker.Analyze(analyzers, initial, opts)
	if err != nil {
		return nil, err
	}
	failed := 0
	var diags []sarif.Diagnostic
	for act := range graph.All() {
		if act.Err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", act, act.Err)
			failed++
		} else if act.IsRoot {
			for _, d := range act.Diagnostics {
				diags = append(diags, sarif.Diagnostic{Analyzer: act.Analyzer, Fset: act.Package.Fset, Diagnostic: d})
			}
		}
	}
	if failed > 0 {
		return nil, fmt.Errorf("the analysis failed; no SARIF log written")
	}

	root, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	// The rules are the checks that ran; the configuration
	// pseudo-analyzer reports nothing and is no rule.
	var checks []*analysis.Analyzer
	for _, a := range analyzer.Checks() {
		if slices.Contains(analyzers, a) {
			checks = append(checks, a)
		}
	}
	return sarif.Convert(sarif.Options{
		Name:           "leakvet",
		Version:        version(),
		InformationURI: informationURI,
		Root:           root,
	}, checks, diags), nil
}

// printErrors prints the errors of the packages and their dependencies,
// as packages.PrintErrors does, and returns how many there were.
func printErrors(w io.Writer, pkgs []*packages.Package) int {
	n := 0
	modules := make(map[*packages.Module]bool)
	for pkg := range packages.Postorder(pkgs) {
		for _, err := range pkg.Errors {
			fmt.Fprintln(w, err)
			n++
		}
		if m := pkg.Module; m != nil && m.Error != nil && !modules[m] {
			modules[m] = true
			fmt.Fprintln(w, m.Error.Err)
			n++
		}
	}
	return n
}

// needFacts reports whether an analyzer or one it requires uses facts;
// then the whole program must be loaded from source.
func needFacts(analyzers []*analysis.Analyzer) bool {
	seen := make(map[*analysis.Analyzer]bool)
	q := slices.Clone(analyzers)
	for len(q) > 0 {
		a := q[0]
		q = q[1:]
		if !seen[a] {
			seen[a] = true
			if len(a.FactTypes) > 0 {
				return true
			}
			q = append(q, a.Requires...)
		}
	}
	return false
}

// version is the version of the binary from its build information: the
// module version (v1.2.3, a pseudo-version) when there is one, otherwise
// "devel" and the VCS revision it was built from, if known.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+dirty"
			}
		}
	}
	if rev == "" {
		return "devel"
	}
	return "devel-" + rev + modified
}

// A triState is a boolean flag that knows whether it was set, as the
// -NAME flags of multichecker are.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (ts *triState) Get() any { return *ts == setTrue }

func (ts *triState) Set(value string) error {
	b, err := strconv.ParseBool(value)
	if err != nil {
		return fmt.Errorf("want true or false")
	}
	if b {
		*ts = setTrue
	} else {
		*ts = setFalse
	}
	return nil
}

func (ts *triState) String() string {
	if ts != nil && *ts == setFalse {
		return "false"
	}
	return "true"
}

func (ts *triState) IsBoolFlag() bool { return true }

// standIn is a flag value that accepts anything, standing in for a flag
// of multichecker while wantsSARIF parses.
type standIn struct{ boolean bool }

func (s standIn) Set(string) error { return nil }
func (s standIn) String() string   { return "" }
func (s standIn) IsBoolFlag() bool { return s.boolean }

func isBool(v flag.Value) bool {
	b, ok := v.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
