package plugin

import (
	"fmt"
	"go/token"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Related says what the plugin does with the related positions of a
// diagnostic (where the channel is made, where the goroutine starts, …).
// golangci-lint turns each into an issue of its own
// ("stranded(related information): ch is made here"), so that one leak
// would read as several issues and //nolint:leakvet on the reported line
// would leave the others behind.
const (
	// RelatedFold, the default, folds them into the issue's text:
	// "send on ch blocks forever: nothing receives from it
	// [ch is made here (p.go:9:8); the goroutine is started here (p.go:10:2)]".
	RelatedFold = "fold"
	// RelatedIssues leaves them to golangci-lint: one issue each.
	RelatedIssues = "issues"
)

// folded returns analyzers that run the given checks and fold the related
// positions of their diagnostics into the message: one per check, in the
// same order. A check that requires other checks (lintignore) requires
// their folded twins instead, so that no check runs twice, and reads their
// results under the original analyzers as its code expects.
func folded(all []*analysis.Analyzer) []*analysis.Analyzer {
	twins := make(map[*analysis.Analyzer]*analysis.Analyzer, len(all))
	for _, a := range all {
		twins[a] = nil
	}
	var twin func(a *analysis.Analyzer) *analysis.Analyzer
	twin = func(a *analysis.Analyzer) *analysis.Analyzer {
		w, ok := twins[a]
		if !ok {
			return a // not a check: shared as it is
		}
		if w != nil {
			return w
		}
		w = &analysis.Analyzer{
			Name:             a.Name,
			Doc:              a.Doc,
			URL:              a.URL,
			RunDespiteErrors: a.RunDespiteErrors,
			ResultType:       a.ResultType,
			FactTypes:        a.FactTypes,
		}
		twins[a] = w
		for _, req := range a.Requires {
			w.Requires = append(w.Requires, twin(req))
		}
		w.Run = func(pass *analysis.Pass) (any, error) {
			p := *pass
			p.Analyzer = a
			p.ResultOf = make(map[*analysis.Analyzer]any, len(a.Requires))
			for _, req := range a.Requires {
				p.ResultOf[req] = pass.ResultOf[twin(req)]
			}
			p.Report = func(d analysis.Diagnostic) { pass.Report(fold(pass.Fset, d)) }
			return a.Run(&p)
		}
		return w
	}
	out := make([]*analysis.Analyzer, len(all))
	for i, a := range all {
		out[i] = twin(a)
	}
	return out
}

// fold moves the related positions of d into its message, each after its
// own message, in brackets: "… [ch is made here (p.go:9:8); …]".
//
// A position in the diagnostic's directory (its package, nearly always)
// is written file.go:line:col, with the file's base name, as leakvet's
// messages already name positions ("its only receive (p.go:24)"), right
// after golangci-lint has printed the issue's own path; its column is
// kept, since one line can hold several channel operations. A position
// elsewhere (another package, known from its facts) is written relative to
// the diagnostic's directory, so that the text does not depend on where
// golangci-lint runs, and without a column: a package's position read
// from export data has none to trust (go vet -vettool gives column 1 where
// golangci-lint, loading the source, gives the real one).
func fold(fset *token.FileSet, d analysis.Diagnostic) analysis.Diagnostic {
	if len(d.Related) == 0 {
		return d
	}
	at := fset.Position(d.Pos)
	parts := make([]string, 0, len(d.Related))
	for _, r := range d.Related {
		if where := place(at, fset.Position(r.Pos)); where != "" {
			parts = append(parts, fmt.Sprintf("%s (%s)", r.Message, where))
		} else {
			parts = append(parts, r.Message)
		}
	}
	d.Message += " [" + strings.Join(parts, "; ") + "]"
	d.Related = nil
	return d
}

// place writes p as seen from the diagnostic at at, or "" if p is invalid.
func place(at, p token.Position) string {
	if !p.IsValid() {
		return ""
	}
	dir := filepath.Dir(at.Filename)
	if dir == filepath.Dir(p.Filename) {
		if p.Column > 0 {
			return fmt.Sprintf("%s:%d:%d", filepath.Base(p.Filename), p.Line, p.Column)
		}
		return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
	}
	file := p.Filename
	if rel, err := filepath.Rel(dir, p.Filename); err == nil {
		file = rel
	}
	return fmt.Sprintf("%s:%d", filepath.ToSlash(file), p.Line)
}
