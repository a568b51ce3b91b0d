package summary

import "github.com/leakvet/leakvet/passes/chanmodel"

// summarize returns the fact of function f, or nil.
func summarize(m *chanmodel.Model, f *chanmodel.Func) *chanmodel.FuncFact {
	return nil
}
