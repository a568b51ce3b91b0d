// Package checkdoc reads the documentation of leakvet's analyzers from
// their doc.go files: the single source of each check's Doc (what
// `leakvet help` prints), of the README's table of checks, and of
// docs/checks.md.
//
// A doc.go holds, in its package comment, a section
//
//	# Analyzer NAME
//
//	NAME: TITLE
//
//	What the check finds, in paragraphs...
//
//	Bad:
//
//		code that leaks
//
//	Fixed:
//
//		the same code, fixed
//
//	Since vX.Y.Z. How to suppress one report...
//
// as the x/tools analyzers do (their ExtractDoc), with the examples and
// the version staticcheck's check documentation carries.
package checkdoc

import (
	"fmt"
	"go/parser"
	"go/token"
	"regexp"
	"strings"
)

// MustExtract returns the Doc of analyzer name from the Go source text of
// its doc.go: the section "# Analyzer name" without its heading and without
// the "name: " before the title. It panics on a missing section: that is a
// programming error.
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
	body = strings.TrimSpace(body)
	prefix := name + ": "
	if !strings.HasPrefix(body, prefix) {
		return "", fmt.Errorf("doc.go: section %q does not start with %q", heading, prefix)
	}
	return strings.TrimPrefix(body, prefix), nil
}

// Check is the structured documentation of one check.
type Check struct {
	Name  string
	Title string // the first line of Doc
	Body  string // the paragraphs between the title and the examples
	Bad   string // the example that leaks (code, unindented)
	Fixed string // the fixed example
	Since string // "v0.1.0"
	Tail  string // what follows the examples (suppression)
}

var sinceRe = regexp.MustCompile(`Since (v\d+\.\d+\.\d+)\.`)

// Parse splits the Doc of a check into its parts.
func Parse(name, doc string) Check {
	c := Check{Name: name}
	title, rest, _ := strings.Cut(doc, "\n")
	c.Title = strings.TrimSpace(title)
	body, examples, found := strings.Cut(rest, "\nBad:\n")
	c.Body = strings.TrimSpace(body)
	if found {
		bad, after, _ := strings.Cut(examples, "\nFixed:\n")
		c.Bad = code(bad)
		fixed, tail := splitCode(after)
		c.Fixed = fixed
		c.Tail = strings.TrimSpace(tail)
	} else {
		c.Tail = c.Body
	}
	if m := sinceRe.FindStringSubmatch(doc); m != nil {
		c.Since = m[1]
	}
	return c
}

// code returns the indented code block of s, unindented.
func code(s string) string {
	var lines []string
	for _, l := range strings.Split(strings.Trim(s, "\n"), "\n") {
		lines = append(lines, strings.TrimPrefix(l, "\t"))
	}
	return strings.Join(lines, "\n")
}

// splitCode splits s into its leading indented code block and the rest.
func splitCode(s string) (string, string) {
	lines := strings.Split(strings.TrimLeft(s, "\n"), "\n")
	i := 0
	for i < len(lines) && (strings.HasPrefix(lines[i], "\t") || lines[i] == "") {
		i++
	}
	// Do not eat the blank lines between the code and the text.
	j := i
	for j > 0 && lines[j-1] == "" {
		j--
	}
	return code(strings.Join(lines[:j], "\n")), strings.Join(lines[i:], "\n")
}
