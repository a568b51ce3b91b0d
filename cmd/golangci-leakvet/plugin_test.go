package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/leakvet/leakvet/analyzer"
)

// root is the leakvet repository, which this module replaces
// github.com/leakvet/leakvet with.
var root = filepath.Join("..", "..")

// checks are leakvet's checks; golangci-lint prefixes each message with
// the name of the check, since the linter ("leakvet") is not the analyzer.
var checks = checkNames()

func checkNames() []string {
	var names []string
	for _, a := range analyzer.Checks() {
		names = append(names, a.Name)
	}
	return names
}

// packagesUnderTest are testdata packages that build on their own (the
// summary packages once their imports name the sample module); between
// them every check reports, and the summary chain needs facts from the
// packages it imports.
var packagesUnderTest = []string{
	"unpaired/basic", "stranded/timeout", "noexit/basic", "deadlock/lockorder", "lintignore/a",
	"summary/upstream", "summary/middle", "summary/downstream", "summary/lonely", "summary/spin",
}

const golangciConfig = `version: "2"
linters:
  default: none
  enable:
    - leakvet
  settings:
    custom:
      leakvet:
        type: module
        description: finds goroutines that leak
        original-url: https://github.com/leakvet/leakvet
issues:
  max-issues-per-linter: 0
  max-same-issues: 0
  uniq-by-line: false
`

func exe(name string) string {
	if runtime.GOOS == "windows" {
		return name + ".exe"
	}
	return name
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bins.dir != "" {
		os.RemoveAll(bins.dir)
	}
	os.Exit(code)
}

// bins are the binaries under test, built once per test binary run.
var bins struct {
	once     sync.Once
	dir      string
	gcl      string // the custom golangci-lint
	leakvet  string
	err      error
	gclTime  time.Duration
	vetTime  time.Duration
	reported bool
}

// binaries builds this module's custom golangci-lint and the leakvet
// binary of the repository, or skips the test under -short.
func binaries(t *testing.T) (gcl, leakvet string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds golangci-lint with the leakvet plugin")
	}
	bins.once.Do(func() {
		if bins.dir, bins.err = os.MkdirTemp("", "golangci-leakvet-test"); bins.err != nil {
			return
		}
		bins.gcl = filepath.Join(bins.dir, exe("golangci-leakvet"))
		bins.leakvet = filepath.Join(bins.dir, exe("leakvet"))
		if bins.gclTime, bins.err = goBuild(".", bins.gcl, "."); bins.err != nil {
			return
		}
		bins.vetTime, bins.err = goBuild(root, bins.leakvet, "./cmd/leakvet")
	})
	if bins.err != nil {
		t.Fatal(bins.err)
	}
	if !bins.reported {
		bins.reported = true
		t.Logf("go build golangci-leakvet: %v; go build leakvet: %v", bins.gclTime.Round(time.Millisecond), bins.vetTime.Round(time.Millisecond))
	}
	return bins.gcl, bins.leakvet
}

// goBuild builds a binary and returns the time it took.
func goBuild(dir, out, pkg string) (time.Duration, error) {
	start := time.Now()
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	if b, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("go build %s in %s: %v\n%s", pkg, dir, err, b)
	}
	return time.Since(start), nil
}

// sampleModule copies packagesUnderTest from the testdata into a fresh
// module, with a .golangci.yml that enables only leakvet.
func sampleModule(t *testing.T) string {
	t.Helper()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "go.mod"), "module example.com/sample\n\ngo 1.26\n")
	write(t, filepath.Join(dir, ".golangci.yml"), golangciConfig)
	for _, pkg := range packagesUnderTest {
		src := filepath.Join(root, "testdata", "src", filepath.FromSlash(pkg))
		entries, err := os.ReadDir(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
				continue
			}
			data, err := os.ReadFile(filepath.Join(src, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			text := strings.ReplaceAll(string(data), `"summary/`, `"example.com/sample/summary/`)
			write(t, filepath.Join(dir, filepath.FromSlash(pkg), e.Name()), text)
		}
	}
	return dir
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// run runs a command in the sample module, offline.
func run(t *testing.T, dir string, env []string, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod"), env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%s %v: %v", name, args, err)
		}
		code = ee.ExitCode()
	}
	return o.String(), e.String(), code
}

