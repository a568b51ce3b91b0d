package main_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/pprof/profile"
)

// profileOutput is leakvet profile -json's output, as much as the tests
// read of it.
type profileOutput struct {
	Form       string   `json:"form"`
	Profile    string   `json:"profile"`
	Goroutines int      `json:"goroutines"`
	Analysed   []string `json:"analysed"`
	Mapped     int      `json:"mapped"`
	Note       string   `json:"note"`
	Groups     []struct {
		Count      int    `json:"count"`
		State      string `json:"state"`
		MinMinutes int    `json:"min_minutes"`
		MaxMinutes int    `json:"max_minutes"`
		Leaked     int    `json:"leaked"`
		Func       string `json:"func"`
		File       string `json:"file"`
		Line       int    `json:"line"`
		Posn       string `json:"posn"`
		CreatedBy  string `json:"created_by"`
		Status     string `json:"status"`
		Note       string `json:"note"`
		Findings   []struct {
			Check   string `json:"check"`
			Posn    string `json:"posn"`
			Message string `json:"message"`
			Match   string `json:"match"`
			Related []struct {
				Posn    string `json:"posn"`
				Message string `json:"message"`
			} `json:"related"`
		} `json:"findings"`
	} `json:"groups"`
}

// TestProfile drives leakvet profile end to end. One binary serves all
// its subtests; the modules they analyse import nothing outside
// themselves (but the article's demo), so each analysis is quick.
func TestProfile(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end tests build binaries")
	}
	bin := filepath.Join(t.TempDir(), "leakvet")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	app := profileApp(t, "")

	t.Run("RealProgram", func(t *testing.T) { testProfileRealProgram(t, bin, app) })
	t.Run("HandWritten", func(t *testing.T) { testProfileHandWritten(t, bin, app) })
	t.Run("Errors", func(t *testing.T) { testProfileErrors(t, bin, app) })
	t.Run("ArticleDemo", func(t *testing.T) { testProfileArticleDemo(t, bin) })
}

