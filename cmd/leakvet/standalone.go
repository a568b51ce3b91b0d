package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/leakvet/leakvet/analyzer"
	"github.com/leakvet/leakvet/passes/chanmodel"
	"github.com/leakvet/leakvet/passes/config"
	"github.com/leakvet/leakvet/passes/summary"
)

// Exit codes of the standalone driver, as multichecker's.
const (
	exitOK          = 0 // nothing reported (or -json, -sarif: the output was written)
	exitError       = 1 // packages did not load, or an analysis failed
	exitUsage       = 2 // bad flags or arguments
	exitDiagnostics = 3 // diagnostics reported
)

var timeNow = time.Now

// options are the flags of the standalone driver.
type options struct {
	sarif, json, fix, diff, test, version bool
	context                               int
	debug                                 string
	enabled                               map[*analysis.Analyzer]*triState
	toolArgs                              []string // the check and analyzer flags given, for the units
}

// hidden are flags accepted for compatibility (multichecker had them)
// and left out of the help: go vet's deprecated flags, the profiling
// flags of one process, and -config, which only selects the pseudo-
// analyzer that holds the settings.
var hidden = []string{"config", "config.name-checks", "config.reporting", "config.debug-panic", "config.debug-shuffle", "source", "v", "all", "tags", "cpuprofile", "memprofile", "trace", "flags", "V"}

