// Package sariflog turns the diagnostics of go/analysis analyzers into a
// SARIF 2.1.0 log (the -sarif mode of leakvet). It is apart from package
// sarif, which validates logs against the schema, so that the leakvet
// binary, which starts a process per package, does not link the schema
// validator (its initialisation costs more than the rest of the binary's).
package sariflog

// This file turns the diagnostics of go/analysis analyzers into a SARIF
// 2.1.0 log, the format code scanning services (GitHub code scanning and
// others) read.
//
// Conventions of the log Convert writes:
//
//   - One run, whose tool.driver names the tool and carries one rule per
//     check (reportingDescriptor: id = analyzer name, shortDescription =
//     first line of the Doc, fullDescription and help = the Doc, helpUri =
//     the analyzer's URL).
//   - One result per diagnostic (kind "fail", level "warning"; "error" for
//     diagnostics whose Category is "internal error"), with an empty
//     suppressions array: leakvet drops the diagnostics a //lint:ignore
//     directive silences, so every result is unsuppressed.
//   - Regions are 1-based lines and columns; endColumn is exclusive, as in
//     SARIF. Columns count UTF-16 code units (run.columnKind
//     "utf16CodeUnits", the SARIF default, stated explicitly): Convert reads
//     the source line to convert go/token's byte columns. When the file
//     cannot be read, the byte column is used, which is the same for ASCII
//     text. A position with no column (a //line directive without one) gives
//     a region of whole lines. A diagnostic with no End is a point: its
//     region ends where it starts.
//   - Files under Options.Root have URIs relative to it, with uriBaseId
//     "%SRCROOT%", which run.originalUriBaseIds maps to Root as a file URI.
//     Other files have absolute file URIs.
//   - Related information becomes relatedLocations with ids 1, 2, ... and
//     their messages; as GitHub shows related locations only when the
//     result's message links to them, each is also appended to the message
//     text as a SARIF embedded link, one per line: "[message](id)". In such
//     a message, square brackets that are not links are escaped with a
//     backslash, as SARIF requires.
//   - Suggested fixes become fixes: one artifactChange per file, with
//     replacements (deletedRegion, insertedContent) in source order, their
//     regions relative to the unmodified file. An insertion has an empty
//     deletedRegion (endColumn = startColumn).
//   - Results are sorted by file, line, column, rule and message (then by
//     their whole content), and duplicates (one file analysed in a package
//     and its test variant) are dropped, so the same input always gives the
//     same bytes.

import (
	"bytes"
	"cmp"
	"encoding/json"
	"go/token"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
	hsarif "honnef.co/go/tools/sarif"
)

// SrcRoot is the uriBaseId of the URIs relative to Options.Root.
const SrcRoot = "%SRCROOT%"

// SchemaURL is the $schema of the logs: the SARIF 2.1.0 schema (OASIS,
// errata 01).
const SchemaURL = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// InternalErrorCategory is the Category of the diagnostics that report an
// internal error of leakvet; their results have level "error".
const InternalErrorCategory = "internal error"

// Log is a SARIF 2.1.0 log.
type Log struct {
	Version string `json:"version"`
	Schema  string `json:"$schema"`
	Runs    []Run  `json:"runs"`
}