// profileApp copies testdata/profile/app into a module, with extra files.
func profileApp(t *testing.T, extraFile string, extra ...string) string {
	t.Helper()
	dir := t.TempDir()
	profileWrite(t, filepath.Join(dir, "go.mod"), "module example.com/app\n\ngo 1.26\n")
	src := filepath.Join("testdata", "profile", "app")
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		profileWrite(t, filepath.Join(dir, rel), string(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if extraFile != "" {
		profileWrite(t, filepath.Join(dir, extraFile), strings.Join(extra, ""))
	}
	return dir
}

func profileWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// profileJSON runs leakvet profile -json in dir and decodes its output.
func profileJSON(t *testing.T, bin, dir string, args ...string) (profileOutput, int) {
	t.Helper()
	out, errOut, code := runEnv(t, dir, nil, bin, append([]string{"profile", "-json"}, args...)...)
	var po profileOutput
	if err := json.Unmarshal([]byte(out), &po); err != nil {
		t.Fatalf("leakvet profile -json %v: exit %d: %v\nstdout:\n%s\nstderr:\n%s", args, code, err, out, errOut)
	}
	return po, code
}

// dumpFile is the added file of the real program: once the goroutines of
// main have parked, it writes the goroutine profiles in every form the
// runtime has, then panics for a traceback (under GOTRACEBACK=all).
const dumpFile = `package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"
)

// parked reports whether every goroutine of main has parked where it
// stays: 3 in fetch, 3 in Poll's select {} and main's, 3 in Wait.
func parked() bool {
	buf := make([]byte, 1<<20)
	s := string(buf[:runtime.Stack(buf, true)])
	return strings.Count(s, " [chan send]:") == 3 && strings.Count(s, " [select (no cases)]:") == 4 && strings.Count(s, " [select]:") == 3
}

func init() {
	go func() {
		// Bounded, so that a goroutine that never parks fails the test
		// instead of hanging it.
		for i := 0; !parked(); i++ {
			if i == 3000 {
				println("not all goroutines parked")
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		dir := os.Getenv("DUMP_DIR")
		for _, name := range []string{"goroutine", "goroutineleak"} {
			p := pprof.Lookup(name)
			if p == nil {
				continue
			}
			for debug := 0; debug <= 2; debug++ {
				f, err := os.Create(filepath.Join(dir, fmt.Sprintf("%s-debug%d", name, debug)))
				if err != nil {
					panic(err)
				}
				if err := p.WriteTo(f, debug); err != nil {
					panic(err)
				}
				f.Close()
			}
		}
		panic("dumped")
	}()
}
`

func testProfileRealProgram(t *testing.T, bin, app string) {
	// The program is built from a copy with the added file; leakvet
	// analyses the copy without it: the dump's paths differ from the
	// analysed ones, as a dump from production does.
	build := profileApp(t, filepath.Join("svc", "dump.go"), dumpFile)
	dumps := t.TempDir()
	for _, exp := range []string{"", "goroutineleakprofile"} {
		exe := filepath.Join(t.TempDir(), "svc")
		env := []string{"GOEXPERIMENT=" + exp}
		if _, errOut, code := runEnv(t, build, env, "go", "build", "-o", exe, "./svc"); code != 0 {
			if exp != "" {
				t.Logf("GOEXPERIMENT=%s cannot be built here, so no goroutineleak profile: %s", exp, errOut)
				continue
			}
			t.Fatalf("go build: %s", errOut)
		}
		dir := filepath.Join(dumps, "exp-"+exp)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		_, traceback, code := runEnv(t, build, []string{"DUMP_DIR=" + dir, "GOTRACEBACK=all"}, exe)
		if code != 2 || !strings.Contains(traceback, "panic: dumped") {
			t.Fatalf("the program exited %d, want its panic (2):\n%s", code, traceback)
		}
		profileWrite(t, filepath.Join(dir, "traceback"), traceback)
	}
	base := filepath.Join(dumps, "exp-")
	// The two other protobuf shapes: uncompressed, and rewritten by the
	// library go tool pprof -proto writes with.
	raw := gunzip(t, filepath.Join(base, "goroutine-debug0"))
	profileWrite(t, filepath.Join(base, "goroutine-raw"), string(raw))
	p, err := profile.ParseData(raw)
	if err != nil {
		t.Fatal(err)
	}
	var rewritten bytes.Buffer
	if err := p.Write(&rewritten); err != nil {
		t.Fatal(err)
	}
	profileWrite(t, filepath.Join(base, "goroutine-pprof-proto"), rewritten.String())

	type form struct {
		file, form, profile string
		perGoroutine        bool // has wait reasons and go statements
		leaked              bool
	}
	forms := []form{
		{"exp-/goroutine-debug0", "protobuf", "goroutine", false, false},
		{"exp-/goroutine-raw", "protobuf", "goroutine", false, false},
		{"exp-/goroutine-pprof-proto", "protobuf", "goroutine", false, false},
		{"exp-/goroutine-debug1", "debug=1", "goroutine", false, false},
		{"exp-/goroutine-debug2", "debug=2", "goroutine", true, false},
		{"exp-/traceback", "traceback", "goroutine", true, false},
	}
	if _, err := os.Stat(filepath.Join(dumps, "exp-goroutineleakprofile", "goroutineleak-debug0")); err == nil {
		forms = append(forms,
			form{"exp-goroutineleakprofile/goroutineleak-debug0", "protobuf", "goroutineleak", false, true},
			form{"exp-goroutineleakprofile/goroutineleak-debug1", "debug=1", "goroutineleak", false, true},
			form{"exp-goroutineleakprofile/goroutineleak-debug2", "debug=2", "goroutine", true, true},
		)
	} else {
		t.Logf("no goroutineleak profile: %v", err)
	}
	for _, f := range forms {
		t.Run(strings.ReplaceAll(f.file, "/", "_"), func(t *testing.T) {
			po, code := profileJSON(t, bin, app, filepath.Join(dumps, f.file))
			if code != 3 {
				t.Errorf("exit %d, want 3", code)
			}
			if po.Form != f.form || po.Profile != f.profile {
				t.Errorf("form %q profile %q, want %q %q", po.Form, po.Profile, f.form, f.profile)
			}
			byFunc := map[string]int{}
			for i, g := range po.Groups {
				byFunc[g.Func] = i
			}
			fetch, ok := byFunc["main.fetch"]
			if !ok {
				t.Fatalf("no group parked in main.fetch: %+v", po.Groups)
			}
			g := po.Groups[fetch]
			if g.Count != 3 || g.Posn != "svc/main.go:8" || g.Status != "finding" || len(g.Findings) != 1 ||
				g.Findings[0].Message != "send on results blocks forever: nothing receives from it" || g.Findings[0].Match != "line" ||
				g.Findings[0].Posn != "svc/main.go:8:2" {
				t.Errorf("main.fetch: %+v", g)
			}
			if f.perGoroutine && (g.State != "chan send" || g.CreatedBy != "svc/main.go:13") {
				t.Errorf("main.fetch: state %q, created by %q; want chan send, svc/main.go:13", g.State, g.CreatedBy)
			}
			if f.leaked != (g.Leaked == g.Count) {
				t.Errorf("main.fetch: %d of %d leaked", g.Leaked, g.Count)
			}
			// One leak, one finding: unpaired's, at the select (noexit
			// leaves the goroutine to it).
			if g := po.Groups[byFunc["example.com/app/worker.Poll.func1"]]; g.Status != "finding" || g.Posn != "worker/worker.go:15" || len(g.Findings) != 1 || g.Findings[0].Check != "unpaired" {
				t.Errorf("Poll: %+v", g)
			}
			// The receives in worker.Wait are reported at the go
			// statement that passes it the channels: only the forms that
			// say where a goroutine was started tie them.
			wait := po.Groups[byFunc["example.com/app/worker.Wait"]]
			if f.perGoroutine {
				if wait.Status != "finding" || len(wait.Findings) != 2 || wait.Findings[0].Match != "go" || wait.Findings[0].Posn != "svc/main.go:15:2" {
					t.Errorf("Wait: %+v", wait)
				}
			} else if wait.Status != "no-finding" || wait.Note != "no finding at this select" {
				t.Errorf("Wait: %+v", wait)
			}
			if g := po.Groups[byFunc["main.main"]]; g.Posn != "svc/main.go:23" || g.Status != "no-finding" || g.Note != "no finding at this select" {
				t.Errorf("main.main: %+v", g)
			}
			if i, ok := byFunc["main.init.0.func1"]; ok && po.Groups[i].Status != "unmapped" {
				t.Errorf("the dumping goroutine (dump.go is not analysed): %+v", po.Groups[i])
			}
			if strings.Join(po.Analysed, " ") != "example.com/app example.com/app/svc example.com/app/worker" &&
				strings.Join(po.Analysed, " ") != "example.com/app/svc example.com/app/worker" {
				t.Errorf("analysed %v", po.Analysed)
			}
		})
	}
	// The text form of one, as a person reads it.
	out, _, code := runEnv(t, app, nil, bin, "profile", filepath.Join(dumps, "exp-", "goroutine-debug2"))
	want := "3 goroutines [chan send] at svc/main.go:8 (main.fetch)\n" +
		"\tsvc/main.go:8:2: send on results blocks forever: nothing receives from it\n" +
		"\tsvc/main.go:12:13: \tresults is made here\n" +
		"\tsvc/main.go:13:2: \tthe goroutine is started here\n"
	if code != 3 || !strings.Contains(out, want) {
		t.Errorf("leakvet profile (text): exit %d, output\n%s\nwant it to contain\n%s", code, out, want)
	}
}

func gunzip(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func testProfileHandWritten(t *testing.T, bin, app string) {
	fixture := func(name string) string {
		abs, err := filepath.Abs(filepath.Join("testdata", "profile", name))
		if err != nil {
			t.Fatal(err)
		}
		return abs
	}
	t.Run("OtherHostDebug2", func(t *testing.T) {
		po, code := profileJSON(t, bin, app, fixture("otherhost-debug2.txt"))
		if code != 3 || po.Goroutines != 7 || po.Mapped != 6 {
			t.Errorf("exit %d, %d goroutines, %d mapped", code, po.Goroutines, po.Mapped)
		}
		var got []string
		for _, g := range po.Groups {
			got = append(got, strings.Join([]string{g.Func, g.Posn, g.State, g.Status}, " | "))
		}
		want := []string{
			"main.fetch | svc/main.go:8 | chan send | finding",
			"main.main | svc/main.go:23 | select (no cases) | no-finding",
			"example.com/app/worker.Poll.func1 | worker/worker.go:15 | select (no cases) | finding",
			"example.com/app/worker.Wait | worker/worker.go:21 | select | finding",
			"internal/poll.runtime_pollWait |  | IO wait | runtime-only",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("groups:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if g := po.Groups[0]; g.Count != 3 || g.MinMinutes != 0 || g.MaxMinutes != 42 {
			t.Errorf("main.fetch: %d goroutines, %d-%d minutes; want 3, 0-42", g.Count, g.MinMinutes, g.MaxMinutes)
		}
	})
	t.Run("OtherHostDebug1", func(t *testing.T) {
		out, _, code := runEnv(t, app, nil, bin, "profile", fixture("otherhost-debug1.txt"), "./...")
		for _, want := range []string{
			"otherhost-debug1.txt: goroutine profile (debug=1 text), 32015 goroutines\n\n32000 goroutines at svc/main.go:8 (main.fetch)\n\tsvc/main.go:8:2: send on results blocks forever",
			"2 goroutines at worker/worker.go:21 (example.com/app/worker.Wait)\n\tno finding at this select\n",
		} {
			if code != 3 || !strings.Contains(out, want) {
				t.Errorf("exit %d, output\n%s\nwant it to contain\n%s", code, out, want)
			}
		}
	})
	t.Run("SIGQUIT", func(t *testing.T) {
		po, code := profileJSON(t, bin, app, fixture("sigquit.txt"))
		if code != 3 || po.Form != "traceback" || len(po.Groups) != 4 {
			t.Fatalf("exit %d, form %q, groups %+v", code, po.Form, po.Groups)
		}
		if g := po.Groups[0]; g.Func != "main.fetch" || g.Status != "finding" || g.CreatedBy != "svc/main.go:13" || g.MaxMinutes != 3 {
			t.Errorf("main.fetch: %+v", g)
		}
		runtimeOnly := 0
		for _, g := range po.Groups {
			if g.Status == "runtime-only" {
				runtimeOnly++
			}
		}
		if runtimeOnly != 2 {
			t.Errorf("%d runtime-only groups, want 2 (goroutines 0 and 2): %+v", runtimeOnly, po.Groups)
		}
	})
	t.Run("Goleak", func(t *testing.T) {
		po, code := profileJSON(t, bin, app, fixture("goleak.txt"), "./worker")
		if code != 3 || po.Form != "goleak" || len(po.Groups) != 2 {
			t.Fatalf("exit %d, form %q, groups %+v", code, po.Form, po.Groups)
		}
		for _, g := range po.Groups {
			if g.Status != "finding" {
				t.Errorf("%s: %+v", g.Func, g)
			}
		}
		if g := po.Groups[0]; g.Func != "example.com/app/worker.Start.func1" || g.Posn != "worker/worker.go:8" ||
			g.Findings[0].Message != "send on done blocks forever: nothing receives from it" {
			t.Errorf("Start: %+v", g)
		}
	})
	t.Run("AnalysisFlags", func(t *testing.T) {
		// Without unpaired, only noexit's finding is left: the send in
		// Start is no longer explained.
		po, code := profileJSON(t, bin, app, "-unpaired=false", fixture("goleak.txt"), "./worker")
		if code != 3 || len(po.Groups) != 2 || po.Groups[0].Status != "no-finding" || po.Groups[0].Note != "no finding at this send" ||
			po.Groups[1].Status != "finding" || len(po.Groups[1].Findings) != 1 || po.Groups[1].Findings[0].Check != "noexit" {
			t.Errorf("exit %d, groups %+v", code, po.Groups)
		}
	})
	t.Run("Budget", func(t *testing.T) {
		// Only a driver that lists the functions a budget skipped (under
		// "skipped" in its -json output) lets leakvet profile say so.
		out, _, _ := runEnv(t, app, nil, bin, "-json", "-config.max-blocks=2", "./worker")
		var tree map[string]json.RawMessage
		if err := json.Unmarshal([]byte(out), &tree); err != nil {
			t.Fatalf("leakvet -json: %v\n%s", err, out)
		}
		if _, ok := tree["skipped"]; !ok {
			t.Skip("this driver's -json output lists no skipped functions")
		}
		po, _ := profileJSON(t, bin, app, "-config.max-blocks=2", fixture("otherhost-debug1.txt"))
		found := false
		for _, g := range po.Groups {
			if g.Func == "example.com/app/worker.Wait" {
				found = true
				if g.Status != "skipped" || g.Note != "no finding: example.com/app/worker.Wait was skipped by a budget (5 basic blocks, over -config.max-blocks=2)" {
					t.Errorf("Wait: %+v", g)
				}
			}
		}
		if !found {
			t.Errorf("no group in worker.Wait: %+v", po.Groups)
		}
	})
	t.Run("Stale", func(t *testing.T) {
		po, code := profileJSON(t, bin, app, fixture("stale.txt"))
		if code != 0 || len(po.Groups) != 2 {
			t.Fatalf("exit %d, groups %+v", code, po.Groups)
		}
		for i, want := range []string{
			"(line 19 is in main here, the dump says fetch: the source may have changed since the dump)",
			"no finding: main.go has 24 lines here; the dump comes from another version of the source",
		} {
			if !strings.Contains(po.Groups[i].Note, want) {
				t.Errorf("group %d note %q, want it to contain %q", i, po.Groups[i].Note, want)
			}
		}
	})
	t.Run("Stdin", func(t *testing.T) {
		data, err := os.ReadFile(fixture("goleak.txt"))
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "profile", "-", "./worker")
		cmd.Dir, cmd.Stdin = app, bytes.NewReader(data)
		out, err := cmd.Output()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 || !strings.HasPrefix(string(out), "standard input: goleak message, 2 goroutines\n") {
			t.Errorf("leakvet profile - < goleak.txt: %v\n%s", err, out)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		empty := filepath.Join(t.TempDir(), "leak.txt")
		profileWrite(t, empty, "goroutineleak profile: total 0\n")
		po, code := profileJSON(t, bin, app, empty)
		if code != 0 || po.Note != "the dump holds no goroutines" || len(po.Groups) != 0 {
			t.Errorf("exit %d, %+v", code, po)
		}
	})
	t.Run("NoMatch", func(t *testing.T) {
		out, _, code := runEnv(t, app, nil, bin, "profile", fixture("nomatch.txt"))
		want := "1 goroutine [chan receive, 5 minutes] at /src/tool/internal/queue/queue.go:41 (github.com/other/tool/internal/queue.(*Queue).Pop)\n" +
			"\tnot in the analysed packages\n"
		if code != 0 || !strings.Contains(out, want) || !strings.Contains(out, "no goroutine of the dump is parked in the analysed packages (./...)") {
			t.Errorf("exit %d, output\n%s\nwant it to contain\n%s", code, out, want)
		}
	})
}

func testProfileErrors(t *testing.T, bin, app string) {
	dir := t.TempDir()
	whole, err := os.ReadFile(filepath.Join("internal", "goroutinedump", "testdata", "goroutine.pb.gz"))
	if err != nil {
		t.Fatal(err)
	}
	profileWrite(t, filepath.Join(dir, "cut.pb.gz"), string(whole[:len(whole)/2]))
	profileWrite(t, filepath.Join(dir, "cut.txt"), "goroutine 1 [chan send]:\nmain.fetch(...)\n")
	profileWrite(t, filepath.Join(dir, "junk"), "hello\n")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"profile"}, 2, "usage: leakvet profile [-json] [analysis flags] FILE [packages]"},
		{[]string{"profile", "-json=maybe", "x"}, 2, "invalid boolean value"},
		{[]string{"profile", "-nosuchflag", filepath.Join("testdata", "profile", "goleak.txt"), "./testdata/profile/app/worker"}, 2, "-nosuchflag"},
		{[]string{"profile", filepath.Join(dir, "missing")}, 1, "no such file or directory"},
		{[]string{"profile", filepath.Join(dir, "cut.pb.gz")}, 1, "cut.pb.gz: truncated gzip data"},
		{[]string{"profile", filepath.Join(dir, "cut.txt")}, 1, "cut.txt: line 2: the dump ends in the middle of a frame (main.fetch): truncated"},
		{[]string{"profile", filepath.Join(dir, "junk")}, 1, "junk: no goroutine stacks found"},
		{[]string{"profile", filepath.Join("testdata", "profile", "goleak.txt"), "./nosuchdir"}, 1, "nosuchdir"},
	} {
		out, errOut, code := runEnv(t, ".", nil, bin, tc.args...)
		if tc.code == 1 && (strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "leakvet profile: ")) {
			t.Errorf("%v: stderr %q, want one line", tc.args, errOut)
		}
		if code != tc.code || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", tc.args, code, out, errOut, tc.code, tc.want)
		}
	}
	// Packages that do not type-check: leakvet's own message.
	broken := profileApp(t, filepath.Join("worker", "broken.go"), "package worker\n\nfunc broken() int { return \"x\" }\n")
	out, errOut, code := runEnv(t, broken, nil, bin, "profile", app, "./worker")
	if code != 1 || out != "" || !strings.Contains(errOut, "is a directory") {
		t.Errorf("a directory as FILE: exit %d, %q", code, errOut)
	}
	goleak, _ := filepath.Abs(filepath.Join("testdata", "profile", "goleak.txt"))
	out, errOut, code = runEnv(t, broken, nil, bin, "profile", goleak, "./worker")
	if code != 1 || out != "" || !strings.Contains(errOut, "broken.go:3") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("a package with a type error: exit %d, stdout %q, stderr %q", code, out, errOut)
	}

	out, _, code = runEnv(t, ".", nil, bin, "help", "profile")
	if code != 0 || !strings.Contains(out, "Usage: leakvet profile [-json] [analysis flags] FILE [packages]") || !strings.Contains(out, "Exit status: 3") {
		t.Errorf("leakvet help profile: exit %d\n%s", code, out)
	}
	// The driver's help, then the profile command's entry.
	out, _, code = runEnv(t, ".", nil, bin, "help")
	if code != 0 || !strings.HasPrefix(out, "leakvet") || !strings.Contains(out, "unpaired") ||
		!strings.HasSuffix(out, "with leakvet's finding there. Run 'leakvet help profile' for details.\n") {
		t.Errorf("leakvet help: exit %d\n%s", code, out)
	}
}

