package main

// What the standalone driver prints: the diagnostics of the packages
// named, gathered from either driver (the units, or the in-process
// checker) into one form, then written as text, JSON, SARIF or fixes.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/cmd/leakvet/internal/sariflog"
)

// jsonDiag is a diagnostic in the JSON form of go/analysis drivers
// (golang.org/x/tools/internal/analysis/driverutil.JSONDiagnostic), with
// the URL of its check's documentation.
type jsonDiag struct {
	Category       string        `json:"category,omitempty"`
	Posn           string        `json:"posn"`
	End            string        `json:"end"`
	Message        string        `json:"message"`
	SuggestedFixes []jsonFix     `json:"suggested_fixes,omitempty"`
	Related        []jsonRelated `json:"related,omitempty"`
	URL            string        `json:"url,omitempty"`
}

type jsonFix struct {
	Message string     `json:"message"`
	Edits   []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

type jsonRelated struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

// pkgResult is what the checks found in one package.
type pkgResult struct {
	id     string
	diags  map[string][]jsonDiag // by check
	errors map[string]string     // by check: the analysis failed
}

// results is the outcome of a run, whatever the driver.
type results struct {
	checks  []*analysis.Analyzer // the checks that ran, in suite order
	pkgs    []*pkgResult         // the packages named, in go list order
	skipped []skip               // functions left out by a budget, each once
	errors  []string             // load and type errors, each once
}

// parseUnitJSON reads the JSON a unit printed ({id: {check: [diag] or
// {"error": msg}}}) into r, taking skips out.
func parseUnitJSON(data []byte, r *pkgResult, skips *[]skip) error {
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &tree); err != nil {
		return err
	}
	for _, checks := range tree {
		for name, raw := range checks {
			raw = bytes.TrimSpace(raw)
			if len(raw) > 0 && raw[0] == '{' {
				var e struct {
					Error string `json:"error"`
				}
				if err := json.Unmarshal(raw, &e); err != nil {
					return err
				}
				r.errors[name] = e.Error
				continue
			}
			var diags []jsonDiag
			if err := json.Unmarshal(raw, &diags); err != nil {
				return err
			}
			if name == skippedAnalyzer.Name {
				for _, d := range diags {
					var s skip
					if json.Unmarshal([]byte(d.Message), &s) == nil {
						s.Posn = d.Posn
						*skips = append(*skips, s)
					}
				}
				continue
			}
			r.diags[name] = diags
		}
	}
	return nil
}

