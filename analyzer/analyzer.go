// Package analyzer is the leakvet suite: the list of checks every driver
// runs (go vet -vettool, the standalone leakvet binary, the golangci-lint
// plugin, any go/analysis driver), and the configuration they share.
package analyzer

import (
	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/passes/config"
	"github.com/leakvet/leakvet/passes/deadlock"
	"github.com/leakvet/leakvet/passes/lintignore"
	"github.com/leakvet/leakvet/passes/noexit"
	"github.com/leakvet/leakvet/passes/stranded"
	"github.com/leakvet/leakvet/passes/unpaired"
)

// Checks returns the leakvet checks, in the order of the README's table.
func Checks() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		unpaired.Analyzer,
		stranded.Analyzer,
		noexit.Analyzer,
		deadlock.Analyzer,
		lintignore.Analyzer,
	}
}

// Suite returns the analyzers a driver should run: the configuration
// pseudo-analyzer, whose flags the driver exposes, then the checks.
func Suite() []*analysis.Analyzer {
	return append([]*analysis.Analyzer{config.Analyzer}, Checks()...)
}