// diag is one diagnostic, as both drivers can print it.
type diag struct {
	File    string // slash-separated, relative to the sample module
	Line    int
	Message string
}

func (d diag) String() string { return fmt.Sprintf("%s:%d: %s", d.File, d.Line, d.Message) }

func sorted(ds []diag) []diag {
	slices.SortFunc(ds, func(a, b diag) int { return strings.Compare(a.String(), b.String()) })
	return ds
}

func relative(t *testing.T, dir, file string) string {
	t.Helper()
	if !filepath.IsAbs(file) {
		file = filepath.Join(dir, file)
	}
	rel, err := filepath.Rel(dir, file)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.ToSlash(rel)
}

var vetLine = regexp.MustCompile(`^(.+\.go):(\d+):(\d+): (.*)$`)

// related marks the message of a diagnostic's related information.
const related = "(related) "

// goVet returns the diagnostics go vet -vettool=leakvet prints, with their
// related information (the indented lines that follow each) as the plugin
// hands it to golangci-lint. Folded (related: fold, the default), each
// related position goes into the text of its diagnostic: "message
// [related message (file.go:line:col); …]", with the file's base name when
// it is in the diagnostic's directory, else its path relative to that
// directory and no column (go vet reads other packages' positions from
// export data, without their columns). Unfolded (related: issues),
// golangci-lint turns each into an issue of its own, and one in another
// file takes the position of its diagnostic.
func goVet(t *testing.T, dir, leakvet string, fold bool, flags ...string) []diag {
	t.Helper()
	args := append(append([]string{"vet", "-vettool=" + leakvet}, flags...), "./...")
	_, errOut, code := run(t, dir, nil, "go", args...)
	if code != 1 {
		t.Fatalf("go vet -vettool=leakvet: exit %d, want 1 (diagnostics)\n%s", code, errOut)
	}
	var out []diag
	var primary diag
	var folded []string // the related information of primary, folded
	flush := func() {
		if primary.File == "" {
			return
		}
		if len(folded) > 0 {
			primary.Message += " [" + strings.Join(folded, "; ") + "]"
		}
		out = append(out, primary)
		primary, folded = diag{}, nil
	}
	for _, line := range strings.Split(errOut, "\n") {
		m := vetLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		n, err := strconv.Atoi(m[2])
		if err != nil {
			t.Fatal(err)
		}
		d := diag{relative(t, dir, m[1]), n, m[4]}
		msg, ok := strings.CutPrefix(m[4], "\t")
		if !ok {
			// go vet may name the check after the message, "… (unpaired)";
			// golangci-lint names it before.
			for _, c := range checks {
				d.Message = strings.TrimSuffix(d.Message, " ("+c+")")
			}
			flush()
			primary = d
			continue
		}
		if primary.File == "" {
			t.Fatalf("go vet printed related information first: %s", line)
		}
		if fold {
			where := fmt.Sprintf("%s:%d:%s", path.Base(d.File), d.Line, m[3])
			if path.Dir(d.File) != path.Dir(primary.File) {
				rel, err := filepath.Rel(filepath.FromSlash(path.Dir(primary.File)), filepath.FromSlash(d.File))
				if err != nil {
					t.Fatal(err)
				}
				where = fmt.Sprintf("%s:%d", filepath.ToSlash(rel), d.Line)
			}
			folded = append(folded, msg+" ("+where+")")
			continue
		}
		d.Message = related + msg
		if d.File != primary.File {
			d.File, d.Line = primary.File, primary.Line
		}
		out = append(out, d)
	}
	flush()
	return sorted(out)
}

// golangciIssue is an issue of golangci-lint's JSON output.
type golangciIssue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename string
		Line     int
		Column   int
	}
}

