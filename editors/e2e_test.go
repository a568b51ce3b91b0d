package editors_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/leakvet/leakvet/analyzer"
)

// The module gopls loads: a leak two packages deep (leaky, through feed
// and wire), its fixed twin, and leakvet's directives (silenced).
const (
	module = "testdata/quotes"
	leaky  = module + "/leaky/leaky.go"
	fixed  = module + "/fixed/fixed.go"
)

// try runs editors/try.sh on file with gopls options (JSON, or ""), and
// returns its report. It skips the test where Neovim is missing. The
// files try.sh uses are read here so that go test's cache notices when
// they change (the suite is imported for the same reason).
func try(t *testing.T, file, options string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("the editor end-to-end test builds gopls (minutes the first time); skipped with -short")
	}
	if _, err := exec.LookPath("nvim"); err != nil {
		t.Skip("Neovim (nvim) is not installed: the editor end-to-end test needs it (Debian: apt-get install neovim)")
	}
	return run(t, "./try.sh", file, options, "nvim/init.lua", "nvim/try.lua")
}

// tryEmacs is try with editors/try-emacs.sh. It skips the test where
// Emacs, eglot or go-mode is missing.
func tryEmacs(t *testing.T, file string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("the editor end-to-end test builds gopls (minutes the first time); skipped with -short")
	}
	if _, err := exec.LookPath("emacs"); err != nil {
		t.Skip("Emacs is not installed: this test needs it with eglot and go-mode (Debian: apt-get install emacs-nox elpa-eglot elpa-go-mode)")
	}
	if out, err := exec.Command("emacs", "--batch", "-q", "--eval", "(progn (require 'eglot) (require 'go-mode))").CombinedOutput(); err != nil {
		t.Skipf("Emacs lacks eglot or go-mode (Debian: apt-get install elpa-eglot elpa-go-mode): %v\n%s", err, out)
	}
	return run(t, "./try-emacs.sh", file, "", "emacs/init.el", "emacs/try.el")
}

func run(t *testing.T, script, file, options string, uses ...string) string {
	t.Helper()
	// The scripts read these; asking for them here makes go test's cache
	// notice when they change.
	for _, v := range []string{"LEAKVET_GOPLS", "LEAKVET_GOPLS_CACHE", "GOPLS_VERSION", "NVIM", "PATH"} {
		os.Getenv(v)
	}
	for _, f := range append([]string{script, "build-gopls.sh"}, uses...) {
		if _, err := os.ReadFile(f); err != nil {
			t.Fatal(err)
		}
	}
	before, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(script, file)
	cmd.Env = append(os.Environ(), "LEAKVET_GOPLS_OPTIONS="+options)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", script, file, err, out, stderr.String())
	}
	after, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Errorf("%s modified %s", script, file)
	}
	t.Logf("%s %s:\n%s", script, file, out)
	return string(out)
}

// sections splits a report into its "# title" sections.
func sections(t *testing.T, report string) (titles []string, body map[string][]string) {
	t.Helper()
	body = make(map[string][]string)
	var cur string
	for _, line := range strings.Split(strings.TrimSuffix(report, "\n"), "\n") {
		if title, ok := strings.CutPrefix(line, "# "); ok {
			cur = title
			titles = append(titles, title)
			continue
		}
		if cur == "" {
			t.Fatalf("report line before any section: %q", line)
		}
		body[cur] = append(body[cur], line)
	}
	return titles, body
}

