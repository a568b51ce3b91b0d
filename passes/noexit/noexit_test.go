package noexit_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/config"
	"github.com/leakvet/leakvet/passes/noexit"
)

func testdata() string {
	dir, err := filepath.Abs("../../testdata")
	if err != nil {
		panic(err)
	}
	return dir
}

func TestNoexit(t *testing.T) {
	analysistest.Run(t, testdata(), noexit.Analyzer, "noexit/basic", "noexit/contract", "noexit/cleanup", "noexit/mainpkg", "noexit/crash")
}

// TestArticle: the article's programs start their goroutines once, from
// main: nothing to report.
func TestArticle(t *testing.T) {
	analysistest.Run(t, testdata(), noexit.Analyzer, "article/demo", "article/demo2")
}

// TestUnpairedOff: a goroutine stuck on an operation unpaired reports is
// left to unpaired (basic's Park), unless unpaired is not shown: then
// noexit reports it.
func TestUnpairedOff(t *testing.T) {
	if err := config.Set(config.ReportingFlag, "noexit,stranded"); err != nil {
		t.Fatal(err)
	}
	defer config.Set(config.ReportingFlag, "")
	analysistest.Run(t, testdata(), noexit.Analyzer, "noexit/unpairedoff")
}
