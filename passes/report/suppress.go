package report

import (
	"cmp"
	"fmt"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"honnef.co/go/tools/analysis/lint"
)

// Tool is the name directives use for leakvet: //lint:ignore leakvet reason
// silences every check, //lint:ignore leakvet.unpaired reason one of them.
const Tool = "leakvet"

// Directive is one //lint:ignore or //lint:file-ignore directive that names
// leakvet, parsed by staticcheck's parser (honnef.co/go/tools/analysis/lint).
type Directive struct {
	Pos    token.Pos // the comment
	End    token.Pos
	File   string
	Line   int      // the line of the statement it applies to (ignore)
	Whole  bool     // file-ignore: the whole file
	Checks []string // check names, or "" for all of leakvet
	Reason string
	// Malformed says what is wrong with the directive, or "".
	Malformed string
}

// Used is the Result of every leakvet check: the directives that silenced
// one of its diagnostics, and where it reported (silenced or not). The
// lintignore check reports the directives no check used; a check that may
// see a leak another check reports (noexit, of a goroutine whose blocked
// operation unpaired reports) leaves it to that check: one leak, one
// report.
type Used struct {
	Directives []token.Pos
	Reported   []token.Pos // the position of each diagnostic, silenced ones too
}

// ReportedLine reports whether u has a diagnostic on the line of pos.
func (u *Used) ReportedLine(fset *token.FileSet, pos token.Pos) bool {
	if u == nil {
		return false
	}
	p := fset.Position(pos)
	for _, r := range u.Reported {
		if q := fset.Position(r); q.Filename == p.Filename && q.Line == p.Line {
			return true
		}
	}
	return false
}

// An Alias is another place and check a leak is known by: the go
// statement of the goroutine (noexit's position) for a blocked operation
// (unpaired's), or the other way round. A directive on the line of an
// alias, naming either check, silences the diagnostic as one on its own
// line does.
type Alias struct {
	Check string
	Pos   token.Pos
}

// Directives returns the leakvet directives among the directives of a
// package. A directive without a reason is malformed (and silences
// nothing); CheckNames tells whether the checks it names exist.
func Directives(fset *token.FileSet, dirs []lint.Directive) []Directive {
	var out []Directive
	for _, d := range dirs {
		if d.Command != "ignore" && d.Command != "file-ignore" {
			continue
		}
		if len(d.Arguments) == 0 {
			continue
		}
		var checks []string
		ours := false
		for _, name := range strings.Split(d.Arguments[0], ",") {
			name = strings.TrimSpace(name)
			switch {
			case strings.EqualFold(name, Tool):
				ours = true
				checks = append(checks, "")
			case strings.HasPrefix(strings.ToLower(name), Tool+"."):
				ours = true
				checks = append(checks, strings.ToLower(name[len(Tool)+1:]))
			}
		}
		if !ours {
			continue // another tool's directive
		}
		pos := fset.Position(d.Node.Pos())
		dir := Directive{
			Pos:    d.Directive.Pos(),
			End:    d.Directive.End(),
			File:   pos.Filename,
			Line:   pos.Line,
			Whole:  d.Command == "file-ignore",
			Checks: checks,
			Reason: strings.TrimSpace(strings.Join(d.Arguments[1:], " ")),
		}
		if dir.Reason == "" {
			dir.Malformed = "malformed leakvet directive: the reason is missing (//lint:" + d.Command + " leakvet[.check] reason)"
		}
		out = append(out, dir)
	}
	// staticcheck's parser walks a comment map: put them in source order.
	slices.SortFunc(out, func(a, b Directive) int { return cmp.Compare(a.Pos, b.Pos) })
	return out
}

// CheckNames returns a complaint about the first check d names that is
// not in known, or "".
func (d *Directive) CheckNames(known []string) string {
	for _, c := range d.Checks {
		if c != "" && !contains(known, c) {
			return fmt.Sprintf("leakvet directive names an unknown check %q (known: %s)", c, strings.Join(known, ", "))
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// silences reports whether directive d silences a diagnostic of check at p.
func (d *Directive) silences(check string, p token.Position) bool {
	if d.Malformed != "" || d.File != p.Filename {
		return false
	}
	if !d.Whole && d.Line != p.Line {
		return false
	}
	for _, c := range d.Checks {
		if c == "" || c == check {
			return true
		}
	}
	return false
}

// suppressed reports whether a directive silences d (known also by
// aliases), recording its use.
func (r *Reporter) suppressed(d analysis.Diagnostic, aliases []Alias) bool {
	places := []token.Position{r.pass.Fset.Position(d.Pos)}
	checks := []string{r.check}
	for _, a := range aliases {
		places = append(places, r.pass.Fset.Position(a.Pos))
		checks = append(checks, a.Check)
	}
	silences := func(dir *Directive) bool {
		for _, p := range places {
			for _, c := range checks {
				if dir.silences(c, p) {
					return true
				}
			}
		}
		return false
	}
	for i := range r.directives {
		dir := &r.directives[i]
		if silences(dir) {
			if !contains64(r.used.Directives, dir.Pos) {
				r.used.Directives = append(r.used.Directives, dir.Pos)
			}
			return true
		}
	}
	return false
}

func contains64(list []token.Pos, p token.Pos) bool {
	for _, x := range list {
		if x == p {
			return true
		}
	}
	return false
}
