package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// runEnv runs name in dir with extra environment variables.
func runEnv(t *testing.T, dir string, env []string, name string, args ...string) (stdout, stderr string, code int) {
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

// TestDriversAgree runs the driver (a process per package, in dependency
// order) and the former in-process driver (-debug=i) over the whole
// testdata corpus (facts across packages, test variants): they report the
// same diagnostics, in text, JSON and SARIF, and a second run that reads
// every result from the cache prints the same bytes as the first. Two
// differences are allowed, both from the former driver: the order of one
// check's diagnostics within a package (it followed the order in which
// files happened to be parsed; the units parse them in file order), and
// the column of a related position in another package (a unit knows the
// other package from its export data, which keeps lines, not columns).
// The units read the types of their imports from the compiler's export
// data when the build cache holds every package (it does here: go list
// -export builds them first), and from export data they write themselves
// otherwise (-debug=x): both ways report the same.
func TestDriversAgree(t *testing.T) {
	bin := buildLeakvet(t)
	gopath, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(gopath, "src")
	cache := t.TempDir()
	env := []string{"GOPATH=" + gopath, "GO111MODULE=off", "GOFLAGS=", "LEAKVET_CACHE=" + cache}
	if _, errOut, code := runEnv(t, src, env, "go", "list", "-e", "-export", "-deps", "-test", "./..."); code != 0 {
		t.Fatalf("go list -export: exit %d\n%s", code, errOut)
	}
	const compilerTypes, ownTypes = "types of imports come from the compiler's export data", "types of imports come from export data leakvet writes"
	for _, mode := range []string{"-text", "-json", "-sarif"} {
		var outs []string
		for _, driver := range []string{"-debug=i", "-debug=v", "-debug=v", "-debug=vx"} {
			args := []string{driver, "./..."}
			if mode != "-text" {
				args = append([]string{mode}, args...)
			}
			out, errOut, code := runEnv(t, src, env, bin, args...)
			if driver == "-debug=v" && len(outs) == 2 && !strings.Contains(errOut, " 0 analysed, ") {
				t.Errorf("rerun %v: not all from the cache:\n%s", args, lastLines(errOut, 3))
			}
			if want := map[string]string{"-debug=v": compilerTypes, "-debug=vx": ownTypes}[driver]; want != "" && !strings.Contains(errOut, want) {
				t.Errorf("%v: no %q in\n%s", args, want, lastLines(errOut, 3))
			}
			if driver == "-debug=vx" && mode == "-text" && strings.Contains(errOut, " 0 analysed, ") {
				t.Errorf("%v: a run with other types of imports read the cache of the first:\n%s", args, lastLines(errOut, 3))
			}
			errOut = dropDebug(errOut)
			outs = append(outs, fmt.Sprintf("%s\n--\n%s\n--\nexit %d", out, errOut, code))
		}
		if outs[1] != outs[2] {
			t.Errorf("%s: the rerun from the cache differs from the first run:\n%.2000s\n--\n%.2000s", mode, outs[1], outs[2])
		}
		if len(outs[0]) < 1000 || !strings.Contains(outs[0], "downstream") {
			t.Errorf("%s: too little output to compare:\n%s", mode, outs[0])
		}
		a, b := normalize(t, mode, outs[0]), normalize(t, mode, outs[1])
		if a != b {
			t.Errorf("%s: the drivers differ:\n%s", mode, firstDiff(a, b))
		}
		if c := normalize(t, mode, outs[3]); c != b {
			t.Errorf("%s: the types of imports from leakvet's export data (-debug=x) and from the compiler's give other results:\n%s", mode, firstDiff(b, c))
		}
	}
}

var relatedCol = regexp.MustCompile(`^(\S+):(\d+):\d+: \t`)

// normalize removes the differences TestDriversAgree allows.
func normalize(t *testing.T, mode, out string) string {
	stdout, rest, _ := strings.Cut(out, "\n--\n")
	stripCol := func(posn, home string) string {
		if filepath.Dir(strings.SplitN(posn, ":", 2)[0]) != home {
			if i := strings.LastIndexByte(posn, ':'); i >= 0 {
				return posn[:i]
			}
		}
		return posn
	}
	switch mode {
	case "-text":
		// Each diagnostic with its related lines is one entry; entries
		// are sorted.
		var entries []string
		home := ""
		for _, line := range strings.Split(rest, "\n") {
			if m := relatedCol.FindStringSubmatch(line); m != nil && len(entries) > 0 {
				if filepath.Dir(m[1]) != home {
					line = m[1] + ":" + m[2] + line[len(m[0])-3:]
				}
				entries[len(entries)-1] += "\n" + line
				continue
			}
			home = filepath.Dir(strings.SplitN(line, ":", 2)[0])
			entries = append(entries, line)
		}
		slices.Sort(entries)
		return strings.Join(entries, "\n")
	case "-json":
		var tree map[string]map[string][]map[string]any
		if err := json.Unmarshal([]byte(stdout), &tree); err != nil {
			t.Fatalf("%v\n%.1000s", err, stdout)
		}
		for _, checks := range tree {
			for _, diags := range checks {
				for _, d := range diags {
					home := filepath.Dir(strings.SplitN(d["posn"].(string), ":", 2)[0])
					rel, _ := d["related"].([]any)
					for _, r := range rel {
						r := r.(map[string]any)
						r["posn"] = stripCol(r["posn"].(string), home)
						r["end"] = stripCol(r["end"].(string), home)
					}
				}
				slices.SortFunc(diags, func(a, b map[string]any) int {
					x, _ := json.Marshal(a)
					y, _ := json.Marshal(b)
					return strings.Compare(string(x), string(y))
				})
			}
		}
		data, _ := json.MarshalIndent(tree, "", " ")
		return string(data) + rest
	default:
		// SARIF: results are sorted already; related columns go.
		var log map[string]any
		if err := json.Unmarshal([]byte(stdout), &log); err != nil {
			t.Fatalf("%v\n%.1000s", err, stdout)
		}
		for _, run := range log["runs"].([]any) {
			results, _ := run.(map[string]any)["results"].([]any)
			for _, r := range results {
				rel, _ := r.(map[string]any)["relatedLocations"].([]any)
				for _, l := range rel {
					region := l.(map[string]any)["physicalLocation"].(map[string]any)["region"].(map[string]any)
					delete(region, "startColumn")
					delete(region, "endColumn")
				}
			}
		}
		data, _ := json.MarshalIndent(log, "", " ")
		return string(data) + rest
	}
}

func firstDiff(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(x), len(y)) {
		if x[i] != y[i] {
			return fmt.Sprintf("line %d:\n  in-process: %s\n  units:      %s", i+1, x[i], y[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(x), len(y))
}

func dropDebug(s string) string {
	var keep []string
	for _, line := range strings.SplitAfter(s, "\n") {
		if !strings.HasPrefix(line, "leakvet: analysed ") && !strings.Contains(line, " from the cache") && !strings.HasPrefix(line, "leakvet: the types of imports ") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "")
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// bigModule has a function with more basic blocks than a small budget.
func bigModule(t *testing.T) string {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/big\n\ngo 1.26\n")
	write(t, filepath.Join(dir, "big.go"), `package big

func Big(ch chan int, n int) {
	if n > 0 {
		ch <- 1
	}
	if n > 1 {
		ch <- 2
	}
	if n > 2 {
		ch <- 3
	}
}

func Small(ch chan int) { ch <- 1 }
`)
	return dir
}

// TestBudgetSkips: a function over -config.max-blocks is named once on
// stderr, with the count at the end, and in -json under "skipped" (not
// as a diagnostic); within the budget, nothing is said.
func TestBudgetSkips(t *testing.T) {
	bin := buildLeakvet(t)
	dir := bigModule(t)
	env := []string{"LEAKVET_CACHE=off"}
	_, errOut, code := runEnv(t, dir, env, bin, "-config.max-blocks=3", "./...")
	want := "big.go:3:6: leakvet skipped example.com/big.Big: 7 basic blocks, over -config.max-blocks=3"
	if code != 0 || strings.Count(errOut, "leakvet skipped") != 1 || !strings.Contains(errOut, want) ||
		!strings.Contains(errOut, "leakvet: 1 function not analysed, over a budget") {
		t.Errorf("-config.max-blocks=3: exit %d, stderr:\n%s\nwant exit 0, once %q and the count", code, errOut, want)
	}
	out, errOut, code := runEnv(t, dir, env, bin, "-json", "-config.max-blocks=3", "./...")
	var tree struct {
		Skipped []struct {
			Posn, Func, Budget string
			Size, Limit        int
		}
	}
	if err := json.Unmarshal([]byte(out), &tree); err != nil || code != 0 {
		t.Fatalf("-json: exit %d, %v\n%s%s", code, err, out, errOut)
	}
	if len(tree.Skipped) != 1 || tree.Skipped[0].Func != "example.com/big.Big" || tree.Skipped[0].Budget != "max-blocks" ||
		tree.Skipped[0].Limit != 3 || tree.Skipped[0].Size != 7 || !strings.HasSuffix(tree.Skipped[0].Posn, "big.go:3:6") {
		t.Errorf("-json skipped = %+v\n%s", tree.Skipped, out)
	}
	if strings.Contains(out, `"message"`) {
		t.Errorf("-json: a skip is reported as a diagnostic:\n%s", out)
	}
	_, errOut, code = runEnv(t, dir, env, bin, "./...")
	if code != 0 || strings.Contains(errOut, "skipped") {
		t.Errorf("default budget: exit %d, stderr %q; want silence", code, errOut)
	}
	out, _, _ = runEnv(t, dir, env, bin, "-json", "./...")
	if strings.Contains(out, "skipped") {
		t.Errorf("default budget: -json lists skips:\n%s", out)
	}
}

// TestBudgetUsage: a budget of 0 or less is a usage error in both
// drivers.
func TestBudgetUsage(t *testing.T) {
	bin := buildLeakvet(t)
	dir := bigModule(t)
	for _, flag := range []string{"-config.max-blocks=0", "-config.max-paths=-1", "-config.max-call-depth=0"} {
		_, errOut, code := run(t, dir, bin, flag, "./...")
		if code != 2 || !strings.Contains(errOut, "positive") {
			t.Errorf("leakvet %s: exit %d, stderr %q; want 2 and a message", flag, code, errOut)
		}
		_, errOut, code = run(t, dir, "go", "vet", "-vettool="+bin, flag, "./...")
		if code == 0 || !strings.Contains(errOut, "positive") {
			t.Errorf("go vet %s: exit %d, stderr %q; want a failure with a message", flag, code, errOut)
		}
	}
	if _, errOut, code := run(t, dir, bin, "-config.max-blocks=5", "./..."); code != 0 {
		t.Errorf("-config.max-blocks=5: exit %d\n%s", code, errOut)
	}
}

// TestFixPrintsFindings: -fix prints every finding (with a fix or
// without), applies the fixes and exits as a run without -fix; -diff
// alone prints the fixes and writes nothing.
func TestFixPrintsFindings(t *testing.T) {
	bin := buildLeakvet(t)
	env := []string{"LEAKVET_CACHE=off"}
	dir := fixModule(t)
	before, _ := os.ReadFile(filepath.Join(dir, "fixes.go"))
	_, plain, plainCode := runEnv(t, dir, env, bin, "./...")

	out, errOut, code := runEnv(t, dir, env, bin, "-diff", "./...")
	after, _ := os.ReadFile(filepath.Join(dir, "fixes.go"))
	if !bytes.Equal(before, after) {
		t.Errorf("-diff wrote the file")
	}
	if code != plainCode || errOut != plain || !strings.Contains(out, "--- "+filepath.Join(dir, "fixes.go")+" (old)") || !strings.Contains(out, "\n+") {
		t.Errorf("-diff: exit %d (want %d), stdout:\n%s\nstderr:\n%s", code, plainCode, out, errOut)
	}

	_, errOut, code = runEnv(t, dir, env, bin, "-fix", "./...")
	if code != 3 || code != plainCode || errOut != plain || !strings.Contains(errOut, "send on ch blocks forever in all but one") {
		t.Errorf("-fix: exit %d (without -fix: %d), stderr:\n%s\nwant every finding, as without -fix:\n%s", code, plainCode, errOut, plain)
	}
	after, _ = os.ReadFile(filepath.Join(dir, "fixes.go"))
	if bytes.Equal(before, after) {
		t.Errorf("-fix changed nothing")
	}
	// The diff printed first is what -fix did.
	if _, errOut, code := runEnv(t, dir, env, bin, "-diff", "./..."); code != 3 || strings.Contains(errOut, "(old)") {
		t.Errorf("-diff after -fix: exit %d\n%s", code, errOut)
	}
}

// TestLoadErrors: each real error once, as go vet prints it, and no
// pass names.
func TestLoadErrors(t *testing.T) {
	bin := buildLeakvet(t)
	env := []string{"LEAKVET_CACHE=off"}
	typeErr := t.TempDir()
	write(t, filepath.Join(typeErr, "go.mod"), "module example.com/broken\n\ngo 1.26\n")
	write(t, filepath.Join(typeErr, "b.go"), "package b\n\nvar x int = \"not an int\"\n")
	write(t, filepath.Join(typeErr, "b_test.go"), "package b\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n")
	write(t, filepath.Join(typeErr, "c", "c.go"), "package c\n\nimport _ \"example.com/broken\"\n")
	empty := t.TempDir()
	write(t, filepath.Join(empty, "go.mod"), "module example.com/empty\n\ngo 1.26\n")
	os.MkdirAll(filepath.Join(empty, "nothing"), 0o755)
	noMod := t.TempDir()
	write(t, filepath.Join(noMod, "x.go"), "package x\n")
	for _, tc := range []struct {
		name, dir, pkg, want string
	}{
		{"type error", typeErr, "./...", `b.go:3:13: cannot use "not an int"`},
		{"mistyped package", empty, "example.com/empty/nosuch", "nosuch"},
		{"empty directory", empty, "./nothing", "no Go files"},
		{"no go.mod", noMod, "./...", "does not contain main module"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runEnv(t, tc.dir, env, bin, tc.pkg)
			if code != 1 || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant 1 and %q", code, errOut, tc.want)
			}
			for _, pass := range []string{"ctrlflow", "summary", "buildssa", "inspect", "failed prerequisites", "analysis skipped"} {
				if strings.Contains(errOut, pass) {
					t.Errorf("stderr names an internal pass (%s):\n%s", pass, errOut)
				}
			}
			lines := strings.Split(strings.TrimSpace(errOut), "\n")
			seen := map[string]bool{}
			for _, l := range lines {
				if seen[l] {
					t.Errorf("printed twice: %s", l)
				}
				seen[l] = true
			}
		})
	}
}

// TestCheckNames: the standalone text output names the check of each
// report; under go vet, the message itself does (go1.26's go vet runs the
// tool with -json for its text too, and prints only the messages), unless
// -config.name-checks=false; the standalone JSON keeps the messages as they
// are and carries the URL of the check's documentation.
func TestCheckNames(t *testing.T) {
	bin := buildLeakvet(t)
	dir := sampleModule(t)
	env := []string{"LEAKVET_CACHE=off"}
	_, errOut, _ := runEnv(t, dir, env, bin, "./leakdemo")
	if !strings.Contains(errOut, wantLine+" (unpaired)\n") {
		t.Errorf("leakvet: stderr lacks %q:\n%s", wantLine, errOut)
	}
	if strings.Contains(errOut, "made here (unpaired)") {
		t.Errorf("leakvet: related lines name the check:\n%s", errOut)
	}
	out, _, _ := runEnv(t, dir, env, "go", "vet", "-vettool="+bin, "-json", "./leakdemo")
	if !strings.Contains(out, `is in dead code (unpaired)"`) {
		t.Errorf("go vet -json: the message does not name the check:\n%s", out)
	}
	out, _, _ = runEnv(t, dir, env, "go", "vet", "-vettool="+bin, "-json", "-config.name-checks=false", "./leakdemo")
	if !strings.Contains(out, `is in dead code"`) {
		t.Errorf("go vet -json -config.name-checks=false: the message names the check:\n%s", out)
	}
	out, _, _ = runEnv(t, dir, env, bin, "-json", "./leakdemo")
	if !strings.Contains(out, `"url": "https://github.com/leakvet/leakvet/blob/main/docs/checks.md#unpaired"`) || strings.Contains(out, "(unpaired)") {
		t.Errorf("leakvet -json: no url, or the check in the message:\n%s", out)
	}
}

// TestVersionAndHelp: leakvet version and -version print the module and
// Go versions; help starts with leakvet's own text and hides go vet's.
func TestVersionAndHelp(t *testing.T) {
	bin := buildLeakvet(t)
	for _, args := range [][]string{{"version"}, {"-version"}} {
		out, _, code := run(t, ".", bin, args...)
		if code != 0 || !strings.HasPrefix(out, "leakvet ") || !strings.Contains(out, "(go1.") {
			t.Errorf("leakvet %v: exit %d, %q", args, code, out)
		}
	}
	out, _, code := run(t, ".", bin, "help")
	if code != 0 || !strings.HasPrefix(out, "leakvet finds goroutines that leak") || !strings.Contains(out, "-sarif") ||
		!strings.Contains(out, "stranded") {
		t.Errorf("leakvet help: exit %d\n%s", code, out)
	}
	for _, gone := range []string{"-source", "-tags", "-all", "-cpuprofile", "\n  -config\n", "-V", "is a tool for static analysis", "Registered analyzers"} {
		if strings.Contains(out, gone) {
			t.Errorf("leakvet help shows %q:\n%s", gone, out)
		}
	}
	out, _, code = run(t, ".", bin, "help", "stranded")
	if code != 0 || !strings.HasPrefix(out, "stranded: ") || !strings.Contains(out, "docs/checks.md#stranded") {
		t.Errorf("leakvet help stranded: exit %d\n%s", code, out)
	}
}

// twoPackages writes a module of two packages, b importing a, with
// nothing else to import (two units, quick).
func twoPackages(t *testing.T) string {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/two\n\ngo 1.26\n")
	write(t, filepath.Join(dir, "a", "a.go"), "package a\n\nfunc Send(ch chan int) { ch <- 1 }\n")
	write(t, filepath.Join(dir, "b", "b.go"), "package b\n\nimport \"example.com/two/a\"\n\nfunc Leak() {\n\tch := make(chan int)\n\tgo a.Send(ch)\n}\n")
	return dir
}

// cacheFiles returns the files of cache entries under dir (the 64-hex
// key, .json or .vetx), relative to dir.
func cacheFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	entry := regexp.MustCompile(`^[0-9a-f]{2}/[0-9a-f]{64}\.(json|vetx)$`)
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if rel, _ := filepath.Rel(dir, path); err == nil && !d.IsDir() && entry.MatchString(filepath.ToSlash(rel)) {
			files = append(files, rel)
		}
		return nil
	})
	return files
}