// standalone runs the suite over the module with go/analysis's checker,
// as the leakvet command does, and returns each diagnostic in file as
// try.sh prints it (related positions indented), and the messages of its
// suggested fixes.
func standalone(t *testing.T, file string) (lines, fixes []string) {
	t.Helper()
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: module, Tests: false}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("the test module does not load")
	}
	graph, err := checker.Analyze(analyzer.Suite(), pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		t.Fatal(err)
	}
	rel := func(p string) string {
		r, err := filepath.Rel(wd, p)
		if err != nil {
			t.Fatal(err)
		}
		return filepath.ToSlash(r)
	}
	type diag struct {
		line, col int
		text      []string
		fixes     []string
	}
	var ds []diag
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			pos := fset.Position(d.Pos)
			if pos.Filename != abs {
				continue
			}
			text := []string{fmt.Sprintf("%s:%d:%d: %s: %s", rel(pos.Filename), pos.Line, pos.Column, act.Analyzer.Name, d.Message)}
			for _, r := range d.Related {
				rp := fset.Position(r.Pos)
				text = append(text, fmt.Sprintf("\t%s:%d:%d: %s", rel(rp.Filename), rp.Line, rp.Column, r.Message))
			}
			var fixes []string
			for _, f := range d.SuggestedFixes {
				fixes = append(fixes, f.Message)
			}
			ds = append(ds, diag{pos.Line, pos.Column, text, fixes})
		}
	}
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].line != ds[j].line {
			return ds[i].line < ds[j].line
		}
		return ds[i].col < ds[j].col
	})
	for _, d := range ds {
		lines = append(lines, d.text...)
	}
	if len(ds) > 0 {
		fixes = ds[0].fixes
	}
	return lines, fixes
}

func checkNames() map[string]bool {
	names := make(map[string]bool)
	for _, a := range analyzer.Checks() {
		names[a.Name] = true
	}
	return names
}

// TestNeovimLeak opens the leaky file in Neovim: gopls with leakvet shows
// the diagnostic leakvet reports on the command line, with its related
// positions (one in another package, known through facts), offers its
// suggested fix as a quick fix, and applying it gives the fixed twin's line
// and no diagnostic.
func TestNeovimLeak(t *testing.T) {
	report := try(t, leaky, `{"showBugReports": true}`)
	titles, body := sections(t, report)
	if len(titles) == 0 || !strings.HasPrefix(titles[0], "Neovim ") || !strings.Contains(titles[0], "+leakvet.") {
		t.Errorf("first line is not the Neovim and gopls versions: %q", titles)
	}

	want, fixes := standalone(t, leaky)
	if len(want) == 0 || len(fixes) == 0 {
		t.Fatalf("the leakvet suite reports no diagnostic with a fix in %s: the test module lost its leak", leaky)
	}
	got := body["diagnostics"]
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics in Neovim:\n%s\nleakvet on the command line:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(report, "\t"+module+"/feed/feed.go:") {
		t.Errorf("no related position in package feed: facts across packages did not reach the check")
	}
	names := checkNames()
	for _, line := range got {
		if strings.HasPrefix(line, "\t") {
			continue
		}
		// file:line:col: source: message
		parts := strings.SplitN(line, ": ", 3)
		if len(parts) < 3 || !names[parts[1]] {
			t.Errorf("diagnostic whose source is not a leakvet check: %q", line)
		}
	}

	// The float on the first diagnostic shows its related positions
	// (init.lua's format).
	var float []string
	for _, title := range titles {
		if strings.HasPrefix(title, "float at ") {
			float = body[title]
		}
	}
	for _, line := range want[1:] {
		if !strings.HasPrefix(line, "\t") {
			break
		}
		wantLine := "  " + strings.TrimPrefix(line, "\t")
		found := false
		for _, f := range float {
			found = found || f == wantLine
		}
		if !found {
			t.Errorf("the float lacks the related position %q:\n%s", wantLine, strings.Join(float, "\n"))
		}
	}

	actionsAt := ""
	for _, title := range titles {
		if strings.HasPrefix(title, "code actions at ") {
			actionsAt = title
		}
	}
	if !strings.HasPrefix(actionsAt, "code actions at "+strings.SplitN(want[0], ": ", 2)[0]) {
		t.Errorf("code actions asked at %q, want at the first diagnostic %q", actionsAt, want[0])
	}
	quickfix := "quickfix: " + fixes[0]
	found := false
	for _, a := range body[actionsAt] {
		found = found || a == quickfix
	}
	if !found {
		t.Errorf("code actions %q lack %q", body[actionsAt], quickfix)
	}

	// The fix, applied in the buffer, gives the fixed twin's line.
	twin, err := os.ReadFile(fixed)
	if err != nil {
		t.Fatal(err)
	}
	afterTitle := fmt.Sprintf("after the quick fix %q (buffer only; the file is not written)", fixes[0])
	changed := body[afterTitle]
	if len(changed) != 1 {
		t.Fatalf("section %q: got %q, want one changed line", afterTitle, changed)
	}
	parts := strings.SplitN(changed[0], ":", 3)
	var n int
	if _, err := fmt.Sscan(parts[1], &n); err != nil || len(parts) < 3 {
		t.Fatalf("changed line %q is not file:line: text", changed[0])
	}
	twinLines := strings.Split(string(twin), "\n")
	if n < 1 || n > len(twinLines) || strings.TrimPrefix(parts[2], " ") != twinLines[n-1] {
		t.Errorf("after the fix, line %d reads %q; the fixed twin's reads %q", n, parts[2], twinLines[n-1])
	}
	if got := body["diagnostics after the fix"]; len(got) != 1 || got[0] != "(none)" {
		t.Errorf("diagnostics after the fix: %q, want none", got)
	}
	if m := body["messages from gopls"]; len(m) > 0 {
		t.Errorf("gopls showed errors or warnings: %q", m)
	}
}

