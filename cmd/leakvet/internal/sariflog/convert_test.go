package sariflog

import (
	"github.com/leakvet/leakvet/cmd/leakvet/internal/sarif"

	"bytes"
	"encoding/json"
	"go/token"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	hsarif "honnef.co/go/tools/sarif"
)

var (
	checkA = &analysis.Analyzer{Name: "checka", Doc: "report a\n\nMore about a.", URL: "https://example.com/checka"}
	checkB = &analysis.Analyzer{Name: "checkb", Doc: "report b", URL: "https://example.com/checkb"}
	other  = &analysis.Analyzer{Name: "other", Doc: ""}
)

// fixture is a file set over in-memory files below a root directory.
type fixture struct {
	root  string
	fset  *token.FileSet
	files map[string]*token.File
	data  map[string][]byte
}

func newFixture(t *testing.T, files map[string]string) *fixture {
	t.Helper()
	fx := &fixture{root: t.TempDir(), fset: token.NewFileSet(), files: map[string]*token.File{}, data: map[string][]byte{}}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		path := name
		if !filepath.IsAbs(path) {
			path = filepath.Join(fx.root, name)
		}
		content := []byte(files[name])
		f := fx.fset.AddFile(path, -1, len(content))
		f.SetLinesForContent(content)
		fx.files[name] = f
		fx.data[path] = content
	}
	return fx
}

// pos is the position of the n-th (from 0) occurrence of sub in file
// name, plus delta bytes.
func (fx *fixture) pos(t *testing.T, name, sub string, delta int) token.Pos {
	t.Helper()
	f := fx.files[name]
	i := bytes.Index(fx.data[f.Name()], []byte(sub))
	if i < 0 {
		t.Fatalf("%q not in %s", sub, name)
	}
	return f.Pos(i + delta)
}

func (fx *fixture) convert(diags []Diagnostic, checks ...*analysis.Analyzer) *Log {
	return Convert(Options{
		Name:           "leakvet",
		Version:        "v1.2.3",
		InformationURI: "https://github.com/leakvet/leakvet",
		Root:           fx.root,
		ReadFile: func(name string) ([]byte, error) {
			if d, ok := fx.data[name]; ok {
				return d, nil
			}
			return nil, os.ErrNotExist
		},
	}, checks, diags)
}

func encode(t *testing.T, l *Log) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := l.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	if err := sarif.Validate(buf.Bytes()); err != nil {
		t.Fatalf("the log is not valid SARIF: %v\n%s", err, buf.Bytes())
	}
	return buf.Bytes()
}

const srcA = "package a\n\nfunc f(ch chan int) {\n\ts := \"é😀\"; ch <- len(s)\n}\n"

func TestPositionsUTF16(t *testing.T) {
	fx := newFixture(t, map[string]string{"dir with space/a.go": srcA})
	start := fx.pos(t, "dir with space/a.go", "ch <-", 0)
	end := fx.pos(t, "dir with space/a.go", "len(s)", len("len(s)"))
	l := fx.convert([]Diagnostic{{Analyzer: checkA, Fset: fx.fset, Diagnostic: analysis.Diagnostic{Pos: start, End: end, Message: "send blocks"}}}, checkA)
	encode(t, l)

	run := l.Runs[0]
	if run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind %q", run.ColumnKind)
	}
	if got, want := run.OriginalURIBaseIDs[SrcRoot].URI, fileURI(fx.root)+"/"; got != want {
		t.Errorf("%%SRCROOT%% is %q, want %q", got, want)
	}
	r := run.Results[0]
	loc := r.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "dir%20with%20space/a.go" || loc.ArtifactLocation.URIBaseID != SrcRoot {
		t.Errorf("artifact %+v, want dir%%20with%%20space/a.go under %%SRCROOT%%", loc.ArtifactLocation)
	}
	// Line 4 is `\ts := "é😀"; ch <- len(s)`: the tab, `s := "` (6),
	// é (1 unit, 2 bytes), 😀 (2 units, 4 bytes), `"; ` (3).
	// "ch" is at byte column 17, UTF-16 column 14; the end, after
	// "ch <- len(s)", at UTF-16 column 26.
	want := hsarif.Region{StartLine: 4, StartColumn: 14, EndLine: 4, EndColumn: 26}
	if loc.Region != want {
		t.Errorf("region %+v, want %+v", loc.Region, want)
	}
	if r.RuleID != "checka" || r.Level != "warning" || r.Kind != "fail" || r.Message.Text != "send blocks" {
		t.Errorf("result %+v", r)
	}
	if r.Suppressions == nil || len(r.Suppressions) != 0 {
		t.Errorf("suppressions %v, want an empty array", r.Suppressions)
	}
}

