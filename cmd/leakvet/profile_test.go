package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/cmd/leakvet/internal/goroutinedump"
)

// TestProfileDocInREADME keeps the README's copy of leakvet help profile
// the same as the command's.
func TestProfileDocInREADME(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	_, after, ok := strings.Cut(readme, "<!-- profile-doc:begin")
	block, _, ok2 := strings.Cut(after, "<!-- profile-doc:end -->")
	if !ok || !ok2 {
		t.Fatal("README.md lacks the profile-doc markers")
	}
	if !strings.Contains(block, "```\n"+profileDoc+"```\n") {
		t.Errorf("README.md's copy of leakvet help profile differs from profileDoc:\n%s", block)
	}
}

// fakeIndex builds an index from go list -json output without the go
// command.
func fakeIndex(t *testing.T, cwd string, pkgs ...profileListed) *profileIndex {
	t.Helper()
	var out []byte
	for _, p := range pkgs {
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b...)
		out = append(out, '\n')
	}
	p := &profiler{goList: func(args ...string) ([]byte, error) {
		if args[0] == "std" {
			return []byte("fmt\nnet/http\nruntime\n"), nil
		}
		return out, nil
	}}
	idx, err := p.loadIndex([]string{"./..."})
	if err != nil {
		t.Fatal(err)
	}
	idx.cwd = cwd
	return idx
}

func TestMapFrame(t *testing.T) {
	idx := fakeIndex(t, "/home/u/app",
		profileListed{ImportPath: "example.com/app/svc", Name: "main", Dir: "/home/u/app/svc", GoFiles: []string{"main.go", "util.go"}},
		profileListed{ImportPath: "example.com/app/cmd/tool", Name: "main", Dir: "/home/u/app/cmd/tool", GoFiles: []string{"main.go"}},
		profileListed{ImportPath: "example.com/app/worker", Name: "worker", Dir: "/home/u/app/worker", GoFiles: []string{"worker.go"}, TestGoFiles: []string{"worker_test.go"}, XTestGoFiles: []string{"x_test.go"}},
		profileListed{ImportPath: "example.com/app/other", Name: "other", Dir: "/home/u/app/other", GoFiles: []string{"worker.go"}},
	)
	for _, tc := range []struct {
		fn, file string
		want     string // the file here, or "-why" for no mapping
	}{
		{"main.fetch", "/build/app/svc/main.go", "svc/main.go"},
		{"main.fetch", `C:\build\app\svc\util.go`, "svc/util.go"},
		{"main.run", "/build/app/cmd/tool/main.go", "cmd/tool/main.go"},
		{"main.run", "/elsewhere/main.go", "-ambiguous: cmd/tool/main.go, svc/main.go"},
		{"example.com/app/worker.Start.func1", "/ci/worker.go", "worker/worker.go"},
		{"example.com/app/worker.TestStart", "/ci/x/worker_test.go", "worker/worker_test.go"},
		{"example.com/app/worker_test.TestX", "/ci/x/x_test.go", "worker/x_test.go"},
		// Renamed module (a fork): the directory still matches.
		{"example.com/fork/worker.Start", "/src/fork/worker/worker.go", "worker/worker.go"},
		// Another package's file of the same name, and no more.
		{"example.com/lib.F", "/src/lib/worker.go", "-worker/worker.go of package example.com/app/worker is not example.com/lib.F of the dump"},
		{"example.com/lib.F", "/src/lib/lib.go", "-"},
		{"main.f", "", "-"},
	} {
		m, ok := idx.mapFrame(goroutinedump.Frame{Func: tc.fn, File: tc.file, Line: 3})
		got := "-" + m.why
		if ok {
			got = idx.rel(m.file)
		}
		if got != tc.want {
			t.Errorf("%s at %s: got %q, want %q", tc.fn, tc.file, got, tc.want)
		}
	}
	if !idx.isStd("net/http") || idx.isStd("example.com/app/svc") || idx.isStd("main") {
		t.Error("isStd ignores go list std")
	}
}