// Run is the run of one tool. Unlike honnef.co/go/tools/sarif.Run it has
// originalUriBaseIds and columnKind, and always has results (an empty
// array says the analysis ran and found nothing; an absent one, that
// results are unknown).
type Run struct {
	Tool               Tool                               `json:"tool"`
	Invocations        []hsarif.Invocation                `json:"invocations,omitempty"`
	OriginalURIBaseIDs map[string]hsarif.ArtifactLocation `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                             `json:"columnKind"`
	Results            []hsarif.Result                    `json:"results"`
}

// Tool is the analysis tool of a run.
type Tool struct {
	Driver ToolComponent `json:"driver"`
}

// ToolComponent describes the driver and its rules.
type ToolComponent struct {
	Name            string                `json:"name"`
	Version         string                `json:"version,omitempty"`
	SemanticVersion string                `json:"semanticVersion,omitempty"`
	InformationURI  string                `json:"informationUri,omitempty"`
	Rules           []ReportingDescriptor `json:"rules,omitempty"`
}

// ReportingDescriptor is a rule: one leakvet check. Unlike
// honnef.co/go/tools/sarif.ReportingDescriptor it has a fullDescription.
type ReportingDescriptor struct {
	ID                   string                        `json:"id"`
	ShortDescription     hsarif.Message                `json:"shortDescription"`
	FullDescription      *hsarif.Message               `json:"fullDescription,omitempty"`
	Help                 *hsarif.Message               `json:"help,omitempty"`
	HelpURI              string                        `json:"helpUri,omitempty"`
	DefaultConfiguration hsarif.ReportingConfiguration `json:"defaultConfiguration"`
}

// Diagnostic is a diagnostic reported by a root analyzer, with the file
// set its positions belong to.
type Diagnostic struct {
	Analyzer *analysis.Analyzer
	Fset     *token.FileSet
	analysis.Diagnostic
}

// Options describe the tool and where the analysed files are.
type Options struct {
	// Name, Version and InformationURI describe the tool (tool.driver).
	// A Version that is a Go module version (v1.2.3, a pseudo-version)
	// also gives semanticVersion.
	Name, Version, InformationURI string
	// Root is the absolute directory the artifact URIs are relative to
	// (%SRCROOT%), normally the working directory. If empty, every URI is
	// absolute.
	Root string
	// ReadFile reads a source file, to convert columns to UTF-16 code
	// units. If nil, os.ReadFile is used.
	ReadFile func(filename string) ([]byte, error)
}

// Convert returns the SARIF log of one run of the checks (the analyzers
// whose diagnostics may be reported, in the order of their rules) that
// reported diags. An analyzer of diags missing from checks gets a rule
// too, after those of checks.
func Convert(opts Options, checks []*analysis.Analyzer, diags []Diagnostic) *Log {
	c := &converter{opts: opts, files: make(map[string]*lineIndex)}
	if c.opts.ReadFile == nil {
		c.opts.ReadFile = os.ReadFile
	}
	if c.opts.Root != "" {
		c.opts.Root = filepath.Clean(c.opts.Root)
		c.realRoot, _ = filepath.EvalSymlinks(c.opts.Root)
	}

	driver := ToolComponent{
		Name:            opts.Name,
		Version:         opts.Version,
		SemanticVersion: semanticVersion(opts.Version),
		InformationURI:  opts.InformationURI,
	}
	ruled := make(map[*analysis.Analyzer]bool)
	for _, a := range checks {
		if !ruled[a] {
			ruled[a] = true
			driver.Rules = append(driver.Rules, rule(a))
		}
	}
	var extra []*analysis.Analyzer
	for _, d := range diags {
		if !ruled[d.Analyzer] {
			ruled[d.Analyzer] = true
			extra = append(extra, d.Analyzer)
		}
	}
	slices.SortFunc(extra, func(a, b *analysis.Analyzer) int { return cmp.Compare(a.Name, b.Name) })
	for _, a := range extra {
		driver.Rules = append(driver.Rules, rule(a))
	}

	results := make([]result, 0, len(diags))
	for _, d := range diags {
		results = append(results, c.result(d))
	}
	slices.SortFunc(results, compareResults)
	run := Run{
		Tool:        Tool{Driver: driver},
		Invocations: []hsarif.Invocation{{ExecutionSuccessful: true}},
		ColumnKind:  "utf16CodeUnits",
		Results:     []hsarif.Result{},
	}
	seen := make(map[resultKey]bool)
	for _, r := range results {
		if seen[r.key] {
			continue
		}
		seen[r.key] = true
		run.Results = append(run.Results, r.Result)
	}
	if c.opts.Root != "" {
		run.OriginalURIBaseIDs = map[string]hsarif.ArtifactLocation{
			SrcRoot: {URI: fileURI(c.opts.Root) + "/"},
		}
	}
	return &Log{Version: hsarif.Version, Schema: SchemaURL, Runs: []Run{run}}
}

// Encode writes l as indented JSON, without HTML escaping, ending in a
// newline.
func (l *Log) Encode(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(l)
}

func rule(a *analysis.Analyzer) ReportingDescriptor {
	doc := strings.TrimSpace(a.Doc)
	first, _, _ := strings.Cut(doc, "\n")
	first = strings.TrimSpace(first)
	if first == "" {
		first = a.Name
	}
	r := ReportingDescriptor{
		ID:               a.Name,
		ShortDescription: hsarif.Message{Text: first},
		HelpURI:          a.URL,
		DefaultConfiguration: hsarif.ReportingConfiguration{
			Enabled: true,
			Level:   hsarif.Warning,
		},
	}
	if doc != "" {
		r.FullDescription = &hsarif.Message{Text: doc}
		r.Help = &hsarif.Message{Text: doc}
	}
	return r
}

// semanticVersion returns v without its "v" if v is a Go module version
// (v1.2.3, v1.2.4-pre, a pseudo-version, v1.2.3+dirty): those are
// semantic versions 2.0.0 with a "v" in front.
func semanticVersion(v string) string {
	s, ok := strings.CutPrefix(v, "v")
	if !ok {
		return ""
	}
	core := s
	if i := strings.IndexAny(core, "-+"); i >= 0 {
		core = core[:i]
	}
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return ""
	}
	for _, p := range parts {
		if _, err := strconv.ParseUint(p, 10, 64); err != nil || len(p) > 1 && p[0] == '0' {
			return ""
		}
	}
	return s
}

// result is a converted diagnostic with what sorting and deduplication
// need.
type result struct {
	hsarif.Result
	key  resultKey
	json []byte
}

// resultKey identifies a diagnostic the way the text output of
// go/analysis drivers does when it drops duplicates.
type resultKey struct {
	rule, message string
	start, end    token.Position
}

func compareResults(a, b result) int {
	ka, kb := a.key, b.key
	if c := cmp.Compare(uriOf(a.Result), uriOf(b.Result)); c != 0 {
		return c
	}
	ra, rb := regionOf(a.Result), regionOf(b.Result)
	if c := cmp.Or(
		cmp.Compare(ra.StartLine, rb.StartLine),
		cmp.Compare(ra.StartColumn, rb.StartColumn),
		cmp.Compare(ka.rule, kb.rule),
		cmp.Compare(ka.message, kb.message),
		cmp.Compare(ra.EndLine, rb.EndLine),
		cmp.Compare(ra.EndColumn, rb.EndColumn),
	); c != 0 {
		return c
	}
	return bytes.Compare(a.json, b.json)
}

func uriOf(r hsarif.Result) string {
	if len(r.Locations) == 0 {
		return ""
	}
	l := r.Locations[0].PhysicalLocation.ArtifactLocation
	return l.URIBaseID + "\x00" + l.URI
}

func regionOf(r hsarif.Result) hsarif.Region {
	if len(r.Locations) == 0 {
		return hsarif.Region{}
	}
	return r.Locations[0].PhysicalLocation.Region
}

type converter struct {
	opts     Options
	realRoot string
	files    map[string]*lineIndex
}

func (c *converter) result(d Diagnostic) result {
	level := hsarif.Warning
	if d.Category == InternalErrorCategory {
		level = hsarif.Error
	}
	start, end := c.span(d.Fset, d.Pos, d.End)
	r := hsarif.Result{
		RuleID:       d.Analyzer.Name,
		Kind:         hsarif.Fail,
		Level:        level,
		Suppressions: []hsarif.Suppression{},
	}
	if loc, ok := c.location(start, end); ok {
		r.Locations = []hsarif.Location{loc}
	}

	var links strings.Builder
	for _, rel := range d.Related {
		rs, re := c.span(d.Fset, rel.Pos, rel.End)
		loc, ok := c.location(rs, re)
		if !ok {
			continue
		}
		loc.ID = len(r.RelatedLocations) + 1
		if rel.Message != "" {
			loc.Message = &hsarif.Message{Text: rel.Message}
		}
		r.RelatedLocations = append(r.RelatedLocations, loc)
		text := rel.Message
		if text == "" {
			text = "related location"
		}
		links.WriteString("\n[" + escapeBrackets(text) + "](" + strconv.Itoa(loc.ID) + ")")
	}
	if links.Len() > 0 {
		r.Message = hsarif.Message{Text: escapeBrackets(d.Message) + links.String()}
	} else {
		r.Message = hsarif.Message{Text: d.Message}
	}
	if r.Message.Text == "" {
		r.Message.Text = d.Analyzer.Name // SARIF requires a message
	}

	for _, fix := range d.SuggestedFixes {
		if f, ok := c.fix(d.Fset, fix); ok {
			r.Fixes = append(r.Fixes, f)
		}
	}

	data, _ := json.Marshal(r)
	return result{
		Result: r,
		key:    resultKey{rule: d.Analyzer.Name, message: d.Message, start: start, end: end},
		json:   data,
	}
}

// span returns the positions of pos and end; an invalid end, or one not
// after pos in the same file, is pos.
func (c *converter) span(fset *token.FileSet, pos, end token.Pos) (token.Position, token.Position) {
	if fset == nil || !pos.IsValid() {
		return token.Position{}, token.Position{}
	}
	s := fset.Position(pos)
	e := s
	if end.IsValid() && end >= pos {
		if p := fset.Position(end); p.Filename == s.Filename && (p.Line > s.Line || p.Line == s.Line && p.Column >= s.Column) {
			e = p
		}
	}
	return s, e
}

func (c *converter) location(start, end token.Position) (hsarif.Location, bool) {
	if start.Filename == "" || start.Line <= 0 {
		return hsarif.Location{}, false
	}
	return hsarif.Location{PhysicalLocation: hsarif.PhysicalLocation{
		ArtifactLocation: c.artifact(start.Filename),
		Region:           c.region(start, end),
	}}, true
}

// region is the SARIF region from start to end (exclusive), in UTF-16
// columns.
func (c *converter) region(start, end token.Position) hsarif.Region {
	if start.Column <= 0 || end.Column <= 0 {
		// No column: whole lines.
		return hsarif.Region{StartLine: start.Line, StartColumn: 1, EndLine: end.Line}
	}
	return hsarif.Region{
		StartLine:   start.Line,
		StartColumn: c.column(start),
		EndLine:     end.Line,
		EndColumn:   c.column(end),
	}
}

// column converts the byte column of p to UTF-16 code units.
func (c *converter) column(p token.Position) int {
	idx, ok := c.files[p.Filename]
	if !ok {
		if data, err := c.opts.ReadFile(p.Filename); err == nil {
			idx = newLineIndex(data)
		}
		c.files[p.Filename] = idx
	}
	if idx == nil {
		return p.Column
	}
	line, ok := idx.line(p.Line)
	if !ok || p.Column-1 > len(line) {
		return p.Column
	}
	return 1 + utf16Len(line[:p.Column-1])
}

func (c *converter) fix(fset *token.FileSet, fix analysis.SuggestedFix) (hsarif.Fix, bool) {
	type edit struct {
		start, end token.Position
		text       string
	}
	byFile := make(map[string][]edit)
	for _, e := range fix.TextEdits {
		end := e.End
		if !end.IsValid() {
			end = e.Pos
		}
		s, t := c.span(fset, e.Pos, end)
		if s.Filename == "" || s.Line <= 0 || s.Column <= 0 {
			return hsarif.Fix{}, false // not expressible: drop the fix
		}
		byFile[s.Filename] = append(byFile[s.Filename], edit{s, t, string(e.NewText)})
	}
	if len(byFile) == 0 {
		return hsarif.Fix{}, false
	}
	f := hsarif.Fix{Description: hsarif.Message{Text: fix.Message}}
	if f.Description.Text == "" {
		f.Description.Text = "suggested fix"
	}
	names := make([]string, 0, len(byFile))
	for name := range byFile {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		edits := byFile[name]
		slices.SortStableFunc(edits, func(a, b edit) int {
			return cmp.Or(cmp.Compare(a.start.Offset, b.start.Offset), cmp.Compare(a.end.Offset, b.end.Offset))
		})
		change := hsarif.ArtifactChange{ArtifactLocation: c.artifact(name)}
		for _, e := range edits {
			change.Replacements = append(change.Replacements, hsarif.Replacement{
				DeletedRegion:   c.region(e.start, e.end),
				InsertedContent: hsarif.ArtifactContent{Text: e.text},
			})
		}
		f.ArtifactChanges = append(f.ArtifactChanges, change)
	}
	return f, true
}

// artifact is the location of file: relative to Root under %SRCROOT% if
// it lies below Root, an absolute file URI otherwise.
func (c *converter) artifact(file string) hsarif.ArtifactLocation {
	if rel, ok := c.relative(file); ok {
		return hsarif.ArtifactLocation{URI: (&url.URL{Path: filepath.ToSlash(rel)}).String(), URIBaseID: SrcRoot}
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		abs = file
	}
	return hsarif.ArtifactLocation{URI: fileURI(abs)}
}

func (c *converter) relative(file string) (string, bool) {
	if c.opts.Root == "" || !filepath.IsAbs(file) {
		return "", false
	}
	if rel, ok := below(c.opts.Root, file); ok {
		return rel, true
	}
	// The root or the file may be reached through a symbolic link.
	if c.realRoot != "" {
		if real, err := filepath.EvalSymlinks(file); err == nil {
			return below(c.realRoot, real)
		}
	}
	return "", false
}

func below(root, file string) (string, bool) {
	rel, err := filepath.Rel(root, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", false
	}
	return rel, true
}

// fileURI is the file URI of an absolute path.
func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x is file:///C:/x
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// escapeBrackets escapes the square brackets of a plain text message that
// holds embedded links, so that they are not read as links.
func escapeBrackets(s string) string {
	return strings.NewReplacer(`[`, `\[`, `]`, `\]`).Replace(s)
}

// lineIndex finds the lines of a file.
type lineIndex struct {
	data   []byte
	starts []int // offset of the start of each line
}

func newLineIndex(data []byte) *lineIndex {
	idx := &lineIndex{data: data, starts: []int{0}}
	for i, b := range data {
		if b == '\n' {
			idx.starts = append(idx.starts, i+1)
		}
	}
	return idx
}

// line returns line n (1-based) without its newline.
func (idx *lineIndex) line(n int) ([]byte, bool) {
	if n < 1 || n > len(idx.starts) {
		return nil, false
	}
	start, end := idx.starts[n-1], len(idx.data)
	if n < len(idx.starts) {
		end = idx.starts[n] - 1
	}
	return idx.data[start:end], true
}

// utf16Len is the length of b in UTF-16 code units; an invalid UTF-8 byte
// counts as one (it decodes to U+FFFD).
func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		n += utf16.RuneLen(r)
		b = b[size:]
	}
	return n
}
