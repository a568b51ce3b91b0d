// Command gendocs writes the documentation generated from the checks'
// doc.go files: the table of checks in README.md and docs/checks.md.
// Run it with go generate ./analyzer.
package main

import (
	"log"
	"os"
	"path/filepath"

	"github.com/leakvet/leakvet/analyzer"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("gendocs: ")
	root := "."
	if len(os.Args) > 1 {
		root = os.Args[1]
	}
	readme := filepath.Join(root, "README.md")
	data, err := os.ReadFile(readme)
	if err != nil {
		log.Fatal(err)
	}
	out, err := analyzer.README(string(data))
	if err != nil {
		log.Fatalf("%s: %v", readme, err)
	}
	if err := os.WriteFile(readme, []byte(out), 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "docs"), 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "docs", "checks.md"), []byte(analyzer.ChecksPage()), 0o644); err != nil {
		log.Fatal(err)
	}
}
