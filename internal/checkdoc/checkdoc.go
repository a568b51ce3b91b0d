// Package checkdoc extracts analyzer documentation from doc.go files, the
// single source of each check's Doc, its help text and the README table.
package checkdoc

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// MustExtract returns the section "# Analyzer name" of the package comment
// of the Go source text content (a doc.go file), without its heading. It
// panics if the section is missing: that is a programming error.
func MustExtract(content, name string) string {
	s, err := Extract(content, name)
	if err != nil {
		panic(err)
	}
	return s
}

// Extract is MustExtract returning an error.
func Extract(content, name string) (string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", err
	}
	if f.Doc == nil {
		return "", fmt.Errorf("doc.go: no package comment")
	}
	text := f.Doc.Text()
	heading := "# Analyzer " + name
	i := strings.Index(text, heading+"\n")
	if i < 0 {
		return "", fmt.Errorf("doc.go: no %q section", heading)
	}
	body := text[i+len(heading)+1:]
	// The section ends at the next top-level heading.
	if j := strings.Index(body, "\n# "); j >= 0 {
		body = body[:j]
	}
	return strings.TrimSpace(body), nil
}