func TestParseAnalysis(t *testing.T) {
	out := `some line a driver printed first
{"not": "the tree"
{
	"example.com/m": {
		"unpaired": [
			{"posn": "/m/a.go:8:2", "message": "send blocks", "related": [{"posn": "/m/a.go:4:9", "message": "made here"}]}
		],
		"noexit": [
			{"posn": "/m/a.go:30:2", "message": "never ends", "related": [{"posn": "/m/a.go:15:2", "message": "the goroutine can never get past this"}]}
		]
	},
	"skipped": [{"posn": "/m/big.go:3:6", "func": "example.com/m.Big", "budget": "max-blocks", "size": 900, "limit": 500}]
}
`
	res, err := parseProfileAnalysis([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.diags) != 2 || len(res.skipped) != 1 || len(res.errors) != 0 {
		t.Fatalf("got %+v", res)
	}
	if _, err := parseProfileAnalysis([]byte("no JSON at all\n")); err == nil || !strings.Contains(err.Error(), "printed no JSON") {
		t.Errorf("no JSON: %v", err)
	}
	res2, err := parseProfileAnalysis([]byte(`{"p": {"unpaired": {"error": "analysis skipped due to errors in package"}}}`))
	if err != nil || len(res2.errors) != 1 || !strings.Contains(res2.errors[0], "p: unpaired: analysis skipped") {
		t.Errorf("errors: %v %+v", err, res2)
	}

	// At the line; at a related position only when the line holds an
	// operation; at a loop around it; at the go statement.
	for _, tc := range []struct {
		at   profileParked
		want string
	}{
		{profileParked{file: "/m/a.go", line: 8}, "send blocks:line"},
		{profileParked{file: "/m/a.go", line: 4}, ""},
		{profileParked{file: "/m/a.go", line: 4, op: true}, "send blocks:related"},
		{profileParked{file: "/m/a.go", line: 16, loops: []int{15}}, "never ends:related"},
		{profileParked{file: "/m/a.go", line: 50, goFile: "/m/a.go", goLine: 30}, "never ends:go"},
		{profileParked{file: "/m/a.go", line: 7, cases: []int{8}}, "send blocks:line"},
		{profileParked{file: "/m/b.go", line: 8}, ""},
	} {
		var got []string
		for _, f := range res.explaining(tc.at) {
			got = append(got, f.Message+":"+f.Match)
		}
		if strings.Join(got, ",") != tc.want {
			t.Errorf("%+v: got %v, want %q", tc.at, got, tc.want)
		}
	}
}

func TestInstead(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "big.go")
	src := `package m

func Big(ch chan int, in <-chan int) {
	for v := range in {
		ch <- v
	}
	select {
	case <-in:
	}
	println()
}

type T struct{}

func (t *T) Wait() {
	work()
}

func work() {}
`
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res := &profileAnalysis{skipped: []profileSkip{{file: path, line: 3, fn: "example.com/m.Big", budget: "max-blocks", size: 900, limit: 500}}}
	none := &profileAnalysis{}
	group := func(fn string, line int, inner ...string) goroutinedump.Group {
		var stack []goroutinedump.Frame
		for _, f := range inner {
			stack = append(stack, goroutinedump.Frame{Func: f})
		}
		stack = append(stack, goroutinedump.Frame{Func: fn, File: path, Line: line})
		return goroutinedump.Group{Frame: stack[len(stack)-1], Parked: true, Index: len(stack) - 1, State: "chan receive", Example: goroutinedump.Goroutine{Stack: stack}}
	}
	s := readProfileSource(path)
	for _, tc := range []struct {
		res          *profileAnalysis
		g            goroutinedump.Group
		status, note string
	}{
		{res, group("example.com/m.Big", 5), "skipped", "no finding: example.com/m.Big was skipped by a budget (900 basic blocks, over -config.max-blocks=500)"},
		{none, group("example.com/m.Big", 4), "no-finding", "no finding at this range loop"},
		{none, group("example.com/m.Big", 5), "no-finding", "no finding at this send"},
		{none, group("example.com/m.Big", 7), "no-finding", "no finding at this select"},
		{none, group("example.com/m.Big", 8), "no-finding", "no finding at this receive"},
		{none, group("example.com/m.Big", 10, "runtime.gopark", "fmt.Println"), "no-channel-op", "no finding: no channel operation on this line; the goroutine waits inside fmt.Println"},
		{none, group("example.com/m.(*T).Wait", 16, "example.com/lib.Block"), "no-channel-op", "no finding: no channel operation on this line; the goroutine waits inside example.com/lib.Block"},
		{none, group("example.com/m.Other", 16), "no-channel-op", "no finding: no channel operation on this line (line 16 is in (*T).Wait here, the dump says Other: the source may have changed since the dump)"},
		{none, group("example.com/m.Big", 99), "no-finding", "no finding: big.go has 19 lines here; the dump comes from another version of the source"},
	} {
		status, note := tc.res.instead(s, tc.g)
		if status != tc.status || note != tc.note {
			t.Errorf("%s:%d: got %s %q, want %s %q", tc.g.Frame.Func, tc.g.Frame.Line, status, note, tc.status, tc.note)
		}
	}
	if s := readProfileSource(filepath.Join(dir, "missing.go")); s.err == nil {
		t.Error("a missing file reads")
	} else if status, note := none.instead(s, group("m.F", 3)); status != "no-finding" || !strings.Contains(note, "cannot be read here") {
		t.Errorf("missing file: %s %q", status, note)
	}
}