// demoDumpFile is added to a copy of the article's demo: once its loop has
// started a few leaking goroutines and they have parked, it writes the goroutine profile as
// /debug/pprof/goroutine?debug=1 and /debug/pprof/goroutine would, and
// ends the program.
const demoDumpFile = `package main

import (
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"
)

// parked reports whether the pprof server, the select {} goroutine and 20
// of the leaking goroutines have parked.
func parked() bool {
	buf := make([]byte, 1<<20)
	s := string(buf[:runtime.Stack(buf, true)])
	return strings.Contains(s, " [IO wait]:") && strings.Contains(s, " [select (no cases)]:") && strings.Count(s, " [chan send]:") >= 20
}

func init() {
	go func() {
		// Bounded, so that a goroutine that never parks fails the test
		// instead of hanging it.
		for i := 0; !parked(); i++ {
			if i == 3000 {
				println("not all goroutines parked")
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		for debug, name := range []string{"goroutine.pb.gz", "goroutine.txt"} {
			f, err := os.Create(name)
			if err != nil {
				panic(err)
			}
			pprof.Lookup("goroutine").WriteTo(f, debug)
			f.Close()
		}
		os.Exit(0)
	}()
}
`

func testProfileArticleDemo(t *testing.T, bin string) {
	dir := t.TempDir()
	profileWrite(t, filepath.Join(dir, "go.mod"), "module example.com/article\n\ngo 1.26\n")
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "src", "article", "leakdemo", "leak_demo1.go"))
	if err != nil {
		t.Fatal(err)
	}
	// Its pprof server listens on a free loopback port instead of 6060,
	// on the same line.
	src := strings.Replace(string(data), `"0.0.0.0:6060"`, `"127.0.0.1:0"`, 1)
	if src == string(data) {
		t.Fatal("the demo no longer listens on 0.0.0.0:6060")
	}
	profileWrite(t, filepath.Join(dir, "leakdemo", "leak_demo1.go"), src)
	build := t.TempDir()
	profileWrite(t, filepath.Join(build, "go.mod"), "module example.com/article\n\ngo 1.26\n")
	profileWrite(t, filepath.Join(build, "leakdemo", "leak_demo1.go"), src)
	profileWrite(t, filepath.Join(build, "leakdemo", "dump.go"), demoDumpFile)
	exe := filepath.Join(t.TempDir(), "leakdemo")
	if _, errOut, code := runEnv(t, build, nil, "go", "build", "-o", exe, "./leakdemo"); code != 0 {
		t.Fatalf("go build: %s", errOut)
	}
	if _, errOut, code := runEnv(t, dir, nil, exe); code != 0 {
		t.Fatalf("the demo exited %d: %s", code, errOut)
	}

	out, errOut, code := runEnv(t, dir, nil, bin, "profile", "goroutine.txt", "./leakdemo")
	lines := strings.Split(out, "\n")
	if code != 3 || len(lines) < 7 || !strings.HasPrefix(lines[0], "goroutine.txt: goroutine profile (debug=1 text), ") ||
		!strings.Contains(lines[2], " goroutines at leakdemo/leak_demo1.go:48 (main.") ||
		strings.Join(lines[3:7], "\n") != "\tleakdemo/leak_demo1.go:48:3: send on outCh blocks forever: its only receive (leak_demo1.go:24) is in dead code\n"+
			"\tleakdemo/leak_demo1.go:21:11: \toutCh is made here\n"+
			"\tleakdemo/leak_demo1.go:39:2: \tthe goroutine is started here, again and again\n"+
			"\tleakdemo/leak_demo1.go:24:4: \tthis receive never runs: it is inside if false" {
		t.Errorf("leakvet profile goroutine.txt: exit %d\n%s\n%s", code, out, errOut)
	}

	po, code := profileJSON(t, bin, dir, "goroutine.pb.gz", "./leakdemo")
	if code != 3 || po.Form != "protobuf" || len(po.Groups) == 0 {
		t.Fatalf("leakvet profile -json goroutine.pb.gz: exit %d, %+v", code, po)
	}
	if g := po.Groups[0]; g.Posn != "leakdemo/leak_demo1.go:48" || g.Count < 2 || g.Status != "finding" || g.Findings[0].Check != "unpaired" {
		t.Errorf("first group: %+v", g)
	}
	notes := map[string]string{}
	for _, g := range po.Groups {
		notes[g.Posn] = g.Status + ": " + g.Note
	}
	for posn, want := range map[string]string{
		"leakdemo/leak_demo1.go:26": "no-finding: no finding at this select",
		"leakdemo/leak_demo1.go:15": "no-channel-op: no finding: no channel operation on this line; the goroutine waits inside net/http.",
	} {
		if !strings.HasPrefix(notes[posn], want) {
			t.Errorf("%s: %q, want %q", posn, notes[posn], want)
		}
	}
}