// dedupSkips keeps the first of each skip (a file is in a package and
// its test variant).
func dedupSkips(skips []skip) []skip {
	seen := make(map[skip]bool)
	var out []skip
	for _, s := range skips {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// addURLs sets the URL of every diagnostic that has none to its check's.
func (res *results) addURLs() {
	for _, p := range res.pkgs {
		for _, a := range res.checks {
			for i := range p.diags[a.Name] {
				if p.diags[a.Name][i].URL == "" {
					p.diags[a.Name][i].URL = a.URL
				}
			}
		}
	}
}

// count returns how many diagnostics and analysis errors there are.
func (res *results) count() (diags, failed int) {
	for _, p := range res.pkgs {
		for _, ds := range p.diags {
			diags += len(ds)
		}
		failed += len(p.errors)
	}
	return diags, failed
}

// writeText prints the diagnostics as go vet does, each followed by the
// name of its check: check by check, package by package, each once (a
// file is in a package and in its test variant). With context >= 0 it
// shows the lines of each position and that many around them.
func (res *results) writeText(w io.Writer, context int) {
	var buf bytes.Buffer
	for _, p := range res.pkgs {
		for _, a := range res.checks {
			if msg, ok := p.errors[a.Name]; ok {
				fmt.Fprintf(&buf, "leakvet: %s: %s\n", p.id, msg)
			}
		}
	}
	type key struct{ posn, end, check, message string }
	seen := make(map[key]bool)
	for _, a := range res.checks {
		for _, p := range res.pkgs {
			for _, d := range p.diags[a.Name] {
				k := key{d.Posn, d.End, a.Name, d.Message}
				if seen[k] {
					continue
				}
				seen[k] = true
				printPlain(&buf, d, a.Name, context)
			}
		}
	}
	w.Write(buf.Bytes())
}

// printPlain prints one diagnostic and its related positions, as
// driverutil.PrintPlain does, with the check's name after the message.
func printPlain(w io.Writer, d jsonDiag, check string, context int) {
	show := func(posn, end, message string) {
		fmt.Fprintf(w, "%s: %s\n", posn, message)
		if context >= 0 {
			file, line, _ := splitPosn(posn)
			_, endLine, _ := splitPosn(end)
			if endLine < line {
				endLine = line
			}
			data, _ := os.ReadFile(file)
			lines := strings.Split(string(data), "\n")
			for i := line - context; i <= endLine+context; i++ {
				if 1 <= i && i <= len(lines) {
					fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
				}
			}
		}
	}
	msg := d.Message
	if !strings.HasSuffix(msg, " ("+check+")") { // -config.name-checks named it already
		msg += " (" + check + ")"
	}
	show(d.Posn, d.End, msg)
	for _, r := range d.Related {
		show(r.Posn, r.End, "\t"+r.Message)
	}
}

// splitPosn splits file:line:col; line and col are 0 when absent.
func splitPosn(posn string) (file string, line, col int) {
	file = posn
	if i := strings.LastIndexByte(file, ':'); i >= 0 {
		if n, err := strconv.Atoi(file[i+1:]); err == nil {
			file, col = file[:i], n
			if j := strings.LastIndexByte(file, ':'); j >= 0 {
				if m, err := strconv.Atoi(file[j+1:]); err == nil {
					return file[:j], m, col
				}
			}
			return file, col, 0
		}
	}
	return file, 0, 0
}

// writeJSON prints the diagnostics as multichecker -json does ({id:
// {check: [diag]}}, only the packages and checks with diagnostics or
// errors), each with its url, and, when a budget left functions out, a
// top-level "skipped" list of them.
func (res *results) writeJSON(w io.Writer) error {
	tree := make(map[string]any)
	for _, p := range res.pkgs {
		m := make(map[string]any)
		for _, a := range res.checks {
			if msg, ok := p.errors[a.Name]; ok {
				m[a.Name] = struct {
					Err string `json:"error"`
				}{msg}
			} else if ds := p.diags[a.Name]; len(ds) > 0 {
				m[a.Name] = ds
			}
		}
		if len(m) > 0 {
			tree[p.id] = m
		}
	}
	if len(res.skipped) > 0 {
		tree["skipped"] = res.skipped
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// writeSkipped names every function a budget left out, then how many.
func (res *results) writeSkipped(w io.Writer) {
	if len(res.skipped) == 0 {
		return
	}
	budgets := make(map[string]bool)
	for _, s := range res.skipped {
		fmt.Fprintln(w, skipLine(s))
		budgets["-config."+s.Budget] = true
	}
	noun := "functions"
	if len(res.skipped) == 1 {
		noun = "function"
	}
	fmt.Fprintf(w, "leakvet: %d %s not analysed, over a budget: nothing is reported about their channels (raise %s to analyse them)\n",
		len(res.skipped), noun, strings.Join(sortedKeys(budgets), ", "))
}

// sarifDiagnostics rebuilds the diagnostics with token positions, in a
// file set of the files they name, for the SARIF converter.
func (res *results) sarifDiagnostics() []sariflog.Diagnostic {
	pf := newPosFinder()
	var out []sariflog.Diagnostic
	for _, a := range res.checks {
		for _, p := range res.pkgs {
			for _, d := range p.diags[a.Name] {
				ad := analysis.Diagnostic{
					Pos:      pf.pos(d.Posn),
					End:      pf.pos(d.End),
					Category: d.Category,
					Message:  d.Message,
					URL:      d.URL,
				}
				for _, r := range d.Related {
					ad.Related = append(ad.Related, analysis.RelatedInformation{Pos: pf.pos(r.Posn), End: pf.pos(r.End), Message: r.Message})
				}
				for _, f := range d.SuggestedFixes {
					fix := analysis.SuggestedFix{Message: f.Message}
					for _, e := range f.Edits {
						fix.TextEdits = append(fix.TextEdits, analysis.TextEdit{
							Pos: pf.offset(e.Filename, e.Start), End: pf.offset(e.Filename, e.End), NewText: []byte(e.New),
						})
					}
					ad.SuggestedFixes = append(ad.SuggestedFixes, fix)
				}
				out = append(out, sariflog.Diagnostic{Analyzer: a, Fset: pf.fset, Diagnostic: ad})
			}
		}
	}
	return out
}

// posFinder turns file:line:col and file offsets back into token.Pos,
// reading each file once.
type posFinder struct {
	fset  *token.FileSet
	files map[string]*token.File
}

func newPosFinder() *posFinder {
	return &posFinder{fset: token.NewFileSet(), files: make(map[string]*token.File)}
}

func (pf *posFinder) file(name string) *token.File {
	f, ok := pf.files[name]
	if !ok {
		if data, err := os.ReadFile(name); err == nil {
			f = pf.fset.AddFile(name, -1, len(data))
			f.SetLinesForContent(data)
		}
		pf.files[name] = f
	}
	return f
}

func (pf *posFinder) pos(posn string) token.Pos {
	name, line, col := splitPosn(posn)
	f := pf.file(name)
	if f == nil || line < 1 || line > f.LineCount() {
		return token.NoPos
	}
	p := f.LineStart(line)
	if col > 1 {
		off := f.Offset(p) + col - 1
		if off > f.Size() {
			return token.NoPos
		}
		p = f.Pos(off)
	}
	return p
}

func (pf *posFinder) offset(name string, off int) token.Pos {
	f := pf.file(name)
	if f == nil || off < 0 || off > f.Size() {
		return token.NoPos
	}
	return f.Pos(off)
}
