package lintignore

import (
	"go/token"

	_ "embed"

	"golang.org/x/tools/go/analysis"
	"honnef.co/go/tools/analysis/lint"

	"github.com/leakvet/leakvet/internal/checkdoc"
	"github.com/leakvet/leakvet/passes/config"
	"github.com/leakvet/leakvet/passes/deadlock"
	"github.com/leakvet/leakvet/passes/noexit"
	"github.com/leakvet/leakvet/passes/report"
	"github.com/leakvet/leakvet/passes/stranded"
	"github.com/leakvet/leakvet/passes/unpaired"
)

//go:embed doc.go
var doc string

// Checks are the checks whose diagnostics directives may silence. The
// analyzer requires them all, so that it sees every use of a directive.
var Checks = []*analysis.Analyzer{unpaired.Analyzer, stranded.Analyzer, noexit.Analyzer, deadlock.Analyzer}

// Analyzer reports leakvet directives that are malformed or silence nothing.
var Analyzer = &analysis.Analyzer{
	Name:     "lintignore",
	Doc:      checkdoc.MustExtract(doc, "lintignore"),
	URL:      "https://github.com/leakvet/leakvet/blob/main/docs/checks.md#lintignore",
	Run:      run,
	Requires: append([]*analysis.Analyzer{report.DirectivesAnalyzer, config.Analyzer}, Checks...),
}

func run(pass *analysis.Pass) (any, error) {
	dirs := report.Directives(pass.Fset, pass.ResultOf[report.DirectivesAnalyzer].([]lint.Directive))
	if len(dirs) == 0 {
		return nil, nil
	}
	var known []string
	// A check records only the directives that silenced one of its
	// diagnostics: a directive may name another check when it sits where
	// that check would report the same leak (see report.Alias).
	used := make(map[token.Pos]bool)
	for _, a := range Checks {
		known = append(known, a.Name)
		if res, ok := pass.ResultOf[a].(*report.Used); ok && res != nil {
			for _, p := range res.Directives {
				used[p] = true
			}
		}
	}
	for _, d := range dirs {
		msg := d.Malformed
		if msg == "" {
			msg = d.CheckNames(known)
		}
		if msg == "" && !used[d.Pos] {
			msg = "this leakvet directive silences nothing: remove it"
		}
		if msg != "" {
			msg = report.NameCheck(pass.ResultOf[config.Analyzer].(*config.Config), pass.Analyzer.Name, msg)
			pass.Report(analysis.Diagnostic{Pos: d.Pos, End: d.End, Category: pass.Analyzer.Name, Message: msg, URL: pass.Analyzer.URL})
		}
	}
	return nil, nil
}
