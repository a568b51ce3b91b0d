package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strings"

	"github.com/leakvet/leakvet/cmd/leakvet/internal/goroutinedump"
)

// profileDoc documents leakvet profile: `leakvet help profile` prints it,
// and the README's section "From a goroutine dump to the cause" quotes it
// (a test keeps the two the same).
const profileDoc = `leakvet profile: explain a goroutine dump with leakvet's findings

Usage: leakvet profile [-json] [analysis flags] FILE [packages]

FILE (- for standard input) is a goroutine dump in any of the forms
people save:
  - the pprof protobuf, gzipped or not: /debug/pprof/goroutine,
    go tool pprof -proto, the goroutineleak profile (GOEXPERIMENT=goroutineleakprofile);
  - the debug=1 text (a count per stack): /debug/pprof/goroutine?debug=1;
  - the debug=2 text (one stack per goroutine, with its wait reason and
    minutes): /debug/pprof/goroutine?debug=2, and crash or SIGQUIT tracebacks;
  - goleak's "found unexpected goroutines" message, go test's output as is.

The goroutines are grouped by the frame where they are parked: the
innermost frame outside the runtime and the standard library (or in the
packages, default ./...). Each frame is mapped to the packages by its function's
package and the longest matching path suffix of its file, so a dump from
another machine (/build/app/svc/main.go) maps to ./svc/main.go here.
leakvet then analyses the packages the frames fall in and prints, largest
group first, the count, the wait reason, the position and either the
finding there (a report at the parked line, one whose related positions
name it, or one at the go statement that started the goroutines) with
its related positions, or what it knows instead: the function was skipped
by a budget, the line holds no channel operation (the goroutine waits
inside a call), no finding, or that the frame is not in the packages.

Flags:
  -json  print the groups as JSON
The flags of the analysis (-unpaired=false, -config.max-blocks=N,
-test=false, ...) go to leakvet as they are; give their values with =.

Exit status: 3 when some group is explained by a finding, 0 when none is,
1 on errors (an unreadable, truncated or corrupt dump, packages that do
not load), 2 on a usage error.
`

// runProfile runs leakvet profile with the arguments after "profile".
func runProfile(args []string, stdout, stderr io.Writer) int {
	p := &profiler{analyse: profileAnalyseSelf, goList: profileGoList, stdin: os.Stdin}
	return p.run(args, stdout, stderr)
}

// profiler holds what runProfile calls out to, so tests can stand in for
// the go command and for leakvet's own analysis.
type profiler struct {
	// analyse runs leakvet -json with the flags on the packages and
	// returns its standard output and the first line of its standard
	// error; the error wraps errUsage when leakvet rejects the flags.
	analyse func(flags, pkgs []string) (stdout []byte, stderr string, err error)
	// goList runs go list with the arguments and returns its output.
	goList func(args ...string) ([]byte, error)
	// flags are the analysis flags given to leakvet profile.
	flags []string
	// stdin is read for the FILE "-".
	stdin io.Reader
}

// errProfileUsage marks an error in the flags given to the analysis.
var errProfileUsage = errors.New("usage error")

func (p *profiler) run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("leakvet profile", flag.ContinueOnError)
	fs.SetOutput(stderr)
	jsonOut := fs.Bool("json", false, "print the groups as JSON")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: leakvet profile [-json] [analysis flags] FILE [packages]")
		fmt.Fprintln(stderr, "Run 'leakvet help profile' for details.")
	}
	// The flags of the analysis (-unpaired=false, -config.max-blocks=N,
	// -test=false, ...) go to leakvet as they are.
	var own, passed []string
flags:
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && args[0] != "-" {
		a := args[0]
		args = args[1:]
		switch {
		case a == "--":
			break flags
		case a == "-json" || a == "--json" || strings.HasPrefix(a, "-json=") || strings.HasPrefix(a, "--json="),
			a == "-h" || a == "-help" || a == "--help":
			own = append(own, a)
		default:
			passed = append(passed, a)
		}
	}
	if err := fs.Parse(own); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(args) < 1 {
		fs.Usage()
		return 2
	}
	file, patterns := args[0], args[1:]
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	p.flags = passed
	rep, err := p.explain(file, patterns)
	if err != nil {
		fmt.Fprintf(stderr, "leakvet profile: %v\n", err)
		if errors.Is(err, errProfileUsage) {
			return 2
		}
		return 1
	}
	if *jsonOut {
		data, _ := json.MarshalIndent(rep, "", "\t")
		fmt.Fprintf(stdout, "%s\n", data)
	} else {
		rep.print(stdout)
	}
	for _, g := range rep.Groups {
		if len(g.Findings) > 0 {
			return 3
		}
	}
	return 0
}