// age sets the modification time of the files (relative to dir) to
// now-d.
func age(t *testing.T, dir string, files []string, d time.Duration) {
	t.Helper()
	when := time.Now().Add(-d)
	for _, f := range files {
		if err := os.Chtimes(filepath.Join(dir, f), when, when); err != nil {
			t.Fatal(err)
		}
	}
}

// lastTrim writes the time of the last trim, now-d, as the go command
// writes it in its build cache (Unix seconds).
func lastTrim(t *testing.T, cache string, d time.Duration) {
	t.Helper()
	write(t, filepath.Join(cache, "trim.txt"), strconv.FormatInt(time.Now().Add(-d).Unix(), 10)+"\n")
}

func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// TestCacheTrim: the cache is trimmed as go's build cache is: at most
// once a day (trim.txt), every file of an entry not used for five days
// goes, including the entries of another build of leakvet (which never
// reads this one's), unfinished writes and a types file whose entry is
// gone; a read marks an entry used; what the cache did not write stays.
func TestCacheTrim(t *testing.T) {
	bin := buildLeakvet(t)
	other := filepath.Join(t.TempDir(), "leakvet-other")
	if out, err := exec.Command("go", "build", "-trimpath", "-o", other, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := twoPackages(t)
	cache := t.TempDir()
	env := []string{"LEAKVET_CACHE=" + cache}
	leakvet := func(bin, want string) {
		t.Helper()
		_, errOut, code := runEnv(t, dir, env, bin, "-debug=v", "./...")
		if code != 3 || !strings.Contains(errOut, want) {
			t.Fatalf("exit %d, stderr:\n%s\nwant exit 3 and %q", code, errOut, want)
		}
	}
	const day = 24 * time.Hour

	// Another build of leakvet: its entries are its own.
	leakvet(other, "2 analysed, 0 from the cache")
	old := cacheFiles(t, cache)
	if len(old) != 4 {
		t.Fatalf("cache files after a run on two packages: %v; want a .json and a .vetx for each", old)
	}
	leakvet(bin, "2 analysed, 0 from the cache")
	mine := slices.DeleteFunc(cacheFiles(t, cache), func(f string) bool { return slices.Contains(old, f) })
	if len(mine) != 4 {
		t.Fatalf("entries of this build: %v", mine)
	}

	// Leftovers the cache could hold, and files it did not write.
	key := strings.Repeat("ab", 32)
	planted := []string{"ab/" + key + ".json.123456", "ab/" + key + ".vetx"}
	foreign := []string{"notes.json", "ab/notes.json", "zz/" + key + ".json", "ab/" + strings.ToUpper(key) + ".json"}
	for _, f := range slices.Concat(planted, foreign) {
		write(t, filepath.Join(cache, f), "x")
	}
	age(t, cache, slices.Concat(old, planted, foreign), 6*day)

	// Trimmed an hour ago: nothing is removed.
	lastTrim(t, cache, time.Hour)
	leakvet(bin, "0 analysed, 2 from the cache")
	for _, f := range slices.Concat(old, planted, foreign, mine) {
		if !exists(filepath.Join(cache, f)) {
			t.Errorf("%s removed, though the cache was trimmed an hour ago", f)
		}
	}

	// Trimmed two days ago: what was not used for five days goes.
	lastTrim(t, cache, 2*day)
	leakvet(bin, "0 analysed, 2 from the cache")
	for _, f := range slices.Concat(old, planted) {
		if exists(filepath.Join(cache, f)) {
			t.Errorf("%s kept, not used for six days", f)
		}
	}
	for _, f := range slices.Concat(foreign, mine) {
		if !exists(filepath.Join(cache, f)) {
			t.Errorf("%s removed", f)
		}
	}
	data, err := os.ReadFile(filepath.Join(cache, "trim.txt"))
	if sec, perr := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64); err != nil || perr != nil || time.Since(time.Unix(sec, 0)) > time.Hour {
		t.Errorf("trim.txt after a trim: %q, %v; want the time of the trim", data, err)
	}

	// A read marks the entry used: used two days ago, read now, it is
	// not removed by a trim three days from now (its files' times say
	// when it was last used).
	age(t, cache, mine, 2*day)
	lastTrim(t, cache, time.Hour)
	leakvet(bin, "0 analysed, 2 from the cache")
	for _, f := range mine {
		if info, err := os.Stat(filepath.Join(cache, f)); err != nil || time.Since(info.ModTime()) > time.Hour {
			t.Errorf("%s: not marked used by a read (%v)", f, err)
		}
	}

	// Not used for six days: removed by the trim, so the packages are
	// analysed again.
	age(t, cache, mine, 6*day)
	lastTrim(t, cache, 2*day)
	leakvet(bin, "2 analysed, 0 from the cache")

	// A last trim in the future (a clock set back) does not stop
	// trimming.
	write(t, filepath.Join(cache, planted[1]), "x")
	age(t, cache, planted[1:], 6*day)
	lastTrim(t, cache, -3*day)
	leakvet(bin, "0 analysed, 2 from the cache")
	if exists(filepath.Join(cache, planted[1])) {
		t.Errorf("%s kept: trim.txt in the future stopped the trim", planted[1])
	}
}

