package main

import (
	"encoding/json"
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/passes/chanmodel"
	"github.com/leakvet/leakvet/passes/summary"
)

// skippedAnalyzer carries, from a unit to the standalone driver, the
// functions a budget kept the model from reasoning about
// (chanmodel.Model.Skipped). It runs only in the driver's units, never
// under go vet: each skip is a diagnostic of category skippedCategory
// whose message is the skip as JSON, which the driver takes out of the
// diagnostics and prints on its own.
var skippedAnalyzer = &analysis.Analyzer{
	Name:     "skipped",
	Doc:      "report the functions a budget left out (internal to the standalone driver)",
	Requires: []*analysis.Analyzer{summary.Analyzer},
	Run:      runSkipped,
}

const skippedCategory = "leakvet-skipped"

// skip is one function a budget left out, as the driver prints it (and
// as -json lists it under "skipped").
type skip struct {
	Posn   string `json:"posn"`
	Func   string `json:"func"`
	Budget string `json:"budget"`
	Size   int    `json:"size"`
	Limit  int    `json:"limit"`
}

func runSkipped(pass *analysis.Pass) (any, error) {
	m, _ := pass.ResultOf[summary.Analyzer].(*chanmodel.Model)
	if m == nil {
		return nil, nil
	}
	for _, s := range m.Skipped {
		data, _ := json.Marshal(skip{Func: s.Func, Budget: s.Budget, Size: s.Size, Limit: s.Limit})
		pass.Report(analysis.Diagnostic{Pos: s.Pos, Category: skippedCategory, Message: string(data)})
	}
	return nil, nil
}

// skipLine is the line the driver prints on stderr for s.
func skipLine(s skip) string {
	unit := "size"
	switch s.Budget {
	case "max-blocks":
		unit = "basic blocks"
	case "max-paths":
		unit = "call paths"
	case "max-call-depth":
		unit = "calls deep"
	}
	return fmt.Sprintf("%s: leakvet skipped %s: %d %s, over -config.%s=%d", s.Posn, s.Func, s.Size, unit, s.Budget, s.Limit)
}
