package goroutinedump

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// parked returns the groups as "count state func file:line" lines.
func parked(d *Dump) []string {
	var out []string
	for _, g := range ByParkedFrame(d, nil) {
		if !g.Parked {
			continue
		}
		s := g.State
		if s == "" {
			s = "-"
		}
		line := strings.Join([]string{strconv.Itoa(g.Count), s, g.Frame.Func, g.Frame.Pos()}, " ")
		if g.Leaked > 0 {
			line += " leaked=" + strconv.Itoa(g.Leaked)
		}
		out = append(out, line)
	}
	return out
}

// The fixtures were written by real programs (runtime/pprof, a SIGQUIT, a
// deadlock, a panic, goleak v1.3.0 under go test) with /tmp paths
// rewritten to /build/app, as a dump from another machine has them.
func TestParseFixtures(t *testing.T) {
	for _, tc := range []struct {
		file    string
		form    Form
		profile string
		total   int
		want    []string
	}{
		{"goroutine.pb.gz", Proto, "goroutine", 6, []string{"5 - main.worker /tmp/lk/main.go:11", "1 - main.main /tmp/lk/main.go:28"}},
		{"goroutine.pb", Proto, "goroutine", 6, []string{"5 - main.worker /tmp/lk/main.go:11", "1 - main.main /tmp/lk/main.go:28"}},
		{"goroutineleak.pb.gz", Proto, "goroutineleak", 5, []string{"5 - main.worker /tmp/lk/main.go:11 leaked=5"}},
		{"debug1.txt", Debug1, "goroutine", 6, []string{"5 - main.worker /build/app/main.go:11", "1 - main.main /build/app/main.go:28"}},
		{"goroutineleak-debug1.txt", Debug1, "goroutineleak", 5, []string{"5 - main.worker /build/app/main.go:11 leaked=5"}},
		{"debug2.txt", Debug2, "goroutine", 6, []string{"5 chan send main.worker /build/app/main.go:11", "1 running main.main /build/app/main.go:28"}},
		{"goroutineleak-debug2.txt", Debug2, "goroutine", 6, []string{"5 chan send main.worker /build/app/main.go:11 leaked=5", "1 running main.main /build/app/main.go:28"}},
		{"quit.txt", Traceback, "goroutine", 11, []string{
			"3 chan send main.(*server).handle /build/app/main.go:13",
			"1 sync.WaitGroup.Wait main.main.func1 /build/app/main.go:25",
			"1 sleep main.main /build/app/main.go:33",
		}},
		{"deadlock.txt", Traceback, "goroutine", 5, []string{
			"3 chan send main.(*server).handle /build/app/main.go:13",
			"1 sync.WaitGroup.Wait main.main.func1 /build/app/main.go:25",
			"1 select (no cases) main.main /build/app/main.go:32",
		}},
		{"panic.txt", Traceback, "goroutine", 1, []string{"1 running main.main /build/app/main.go:30"}},
		// The article's demo over HTTP: one goroutine had not started yet
		// (runtime.goexit alone, no frames printed).
		{"demo-debug1.txt", Debug1, "goroutine", 285, []string{
			"280 - main.alloc1.gowrap1.alloc2.1 /build/leakvet/testdata/src/article/leakdemo/leak_demo1.go:48",
			"1 - main.main.func1 /build/leakvet/testdata/src/article/leakdemo/leak_demo1.go:15",
			"1 - main.main.func2 /build/leakvet/testdata/src/article/leakdemo/leak_demo1.go:26",
			"1 - main.main /build/leakvet/testdata/src/article/leakdemo/leak_demo1.go:31",
		}},
		{"goleak.txt", Goleak, "", 2, []string{
			"1 chan send example.com/gl.leak /build/app/gl_test.go:9",
			"1 chan receive example.com/gl.TestLeak.func1 /build/app/gl_test.go:15",
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			d, err := Parse(read(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if d.Form != tc.form || d.Profile != tc.profile || d.Total() != tc.total {
				t.Errorf("form %q profile %q total %d, want %q %q %d", d.Form, d.Profile, d.Total(), tc.form, tc.profile, tc.total)
			}
			if got := parked(d); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("groups:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestCreatedBy(t *testing.T) {
	d, err := Parse(read(t, "debug2.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range d.Goroutines {
		if g.State != "chan send" {
			continue
		}
		if g.CreatedBy == nil || g.CreatedBy.Func != "main.main" || g.CreatedBy.Pos() != "/build/app/main.go:17" {
			t.Errorf("goroutine %d created by %+v, want main.main at /build/app/main.go:17", g.ID, g.CreatedBy)
		}
	}
}

func TestHeaders(t *testing.T) {
	for _, tc := range []struct {
		header  string
		state   string
		minutes int
		leaked  bool
		labels  string
	}{
		{"goroutine 7 [chan send]:", "chan send", 0, false, ""},
		{"goroutine 7 [chan send, 3 minutes]:", "chan send", 3, false, ""},
		{"goroutine 7 [chan send (nil chan), 12 minutes]:", "chan send (nil chan)", 12, false, ""},
		{"goroutine 7 [chan receive (leaked), 1 minutes, locked to thread]:", "chan receive", 1, true, ""},
		{"goroutine 7 gp=0xc000007 m=nil [select, 60 minutes]:", "select", 60, false, ""},
		{"goroutine 7 gp=0x1 m=3 mp=0x2 [select (no cases)]:", "select (no cases)", 0, false, ""},
		{`goroutine 7 [sync.Mutex.Lock, 2 minutes labels:{"a": "b, c"}]:`, "sync.Mutex.Lock", 2, false, `{"a": "b, c"}`},
	} {
		text := tc.header + "\nmain.f(...)\n\t/build/app/f.go:3\n"
		d, err := Parse([]byte(text))
		if err != nil {
			t.Errorf("%s: %v", tc.header, err)
			continue
		}
		g := d.Goroutines[0]
		if g.ID != 7 || g.State != tc.state || g.Minutes != tc.minutes || g.Leaked != tc.leaked || g.Labels != tc.labels {
			t.Errorf("%s: got id %d %q %d min leaked=%v labels %q", tc.header, g.ID, g.State, g.Minutes, g.Leaked, g.Labels)
		}
	}
}

func TestGroupsMinutesAndOrder(t *testing.T) {
	text := `goroutine 10 [chan send, 3 minutes]:
main.send(...)
	/build/app/a.go:5
created by main.main in goroutine 1
	/build/app/a.go:9 +0x25

goroutine 11 [chan send, 7 minutes]:
main.send(...)
	/build/app/a.go:5

goroutine 12 [chan send]:
main.send(...)
	/build/app/a.go:5

goroutine 13 [chan receive]:
runtime.gopark(0x0?)
	/usr/lib/go/src/runtime/proc.go:462 +0xce
example.com/m/svc.(*T[...]).recv.func1()
	/build/app/svc/t.go:20 +0x2
net/http.(*conn).serve(0x1)
	/usr/lib/go/src/net/http/server.go:2000 +0x1

goroutine 14 [IO wait]:
internal/poll.(*FD).Read(0x1)
	/usr/lib/go/src/internal/poll/fd_unix.go:165 +0x1
`
	d, err := Parse([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	groups := ByParkedFrame(d, nil)
	if len(groups) != 3 {
		t.Fatalf("%d groups, want 3: %+v", len(groups), groups)
	}
	g := groups[0]
	if g.Count != 3 || g.MinMinutes != 0 || g.MaxMinutes != 7 || g.Frame.Pos() != "/build/app/a.go:5" || !g.Parked {
		t.Errorf("first group %+v", g)
	}
	if g.Example.CreatedBy == nil || g.Example.CreatedBy.Line != 9 {
		t.Errorf("first group's example lost its go statement: %+v", g.Example.CreatedBy)
	}
	if g := groups[1]; !g.Parked || g.Frame.Func != "example.com/m/svc.(*T[...]).recv.func1" || g.Index != 1 {
		t.Errorf("second group parked at %+v (index %d), want the closure past runtime.gopark", g.Frame, g.Index)
	}
	if g := groups[2]; g.Parked || g.Frame.Func != "internal/poll.(*FD).Read" {
		t.Errorf("third group %+v: want no user frame", g)
	}
	// A caller's predicate decides what is user code.
	groups = ByParkedFrame(d, func(f Frame) bool { return f.Func == "net/http.(*conn).serve" })
	for _, g := range groups {
		if g.Parked && g.Frame.Func != "net/http.(*conn).serve" {
			t.Errorf("predicate ignored: %+v", g.Frame)
		}
	}
}

func TestGroupsOneLineOneGroup(t *testing.T) {
	text := `goroutine 10 [chan send]:
main.alloc2.func1()
	/build/app/demo.go:48 +0x1

goroutine 11 [chan send]:
main.alloc1.gowrap1.alloc2.1(...)
	/build/app/demo.go:48

goroutine 12 [chan send]:
main.other()
	/build/app/demo.go:50 +0x1
`
	d, err := Parse([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	groups := ByParkedFrame(d, nil)
	if len(groups) != 2 || groups[0].Count != 2 || groups[0].Frame.Func != "main.alloc2.func1" || groups[1].Frame.Line != 50 {
		t.Errorf("groups %+v", groups)
	}
}

func TestOldGoleakAndIndent(t *testing.T) {
	// goleak before v1.3 printed the runtime's header inside its block;
	// here with go test's indentation and a goroutine waiting for minutes.
	text := `--- FAIL: TestX (0.01s)
    x_test.go:12: found unexpected goroutines:
        [Goroutine 21 in state chan receive, 2 minutes, with example.com/m.worker on top of the stack:
        goroutine 21 [chan receive, 2 minutes]:
        example.com/m.worker(0xc000010000)
        	/build/app/m.go:30 +0x25
        created by example.com/m.Start
        	/build/app/m.go:20 +0x45
        ]
FAIL
`
	d, err := Parse([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if d.Form != Goleak || len(d.Goroutines) != 1 {
		t.Fatalf("form %q, %d goroutines", d.Form, len(d.Goroutines))
	}
	g := d.Goroutines[0]
	if g.ID != 21 || g.State != "chan receive" || g.Minutes != 2 || len(g.Stack) != 1 || g.Stack[0].Pos() != "/build/app/m.go:30" || g.CreatedBy == nil || g.CreatedBy.Func != "example.com/m.Start" {
		t.Errorf("got %+v", g)
	}
}

func TestGoleakClosedOnTheFileLine(t *testing.T) {
	text := "found unexpected goroutines:\n[Goroutine 5 in state chan send, with main.f on top of the stack:\ngoroutine 5 [chan send]:\nmain.f()\n\t/build/app/f.go:3 +0x1d]\n"
	d, err := Parse([]byte(text))
	if err != nil || len(d.Goroutines) != 1 || d.Goroutines[0].Stack[0].Pos() != "/build/app/f.go:3" {
		t.Fatalf("%v %+v", err, d)
	}
}

func TestErrors(t *testing.T) {
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		w.Write(b)
		w.Close()
		return buf.Bytes()
	}
	pb := read(t, "goroutine.pb.gz")
	debug2 := read(t, "debug2.txt")
	debug1 := read(t, "debug1.txt")
	goleak := read(t, "goleak.txt")
	cut := func(b []byte, s string) []byte { return b[:bytes.Index(b, []byte(s))+len(s)] }
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", []byte("\n \n"), "empty file"},
		{"gzip cut", pb[:len(pb)/2], "truncated gzip data"},
		{"gzip of nothing", gz(nil), "empty profile"},
		{"not a goroutine profile", read(t, "heap.pb.gz"), "not a goroutine or goroutineleak profile (its samples count alloc_objects)"},
		{"binary garbage", []byte{0xff, 0x00, 0x13, 0x37, 0x42}, "not a pprof profile"},
		{"text of nothing", []byte("hello\nworld\n"), "no goroutine stacks found"},
		{"debug=2 cut in a file line", cut(debug2, "/build/app/ma"), "want the file:line of main.main"},
		{"debug=2 cut after a function", cut(debug2, "main.worker(...)\n"), "ends in the middle of a frame (main.worker): truncated"},
		{"debug=2 cut in a header", cut(debug2, "goroutine 8 [chan"), "ends in the middle of a line"},
		{"debug=1 cut", cut(debug1, "5 @ 0x47d92e 0x41491c 0x414517 0x4da29e 0x483de1\n"), "the last stack has no frames and no blank line after it: truncated"},
		{"debug=1 missing a record", cut(debug1, "main.go:11\n"), "the header says 6 goroutines, the stacks add up to 5"},
		{"debug=1 corrupt frame", bytes.Replace(debug1, []byte("#\t0x4da29d"), []byte("#\tzz"), 1), "corrupt debug=1 frame"},
		{"goleak cut", cut(goleak, "gl_test.go:15 +0xa5\n"), "no closing ]: truncated"},
		{"gzipped debug=2 cut", gz(cut(debug2, "main.worker(...)\n")), "truncated"},
	} {
		_, err := Parse(tc.data)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %v, want one line containing %q", tc.name, err, tc.want)
		}
	}
}

func TestGzippedText(t *testing.T) {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(read(t, "debug2.txt"))
	w.Close()
	d, err := Parse(buf.Bytes())
	if err != nil || d.Form != Debug2 || d.Total() != 6 {
		t.Fatalf("gzipped debug=2: %v %+v", err, d)
	}
}

func TestNames(t *testing.T) {
	for _, tc := range []struct{ fn, pkg, name string }{
		{"main.alloc2.func1", "main", "alloc2"},
		{"main.main.func1.1", "main", "main"},
		{"main.alloc1.gowrap1", "main", "alloc1"},
		{"main.alloc1.gowrap1.alloc2.1", "main", "alloc2"},
		{"net/http.(*conn).serve", "net/http", "(*conn).serve"},
		{"example.com/m/svc.(*T[...]).recv.func1", "example.com/m/svc", "(*T).recv"},
		{"example.com/m.F[go.shape.struct { example.com/m.x int }]", "example.com/m", "F"},
		{"gopkg.in/yaml%2ev3.Unmarshal", "gopkg.in/yaml.v3", "Unmarshal"},
		{"example.com/m.glob..func1", "example.com/m", ""},
		{"example.com/m.T.deferwrap2", "example.com/m", "T"},
	} {
		if got := PkgPath(tc.fn); got != tc.pkg {
			t.Errorf("PkgPath(%q) = %q, want %q", tc.fn, got, tc.pkg)
		}
		if got := FuncName(tc.fn); got != tc.name {
			t.Errorf("FuncName(%q) = %q, want %q", tc.fn, got, tc.name)
		}
	}
	for pkg, std := range map[string]bool{"runtime": true, "net/http": true, "internal/poll": true, "main": false, "example.com/m": false, "": false} {
		if IsStd(pkg) != std {
			t.Errorf("IsStd(%q) = %v", pkg, !std)
		}
	}
}

// BenchmarkParseDebug2 parses a debug=2 dump of 32,000 goroutines parked
// on one line, the size the README's story starts from.
func BenchmarkParseDebug2(b *testing.B) {
	var buf bytes.Buffer
	for i := 0; i < 32000; i++ {
		buf.WriteString("goroutine " + strconv.Itoa(i+1) + " [chan send, 3 minutes]:\n" +
			"runtime.gopark(0x0?, 0x0?)\n\t/usr/lib/go/src/runtime/proc.go:462 +0xce\n" +
			"main.fetch(...)\n\t/build/app/svc/main.go:8\n" +
			"created by main.handle in goroutine 1\n\t/build/app/svc/main.go:13 +0x6b\n\n")
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		d, err := Parse(data)
		if err != nil {
			b.Fatal(err)
		}
		if groups := ByParkedFrame(d, nil); len(groups) != 1 || groups[0].Count != 32000 {
			b.Fatalf("groups %+v", groups)
		}
	}
}