// leftTemp returns the leakvet-* entries in dir.
func leftTemp(t *testing.T, dir string) []string {
	t.Helper()
	left, err := filepath.Glob(filepath.Join(dir, "leakvet-*"))
	if err != nil {
		t.Fatal(err)
	}
	return left
}

// TestTempDirRemoved: the driver's temporary directory (under TMPDIR) is
// gone after every way out: findings, a type error, a pattern that
// matches nothing, a usage error (and, on Linux, a unit killed and the
// driver signalled: TestTempDirRemovedOnSignal).
func TestTempDirRemoved(t *testing.T) {
	bin := buildLeakvet(t)
	leaky := twoPackages(t)
	broken := typeErrorModule(t)
	for _, tc := range []struct {
		name, dir string
		args      []string
		code      int
	}{
		{"findings", leaky, []string{"./..."}, 3},
		{"findings, -sarif", leaky, []string{"-sarif", "./..."}, 0},
		{"type error", broken, []string{"./..."}, 1},
		{"no package", leaky, []string{"./nosuch/..."}, 1},
		{"usage", leaky, []string{"-json", "-fix", "./..."}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			_, errOut, code := runEnv(t, tc.dir, []string{"TMPDIR=" + tmp, "LEAKVET_CACHE=off"}, bin, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s", code, tc.code, errOut)
			}
			if left := leftTemp(t, tmp); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}

}

// typeErrorModule returns a module whose one package does not type-check.
func typeErrorModule(t *testing.T) string {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/broken\n\ngo 1.26\n")
	write(t, filepath.Join(dir, "b.go"), "package b\n\nvar x int = \"not an int\"\n")
	return dir
}