// TestNeovimFixedTwin opens the fixed twin: no diagnostic at all.
func TestNeovimFixedTwin(t *testing.T) {
	if want, _ := standalone(t, fixed); len(want) != 0 {
		t.Fatalf("the leakvet suite reports on the fixed twin: %q", want)
	}
	report := try(t, fixed, `{"showBugReports": true}`)
	titles, body := sections(t, report)
	if len(titles) != 2 || titles[1] != "diagnostics" {
		t.Fatalf("report sections %q, want the versions and the diagnostics only", titles)
	}
	if got := body["diagnostics"]; len(got) != 1 || got[0] != "(none)" {
		t.Errorf("diagnostics on the fixed twin: %q, want none", got)
	}
}

// TestNeovimDirectives opens a file whose leak is silenced by a
// //lint:ignore directive, next to a directive that silences nothing: the
// editor shows what the suite reports on the command line, lintignore's
// report and no stranded one.
func TestNeovimDirectives(t *testing.T) {
	const file = module + "/silenced/silenced.go"
	want, _ := standalone(t, file)
	report := try(t, file, `{"showBugReports": true}`)
	_, body := sections(t, report)
	got := body["diagnostics"]
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics in Neovim:\n%s\nleakvet on the command line:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var lintignore, stranded int
	for _, line := range got {
		lintignore += strings.Count(line, ": lintignore: ")
		stranded += strings.Count(line, ": stranded: ")
	}
	if lintignore != 1 || stranded != 0 {
		t.Errorf("got %d lintignore and %d stranded diagnostics, want 1 and 0:\n%s", lintignore, stranded, strings.Join(got, "\n"))
	}
	if m := body["messages from gopls"]; len(m) > 0 {
		t.Errorf("gopls showed errors or warnings: %q", m)
	}
}

// TestNeovimCheckOff turns the check that reports the leak off in gopls's
// settings: its diagnostic goes, and gopls reports no bug (lintignore,
// which requires every check, goes off with it).
func TestNeovimCheckOff(t *testing.T) {
	want, _ := standalone(t, leaky)
	if len(want) == 0 {
		t.Fatal("no leakvet diagnostic in the leaky file")
	}
	check := strings.SplitN(want[0], ": ", 3)[1]
	report := try(t, leaky, fmt.Sprintf(`{"showBugReports": true, "analyses": {%q: false}}`, check))
	_, body := sections(t, report)
	if got := body["diagnostics"]; len(got) != 1 || got[0] != "(none)" {
		t.Errorf("diagnostics with %s off: %q, want none", check, got)
	}
	if m := body["messages from gopls"]; len(m) > 0 {
		t.Errorf("gopls showed errors or warnings with %s off: %q", check, m)
	}
}