func TestPositionsFallBack(t *testing.T) {
	fx := newFixture(t, map[string]string{"a.go": srcA})
	p := fx.pos(t, "a.go", "ch <-", 0)
	fx.data = map[string][]byte{} // unreadable: byte columns
	l := fx.convert([]Diagnostic{
		{Analyzer: checkA, Fset: fx.fset, Diagnostic: analysis.Diagnostic{Pos: p, Message: "a point"}},
		{Analyzer: checkA, Fset: fx.fset, Diagnostic: analysis.Diagnostic{Pos: token.NoPos, Message: "nowhere"}},
	}, checkA)
	encode(t, l)
	res := l.Runs[0].Results
	if len(res) != 2 {
		t.Fatalf("%d results, want 2", len(res))
	}
	// The result without a position has no location and sorts first.
	if res[0].Message.Text != "nowhere" || len(res[0].Locations) != 0 {
		t.Errorf("first result %+v, want the one with no location", res[0])
	}
	want := hsarif.Region{StartLine: 4, StartColumn: 17, EndLine: 4, EndColumn: 17}
	if got := res[1].Locations[0].PhysicalLocation.Region; got != want {
		t.Errorf("region %+v, want the point %+v", got, want)
	}
}

func TestOutsideRoot(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "b.go")
	fx := newFixture(t, map[string]string{outside: srcA})
	p := fx.pos(t, outside, "ch <-", 0)
	l := fx.convert([]Diagnostic{{Analyzer: checkA, Fset: fx.fset, Diagnostic: analysis.Diagnostic{Pos: p, Message: "m"}}}, checkA)
	encode(t, l)
	al := l.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation
	if al.URIBaseID != "" || !strings.HasPrefix(al.URI, "file:///") || !strings.HasSuffix(al.URI, "/b.go") {
		t.Errorf("artifact %+v, want an absolute file URI", al)
	}
}

func TestRelatedLocations(t *testing.T) {
	fx := newFixture(t, map[string]string{"a.go": srcA})
	f := "a.go"
	d := Diagnostic{Analyzer: checkA, Fset: fx.fset, Diagnostic: analysis.Diagnostic{
		Pos:     fx.pos(t, f, "ch <-", 0),
		End:     fx.pos(t, f, "ch <-", 2),
		Message: "send on ch[0] blocks",
		Related: []analysis.RelatedInformation{
			{Pos: fx.pos(t, f, "ch chan", 0), End: fx.pos(t, f, "ch chan", 2), Message: "ch is [declared] here"},
			{Pos: token.NoPos, Message: "dropped: no position"},
			{Pos: fx.pos(t, f, "func f", 0), Message: ""},
		},
	}}
	l := fx.convert([]Diagnostic{d}, checkA)
	encode(t, l)
	r := l.Runs[0].Results[0]
	if len(r.RelatedLocations) != 2 {
		t.Fatalf("%d related locations, want 2: %+v", len(r.RelatedLocations), r.RelatedLocations)
	}
	r1, r2 := r.RelatedLocations[0], r.RelatedLocations[1]
	if r1.ID != 1 || r1.Message == nil || r1.Message.Text != "ch is [declared] here" {
		t.Errorf("first related location %+v", r1)
	}
	if want := (hsarif.Region{StartLine: 3, StartColumn: 8, EndLine: 3, EndColumn: 10}); r1.PhysicalLocation.Region != want {
		t.Errorf("first related region %+v, want %+v", r1.PhysicalLocation.Region, want)
	}
	if r2.ID != 2 || r2.Message != nil {
		t.Errorf("second related location %+v, want id 2 and no message", r2)
	}
	want := "send on ch\\[0\\] blocks\n[ch is \\[declared\\] here](1)\n[related location](2)"
	if r.Message.Text != want {
		t.Errorf("message %q, want %q", r.Message.Text, want)
	}
}

