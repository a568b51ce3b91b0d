package plugin_test

import (
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// load writes the files of a testdata package into a module of their own
// and loads it as golangci-lint does.
func load(t *testing.T, pkg string) []*packages.Package {
	t.Helper()
	src := filepath.Join("..", "..", "testdata", "src", filepath.FromSlash(pkg))
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/a\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Env: append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")}, ".")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("package errors")
	}
	return pkgs
}

// reported is one diagnostic of a root analyzer, as golangci-lint gets it.
type reported struct {
	check   string
	pos     string // file.go:line:col
	message string
	related []string // "file.go:line:col: message"
}

// analyze runs the analyzers the plugin builds from raw over pkgs, and
// returns the diagnostics of those analyzers only (golangci-lint reports
// no other), sorted.
func analyze(t *testing.T, raw any, pkgs []*packages.Package) []reported {
	t.Helper()
	as, err := build(t, raw)
	if err != nil {
		t.Fatal(err)
	}
	g, err := checker.Analyze(as, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	short := func(fset *token.FileSet, pos token.Pos) string { return filepath.Base(fset.Position(pos).String()) }
	var out []reported
	for _, act := range g.Roots {
		if act.Err != nil {
			t.Fatalf("%s: %v", act.Analyzer.Name, act.Err)
		}
		for _, d := range act.Diagnostics {
			r := reported{check: act.Analyzer.Name, pos: short(act.Package.Fset, d.Pos), message: d.Message}
			for _, rel := range d.Related {
				r.related = append(r.related, short(act.Package.Fset, rel.Pos)+": "+rel.Message)
			}
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b reported) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
	return out
}

// TestFoldLeakDemo checks the folded text of the README's example leak,
// and the related positions golangci-lint gets with related: issues.
func TestFoldLeakDemo(t *testing.T) {
	pkgs := load(t, "article/leakdemo")

	const msg = "send on outCh blocks forever: its only receive (leak_demo1.go:24) is in dead code"
	want := []reported{{
		check: "unpaired",
		pos:   "leak_demo1.go:48:3",
		message: msg + " [outCh is made here (leak_demo1.go:21:11); " +
			"the goroutine is started here, again and again (leak_demo1.go:39:2); " +
			"this receive never runs: it is inside if false (leak_demo1.go:24:4)]",
	}}
	for _, raw := range []any{nil, map[string]any{"related": "fold"}} {
		if got := analyze(t, raw, pkgs); !slices.EqualFunc(got, want, equal) {
			t.Errorf("settings %v: reported\n%v\nwant\n%v", raw, got, want)
		}
	}

	want = []reported{{
		check:   "unpaired",
		pos:     "leak_demo1.go:48:3",
		message: msg,
		related: []string{
			"leak_demo1.go:21:11: outCh is made here",
			"leak_demo1.go:39:2: the goroutine is started here, again and again",
			"leak_demo1.go:24:4: this receive never runs: it is inside if false",
		},
	}}
	if got := analyze(t, map[string]any{"related": "issues"}, pkgs); !slices.EqualFunc(got, want, equal) {
		t.Errorf("related: issues: reported\n%v\nwant\n%v", got, want)
	}
}

func equal(a, b reported) bool {
	return a.check == b.check && a.pos == b.pos && a.message == b.message && slices.Equal(a.related, b.related)
}

// TestFoldKeepsDirectives runs every check over lintignore/a, whose
// //lint:ignore directives silence some leaks and are themselves judged by
// lintignore: folded or not, the same diagnostics are reported at the same
// places, and each folded message is the unfolded one with its related
// positions appended.
func TestFoldKeepsDirectives(t *testing.T) {
	pkgs := load(t, "lintignore/a")
	fold := analyze(t, nil, pkgs)
	issues := analyze(t, map[string]any{"related": "issues"}, pkgs)
	if len(issues) == 0 {
		t.Fatal("lintignore/a reports nothing")
	}
	if len(fold) != len(issues) {
		t.Fatalf("folded: %d diagnostics, unfolded: %d\n%v\n%v", len(fold), len(issues), fold, issues)
	}
	checks := make(map[string]bool)
	for i, f := range fold {
		u := issues[i]
		checks[u.check] = true
		if f.check != u.check || f.pos != u.pos || len(f.related) != 0 {
			t.Errorf("folded %v differs from unfolded %v", f, u)
			continue
		}
		want := u.message
		if len(u.related) > 0 {
			var parts []string
			for _, r := range u.related {
				pos, msg, _ := strings.Cut(r, ": ")
				parts = append(parts, msg+" ("+pos+")")
			}
			want += " [" + strings.Join(parts, "; ") + "]"
		}
		if f.message != want {
			t.Errorf("folded message\n\t%s\nwant\n\t%s", f.message, want)
		}
	}
	if !checks["lintignore"] || !checks["unpaired"] {
		t.Errorf("checks that reported: %v; want lintignore and unpaired among them", checks)
	}
	for _, d := range fold {
		if strings.Contains(d.message, "the reader is loaded as a plugin") {
			t.Errorf("a directive with a reason is reported: %v", d)
		}
	}
}

// TestFoldRunsEachCheckOnce walks what the plugin hands golangci-lint:
// every analyzer golangci-lint will run, the required ones too, has a
// name of its own (a check required by lintignore is the folded twin, not
// the original beside it).
func TestFoldRunsEachCheckOnce(t *testing.T) {
	for _, raw := range []any{nil, map[string]any{"related": "issues"}, map[string]any{"disable": []any{"unpaired", "noexit"}}} {
		as, err := build(t, raw)
		if err != nil {
			t.Fatal(err)
		}
		seen := make(map[string]*analysis.Analyzer)
		var walk func(a *analysis.Analyzer)
		walk = func(a *analysis.Analyzer) {
			if b, ok := seen[a.Name]; ok {
				if a != b {
					t.Errorf("settings %v: two analyzers named %s would run", raw, a.Name)
				}
				return
			}
			seen[a.Name] = a
			for _, r := range a.Requires {
				walk(r)
			}
		}
		for _, a := range as {
			walk(a)
		}
		if err := analysis.Validate(as); err != nil {
			t.Errorf("settings %v: %v", raw, err)
		}
	}
}
