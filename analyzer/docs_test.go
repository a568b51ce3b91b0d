package analyzer_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/analyzer"
)

// TestDocsUpToDate fails when README.md's table of checks or
// docs/checks.md no longer match the checks' doc.go files.
func TestDocsUpToDate(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := analyzer.README(string(readme))
	if err != nil {
		t.Fatal(err)
	}
	if string(readme) != want {
		t.Errorf("README.md's table of checks is stale: run go generate ./analyzer")
	}
	page, err := os.ReadFile(filepath.Join("..", "docs", "checks.md"))
	if err != nil {
		t.Fatalf("%v: run go generate ./analyzer", err)
	}
	if string(page) != analyzer.ChecksPage() {
		t.Errorf("docs/checks.md is stale: run go generate ./analyzer")
	}
}

// TestCheckDocs holds every check to the documentation format: a title,
// a description, a leaking and a fixed example, a version.
func TestCheckDocs(t *testing.T) {
	for _, c := range analyzer.CheckDocs() {
		if c.Title == "" || c.Body == "" || c.Since == "" {
			t.Errorf("%s: doc.go lacks a title, a description or a Since line: %+v", c.Name, c)
		}
		if c.Bad == "" || c.Fixed == "" {
			t.Errorf("%s: doc.go lacks a Bad: or a Fixed: example", c.Name)
		}
		if strings.HasPrefix(c.Title, c.Name+":") {
			t.Errorf("%s: the title repeats the name", c.Name)
		}
	}
	for _, a := range analyzer.Checks() {
		if a.URL == "" {
			t.Errorf("%s has no URL", a.Name)
		}
	}
}