// strip removes the check name golangci-lint puts before the message
// (check: message, or check(related information): message), and returns
// the check, with the message as goVet writes it.
func strip(t *testing.T, text string) (check, msg string) {
	t.Helper()
	check, msg, ok := strings.Cut(text, ": ")
	if c, ok := strings.CutSuffix(check, "(related information)"); ok {
		check, msg = c, related+msg
	}
	if !ok || !slices.Contains(checks, check) {
		t.Errorf("golangci-lint issue %q does not start with a check name", text)
	}
	return check, msg
}

// golangci runs the custom golangci-lint in dir with extra arguments; it
// returns the leakvet issues of its JSON output and the checks that
// reported.
func golangci(t *testing.T, dir, bin string, args ...string) ([]diag, map[string]int) {
	t.Helper()
	jsonPath := filepath.Join(t.TempDir(), "issues.json")
	args = append([]string{"run", "--output.json.path=" + jsonPath}, args...)
	args = append(args, "./...")
	out, errOut, code := run(t, dir, []string{"GOLANGCI_LINT_CACHE=" + t.TempDir()}, bin, args...)
	if code != 1 {
		t.Fatalf("golangci-leakvet %v: exit %d, want 1 (issues)\n%s%s", args, code, out, errOut)
	}
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var report struct{ Issues []golangciIssue }
	if err := json.Unmarshal(data, &report); err != nil {
		t.Fatalf("golangci-lint JSON: %v\n%s", err, data)
	}
	var diags []diag
	byCheck := make(map[string]int)
	for _, is := range report.Issues {
		if is.FromLinter != "leakvet" {
			t.Errorf("issue from linter %q, want only leakvet: %s:%d: %s", is.FromLinter, is.Pos.Filename, is.Pos.Line, is.Text)
			continue
		}
		check, msg := strip(t, is.Text)
		if !strings.HasPrefix(msg, related) {
			byCheck[check]++
		}
		diags = append(diags, diag{relative(t, dir, is.Pos.Filename), is.Pos.Line, msg})
	}
	return sorted(diags), byCheck
}