// profileReport is what leakvet profile prints; -json prints it as is.
type profileReport struct {
	File       string   `json:"file"`
	Form       string   `json:"form"`    // protobuf, debug=1, debug=2, traceback, goleak
	Profile    string   `json:"profile"` // goroutine, goroutineleak, or "" (goleak)
	Goroutines int      `json:"goroutines"`
	Packages   []string `json:"packages"` // the patterns
	Analysed   []string `json:"analysed"` // the packages the frames fall in, which leakvet analysed
	Mapped     int      `json:"mapped"`   // goroutines whose parked frame is in the packages
	// Note says why nothing could be explained, when no frame maps.
	Note     string         `json:"note,omitempty"`
	Groups   []profileGroup `json:"groups"`
	describe string
}

// profileGroup is the goroutines parked at one frame with one wait reason.
type profileGroup struct {
	Count      int    `json:"count"`
	State      string `json:"state,omitempty"` // the wait reason, when the form has it
	MinMinutes int    `json:"min_minutes"`
	MaxMinutes int    `json:"max_minutes"`
	Leaked     int    `json:"leaked,omitempty"` // how many the runtime marked leaked
	// Func, File and Line are the parked frame as the dump has it.
	Func string `json:"func"`
	File string `json:"file"`
	Line int    `json:"line"`
	// Posn is the frame's position here (file:line), when it maps.
	Posn      string `json:"posn,omitempty"`
	Package   string `json:"package,omitempty"`
	CreatedBy string `json:"created_by,omitempty"` // the go statement, file:line here (or in the dump)
	// Status is one of: finding, skipped, no-channel-op, no-finding,
	// unmapped, runtime-only.
	Status   string           `json:"status"`
	Note     string           `json:"note,omitempty"`
	Findings []profileFinding `json:"findings,omitempty"`

	frame goroutinedump.Frame
	local string // the mapped file, absolute
}

// profileFinding is a leakvet diagnostic that explains a group.
type profileFinding struct {
	Check   string           `json:"check"`
	Posn    string           `json:"posn"`
	Message string           `json:"message"`
	Match   string           `json:"match"` // line, related, go
	Related []profileRelated `json:"related,omitempty"`
}

type profileRelated struct {
	Posn    string `json:"posn"`
	Message string `json:"message"`
}

