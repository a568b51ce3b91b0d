// Command leakvet finds goroutines that leak: channel operations that can
// never complete, goroutines stranded by an early return, and goroutines
// with no way to end.
//
// Run it through go vet:
//
//	go vet -vettool=$(which leakvet) ./...
//
// or on its own:
//
//	leakvet [-json] [-fix] [-diff] ./...
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/leakvet/leakvet/analyzer"
)

func main() {
	multichecker.Main(analyzer.Suite()...)
}
