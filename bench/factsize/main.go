// Command factsize measures the facts leakvet's summary pass exports: for
// each package of the patterns given (and their dependencies, which the
// pass analyzes for their facts), the bytes go vet would write, with one
// gob encoder per package as go vet does.
//
//	go run ./bench/factsize std
//	(cd $(go env GOMODCACHE)/golang.org/x/tools@v0.52.0 && go run github.com/leakvet/leakvet/bench/factsize ./...)
package main

import (
	"bytes"
	"encoding/gob"
	"flag"
	"fmt"
	"log"
	"os"
	"slices"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/leakvet/leakvet/passes/summary"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("factsize: ")
	flag.Parse()
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Tests: false}
	pkgs, err := packages.Load(cfg, flag.Args()...)
	if err != nil {
		log.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		os.Exit(1)
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{summary.Analyzer}, pkgs, nil)
	if err != nil {
		log.Fatal(err)
	}
	var sizes []int
	with := 0
	total := 0
	for act := range graph.All() {
		if act.Analyzer != summary.Analyzer || act.Err != nil {
			continue
		}
		var buf bytes.Buffer
		enc := gob.NewEncoder(&buf)
		n := 0
		for _, of := range act.AllObjectFacts() {
			if of.Object.Pkg() != act.Package.Types {
				continue
			}
			if err := enc.Encode(of.Fact); err != nil {
				log.Fatal(err)
			}
			n++
		}
		sizes = append(sizes, buf.Len())
		total += buf.Len()
		if n > 0 {
			with++
		}
	}
	sort.Ints(sizes)
	if len(sizes) == 0 {
		log.Fatal("no package analyzed")
	}
	fmt.Printf("packages analyzed: %d, with facts: %d\n", len(sizes), with)
	fmt.Printf("fact bytes per package: median %d, max %d, total %d\n", sizes[len(sizes)/2], slices.Max(sizes), total)
	var nonzero []int
	for _, s := range sizes {
		if s > 0 {
			nonzero = append(nonzero, s)
		}
	}
	if len(nonzero) > 0 {
		fmt.Printf("among packages with facts: median %d\n", nonzero[len(nonzero)/2])
	}
}
