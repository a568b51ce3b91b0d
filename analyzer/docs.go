package analyzer

//go:generate go run ./internal/gendocs ..

import "github.com/leakvet/leakvet/internal/checkdoc"

// CheckDocs returns the structured documentation of the checks, parsed
// from their Doc (itself extracted from each check's doc.go).
func CheckDocs() []checkdoc.Check {
	var out []checkdoc.Check
	for _, a := range Checks() {
		out = append(out, checkdoc.Parse(a.Name, a.Doc))
	}
	return out
}

// README returns readme with its table of checks regenerated.
func README(readme string) (string, error) {
	return checkdoc.Splice(readme, checkdoc.TableBegin, checkdoc.TableEnd, checkdoc.Table(CheckDocs()))
}

// ChecksPage returns docs/checks.md.
func ChecksPage() string { return checkdoc.Page(CheckDocs()) }
