// Package report is how every leakvet check reports: it fills in the
// category and URL, keeps generated files quiet, and turns a panic inside a
// check into an "internal error" diagnostic instead of a crash or silence.
package report

import (
	"fmt"
	"go/token"
	"path/filepath"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis"
	"honnef.co/go/tools/analysis/lint"

	"github.com/leakvet/leakvet/passes/chanmodel"
	"github.com/leakvet/leakvet/passes/config"
)

// Reporter reports the diagnostics of one check on one package.
type Reporter struct {
	pass       *analysis.Pass
	check      string
	url        string
	cfg        *config.Config
	model      *chanmodel.Model
	directives []Directive
	used       *Used
	// before are the checks whose reports take precedence: a leak one of
	// them reported (and the driver shows) at the same line is theirs.
	before []prior
}

type prior struct {
	check string
	used  *Used
}

// reported reports whether the prior check reported (silenced or not) the
// leak of a diagnostic at pos known also by aliases: at pos's line, or at
// the line of an alias under its name.
func (p prior) reported(fset *token.FileSet, pos token.Pos, aliases []Alias) bool {
	if p.used.ReportedLine(fset, pos) {
		return true
	}
	for _, a := range aliases {
		if a.Check == p.check && p.used.ReportedLine(fset, a.Pos) {
			return true
		}
	}
	return false
}

// After makes the reports of check, whose Result is used, take precedence:
// a diagnostic at a line where check reported (silenced or not), or whose
// alias under check's name is such a line, is not reported again, when the
// driver shows check. One leak, one report.
func (r *Reporter) After(check string, used *Used) {
	if used != nil {
		r.before = append(r.before, prior{check, used})
	}
}

// New returns the Reporter of the check named by pass.Analyzer. Every
// check requires DirectivesAnalyzer, whose //lint: directives the Reporter
// honours.
func New(pass *analysis.Pass, cfg *config.Config, m *chanmodel.Model) *Reporter {
	r := &Reporter{pass: pass, check: pass.Analyzer.Name, url: pass.Analyzer.URL, cfg: cfg, model: m, used: &Used{}}
	if dirs, ok := pass.ResultOf[DirectivesAnalyzer].([]lint.Directive); ok {
		r.directives = Directives(pass.Fset, dirs)
	}
	return r
}

// Used returns the directives that silenced a diagnostic: the check's
// Result, read by lintignore.
func (r *Reporter) Used() *Used { return r.used }

// Report reports d unless it lies in a generated file (and the
// configuration keeps those quiet) or a //lint:ignore directive silences it,
// on its line or on the line of one of its aliases (the other places the
// same leak is known by).
func (r *Reporter) Report(d analysis.Diagnostic, aliases ...Alias) {
	if !r.cfg.IncludeGenerated && r.model != nil && r.model.Generated(d.Pos) {
		return
	}
	for _, p := range r.before {
		if r.cfg.Reports(p.check) && p.reported(r.pass.Fset, d.Pos, aliases) {
			return // that check's report of the same leak
		}
	}
	r.used.Reported = append(r.used.Reported, d.Pos)
	if r.suppressed(d, aliases) {
		return
	}
	if d.Category == "" {
		d.Category = r.check
	}
	if d.URL == "" {
		d.URL = r.url
	}
	d.Message = NameCheck(r.cfg, r.check, d.Message)
	r.pass.Report(d)
}

// NameCheck returns msg followed by the name of its check, as
// " (unpaired)", when the configuration asks for it (under go vet, whose
// text shows only the message), and msg unchanged otherwise.
func NameCheck(cfg *config.Config, check, msg string) string {
	if cfg == nil || !cfg.NameChecks || strings.HasSuffix(msg, " ("+check+")") {
		return msg
	}
	return msg + " (" + check + ")"
}

// Guard runs f. A panic inside it becomes an internal error diagnostic at
// pos naming what was being analysed; the check goes on with the next item.
func (r *Reporter) Guard(pos token.Pos, what string, f func()) {
	defer func() {
		if v := recover(); v != nil {
			r.internal(pos, what, fmt.Sprintf("%v\n%s", v, debug.Stack()))
		}
	}()
	r.cfg.PanicAt(r.check, func() string { return what + " in package " + r.pass.Pkg.Path() })
	f()
}

// modelChecks are the checks that judge the channel model, in the order of
// the suite: the first of them the driver shows reports the model's
// internal errors, so that each is reported once.
var modelChecks = []string{"unpaired", "stranded", "noexit", "deadlock"}

// ModelErrors reports the internal errors met while building the model,
// if this check is the first of those judging the model that the driver
// shows.
func (r *Reporter) ModelErrors() {
	if r.model == nil {
		return
	}
	for _, c := range modelChecks {
		if r.cfg.Reports(c) {
			if c != r.check {
				return
			}
			break
		}
	}
	for _, e := range r.model.Errors {
		what := e.Func
		if !strings.HasSuffix(what, ")") { // the phase is not named yet
			what += " (channel model)"
		}
		r.internal(e.Pos, what, e.Value)
	}
}

func (r *Reporter) internal(pos token.Pos, what, value string) {
	// The first line of the panic value is the message; the stack follows
	// it for a bug report.
	msg, stack, _ := strings.Cut(value, "\n")
	r.pass.Report(analysis.Diagnostic{
		Pos:      pos,
		Category: "internal error",
		Message: NameCheck(r.cfg, r.check, fmt.Sprintf("internal error: leakvet %s could not analyse %s: %s (please report this with the code that triggers it)",
			r.check, what, msg)),
		Related: []analysis.RelatedInformation{{Pos: pos, Message: "stack: " + firstFrames(stack, 6)}},
	})
}

// firstFrames keeps the top n frames of a stack trace on one line.
func firstFrames(stack string, n int) string {
	var frames []string
	for _, line := range strings.Split(stack, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "/") || line == "" || strings.HasPrefix(line, "goroutine ") {
			continue
		}
		if strings.HasPrefix(line, "runtime/debug.") || strings.HasPrefix(line, "panic(") || strings.Contains(line, "report.(*Reporter)") {
			continue
		}
		frames = append(frames, line)
		if len(frames) == n {
			break
		}
	}
	return strings.Join(frames, " <- ")
}

// Short formats pos as file.go:line, the form used inside messages.
func Short(fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	if !p.IsValid() {
		return "?"
	}
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}
