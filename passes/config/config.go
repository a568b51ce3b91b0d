// Package config defines the configuration pseudo-analyzer of leakvet.
//
// It owns every setting shared by the leakvet checks. It reports nothing;
// the checks require it and read its Result. Drivers set its flags: go vet
// and the standalone leakvet binary expose them as -config.<name>, and the
// golangci-lint plugin sets them from its settings.
package config

import (
	"flag"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Names of the flags drivers set: NameChecksFlag sets Config.NameChecks,
// ReportingFlag Config.Reporting.
const (
	NameChecksFlag = "name-checks"
	ReportingFlag  = "reporting"
)

// Defaults for the budgets. They are counts, never durations, so that the
// same input gives the same output on every machine.
const (
	DefaultMaxBlocks    = 2000
	DefaultMaxCallDepth = 6
	DefaultMaxPaths     = 1024
)

// Config is the Result of Analyzer: the settings in force for one package.
type Config struct {
	// MaxBlocks is the number of basic blocks above which a function is not
	// reasoned about path by path; channels it touches are treated as
	// escaped, so no check claims anything about them.
	MaxBlocks int
	// MaxCallDepth bounds how deep path-sensitive checks follow calls.
	MaxCallDepth int
	// MaxPaths bounds, per channel, the number of call paths (a function
	// in one calling context) a path-sensitive check or the summary
	// follows; past it, what is left counts as unknown and nothing is
	// claimed.
	MaxPaths int
	// IncludeGenerated makes the checks report in generated files too.
	IncludeGenerated bool
	// NameChecks ends each diagnostic's message with the name of its check,
	// e.g. " (unpaired)": the name a //lint:ignore leakvet.unpaired
	// directive needs. Drivers that show the check themselves (leakvet's
	// standalone text, golangci-lint, gopls) leave it off; under go vet,
	// which prints only the message, leakvet turns it on.
	NameChecks bool
	// Reporting names the checks whose diagnostics the driver shows, or
	// is empty when it shows them all. A check that may see a leak another
	// check reports leaves it to that check only when that check reports
	// (see Reports): disabling one check never hides a leak another sees.
	Reporting []string

	// panicPhase and panicFunc: -config.debug-panic, see PanicAt.
	panicPhase, panicFunc string
	// ShuffleSeed, when not 0, makes the summary pass visit the package's
	// functions in an order shuffled by that seed (-config.debug-shuffle):
	// the tests check that the output does not depend on that order.
	ShuffleSeed uint64
}

// PanicAt panics when -config.debug-panic=PHASE:NAME names this phase and
// a suffix of name() (a function, or a package path for whole-package
// phases; name is called only then). It is how the tests check that a
// failure anywhere in leakvet becomes one internal-error diagnostic naming
// what was being analysed, while the rest of the run goes on. Phases: ssa,
// exits, model, solve, finish, facts, and the name of each check.
func (c *Config) PanicAt(phase string, name func() string) {
	if c == nil || c.panicPhase != phase {
		return
	}
	if strings.HasSuffix(name(), c.panicFunc) {
		panic(fmt.Sprintf("panic injected by -config.debug-panic=%s:%s", c.panicPhase, c.panicFunc))
	}
}

// Reports reports whether the driver shows the diagnostics of the named
// check.
func (c *Config) Reports(check string) bool {
	return len(c.Reporting) == 0 || slices.Contains(c.Reporting, check)
}

// Analyzer is the configuration pseudo-analyzer.
var Analyzer = &analysis.Analyzer{
	Name:       "config",
	Doc:        "settings shared by the leakvet checks (reports nothing)",
	URL:        "https://pkg.go.dev/github.com/leakvet/leakvet/passes/config",
	Run:        run,
	ResultType: reflect.TypeFor[*Config](),
}

var (
	maxBlocks        int
	maxCallDepth     int
	maxPaths         int
	includeGenerated bool
	nameChecks       bool
	reporting        string
	debugPanic       string
	debugShuffle     uint64
)

func init() {
	fs := &Analyzer.Flags
	maxBlocks, maxCallDepth, maxPaths = DefaultMaxBlocks, DefaultMaxCallDepth, DefaultMaxPaths
	fs.Var((*budget)(&maxBlocks), "max-blocks", "functions with more basic blocks than this are not analysed path by path")
	fs.Var((*budget)(&maxCallDepth), "max-call-depth", "how many calls deep path-sensitive checks follow")
	fs.Var((*budget)(&maxPaths), "max-paths", "call paths (a function in one calling context) followed per channel before a check gives up")
	fs.BoolVar(&includeGenerated, "include-generated", false, "also report diagnostics in generated files")
	fs.StringVar(&reporting, ReportingFlag, "", "comma-separated names of the checks whose diagnostics are shown (drivers set it from -NAME flags; empty: all)")
	fs.StringVar(&debugPanic, "debug-panic", "", "PHASE:NAME: panic in that phase on the function (or package) whose name ends with NAME, to test that failures are reported (for leakvet's tests)")
	fs.Uint64Var(&debugShuffle, "debug-shuffle", 0, "SEED: visit each package's functions in an order shuffled by SEED, to test that the output does not depend on it (for leakvet's tests)")
	fs.BoolVar(&nameChecks, NameChecksFlag, false, "end each message with the name of its check, e.g. (unpaired) (on when go vet runs leakvet)")
}

func run(pass *analysis.Pass) (any, error) {
	phase, name, _ := strings.Cut(debugPanic, ":")
	return &Config{
		panicPhase:       phase,
		panicFunc:        name,
		ShuffleSeed:      debugShuffle,
		MaxBlocks:        positive(maxBlocks, DefaultMaxBlocks),
		MaxCallDepth:     positive(maxCallDepth, DefaultMaxCallDepth),
		MaxPaths:         positive(maxPaths, DefaultMaxPaths),
		IncludeGenerated: includeGenerated,
		NameChecks:       nameChecks,
		Reporting:        splitList(reporting),
	}, nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func positive(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

// A budget is the flag.Value of a budget: a count, which must be
// positive. Setting it to anything else is an error, so that every driver
// rejects it as a usage error (go vet and the standalone driver exit 2).
type budget int

func (b *budget) String() string {
	if b == nil {
		return "0"
	}
	return strconv.Itoa(int(*b))
}

func (b *budget) Set(s string) error {
	v, err := strconv.ParseInt(s, 0, strconv.IntSize)
	if err != nil {
		return fmt.Errorf("want a count, not %q", s)
	}
	if v <= 0 {
		return fmt.Errorf("want a positive count, not %d", v)
	}
	*b = budget(v)
	return nil
}

func (b *budget) Get() any { return int(*b) }

// Set sets one flag by name, as a driver (the golangci-lint plugin) would.
func Set(name, value string) error { return Analyzer.Flags.Set(name, value) }

// Lookup returns the flag of that name, or nil.
func Lookup(name string) *flag.Flag { return Analyzer.Flags.Lookup(name) }
