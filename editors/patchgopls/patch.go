package main

import (
	"bytes"
	"fmt"
	"go/format"
)

// SettingsFile is the file of the gopls module that holds its analyzer
// list, relative to the module's root.
const SettingsFile = "internal/settings/analysis.go"

// ImportPath is the package whose Checks are added to gopls.
const ImportPath = "github.com/leakvet/leakvet/analyzer"

// An anchor is a piece of gopls's source the patch relies on: it must
// occur exactly once.
type anchor struct {
	text string
	why  string
}

var (
	// The import block, where the import of leakvet's suite goes.
	importAnchor = anchor{"\nimport (\n", "the import block"}
	// The function building the list, and its de-duplication map, which
	// the inserted code uses.
	funcAnchor = anchor{"\nfunc initAnalyzers() (res []*Analyzer) {\n", "the function building the analyzer list"}
	seenAnchor = anchor{"\tseen := make(map[*analysis.Analyzer]bool)\n", "its de-duplication map"}
	// The last statement of initAnalyzers: leakvet's checks go before it.
	returnAnchor = anchor{"\treturn append(res, staticcheckAnalyzers()...)\n", "the return of the analyzer list"}
	// The method deciding whether an analyzer runs for the user's options.
	enabledAnchor = anchor{"\nfunc (a *Analyzer) Enabled(o *Options) bool {\n", "the method deciding whether an analyzer is enabled"}
)

// Marker is a comment in the inserted code; a file holding it is already
// patched.
const Marker = "leakvet: added by github.com/leakvet/leakvet/editors/patchgopls"

const importText = "\n\tleakvetanalyzer \"" + ImportPath + "\"\n"

// insertText is appended to the list before staticcheck's analyzers.
// An Analyzer with no severity reports warnings, with no nonDefault is on
// by default; its diagnostics keep their related information and their
// suggested fixes become code actions of the kinds listed.
const insertText = `	// ` + Marker + `.
	// leakvet's checks: on by default, warnings, suggested fixes as quick
	// fixes. Their requirements (leakvet's config and summary passes, and
	// x/tools's ctrlflow) run through Requires, facts included, and are not
	// analyzers users see.
	for _, a := range leakvetanalyzer.Checks() {
		for _, b := range res {
			if b.analyzer.Name == a.Name {
				log.Fatalf("leakvet analyzer %q has the name of a gopls analyzer", a.Name)
			}
		}
		if seen[a] {
			log.Fatalf("duplicate analyzer: %q", a.Name)
		}
		seen[a] = true
		res = append(res, &Analyzer{
			analyzer:    a,
			actionKinds: []protocol.CodeActionKind{protocol.QuickFix},
		})
	}

`

// enabledText starts Analyzer.Enabled. lintignore requires the other
// checks, so it makes them run when they are turned off; gopls then takes
// their diagnostics, reported by an analyzer that runs only as a
// requirement, for a bug of its own (golang/go#60909) and drops them. So a
// leakvet check that requires another one is off when that one is off.
const enabledText = `	if leakvetRequirementOff(a, o) {
		return false
	}
`

// helperText is appended to the file.
const helperText = `
// leakvetRequirementOff reports whether a is a leakvet check that requires
// another leakvet check the options turn off (` + Marker + `).
func leakvetRequirementOff(a *Analyzer, o *Options) bool {
	checks := leakvetanalyzer.Checks()
	isCheck := func(x *analysis.Analyzer) bool {
		for _, c := range checks {
			if c == x {
				return true
			}
		}
		return false
	}
	if !isCheck(a.analyzer) {
		return false
	}
	for _, req := range a.analyzer.Requires {
		if isCheck(req) {
			if on, found := o.Analyses[req.Name]; found && !on {
				return true
			}
		}
	}
	return false
}
`

// Patch returns src, the text of gopls's SettingsFile of the given
// version, with leakvet's checks added. It fails, naming the version and
// the file, when an anchor is missing or repeated, or when src is already
// patched.
func Patch(src []byte, version string) ([]byte, error) {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("gopls %s: %s: %s; this gopls version changed the place to patch: update editors/patchgopls or pin another version",
			version, SettingsFile, fmt.Sprintf(format, args...))
	}
	if bytes.Contains(src, []byte(Marker)) {
		return nil, fmt.Errorf("gopls %s: %s: already patched (it holds %q); patch a fresh copy", version, SettingsFile, Marker)
	}
	for _, a := range []anchor{importAnchor, enabledAnchor, funcAnchor, seenAnchor, returnAnchor} {
		switch n := bytes.Count(src, []byte(a.text)); n {
		case 1:
		case 0:
			return nil, fail("%s (%q) not found", a.why, a.text)
		default:
			return nil, fail("%s (%q) found %d times, want once", a.why, a.text, n)
		}
	}
	fn := bytes.Index(src, []byte(funcAnchor.text))
	seen := bytes.Index(src, []byte(seenAnchor.text))
	ret := bytes.Index(src, []byte(returnAnchor.text))
	if !(fn < seen && seen < ret) {
		return nil, fail("%s and %s are not in order inside %s", seenAnchor.why, returnAnchor.why, funcAnchor.why)
	}
	// The return must be the end of initAnalyzers: the next line closes it.
	if !bytes.HasPrefix(src[ret+len(returnAnchor.text):], []byte("}\n")) {
		return nil, fail("%s is not the last statement of %s", returnAnchor.why, funcAnchor.why)
	}
	// The inserted code uses log and protocol: the file must import them
	// under those names.
	for _, imp := range []string{"\t\"log\"\n", "\t\"golang.org/x/tools/gopls/internal/protocol\"\n"} {
		if !bytes.Contains(src, []byte(imp)) {
			return nil, fail("import %s not found", bytes.TrimSpace([]byte(imp)))
		}
	}

	// The import goes in a group of its own at the end of the block.
	imp := bytes.Index(src, []byte(importAnchor.text)) + len(importAnchor.text)
	end := bytes.Index(src[imp:], []byte("\n)\n"))
	if end < 0 || imp+end > fn {
		return nil, fail("%s has no end before %s", importAnchor.why, funcAnchor.why)
	}
	imp += end + 1
	en := bytes.Index(src, []byte(enabledAnchor.text)) + len(enabledAnchor.text)
	if !(imp < en && en < fn) {
		return nil, fail("%s is not between the imports and %s", enabledAnchor.why, funcAnchor.why)
	}
	var out bytes.Buffer
	out.Write(src[:imp])
	out.WriteString(importText)
	out.Write(src[imp:en])
	out.WriteString(enabledText)
	out.Write(src[en:ret])
	out.WriteString(insertText)
	out.Write(src[ret:])
	out.WriteString(helperText)
	formatted, err := format.Source(out.Bytes())
	if err != nil {
		return nil, fail("the patched file does not parse: %v", err)
	}
	return formatted, nil
}