// newFlagSet returns the flag set of the standalone driver. The analyzer
// flags (-config.max-blocks, ...) set the analyzers' own flag values.
func newFlagSet(progname string, analyzers []*analysis.Analyzer) (*flag.FlagSet, *options) {
	fs := flag.NewFlagSet(progname, flag.ContinueOnError)
	o := &options{enabled: make(map[*analysis.Analyzer]*triState)}
	for _, a := range analyzers {
		enable := new(triState)
		fs.Var(enable, a.Name, fmt.Sprintf("run only the %s check (and the others given so); -%s=false: all but it", a.Name, a.Name))
		o.enabled[a] = enable
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	fs.BoolVar(&o.json, "json", false, "print the diagnostics as JSON (exit status 0 when written)")
	fs.BoolVar(&o.fix, "fix", false, "apply the suggested fixes, and print every diagnostic")
	fs.BoolVar(&o.diff, "diff", false, "print the suggested fixes as a unified diff, writing nothing")
	fs.BoolVar(&o.sarif, "sarif", false, "write a SARIF 2.1.0 log to stdout (exit status 0 when written, 1 on load or analysis errors, 2 on usage errors)")
	fs.BoolVar(&o.test, "test", true, "analyse the packages' tests too")
	fs.IntVar(&o.context, "c", -1, "show this many lines of context around each position (-1: none)")
	fs.StringVar(&o.debug, "debug", "", `debug flags: "v" says which packages were analysed and which came from the cache; "p" analyses one package at a time; "w" analyses each package in a worker process of its own; "x" never reads the compiler's export data from the build cache (each package's types are written by leakvet); "i" runs the former in-process driver (all packages in memory at once), with its flags "fpst" (t: per-pass timings on stderr)`)
	fs.BoolVar(&o.version, "version", false, "print the version and exit")
	fs.Bool("V", false, "print the version in go vet's form and exit")
	fs.Bool("flags", false, "print the flags as JSON, for go vet")
	for _, name := range []string{"cpuprofile", "memprofile", "trace"} {
		fs.String(name, "", "no effect")
	}
	for _, name := range []string{"source", "v", "all"} {
		fs.Bool(name, false, "no effect (deprecated)")
	}
	fs.String("tags", "", "no effect (deprecated)")
	return fs, o
}

// standalone runs leakvet [-flag] package... and returns its exit status.
func standalone(progname string, args []string, stdout, stderr io.Writer) int {
	suite := analyzer.Suite()
	fs, o := newFlagSet(progname, suite)
	fs.SetOutput(stderr)
	fs.Usage = func() { usage(stderr, progname, fs) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if o.version {
		fmt.Fprintf(stdout, "leakvet %s\n", versionLine())
		return exitOK
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "%s: %s\n", progname, fmt.Sprintf(format, a...))
		return exitUsage
	}
	var given []string
	fs.Visit(func(f *flag.Flag) { given = append(given, f.Name) })
	if o.sarif {
		var bad []string
		for _, name := range given {
			if slices.Contains([]string{"json", "fix", "diff"}, name) {
				bad = append(bad, "-"+name)
			}
		}
		if len(bad) > 0 {
			return fail("-sarif cannot be combined with %s", strings.Join(bad, ", "))
		}
	} else if o.json && (o.fix || o.diff) {
		return fail("-json cannot be combined with -fix or -diff")
	}
	for _, name := range []string{"cpuprofile", "memprofile", "trace"} {
		if slices.Contains(given, name) {
			fmt.Fprintf(stderr, "%s: -%s has no effect: the packages are analysed in worker processes\n", progname, name)
		}
	}
	pkgs := fs.Args()
	switch {
	case len(pkgs) == 0:
		fs.Usage()
		return exitUsage
	case pkgs[0] == "help":
		return help(stdout, stderr, progname, fs, pkgs[1:])
	case pkgs[0] == "version":
		fmt.Fprintf(stdout, "leakvet %s\n", versionLine())
		return exitOK
	case len(pkgs) == 1 && strings.HasSuffix(pkgs[0], ".cfg"):
		if o.sarif {
			return fail("-sarif is not available under go vet; run %s -sarif on packages", progname)
		}
		return fail("a .cfg file is go vet's: run go vet -vettool=$(which %s)", progname)
	}
	// The flags for the units: the checks and analyzer flags given.
	fs.Visit(func(f *flag.Flag) {
		if _, isCheck := findAnalyzer(suite, f.Name); isCheck || strings.Contains(f.Name, ".") {
			o.toolArgs = append(o.toolArgs, "-"+f.Name+"="+f.Value.String())
		}
	})
	for _, ts := range o.enabled {
		if *ts == setTrue {
			// Some checks are selected: the unit's report of skipped
			// functions must be too.
			o.toolArgs = append(o.toolArgs, "-"+skippedAnalyzer.Name+"=true")
			break
		}
	}
	checks := selectedChecks(suite, o.enabled)
	// The in-process driver's checks see which are shown (the units work
	// it out from the -NAME flags they are given).
	var shown []string
	for _, a := range checks {
		shown = append(shown, a.Name)
	}
	config.Set(config.ReportingFlag, strings.Join(shown, ","))

	var res *results
	var err error
	if strings.Contains(o.debug, "i") {
		res, err = inProcess(checks, pkgs, o, stderr)
	} else {
		res, err = viaUnits(checks, pkgs, o, stderr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", progname, err)
		return exitError
	}
	res.addURLs()
	for _, e := range res.errors {
		fmt.Fprintln(stderr, e)
	}
	nDiags, failed := res.count()
	loadFailed := len(res.errors) > 0

	switch {
	case o.sarif:
		if loadFailed || failed > 0 {
			for _, p := range res.pkgs {
				for name, msg := range p.errors {
					fmt.Fprintf(stderr, "%s: %s: %s\n", progname, p.id, msg+" ("+name+")")
				}
			}
			fmt.Fprintf(stderr, "%s: the packages have errors; no SARIF log written\n", progname)
			return exitError
		}
		res.writeSkipped(stderr)
		if err := writeSARIF(stdout, res); err != nil {
			fmt.Fprintf(stderr, "%s: writing the SARIF log: %v\n", progname, err)
			return exitError
		}
		return exitOK
	case o.json:
		if err := res.writeJSON(stdout); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", progname, err)
			return exitError
		}
		res.writeSkipped(stderr)
		if loadFailed {
			return exitError
		}
		return exitOK
	}
	res.writeText(stderr, o.context)
	res.writeSkipped(stderr)
	code := exitOK
	if nDiags > 0 {
		code = exitDiagnostics
	}
	if loadFailed || failed > 0 {
		code = exitError
	}
	if o.fix || o.diff {
		out, err := applyFixes(res, o.diff, stdout)
		if err != nil {
			fmt.Fprintf(stderr, "%s: applying fixes: %v\n", progname, err)
			return exitError
		}
		if out.conflicts > 0 {
			fmt.Fprintf(stderr, "%s: %d of %d fixes left out: they overlap others (run again to apply more)\n", progname, out.conflicts, out.fixes)
		}
		if strings.Contains(o.debug, "v") {
			fmt.Fprintf(stderr, "%s: %d of %d fixes applied, %d files changed\n", progname, out.applied, out.fixes, len(out.files))
		}
	}
	return code
}

// viaUnits runs the checks through the units (see driver.go).
func viaUnits(checks []*analysis.Analyzer, patterns []string, o *options, stderr io.Writer) (*results, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	// The units write their types and facts in a temporary directory,
	// removed on every way out: on SIGINT and SIGTERM too, after the
	// units are killed (see interruptible).
	ctx, stopSignals := interruptible()
	defer stopSignals()
	tmp, err := os.MkdirTemp("", "leakvet-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	ro := &runOptions{
		ctx:       ctx,
		tests:     o.test,
		toolArgs:  o.toolArgs,
		jobs:      defaultJobs(),
		tmpDir:    tmp,
		self:      self,
		listError: stderr,
	}
	if strings.Contains(o.debug, "p") {
		ro.jobs = 1
	}
	if strings.Contains(o.debug, "v") {
		ro.debugLog = stderr
	}
	ro.workerEach = strings.Contains(o.debug, "w")
	ro.ownTypes = strings.Contains(o.debug, "x")
	if dir := cacheDir(); dir != "" {
		if h, err := fileHash(self); err == nil {
			ro.cacheDir, ro.selfHash = dir, h
			trimCache(dir, timeNow())
		}
	}
	start := timeNow()
	lr, err := analyzeUnits(patterns, ro)
	// The units are done: the results are in memory.
	os.RemoveAll(tmp)
	if sig := stopSignals(); sig != nil {
		dieOf(sig, stderr)
	}
	if err != nil {
		return nil, err
	}
	if o.debug != "" {
		fmt.Fprintf(stderr, "leakvet: %d packages: %d analysed, %d from the cache (%s), in %.1fs\n",
			len(lr.units), lr.ran, lr.cached, cacheState(ro.cacheDir), timeNow().Sub(start).Seconds())
	}
	res := &results{checks: checks, errors: lr.errors}
	var skips []skip
	for _, u := range lr.roots {
		r := &pkgResult{id: u.pkg.ImportPath, diags: make(map[string][]jsonDiag), errors: make(map[string]string)}
		if len(u.out) > 0 {
			if err := parseUnitJSON(u.out, r, &skips); err != nil {
				return nil, fmt.Errorf("%s: reading its results: %v", u.pkg.ImportPath, err)
			}
		}
		res.pkgs = append(res.pkgs, r)
	}
	res.skipped = dedupSkips(skips)
	return res, nil
}

// interruptible returns a context that is cancelled on SIGINT or SIGTERM
// (unless leakvet was started with it ignored), and a function that
// stops watching for them and returns the signal that came, if one did.
// After the first signal, a second one has its default effect.
func interruptible() (context.Context, func() os.Signal) {
	ctx, cancel := context.WithCancel(context.Background())
	sigc := make(chan os.Signal, 1)
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		// One ignored when leakvet started (nohup, a background job
		// of a script) stays ignored.
		if !signal.Ignored(sig) {
			signal.Notify(sigc, sig)
		}
	}
	var (
		caught os.Signal
		done   = make(chan struct{})
		once   sync.Once
	)
	go func() {
		defer close(done)
		if sig, ok := <-sigc; ok {
			signal.Stop(sigc)
			caught = sig
			cancel()
		}
	}()
	return ctx, func() os.Signal {
		once.Do(func() {
			signal.Stop(sigc) // when it returns, nothing more is sent on sigc
			close(sigc)
			<-done
			cancel()
		})
		return caught
	}
}