func TestGolangciLintPlugin(t *testing.T) {
	gcl, leakvet := binaries(t)

	dir := sampleModule(t)

	// Both drivers report the same diagnostics, one issue each: their
	// related positions are folded into the text.
	vet := goVet(t, dir, leakvet, true)
	sarifPath := filepath.Join(t.TempDir(), "leakvet.sarif")
	gci, byCheck := golangci(t, dir, gcl, "--output.sarif.path="+sarifPath)
	if len(vet) == 0 {
		t.Fatal("go vet -vettool=leakvet reports nothing")
	}
	if !slices.Equal(vet, gci) {
		t.Errorf("go vet -vettool=leakvet and golangci-lint disagree\ngo vet:\n%s\ngolangci-lint:\n%s", lines(vet), lines(gci))
	}
	for _, c := range checks {
		if byCheck[c] == 0 {
			t.Errorf("golangci-lint has no issue from check %s (issues per check: %v)", c, byCheck)
		}
	}
	withRelated := 0
	for _, d := range gci {
		if strings.HasPrefix(d.Message, related) {
			t.Errorf("related information as an issue of its own: %s", d)
		}
		if strings.HasSuffix(d.Message, ")]") {
			withRelated++
		}
	}
	if withRelated == 0 {
		t.Error("no issue has related positions folded into its text")
	}
	t.Logf("%d issues, %d with related positions folded in; issues per check: %v", len(gci), withRelated, byCheck)

	// Leaks in downstream need the facts of middle and upstream:
	// golangci-lint must carry facts across packages as go vet does.
	cross := 0
	for _, d := range gci {
		if d.File == "summary/downstream/downstream.go" && !strings.HasPrefix(d.Message, related) &&
			(strings.Contains(d.Message, "middle.") || strings.Contains(d.Message, "upstream.")) {
			cross++
		}
	}
	if cross == 0 {
		t.Errorf("golangci-lint reports no leak in summary/downstream through the packages it imports: facts do not travel")
	}

	// The SARIF log is valid and holds the same results.
	data, err := os.ReadFile(sarifPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := validateSARIF(data); err != nil {
		t.Errorf("golangci-lint's SARIF does not validate: %v", err)
	}
	if got := sarifResults(t, dir, data); !slices.Equal(got, gci) {
		t.Errorf("SARIF results differ from the JSON issues\nSARIF:\n%s\nJSON:\n%s", lines(got), lines(gci))
	}

	// //nolint:leakvet on one reported line removes exactly its
	// diagnostic, related positions and all: the leak is one issue.
	target := nolintTarget(t, gci)
	path := filepath.Join(dir, filepath.FromSlash(target.File))
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	srcLines := strings.Split(string(src), "\n")
	l := srcLines[target.Line-1]
	if i := strings.Index(l, "// want"); i >= 0 {
		l = l[:i] + "//nolint:leakvet " + l[i:]
	} else {
		l += " //nolint:leakvet"
	}
	srcLines[target.Line-1] = l
	write(t, path, strings.Join(srcLines, "\n"))
	t.Logf("nolint on %s:%d: %s", target.File, target.Line, strings.TrimSpace(l))

	after, _ := golangci(t, dir, gcl)
	want := slices.DeleteFunc(slices.Clone(gci), func(d diag) bool { return d == target })
	if !slices.Equal(after, want) {
		t.Errorf("with //nolint:leakvet on %s:%d, golangci-lint reports\n%s\nwant\n%s", target.File, target.Line, lines(after), lines(want))
	}
}

// TestGolangciLintSettings checks that the plugin's settings reach leakvet:
// golangci-lint with disable: [noexit] and max-blocks: 3 reports what
// go vet -vettool=leakvet -noexit=false -config.max-blocks=3 does (a budget
// that small changes what leakvet reports in these packages), and with
// related: issues it reports related positions as golangci-lint does for
// other linters, as issues of their own.
func TestGolangciLintSettings(t *testing.T) {
	gcl, leakvet := binaries(t)

	dir := sampleModule(t)
	cfg := strings.Replace(golangciConfig, "        original-url: https://github.com/leakvet/leakvet\n",
		"        original-url: https://github.com/leakvet/leakvet\n"+
			"        settings:\n"+
			"          disable: [noexit]\n"+
			"          max-blocks: 3\n"+
			"          related: issues\n", 1)
	write(t, filepath.Join(dir, ".golangci.yml"), cfg)

	vet := goVet(t, dir, leakvet, false, "-noexit=false", "-config.max-blocks=3")
	gci, byCheck := golangci(t, dir, gcl)
	if len(vet) == 0 {
		t.Fatal("go vet -vettool=leakvet -noexit=false -config.max-blocks=3 reports nothing")
	}
	if !slices.Equal(vet, gci) {
		t.Errorf("go vet -vettool=leakvet -noexit=false -config.max-blocks=3 and golangci-lint with the same settings disagree\ngo vet:\n%s\ngolangci-lint:\n%s", lines(vet), lines(gci))
	}
	if slices.Equal(vet, goVet(t, dir, leakvet, false, "-noexit=false")) {
		t.Error("max-blocks: 3 changes nothing in these packages: the test no longer shows that the budget reaches leakvet")
	}
	if byCheck["noexit"] != 0 || byCheck["lintignore"] == 0 {
		t.Errorf("diagnostics per check %v: want none from noexit, some from lintignore", byCheck)
	}
	if !slices.ContainsFunc(gci, func(d diag) bool { return strings.HasPrefix(d.Message, related) }) {
		t.Error("with related: issues, golangci-lint reports no related information as an issue of its own")
	}

	// Bad settings stop golangci-lint with the plugin's error.
	write(t, filepath.Join(dir, ".golangci.yml"), strings.Replace(cfg, "[noexit]", "[noexits]", 1))
	out, errOut, code := run(t, dir, []string{"GOLANGCI_LINT_CACHE=" + t.TempDir()}, gcl, "run", "./...")
	if code == 0 || code == 1 || !strings.Contains(out+errOut, `leakvet settings: disable: unknown check "noexits"`) {
		t.Errorf("golangci-lint with disable: [noexits]: exit %d, want a failure naming the bad check\n%s%s", code, out, errOut)
	}
	t.Logf("with disable: [noexits], golangci-lint exits %d: %s", code, strings.TrimSpace(out+errOut))
}

// nolintTarget picks a reported send with related positions (folded into
// its text) that is the only issue on its line, so that //nolint:leakvet
// there must remove that issue and no other.
func nolintTarget(t *testing.T, ds []diag) diag {
	t.Helper()
	perLine := make(map[string]int)
	for _, d := range ds {
		perLine[fmt.Sprintf("%s:%d", d.File, d.Line)]++
	}
	for _, d := range ds {
		if perLine[fmt.Sprintf("%s:%d", d.File, d.Line)] == 1 && strings.HasPrefix(d.Message, "send on ") && strings.HasSuffix(d.Message, ")]") {
			return d
		}
	}
	t.Fatalf("no send with related positions reported alone on its line among\n%s", lines(ds))
	return diag{}
}

func lines(ds []diag) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "\t%s\n", d)
	}
	if len(ds) == 0 {
		b.WriteString("\t(nothing)\n")
	}
	return b.String()
}