// TestEmacsLeak opens the leaky file in Emacs with eglot: Flymake gets the
// diagnostic leakvet reports on the command line (eglot 1.9 shows
// "source [code]: message" and keeps the related positions without showing
// them), the quick fix is offered, and applying it leaves no diagnostic.
func TestEmacsLeak(t *testing.T) {
	report := tryEmacs(t, leaky)
	titles, body := sections(t, report)
	if len(titles) == 0 || !strings.HasPrefix(titles[0], "Emacs ") || !strings.Contains(titles[0], "+leakvet.") {
		t.Errorf("first line is not the Emacs, eglot and gopls versions: %q", titles)
	}
	want, fixes := standalone(t, leaky)
	if len(want) == 0 || len(fixes) == 0 {
		t.Fatalf("the leakvet suite reports no diagnostic with a fix in %s", leaky)
	}
	// eglot's Flymake text is "source [code]: message"; gopls's code is the
	// analyzer's name.
	var wantEmacs []string
	for _, line := range want {
		if strings.HasPrefix(line, "\t") {
			wantEmacs = append(wantEmacs, line+" (not shown by eglot)")
			continue
		}
		parts := strings.SplitN(line, ": ", 3)
		wantEmacs = append(wantEmacs, fmt.Sprintf("%s: %s [%s]: %s", parts[0], parts[1], parts[1], parts[2]))
	}
	if got := body["diagnostics"]; strings.Join(got, "\n") != strings.Join(wantEmacs, "\n") {
		t.Errorf("diagnostics in Emacs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantEmacs, "\n"))
	}
	quickfix := "quickfix: " + fixes[0]
	found := false
	for _, title := range titles {
		if strings.HasPrefix(title, "code actions at ") {
			for _, a := range body[title] {
				found = found || a == quickfix
			}
		}
	}
	if !found {
		t.Errorf("no code action %q", quickfix)
	}
	afterTitle := fmt.Sprintf("after the quick fix %q (buffer only; the file is not written)", fixes[0])
	if len(body[afterTitle]) != 1 {
		t.Errorf("section %q: %q, want one changed line", afterTitle, body[afterTitle])
	}
	if got := body["diagnostics after the fix"]; len(got) != 1 || got[0] != "(none)" {
		t.Errorf("diagnostics after the fix: %q, want none", got)
	}
}

// TestEmacsFixedTwin opens the fixed twin in Emacs: no diagnostic.
func TestEmacsFixedTwin(t *testing.T) {
	report := tryEmacs(t, fixed)
	titles, body := sections(t, report)
	if len(titles) != 2 || titles[1] != "diagnostics" {
		t.Fatalf("report sections %q, want the versions and the diagnostics only", titles)
	}
	if got := body["diagnostics"]; len(got) != 1 || got[0] != "(none)" {
		t.Errorf("diagnostics on the fixed twin: %q, want none", got)
	}
}

// TestBuildGoplsAnchorMissing builds with a gopls whose analyzer list is
// elsewhere (v0.22.0 has no initAnalyzers): build-gopls.sh fails, naming
// the version and the file, and prints no binary.
func TestBuildGoplsAnchorMissing(t *testing.T) {
	if testing.Short() {
		t.Skip("downloads gopls v0.22.0 from the module proxy; skipped with -short")
	}
	cmd := exec.Command("./build-gopls.sh")
	cmd.Env = append(os.Environ(), "GOPLS_VERSION=v0.22.0", "LEAKVET_GOPLS_CACHE="+t.TempDir())
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err == nil {
		t.Fatalf("build-gopls.sh with gopls v0.22.0 succeeded: %s", out)
	}
	if len(out) != 0 {
		t.Errorf("build-gopls.sh printed %q on stdout after failing", out)
	}
	for _, want := range []string{"gopls v0.22.0: internal/settings/analysis.go:", "not found", "changed the place to patch"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
}