func (p *profiler) explain(file string, patterns []string) (*profileReport, error) {
	var data []byte
	var err error
	if file == "-" {
		data, err = io.ReadAll(p.stdin)
		file = "standard input"
	} else {
		data, err = os.ReadFile(file)
	}
	if err != nil {
		return nil, err
	}
	dump, err := goroutinedump.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	idx, err := p.loadIndex(patterns)
	if err != nil {
		return nil, err
	}
	rep := &profileReport{
		File:       file,
		Form:       string(dump.Form),
		Profile:    dump.Profile,
		Goroutines: dump.Total(),
		Packages:   patterns,
		Groups:     []profileGroup{},
		describe:   dump.Describe(),
	}
	user := func(f goroutinedump.Frame) bool {
		if _, ok := idx.mapFrame(f); ok {
			return true
		}
		pkg := goroutinedump.PkgPath(f.Func)
		return strings.Contains(f.Func, ".") && !idx.isStd(pkg)
	}
	groups := goroutinedump.ByParkedFrame(dump, user)

	pkgSet := map[string]bool{}
	for _, g := range groups {
		pg := profileGroup{
			Count: g.Count, State: g.State, MinMinutes: g.MinMinutes, MaxMinutes: g.MaxMinutes, Leaked: g.Leaked,
			Func: g.Frame.Func, File: g.Frame.File, Line: g.Frame.Line, frame: g.Frame,
		}
		if c := g.Example.CreatedBy; c != nil {
			pg.CreatedBy = c.Pos()
			if m, ok := idx.mapFrame(*c); ok {
				pg.CreatedBy = fmt.Sprintf("%s:%d", idx.rel(m.file), c.Line)
				pkgSet[m.pkg] = true
			}
		}
		switch m, ok := idx.mapFrame(g.Frame); {
		case !g.Parked:
			pg.Status = "runtime-only"
			pg.Note = "no frame outside the runtime and the standard library"
		case !ok:
			pg.Status = "unmapped"
			pg.Note = "not in the analysed packages"
			if m.why != "" {
				pg.Note += ": " + m.why
			}
		default:
			pg.local, pg.Package = m.file, m.pkg
			pg.Posn = fmt.Sprintf("%s:%d", idx.rel(m.file), g.Frame.Line)
			pkgSet[m.pkg] = true
			rep.Mapped += g.Count
		}
		rep.Groups = append(rep.Groups, pg)
	}
	for pkg := range pkgSet {
		rep.Analysed = append(rep.Analysed, pkg)
	}
	sort.Strings(rep.Analysed)
	if rep.Analysed == nil {
		rep.Analysed = []string{}
	}
	if rep.Goroutines == 0 {
		rep.Note = "the dump holds no goroutines"
		return rep, nil
	}
	if rep.Mapped == 0 {
		rep.Note = fmt.Sprintf("no goroutine of the dump is parked in the analysed packages (%s): run leakvet profile in the module the dump came from, or name its packages", strings.Join(patterns, " "))
		return rep, nil
	}

	out, errLine, err := p.analyse(p.flags, rep.Analysed)
	if err != nil {
		return nil, err
	}
	res, err := parseProfileAnalysis(out)
	if err != nil {
		return nil, err
	}
	if len(res.errors) > 0 {
		// The packages do not load or an analysis failed: say what the
		// analysis said, as leakvet itself would.
		if errLine == "" {
			errLine = res.errors[0]
		}
		return nil, fmt.Errorf("%s", errLine)
	}
	srcs := map[string]*profileSource{}
	source := func(path string) *profileSource {
		if srcs[path] == nil {
			srcs[path] = readProfileSource(path)
		}
		return srcs[path]
	}
	for i := range rep.Groups {
		g := &rep.Groups[i]
		if g.local == "" {
			continue
		}
		src := source(g.local)
		at := profileParked{file: g.local, line: g.Line}
		if src.err == nil && g.Line <= src.tf.LineCount() {
			at.cases, at.loops = src.casesAt(g.Line), src.loopsAround(g.Line)
			at.op = len(src.opsAt(g.Line)) > 0
		}
		if c := groups[i].Example.CreatedBy; c != nil {
			if m, ok := idx.mapFrame(*c); ok {
				at.goFile, at.goLine = m.file, c.Line
			}
		}
		g.Findings = res.explaining(at)
		for j := range g.Findings {
			g.Findings[j].Posn = idx.relPosn(g.Findings[j].Posn)
			for k := range g.Findings[j].Related {
				g.Findings[j].Related[k].Posn = idx.relPosn(g.Findings[j].Related[k].Posn)
			}
		}
		if len(g.Findings) > 0 {
			g.Status = "finding"
			continue
		}
		g.Status, g.Note = res.instead(src, groups[i])
	}
	return rep, nil
}