func TestFixes(t *testing.T) {
	fx := newFixture(t, map[string]string{"a.go": srcA, "b.go": "package a\n\nvar x = \"é\" + \"y\"\n"})
	insert := fx.pos(t, "a.go", "(ch chan int)", len("(ch chan int"))
	repl := fx.pos(t, "b.go", `"y"`, 0)
	other := fx.pos(t, "a.go", "len(s)", 0)
	d := Diagnostic{Analyzer: checkB, Fset: fx.fset, Diagnostic: analysis.Diagnostic{
		Pos:     fx.pos(t, "a.go", "ch <-", 0),
		Message: "fixable",
		SuggestedFixes: []analysis.SuggestedFix{{
			Message: "do it",
			TextEdits: []analysis.TextEdit{
				{Pos: repl, End: repl + 3, NewText: []byte(`"z"`)},
				{Pos: other, End: other + 3, NewText: []byte("cap")},
				{Pos: insert, End: insert, NewText: []byte(", 1")},
			},
		}},
	}}
	l := fx.convert([]Diagnostic{d}, checkB)
	encode(t, l)
	fixes := l.Runs[0].Results[0].Fixes
	if len(fixes) != 1 || fixes[0].Description.Text != "do it" {
		t.Fatalf("fixes %+v", fixes)
	}
	changes := fixes[0].ArtifactChanges
	if len(changes) != 2 || changes[0].ArtifactLocation.URI != "a.go" || changes[1].ArtifactLocation.URI != "b.go" {
		t.Fatalf("artifact changes %+v, want a.go then b.go", changes)
	}
	want := []hsarif.Replacement{
		{DeletedRegion: hsarif.Region{StartLine: 3, StartColumn: 19, EndLine: 3, EndColumn: 19}, InsertedContent: hsarif.ArtifactContent{Text: ", 1"}},
		{DeletedRegion: hsarif.Region{StartLine: 4, StartColumn: 20, EndLine: 4, EndColumn: 23}, InsertedContent: hsarif.ArtifactContent{Text: "cap"}},
	}
	if !slices.Equal(changes[0].Replacements, want) {
		t.Errorf("a.go replacements %+v, want %+v", changes[0].Replacements, want)
	}
	// b.go line 3 is `var x = "é" + "y"`: "y" starts at byte 16, UTF-16 15.
	wantB := hsarif.Replacement{DeletedRegion: hsarif.Region{StartLine: 3, StartColumn: 15, EndLine: 3, EndColumn: 18}, InsertedContent: hsarif.ArtifactContent{Text: `"z"`}}
	if len(changes[1].Replacements) != 1 || changes[1].Replacements[0] != wantB {
		t.Errorf("b.go replacements %+v, want %+v", changes[1].Replacements, wantB)
	}
}

func TestLevelsAndRules(t *testing.T) {
	fx := newFixture(t, map[string]string{"a.go": srcA})
	p := fx.pos(t, "a.go", "ch <-", 0)
	l := fx.convert([]Diagnostic{
		{Analyzer: checkA, Fset: fx.fset, Diagnostic: analysis.Diagnostic{Pos: p, Category: "internal error", Message: "internal error: boom"}},
		{Analyzer: other, Fset: fx.fset, Diagnostic: analysis.Diagnostic{Pos: p, Message: "from an analyzer without a rule"}},
	}, checkB, checkA)
	encode(t, l)
	d := l.Runs[0].Tool.Driver
	if d.Name != "leakvet" || d.Version != "v1.2.3" || d.SemanticVersion != "1.2.3" || d.InformationURI != "https://github.com/leakvet/leakvet" {
		t.Errorf("driver %+v", d)
	}
	var ids []string
	for _, r := range d.Rules {
		ids = append(ids, r.ID)
	}
	if !slices.Equal(ids, []string{"checkb", "checka", "other"}) {
		t.Errorf("rules %v, want checkb, checka (in the order given), then other", ids)
	}
	ra := d.Rules[1]
	if ra.ShortDescription.Text != "report a" || ra.FullDescription == nil || ra.FullDescription.Text != checkA.Doc || ra.HelpURI != checkA.URL {
		t.Errorf("rule checka %+v", ra)
	}
	if d.Rules[2].ShortDescription.Text != "other" || d.Rules[2].FullDescription != nil {
		t.Errorf("rule of an analyzer without Doc %+v", d.Rules[2])
	}
	levels := map[string]string{}
	for _, r := range l.Runs[0].Results {
		levels[r.RuleID] = r.Level
	}
	if levels["checka"] != "error" || levels["other"] != "warning" {
		t.Errorf("levels %v, want the internal error as error", levels)
	}
}

