package report

import (
	"go/ast"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"honnef.co/go/tools/analysis/lint"
)

// DirectivesAnalyzer finds the //lint: directives of a package with
// staticcheck's parser (honnef.co/go/tools/analysis/lint), but only in the
// files that have one: staticcheck's own directives analyzer builds a
// comment map for every file, which cost more than some of the checks.
var DirectivesAnalyzer = &analysis.Analyzer{
	Name:             "leakvetdirectives",
	Doc:              "find the //lint: directives of a package (reports nothing)",
	URL:              "https://pkg.go.dev/github.com/leakvet/leakvet/passes/report",
	Run:              findDirectives,
	RunDespiteErrors: true,
	ResultType:       reflect.TypeFor[[]lint.Directive](),
}

func findDirectives(pass *analysis.Pass) (any, error) {
	var files []*ast.File
	for _, f := range pass.Files {
		if hasDirective(f) {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return []lint.Directive(nil), nil
	}
	return lint.ParseDirectives(files, pass.Fset), nil
}

func hasDirective(f *ast.File) bool {
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//lint:") {
				return true
			}
		}
	}
	return false
}
