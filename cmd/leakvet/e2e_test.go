package main_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// buildLeakvet builds the real binary once per test binary run.
func buildLeakvet(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end tests build binaries")
	}
	bin := filepath.Join(t.TempDir(), "leakvet")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// sampleModule copies the article's three programs from testdata into a
// fresh module and returns its directory.
func sampleModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/sample\n\ngo 1.26\n")
	for _, pkg := range []string{"demo", "demo2", "leakdemo"} {
		src := filepath.Join("..", "..", "testdata", "src", "article", pkg)
		entries, err := os.ReadDir(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(src, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(dir, pkg, e.Name()), string(data))
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

func run(t *testing.T, dir string, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	code = 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%s %v: %v", name, args, err)
		}
		code = ee.ExitCode()
	}
	return o.String(), e.String(), code
}

const wantLine = "leakdemo/leak_demo1.go:48:3: send on outCh blocks forever: its only receive (leak_demo1.go:24) is in dead code"

func TestGoVet(t *testing.T) {
	bin := buildLeakvet(t)
	dir := sampleModule(t)

	for _, pkg := range []string{"./demo", "./demo2"} {
		out, errOut, code := run(t, dir, "go", "vet", "-vettool="+bin, pkg)
		if code != 0 || out != "" || errOut != "" {
			t.Errorf("go vet %s: exit %d, stdout %q, stderr %q; want a clean run", pkg, code, out, errOut)
		}
	}

	_, errOut, code := run(t, dir, "go", "vet", "-vettool="+bin, "./leakdemo")
	if code != 1 {
		t.Errorf("go vet ./leakdemo: exit %d, want 1\n%s", code, errOut)
	}
	var diags []string
	for _, line := range strings.Split(errOut, "\n") {
		if strings.Contains(line, ".go:") && !strings.Contains(line, ": \t") {
			diags = append(diags, line)
		}
	}
	// go vet prints only the message: the message names the check, the
	// name a //lint:ignore directive needs.
	if want := wantLine + " (unpaired)"; len(diags) != 1 || !strings.HasSuffix(diags[0], want) {
		t.Errorf("go vet ./leakdemo printed %q, want exactly one line ending in %q", diags, want)
	}
	_, errOut, _ = run(t, dir, "go", "vet", "-vettool="+bin, "-config.name-checks=false", "./leakdemo")
	if !strings.Contains(errOut, wantLine+"\n") {
		t.Errorf("go vet -config.name-checks=false ./leakdemo printed\n%s\nwant the line without the check's name: %q", errOut, wantLine)
	}
}

// jsonDiag is one diagnostic of the -json output of go/analysis drivers.
type jsonDiag struct {
	Category string `json:"category"`
	Posn     string `json:"posn"`
	End      string `json:"end"`
	Message  string `json:"message"`
	Related  []struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	} `json:"related"`
}

func TestStandaloneJSON(t *testing.T) {
	bin := buildLeakvet(t)
	dir := sampleModule(t)

	out, errOut, code := run(t, dir, bin, "-json", "./...")
	if code != 0 {
		t.Fatalf("leakvet -json: exit %d\n%s", code, errOut)
	}
	var tree map[string]map[string][]jsonDiag
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		t.Fatalf("leakvet -json: %v\n%s", err, out)
	}
	var got []jsonDiag
	for pkg, byCheck := range tree {
		for check, diags := range byCheck {
			if check == "unpaired" && pkg != "example.com/sample/leakdemo" && len(diags) > 0 {
				t.Errorf("%s: unexpected diagnostics %v", pkg, diags)
			}
			got = append(got, diags...)
		}
	}
	if len(got) != 1 {
		t.Fatalf("leakvet -json: %d diagnostics, want 1: %+v", len(got), got)
	}
	d := got[0]
	if !strings.HasSuffix(d.Posn, "leak_demo1.go:48:3") || d.Category != "unpaired" {
		t.Errorf("diagnostic at %s [%s], want leak_demo1.go:48:3 [unpaired]", d.Posn, d.Category)
	}
	want := map[string]string{
		"leak_demo1.go:21:11": "outCh is made here",
		"leak_demo1.go:39:2":  "the goroutine is started here, again and again",
		"leak_demo1.go:24:4":  "this receive never runs: it is inside if false",
	}
	for _, r := range d.Related {
		for suffix, msg := range want {
			if strings.HasSuffix(r.Posn, suffix) && r.Message == msg {
				delete(want, suffix)
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("related information %+v lacks %v", d.Related, want)
	}

	// Without -json the standalone driver exits 3 when it reports.
	_, _, code = run(t, dir, bin, "./leakdemo")
	if code != 3 {
		t.Errorf("leakvet ./leakdemo: exit %d, want 3", code)
	}
	_, _, code = run(t, dir, bin, "./demo", "./demo2")
	if code != 0 {
		t.Errorf("leakvet ./demo ./demo2: exit %d, want 0", code)
	}
}

func TestVersionForGoVet(t *testing.T) {
	bin := buildLeakvet(t)
	out, _, code := run(t, ".", bin, "-V=full")
	if code != 0 || !strings.Contains(out, "leakvet version") {
		t.Errorf("leakvet -V=full: exit %d, output %q", code, out)
	}
}

// fixModule writes the stranded/fixes testdata package as a module.
func fixModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/fixes\n\ngo 1.26\n")
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "src", "stranded", "fixes", "fixes.go"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "fixes.go"), string(data))
	return dir
}