// print writes the report as text, go vet style positions indented under
// each group.
func (r *profileReport) print(w io.Writer) {
	fmt.Fprintf(w, "%s: %s, %d goroutines\n", r.File, r.describe, r.Goroutines)
	runtimeOnly := 0
	for _, g := range r.Groups {
		if g.Status == "runtime-only" {
			runtimeOnly += g.Count
			continue
		}
		fmt.Fprintln(w)
		noun := "goroutines"
		if g.Count == 1 {
			noun = "goroutine"
		}
		var state []string
		if g.State != "" {
			state = append(state, g.State)
		}
		switch {
		case g.MaxMinutes > 0 && g.MinMinutes == g.MaxMinutes:
			state = append(state, fmt.Sprintf("%d minutes", g.MaxMinutes))
		case g.MaxMinutes > 0:
			state = append(state, fmt.Sprintf("%d-%d minutes", g.MinMinutes, g.MaxMinutes))
		}
		switch {
		case g.Leaked == g.Count:
			state = append(state, "leaked")
		case g.Leaked > 0:
			state = append(state, fmt.Sprintf("%d leaked", g.Leaked))
		}
		bracket := ""
		if len(state) > 0 {
			bracket = " [" + strings.Join(state, ", ") + "]"
		}
		pos := g.Posn
		if pos == "" {
			pos = g.frame.Pos()
		}
		fmt.Fprintf(w, "%d %s%s at %s (%s)\n", g.Count, noun, bracket, pos, g.Func)
		for _, f := range g.Findings {
			why := ""
			switch f.Match {
			case "related":
				why = " (names this line)"
			case "go":
				why = " (at the go statement that started them)"
			}
			fmt.Fprintf(w, "\t%s: %s%s\n", f.Posn, f.Message, why)
			for _, rel := range f.Related {
				fmt.Fprintf(w, "\t%s: \t%s\n", rel.Posn, rel.Message)
			}
		}
		if g.Note != "" {
			fmt.Fprintf(w, "\t%s\n", g.Note)
		}
	}
	if runtimeOnly > 0 {
		fmt.Fprintf(w, "\n%d more in the runtime and the standard library only (-json lists them)\n", runtimeOnly)
	}
	if r.Note != "" {
		fmt.Fprintf(w, "\n%s\n", r.Note)
	}
}

// analyseSelf runs this very binary's standalone mode with -json.
func profileAnalyseSelf(flags, pkgs []string) ([]byte, string, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, "", err
	}
	args := append(append([]string{"-json"}, flags...), pkgs...)
	cmd := exec.Command(exe, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == 2 {
		return nil, "", fmt.Errorf("%w: %s", errProfileUsage, profileFirstLine(stderr.String()))
	}
	if err != nil {
		// Packages that do not load, type errors, a failed analysis: the
		// driver says what on stderr (its JSON may say it too, or not).
		if line := profileFirstLine(stderr.String()); line != "" {
			return nil, "", errors.New(line)
		}
		if res, perr := parseProfileAnalysis(stdout.Bytes()); perr == nil && len(res.errors) > 0 {
			return nil, "", errors.New(res.errors[0])
		}
		return nil, "", fmt.Errorf("leakvet %s: %v", strings.Join(args, " "), err)
	}
	return stdout.Bytes(), profileFirstLine(stderr.String()), nil
}

// profileGoList runs the go command's list.
func profileGoList(args ...string) ([]byte, error) {
	cmd := exec.Command("go", append([]string{"list"}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go list: %v: %s", err, profileFirstLine(stderr.String()))
	}
	return stdout.Bytes(), nil
}

func profileFirstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// profileCommand handles "profile ..." and "help profile", and adds the
// command to the plain "help"; handled is false for everything else.
func profileCommand(args []string, stdout, stderr io.Writer) (code int, handled bool) {
	switch {
	case len(args) > 0 && args[0] == "profile":
		return runProfile(args[1:], stdout, stderr), true
	case len(args) == 2 && args[0] == "help" && args[1] == "profile":
		fmt.Fprint(stdout, profileDoc)
		return 0, true
	case len(args) == 1 && args[0] == "help" && os.Getenv(profileHelpEnv) == "":
		return profileHelp(stdout, stderr), true
	}
	return 0, false
}

// profileHelpEnv marks the run of leakvet help that profileHelp makes.
const profileHelpEnv = "LEAKVET_PROFILE_HELP"

// profileHelpEntry is the profile command's entry in leakvet help.
const profileHelpEntry = `
Explaining a goroutine dump:

  leakvet profile [-json] [analysis flags] FILE [packages]
      groups the goroutines of a dump (pprof protobuf, debug=1 or debug=2
      text, a traceback, goleak's message) by the line they are parked on,
      with leakvet's finding there. Run 'leakvet help profile' for details.
`

// profileHelp prints the driver's own help, which ends the process that
// prints it, by running this binary again, then the profile command's
// entry.
func profileHelp(stdout, stderr io.Writer) int {
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "leakvet: %v\n", err)
		return 1
	}
	cmd := exec.Command(exe, "help")
	cmd.Env = append(os.Environ(), profileHelpEnv+"=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, stderr
	code := 0
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			fmt.Fprintf(stderr, "leakvet: %v\n", err)
			return 1
		}
		code = ee.ExitCode()
	}
	stdout.Write(out.Bytes())
	fmt.Fprint(stdout, profileHelpEntry)
	return code
}