// dieOf ends the process as sig does by default, so that a shell or a
// CI runner sees the run was killed by it (exit status 130 for SIGINT,
// 143 for SIGTERM in a shell), as when leakvet had no handler.
func dieOf(sig os.Signal, stderr io.Writer) {
	fmt.Fprintf(stderr, "leakvet: %v\n", sig)
	signal.Reset(sig)
	if p, err := os.FindProcess(os.Getpid()); err == nil && p.Signal(sig) == nil {
		time.Sleep(time.Second) // the signal ends the process meanwhile
	}
	code := 1
	if s, ok := sig.(syscall.Signal); ok {
		code = 128 + int(s)
	}
	os.Exit(code)
}

func cacheState(dir string) string {
	if dir == "" {
		return "no cache"
	}
	return "cache " + dir
}

// inProcess runs the checks as multichecker did: every package loaded
// from source and held in memory to the end.
func inProcess(checks []*analysis.Analyzer, patterns []string, o *options, stderr io.Writer) (*results, error) {
	analyzers := append(slices.Clone(checks), skippedAnalyzer)
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Tests: o.test}
	initial, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, err
	}
	if len(initial) == 0 {
		return nil, fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	res := &results{checks: checks}
	seen := make(map[string]bool)
	modules := make(map[*packages.Module]bool)
	for pkg := range packages.Postorder(initial) {
		for _, e := range pkg.Errors {
			if msg := e.Error(); !seen[msg] {
				seen[msg] = true
				res.errors = append(res.errors, msg)
			}
		}
		if m := pkg.Module; m != nil && m.Error != nil && !modules[m] {
			modules[m] = true
			res.errors = append(res.errors, m.Error.Err)
		}
	}
	opts := &checker.Options{Sequential: strings.Contains(o.debug, "p"), SanityCheck: strings.Contains(o.debug, "s")}
	if strings.Contains(o.debug, "f") {
		opts.FactLog = stderr
	}
	graph, err := checker.Analyze(analyzers, initial, opts)
	if err != nil {
		return nil, err
	}
	if strings.Contains(o.debug, "t") {
		// Per-pass timings, "DURATION\tanalyzer@package" (bench/slowest.sh
		// reads them; with "p" the passes run one at a time).
		for act := range graph.All() {
			fmt.Fprintf(stderr, "%s\t%s@%s\n", act.Duration, act.Analyzer.Name, act.Package.PkgPath)
		}
	}
	byPkg := make(map[*packages.Package]*pkgResult)
	for _, pkg := range initial {
		r := &pkgResult{id: pkg.ID, diags: make(map[string][]jsonDiag), errors: make(map[string]string)}
		byPkg[pkg] = r
		res.pkgs = append(res.pkgs, r)
	}
	var skips []skip
	for act := range graph.All() {
		r := byPkg[act.Package]
		if r == nil {
			continue
		}
		if act.Analyzer == summary.Analyzer && act.Err == nil {
			if m, ok := act.Result.(*chanmodel.Model); ok && m != nil {
				for _, s := range m.Skipped {
					skips = append(skips, skip{Posn: act.Package.Fset.Position(s.Pos).String(), Func: s.Func, Budget: s.Budget, Size: s.Size, Limit: s.Limit})
				}
			}
		}
		if !act.IsRoot || act.Analyzer == skippedAnalyzer {
			continue
		}
		if act.Err != nil {
			r.errors[act.Analyzer.Name] = act.Err.Error()
			continue
		}
		for _, d := range act.Diagnostics {
			r.diags[act.Analyzer.Name] = append(r.diags[act.Analyzer.Name], toJSON(act.Package, d))
		}
	}
	res.skipped = dedupSkips(skips)
	return res, nil
}

func toJSON(pkg *packages.Package, d analysis.Diagnostic) jsonDiag {
	jd := unitJSONDiag(pkg.Fset, d)
	jd.URL = d.URL
	return jd
}

// selectedChecks returns the checks the -NAME flags select (see
// selected), without the configuration pseudo-analyzer, which reports
// nothing.
func selectedChecks(suite []*analysis.Analyzer, enabled map[*analysis.Analyzer]*triState) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	for _, a := range selected(suite, enabled) {
		if slices.Contains(analyzer.Checks(), a) {
			out = append(out, a)
		}
	}
	return out
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

func findAnalyzer(analyzers []*analysis.Analyzer, name string) (*analysis.Analyzer, bool) {
	for _, a := range analyzers {
		if a.Name == name {
			return a, true
		}
	}
	return nil, false
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