// TestFix applies the suggested buffers through both drivers: the fixed
// program still builds, and only the leak without a provable fix is left.
func TestFix(t *testing.T) {
	bin := buildLeakvet(t)
	golden, err := os.ReadFile(filepath.Join("..", "..", "testdata", "src", "stranded", "fixes", "fixes.go.golden"))
	if err != nil {
		t.Fatal(err)
	}
	for _, driver := range []struct {
		name string
		args []string
	}{
		{"leakvet -fix", []string{bin, "-fix", "./..."}},
		{"go vet -fix", []string{"go", "vet", "-vettool=" + bin, "-fix", "./..."}},
	} {
		t.Run(driver.name, func(t *testing.T) {
			dir := fixModule(t)
			run(t, dir, driver.args[0], driver.args[1:]...)
			got, err := os.ReadFile(filepath.Join(dir, "fixes.go"))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(golden) {
				t.Errorf("%s: fixed file differs from fixes.go.golden:\n%s", driver.name, got)
			}
			if out, errOut, code := run(t, dir, "go", "build", "./..."); code != 0 {
				t.Fatalf("fixed program does not build: %s%s", out, errOut)
			}
			_, errOut, code := run(t, dir, bin, "./...")
			lines := 0
			for _, line := range strings.Split(errOut, "\n") {
				if strings.Contains(line, ".go:") && !strings.Contains(line, ": \t") {
					lines++
					if !strings.Contains(line, "send on ch blocks forever in all but one") {
						t.Errorf("unexpected diagnostic after the fix: %s", line)
					}
				}
			}
			if code != 3 || lines != 1 {
				t.Errorf("after the fix: exit %d with %d diagnostics, want 3 with the one leak that has no fix (Later)\n%s", code, lines, errOut)
			}
		})
	}
}

// TestGoVetFacts runs go vet over a chain of three packages whose leaks
// need the facts of both packages below: the facts travel through the
// files go vet writes for each package, not through memory.
func TestGoVetFacts(t *testing.T) {
	bin := buildLeakvet(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/chain\n\ngo 1.26\n")
	for _, pkg := range []string{"upstream", "middle", "downstream"} {
		src := filepath.Join("..", "..", "testdata", "src", "summary", pkg)
		entries, err := os.ReadDir(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(src, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			text := strings.ReplaceAll(string(data), `"summary/`, `"example.com/chain/`)
			write(t, filepath.Join(dir, pkg, e.Name()), text)
		}
	}
	_, errOut, code := run(t, dir, "go", "vet", "-vettool="+bin, "./downstream")
	if code != 1 {
		t.Fatalf("go vet ./downstream: exit %d, want 1\n%s", code, errOut)
	}
	for _, want := range []string{
		"downstream.go:14:2: the goroutine middle.Start starts blocks forever sending on ch if Fetch returns at downstream.go:16",
		"downstream.go:25:2: the goroutine running upstream.Send blocks forever sending on ch if Direct returns at downstream.go:27",
		": return abandons the channel of middle.Numbers(n): the goroutine middle.Numbers started is left blocked forever (nothing receives its next send)",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("go vet ./downstream lacks %q:\n%s", want, errOut)
		}
	}
	// The packages below have no leak of their own.
	if _, errOut, code := run(t, dir, "go", "vet", "-vettool="+bin, "./upstream", "./middle"); code != 0 {
		t.Errorf("go vet ./upstream ./middle: exit %d\n%s", code, errOut)
	}
}

// TestDeterminism runs the standalone driver over the whole testdata
// corpus four times, with GOMAXPROCS=1 and 2: the JSON output must be the
// same, byte for byte.
func TestDeterminism(t *testing.T) {
	bin := buildLeakvet(t)
	gopath, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	var first []byte
	for i, run := range []struct{ procs, shuffle string }{{"1", "0"}, {"2", "0"}, {"1", "0"}, {"2", "0"}, {"1", "1"}, {"2", "2"}, {"1", "3"}} {
		// -config.debug-shuffle visits each package's functions in
		// another order: the output must not depend on it.
		procs := run.procs
		cmd := exec.Command(bin, "-json", "-config.debug-shuffle="+run.shuffle, "./...")
		cmd.Dir = filepath.Join(gopath, "src")
		cmd.Env = append(os.Environ(), "GOPATH="+gopath, "GO111MODULE=off", "GOFLAGS=", "GOPROXY=off", "GOMAXPROCS="+procs)
		out, err := cmd.Output()
		if err != nil {
			if ee, ok := err.(*exec.ExitError); !ok || len(out) == 0 {
				t.Fatalf("run %d: %v\n%s", i, err, ee.Stderr)
			}
		}
		if !bytes.Contains(out, []byte(`"unpaired"`)) || !bytes.Contains(out, []byte(`"stranded"`)) || !bytes.Contains(out, []byte(`"noexit"`)) {
			t.Fatalf("run %d: the corpus produced no diagnostics of some check:\n%.2000s", i, out)
		}
		if first == nil {
			first = out
			continue
		}
		if !bytes.Equal(first, out) {
			t.Fatalf("run %d (GOMAXPROCS=%s, -config.debug-shuffle=%s) differs from run 0: %d bytes vs %d\n%s", i, procs, run.shuffle, len(out), len(first), firstDiff(string(first), string(out)))
		}
	}
}