func TestDeterministic(t *testing.T) {
	fx := newFixture(t, map[string]string{"a.go": srcA, "b.go": srcA})
	var diags []Diagnostic
	for _, f := range []string{"b.go", "a.go"} {
		for _, sub := range []string{"ch <-", "func f", "len(s)"} {
			for _, a := range []*analysis.Analyzer{checkB, checkA} {
				for _, msg := range []string{"y", "x"} {
					diags = append(diags, Diagnostic{Analyzer: a, Fset: fx.fset, Diagnostic: analysis.Diagnostic{
						Pos: fx.pos(t, f, sub, 0), End: fx.pos(t, f, sub, 2), Message: msg,
					}})
				}
			}
		}
	}
	// The same file analysed twice (a package and its test variant)
	// gives each diagnostic twice, at distinct token.Pos.
	dupFile := fx.fset.AddFile(filepath.Join(fx.root, "a.go"), -1, len(srcA))
	dupFile.SetLinesForContent([]byte(srcA))
	i := strings.Index(srcA, "ch <-")
	diags = append(diags, Diagnostic{Analyzer: checkA, Fset: fx.fset, Diagnostic: analysis.Diagnostic{
		Pos: dupFile.Pos(i), End: dupFile.Pos(i + 2), Message: "x",
	}})

	first := encode(t, fx.convert(diags, checkA, checkB))
	for range 5 {
		shuffled := slices.Clone(diags)
		rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := encode(t, fx.convert(shuffled, checkA, checkB)); !bytes.Equal(got, first) {
			t.Fatalf("output depends on the order of the diagnostics:\n%s\nvs\n%s", got, first)
		}
	}

	var log struct {
		Runs []struct {
			Results []struct {
				RuleID  string `json:"ruleId"`
				Message struct{ Text string }
				Locs    []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				} `json:"locations"`
			}
		}
	}
	if err := json.Unmarshal(first, &log); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range log.Runs[0].Results {
		p := r.Locs[0].PhysicalLocation
		got = append(got, strings.Join([]string{p.ArtifactLocation.URI, strconv.Itoa(p.Region.StartLine), strconv.Itoa(p.Region.StartColumn), r.RuleID, r.Message.Text}, ":"))
	}
	var want []string
	for _, f := range []string{"a.go", "b.go"} {
		for _, lc := range []string{"3:1", "4:14", "4:20"} {
			for _, rule := range []string{"checka", "checkb"} {
				for _, msg := range []string{"x", "y"} {
					want = append(want, f+":"+lc+":"+rule+":"+msg)
				}
			}
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("results in order\n%s\nwant (sorted, without the duplicate)\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSemanticVersion(t *testing.T) {
	for v, want := range map[string]string{
		"v1.2.3":                             "1.2.3",
		"v0.0.0-20250101000000-abcdefabcdef": "0.0.0-20250101000000-abcdefabcdef",
		"v1.2.3+dirty":                       "1.2.3+dirty",
		"(devel)":                            "",
		"devel-abc":                          "",
		"v1.2":                               "",
		"v01.2.3":                            "",
	} {
		if got := semanticVersion(v); got != want {
			t.Errorf("semanticVersion(%q) = %q, want %q", v, got, want)
		}
	}
}
