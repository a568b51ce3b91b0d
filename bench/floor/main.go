// Command floor is the yardstick leakvet's speed is measured against: a
// go/analysis driver whose only analyzer requires buildssa and does
// nothing. Whatever it costs (loading, type checking, ctrlflow, SSA) every
// SSA-based analyzer pays; leakvet should cost little more.
//
// It runs standalone (floor ./...) and as a vet tool (go vet -vettool).
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
	"golang.org/x/tools/go/analysis/passes/buildssa"
)

var noop = &analysis.Analyzer{
	Name:     "noop",
	Doc:      "noop: require buildssa and report nothing",
	Run:      func(pass *analysis.Pass) (any, error) { _ = pass.ResultOf[buildssa.Analyzer]; return nil, nil },
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
}

// warmer is set by bench/run.sh (-ldflags=-X=main.warmer=1) to build a
// copy of this tool with another identity, to warm go vet's build cache.
var warmer string

func main() {
	_ = warmer
	multichecker.Main(noop)
}