// sarifResults returns the leakvet results of a SARIF log.
func sarifResults(t *testing.T, dir string, data []byte) []diag {
	t.Helper()
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID  string `json:"ruleId"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("SARIF: %v", err)
	}
	var out []diag
	for _, r := range log.Runs {
		for _, res := range r.Results {
			if res.RuleID != "leakvet" {
				t.Errorf("SARIF result of rule %q, want leakvet: %s", res.RuleID, res.Message.Text)
				continue
			}
			if len(res.Locations) != 1 {
				t.Errorf("SARIF result with %d locations: %s", len(res.Locations), res.Message.Text)
				continue
			}
			loc := res.Locations[0].PhysicalLocation
			_, msg := strip(t, res.Message.Text)
			out = append(out, diag{relative(t, dir, filepath.FromSlash(loc.ArtifactLocation.URI)), loc.Region.StartLine, msg})
		}
	}
	return sorted(out)
}

// sarifSchema is the SARIF 2.1.0 schema leakvet's own SARIF tests use (a
// file of the repository: its package is internal to cmd/leakvet).
var sarifSchema = filepath.Join(root, "cmd", "leakvet", "internal", "sarif", "sarif-schema-2.1.0.json")

// validateSARIF checks that data is a SARIF 2.1.0 log, as the sarif
// package of cmd/leakvet does.
func validateSARIF(data []byte) error {
	const schemaURL = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	schema, err := os.ReadFile(sarifSchema)
	if err != nil {
		return err
	}
	schemaDoc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		return fmt.Errorf("%s: %v", sarifSchema, err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaURL, schemaDoc); err != nil {
		return err
	}
	sch, err := c.Compile(schemaURL)
	if err != nil {
		return fmt.Errorf("%s: %v", sarifSchema, err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not JSON: %v", err)
	}
	if err := sch.Validate(doc); err != nil {
		return err
	}
	// The schema allows an empty object; a log has a version and runs.
	var head struct {
		Version string            `json:"version"`
		Runs    []json.RawMessage `json:"runs"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return err
	}
	if head.Version != "2.1.0" || len(head.Runs) == 0 {
		return fmt.Errorf("not a SARIF 2.1.0 log: version %q, %d runs", head.Version, len(head.Runs))
	}
	return nil
}

func TestValidateSARIF(t *testing.T) {
	if err := validateSARIF([]byte(`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "leakvet"}}, "results": []}]}`)); err != nil {
		t.Errorf("a minimal SARIF log does not validate: %v", err)
	}
	for _, bad := range []string{`{}`, `{"version": "2.1.0", "runs": "none"}`, `{"version": "2.1.0", "runs": [{}]}`, `not json`} {
		if err := validateSARIF([]byte(bad)); err == nil {
			t.Errorf("%s validates", bad)
		}
	}
}
