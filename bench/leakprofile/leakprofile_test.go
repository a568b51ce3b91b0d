// Package leakprofile scores leakvet against the Go toolchain's own
// goroutine-leak test corpus ($GOROOT/src/runtime/testdata/
// testgoroutineleakprofile), whose expected leaks are listed in
// $GOROOT/src/runtime/goroutineleakprofile_test.go.
//
//	go test ./bench/leakprofile -v                 # print the table
//	go test ./bench/leakprofile -args -update      # rewrite the README's table
//
// The test fails when leakvet finds fewer channel leaks, or reports more
// diagnostics outside every expected function, than the README claims. Every
// channel leak leakvet misses, and every diagnostic outside the expected
// functions, is explained by a line of notes.txt, judged by reading the
// case; the test fails when one lacks its note or a note explains nothing.
package leakprofile

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	// The test builds and runs the leakvet binary; importing the suite
	// makes go test's cache see changes to it.
	_ "github.com/leakvet/leakvet/analyzer"
)

var update = flag.Bool("update", false, "rewrite the table in README.md")

// leak is one expected leaking goroutine: its entry function and wait reason.
type leak struct {
	group  string // micro, stress, patterns, goker
	test   string // the test case, e.g. "NoCloseRange"
	fnRe   *regexp.Regexp
	fnText string
	reason string // e.g. "chan send", "select (no cases)", "sync.Mutex.Lock"
	flaky  bool
	found  bool
}

// inScope reports whether leakvet is meant to find the leak: it blocks on
// a channel operation, a select or a nil channel. Every miss of these is
// explained in notes.txt.
func (l *leak) inScope() bool {
	return strings.HasPrefix(l.reason, "chan ") || strings.HasPrefix(l.reason, "select")
}

// searched reports whether the leak blocks on a lock, a wait group or a
// condition variable: the deadlock check's interleaving search looks for
// these. They are counted apart, and their misses are not yet explained
// one by one.
func (l *leak) searched() bool {
	return strings.HasPrefix(l.reason, "sync.")
}

func goEnv(t *testing.T, name string) string {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

// expectedLeaks parses the runtime's test file for the test case lists.
func expectedLeaks(t *testing.T, file string) []*leak {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]string{
		"microTests":       "micro",
		"stressTestCases":  "stress",
		"patternTestCases": "patterns",
		"gokerTestCases":   "goker",
	}
	var leaks []*leak
	ast.Inspect(f, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			return true
		}
		id, ok := as.Lhs[0].(*ast.Ident)
		if !ok {
			return true
		}
		group, known := groups[id.Name]
		if !known {
			return true
		}
		lit, ok := as.Rhs[0].(*ast.CompositeLit)
		if !ok {
			return true
		}
		for _, elt := range lit.Elts {
			call, ok := elt.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				continue
			}
			fun, _ := call.Fun.(*ast.Ident)
			if fun == nil {
				continue
			}
			flaky := fun.Name == "makeFlakyTest"
			test := stringLit(t, call.Args[0])
			for _, a := range call.Args[1:] {
				pattern := stringLit(t, a)
				l := parseLeak(t, pattern)
				l.group, l.test, l.flaky = group, test, flaky
				leaks = append(leaks, l)
			}
		}
		return true
	})
	if len(leaks) == 0 {
		t.Fatalf("%s: no expected leaks found; has its layout changed?", file)
	}
	return leaks
}

func stringLit(t *testing.T, e ast.Expr) string {
	bl, ok := e.(*ast.BasicLit)
	if !ok || bl.Kind != token.STRING {
		t.Fatalf("not a string literal: %T", e)
	}
	s, err := strconv.Unquote(bl.Value)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// parseLeak splits a pattern such as `NilRecv\.func1\(.* \[chan receive \(nil chan\)\]`
// into its function part and its wait reason.
func parseLeak(t *testing.T, pattern string) *leak {
	i := strings.Index(pattern, `\[`)
	if i < 0 {
		t.Fatalf("pattern %q has no wait reason", pattern)
	}
	fnPart := pattern[:i]
	reason := strings.TrimSuffix(pattern[i+2:], `\]`)
	reason = strings.NewReplacer(`\(`, "(", `\)`, ")", `\.`, ".", `(RW)?`, "").Replace(reason)
	// The function part ends in `\(.* ` (or `.* `): the frame's arguments.
	fnPart = strings.TrimSpace(fnPart)
	fnPart = strings.TrimSuffix(fnPart, `.*`)
	fnPart = strings.TrimSuffix(fnPart, `\(`)
	re, err := regexp.Compile(fnPart + "$")
	if err != nil {
		t.Fatalf("pattern %q: %v", pattern, err)
	}
	return &leak{fnRe: re, fnText: strings.ReplaceAll(fnPart, `\`, ""), reason: reason}
}

// function is a named function of the corpus, with the name the runtime
// prints in a stack trace ("Foo.func2.1", "(*T).M.func1") and its extent.
type function struct {
	name       string
	dir        string
	file       string
	start, end int // lines
	// started lists the lines of the go statements that start this function.
	started []int
}

// functions lists the functions of the Go files in dir (one package),
// naming closures as the compiler does: funcN in source order, nested ones
// with a further .N.
func functions(t *testing.T, root, dir string) []function {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(filepath.Join(root, dir))
	if err != nil {
		t.Fatal(err)
	}
	var out []function
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		path := filepath.Join(root, dir, e.Name())
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		// The go statements of the file, by the function they start: a
		// func literal (by position) or a named function or method.
		goLit := make(map[token.Pos]int)
		goName := make(map[string][]int)
		ast.Inspect(f, func(n ast.Node) bool {
			g, ok := n.(*ast.GoStmt)
			if !ok {
				return true
			}
			line := fset.Position(g.Go).Line
			switch fun := ast.Unparen(g.Call.Fun).(type) {
			case *ast.FuncLit:
				goLit[fun.Pos()] = line
			case *ast.Ident:
				goName[fun.Name] = append(goName[fun.Name], line)
			case *ast.SelectorExpr:
				goName[fun.Sel.Name] = append(goName[fun.Sel.Name], line)
			}
			return true
		})
		add := func(name string, n ast.Node) {
			fn := function{name: name, dir: dir, file: e.Name(), start: fset.Position(n.Pos()).Line, end: fset.Position(n.End()).Line}
			switch n := n.(type) {
			case *ast.FuncLit:
				if line, ok := goLit[n.Pos()]; ok {
					fn.started = append(fn.started, line)
				}
			case *ast.FuncDecl:
				fn.started = goName[n.Name.Name]
			}
			out = append(out, fn)
		}
		var lits func(name string, body ast.Node)
		lits = func(name string, body ast.Node) {
			k := 0
			ast.Inspect(body, func(n ast.Node) bool {
				if n == body {
					return true
				}
				fl, ok := n.(*ast.FuncLit)
				if !ok {
					return true
				}
				k++
				sub := fmt.Sprintf("%s.func%d", name, k)
				if strings.Contains(name, ".func") {
					sub = fmt.Sprintf("%s.%d", name, k)
				}
				add(sub, fl)
				lits(sub, fl.Body)
				return false
			})
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			name := fd.Name.Name
			if fd.Recv != nil && len(fd.Recv.List) == 1 {
				recv := fd.Recv.List[0].Type
				star := ""
				if se, ok := recv.(*ast.StarExpr); ok {
					star, recv = "*", se.X
				}
				if ix, ok := recv.(*ast.IndexExpr); ok {
					recv = ix.X
				}
				if id, ok := recv.(*ast.Ident); ok {
					if star != "" {
						name = fmt.Sprintf("(*%s).%s", id.Name, name)
					} else {
						name = id.Name + "." + name
					}
				}
			}
			add(name, fd)
			lits(name, fd.Body)
		}
	}
	return out
}

// diagnostic is one leakvet diagnostic from go vet -json.
type diagnostic struct {
	check, file, message string
	line                 int
	// goLines are the positions (file:line) of the go statements leakvet
	// relates: the goroutines it says are blocked.
	goLines []string
}

func vet(t *testing.T, dir, bin string) []diagnostic {
	cmd := exec.Command("go", "vet", "-vettool="+bin, "-json", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go vet: %v\n%s", err, stderr.String())
	}
	// go vet -json prints one JSON object per package, after a "# pkg" line.
	var text bytes.Buffer
	for _, line := range strings.Split(stderr.String()+stdout.String(), "\n") {
		if !strings.HasPrefix(line, "#") {
			text.WriteString(line + "\n")
		}
	}
	dec := json.NewDecoder(&text)
	var diags []diagnostic
	for dec.More() {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			t.Fatalf("go vet -json: %v\n%s", err, stderr.String())
		}
		for _, byCheck := range tree {
			for check, raw := range byCheck {
				var list []struct {
					Posn    string `json:"posn"`
					Message string `json:"message"`
					Related []struct {
						Posn    string `json:"posn"`
						Message string `json:"message"`
					} `json:"related"`
				}
				if err := json.Unmarshal(raw, &list); err != nil {
					t.Fatalf("go vet -json %s: %v (%s)", check, err, raw)
				}
				for _, d := range list {
					file, line := splitPosn(t, d.Posn)
					diag := diagnostic{check: check, file: file, message: d.Message, line: line}
					for _, r := range d.Related {
						if strings.HasPrefix(r.Message, "the goroutine is started here") {
							f, l := splitPosn(t, r.Posn)
							diag.goLines = append(diag.goLines, fmt.Sprintf("%s:%d", f, l))
						}
					}
					diags = append(diags, diag)
				}
			}
		}
	}
	sort.Slice(diags, func(i, j int) bool {
		if diags[i].file != diags[j].file {
			return diags[i].file < diags[j].file
		}
		return diags[i].line < diags[j].line
	})
	return diags
}

func splitPosn(t *testing.T, posn string) (string, int) {
	parts := strings.Split(posn, ":")
	if len(parts) < 3 {
		t.Fatalf("bad position %q", posn)
	}
	line, err := strconv.Atoi(parts[len(parts)-2])
	if err != nil {
		t.Fatalf("bad position %q", posn)
	}
	return strings.Join(parts[:len(parts)-2], ":"), line
}

func copyCorpus(t *testing.T, src, dst string) {
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dst, "go.mod"), []byte("module example.com/leakprofile\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRuntimeLeakCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds leakvet and vets the runtime corpus")
	}
	goroot := goEnv(t, "GOROOT")
	corpus := filepath.Join(goroot, "src", "runtime", "testdata", "testgoroutineleakprofile")
	leaks := expectedLeaks(t, filepath.Join(goroot, "src", "runtime", "goroutineleakprofile_test.go"))

	work := t.TempDir()
	copyCorpus(t, corpus, work)
	bin := filepath.Join(t.TempDir(), "leakvet")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/leakvet/leakvet/cmd/leakvet").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	diags := vet(t, work, bin)
	notes := readNotes(t, "notes.txt")

	groupDir := map[string]string{"micro": ".", "stress": ".", "patterns": ".", "goker": "goker"}
	funcs := map[string][]function{".": functions(t, work, "."), "goker": functions(t, work, "goker")}

	inside := make([]bool, len(diags))
	for _, l := range leaks {
		dir := groupDir[l.group]
		for _, fn := range funcs[dir] {
			if !l.fnRe.MatchString(fn.name) {
				continue
			}
			for i, d := range diags {
				if reportsIn(work, d, fn) {
					inside[i] = true
					if l.inScope() || l.searched() {
						l.found = true
					}
				}
			}
		}
	}
	var outside []diagnostic
	for i, d := range diags {
		if !inside[i] {
			outside = append(outside, d)
		}
	}

	table := renderTable(leaks, outside, work, goEnv(t, "GOVERSION"), notes)
	t.Log("\n" + table)
	checkNotes(t, notes, leaks, outside, work)

	found, total, syncFound := 0, 0, 0
	for _, l := range leaks {
		if l.inScope() {
			total++
			if l.found {
				found++
			}
		}
		if l.searched() && l.found {
			syncFound++
		}
	}
	readme := filepath.Join("..", "..", "README.md")
	if *update {
		rewriteREADME(t, readme, table)
		return
	}
	claimFound, claimTotal, claimOutside := readClaim(t, readme)
	if found < claimFound || total != claimTotal {
		t.Errorf("leakvet finds %d of %d channel leaks of the runtime corpus; the README claims %d of %d", found, total, claimFound, claimTotal)
	}
	if claimSync := readSyncClaim(t, readme); syncFound < claimSync {
		t.Errorf("leakvet finds %d lock, wait group and cond leaks of the runtime corpus; the README claims %d", syncFound, claimSync)
	}
	if len(outside) > claimOutside {
		t.Errorf("leakvet reports %d diagnostics outside every expected function; the README claims %d", len(outside), claimOutside)
	}
}

// reportsIn reports whether diagnostic d is about a goroutine running fn:
// it lies inside fn, or it relates a go statement that starts fn (the
// blocked operation is then in a function fn calls).
func reportsIn(work string, d diagnostic, fn function) bool {
	inDir := func(file string) bool {
		return filepath.Dir(relTo(work, file)) == fn.dir && filepath.Base(file) == fn.file
	}
	if inDir(d.file) && fn.start <= d.line && d.line <= fn.end {
		return true
	}
	for _, g := range d.goLines {
		i := strings.LastIndex(g, ":")
		line, _ := strconv.Atoi(g[i+1:])
		if inDir(g[:i]) && slices.Contains(fn.started, line) {
			return true
		}
	}
	return false
}

func relTo(root, file string) string {
	if r, err := filepath.Rel(root, file); err == nil {
		return r
	}
	return file
}

var claimRe = regexp.MustCompile(`channel leaks found: (\d+) of (\d+); diagnostics outside every expected function: (\d+)`)

func readClaim(t *testing.T, readme string) (found, total, outside int) {
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	m := claimRe.FindSubmatch(data)
	if m == nil {
		t.Fatalf("%s: no line matching %q; run go test ./bench/leakprofile -args -update", readme, claimRe)
	}
	found, _ = strconv.Atoi(string(m[1]))
	total, _ = strconv.Atoi(string(m[2]))
	outside, _ = strconv.Atoi(string(m[3]))
	return
}

var syncClaimRe = regexp.MustCompile(`lock, wait group and cond leaks found: (\d+) of (\d+)`)

func readSyncClaim(t *testing.T, readme string) int {
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	m := syncClaimRe.FindSubmatch(data)
	if m == nil {
		t.Fatalf("%s: no line matching %q; run go test ./bench/leakprofile -args -update", readme, syncClaimRe)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

const (
	beginMarker = "<!-- leakprofile:begin (generated by go test ./bench/leakprofile -args -update) -->"
	endMarker   = "<!-- leakprofile:end -->"
)

func rewriteREADME(t *testing.T, readme, table string) {
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	i, j := strings.Index(s, beginMarker), strings.Index(s, endMarker)
	if i < 0 || j < i {
		t.Fatalf("%s: no %q ... %q block", readme, beginMarker, endMarker)
	}
	s = s[:i+len(beginMarker)] + "\n" + table + s[j:]
	if err := os.WriteFile(readme, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// note explains one missed leak (key "Case function") or one diagnostic
// outside every expected function (key "file:line"): a category and why.
type note struct {
	key, category, why string
	used               bool
}

// categories are the kinds of explanation a note may give, in the order
// the README lists their counts.
var categories = []string{
	"once",   // deliberately silent: the goroutine is started once, so nothing accumulates
	"exit",   // deliberately silent: the process ends once the function that strands it returns
	"mutex",  // blocks because of a lock, wait group or condition variable, and the search misses it
	"race",   // the counterpart runs on every path; only an interleaving decides
	"escape", // the channel reaches code leakvet cannot see, so it stays silent
	"path",   // needs a fact leakvet's model lacks (path or calling context)
	"true",   // a diagnostic outside the expected functions that is a real leak
}

// readNotes reads notes.txt: "key<TAB>category<TAB>why" lines, # comments.
func readNotes(t *testing.T, file string) map[string]*note {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	notes := make(map[string]*note)
	for i, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 || !slices.Contains(categories, f[1]) || f[2] == "" {
			t.Fatalf("%s:%d: want key<TAB>category<TAB>why with category one of %v", file, i+1, categories)
		}
		if notes[f[0]] != nil {
			t.Fatalf("%s:%d: a second note for %s", file, i+1, f[0])
		}
		notes[f[0]] = &note{key: f[0], category: f[1], why: f[2]}
	}
	return notes
}

func (l *leak) noteKey() string { return l.test + " " + l.fnText }

func (d diagnostic) noteKey(work string) string {
	return fmt.Sprintf("%s:%d", relTo(work, d.file), d.line)
}

// checkNotes requires a note for every missed channel leak and every
// diagnostic outside the expected functions, and no note for anything else.
func checkNotes(t *testing.T, notes map[string]*note, leaks []*leak, outside []diagnostic, work string) {
	for _, l := range leaks {
		if !l.inScope() || l.found {
			continue
		}
		if n := notes[l.noteKey()]; n != nil {
			n.used = true
		} else {
			t.Errorf("leakvet misses %s [%s]: explain why in notes.txt", l.noteKey(), l.reason)
		}
	}
	for _, d := range outside {
		if n := notes[d.noteKey(work)]; n != nil {
			n.used = true
		} else {
			t.Errorf("%s: %s is outside every expected function: judge it in notes.txt", d.noteKey(work), d.message)
		}
	}
	keys := slices.Sorted(maps.Keys(notes))
	for _, k := range keys {
		if !notes[k].used {
			t.Errorf("notes.txt: %q explains nothing leakvet misses or reports outside the expected functions; remove it", k)
		}
	}
}

func renderTable(leaks []*leak, outside []diagnostic, work, goVersion string, notes map[string]*note) string {
	var b strings.Builder
	groups := []string{"micro", "stress", "patterns", "goker"}
	reasons := map[string]bool{}
	for _, l := range leaks {
		reasons[l.reason] = true
	}
	var reasonList []string
	for r := range reasons {
		reasonList = append(reasonList, r)
	}
	slices.Sort(reasonList)

	count := func(keep func(*leak) bool) (n, found int) {
		for _, l := range leaks {
			if keep(l) {
				n++
				if l.found {
					found++
				}
			}
		}
		return
	}
	fmt.Fprintf(&b, "Corpus: `$(go env GOROOT)/src/runtime/testdata/testgoroutineleakprofile` of %s, expected leaks from `src/runtime/goroutineleakprofile_test.go`; leakvet run through `go vet -vettool`. A leak is found when leakvet reports inside the goroutine function the runtime test expects to leak, or reports an operation of a goroutine it says is started by a go statement that starts that function.\n\n", goVersion)
	fmt.Fprintf(&b, "| wait reason | in scope | micro | stress | patterns | goker | all |\n|---|---|---|---|---|---|---|\n")
	for _, r := range reasonList {
		scope := "yes"
		switch l := (&leak{reason: r}); {
		case l.searched():
			scope = "searched"
		case !l.inScope():
			scope = "not yet"
		}
		fmt.Fprintf(&b, "| %s | %s |", r, scope)
		for _, g := range groups {
			n, f := count(func(l *leak) bool { return l.reason == r && l.group == g })
			if n == 0 {
				fmt.Fprintf(&b, " |")
			} else {
				fmt.Fprintf(&b, " %d/%d |", f, n)
			}
		}
		n, f := count(func(l *leak) bool { return l.reason == r })
		fmt.Fprintf(&b, " %d/%d |\n", f, n)
	}
	fmt.Fprintf(&b, "| **channel leaks (in scope)** | | ")
	for _, g := range groups {
		n, f := count(func(l *leak) bool { return l.inScope() && l.group == g })
		fmt.Fprintf(&b, "%d/%d | ", f, n)
	}
	n, f := count(func(l *leak) bool { return l.inScope() })
	fmt.Fprintf(&b, "**%d/%d** |\n", f, n)
	fmt.Fprintf(&b, "| **lock, wait group and cond leaks (searched)** | | ")
	for _, g := range groups {
		n, f := count(func(l *leak) bool { return l.searched() && l.group == g })
		if n == 0 {
			fmt.Fprintf(&b, " | ")
		} else {
			fmt.Fprintf(&b, "%d/%d | ", f, n)
		}
	}
	sn, sf := count(func(l *leak) bool { return l.searched() })
	fmt.Fprintf(&b, "**%d/%d** |\n\n", sf, sn)
	fmt.Fprintf(&b, "channel leaks found: %d of %d; diagnostics outside every expected function: %d\n\n", f, n, len(outside))
	fmt.Fprintf(&b, "lock, wait group and cond leaks found: %d of %d (the deadlock check's search; \"searched\" rows: their misses are not yet explained one by one)\n\n", sf, sn)
	if len(outside) > 0 {
		fmt.Fprintf(&b, "Diagnostics outside every expected function:\n\n")
		for _, d := range outside {
			fmt.Fprintf(&b, "- `%s` [%s] %s%s\n", d.noteKey(work), d.check, d.message, noteText(notes[d.noteKey(work)]))
		}
		b.WriteString("\n")
	}
	var missed []string
	byCategory := make(map[string]int)
	for _, l := range leaks {
		if l.inScope() && !l.found {
			n := notes[l.noteKey()]
			if n != nil {
				byCategory[n.category]++
			}
			missed = append(missed, fmt.Sprintf("%s `%s` [%s]%s", l.test, l.fnText, l.reason, noteText(n)))
		}
	}
	if len(missed) > 0 {
		fmt.Fprintf(&b, "Channel leaks not found (%d", len(missed))
		for _, c := range categories {
			if byCategory[c] > 0 {
				fmt.Fprintf(&b, "; %s: %d", c, byCategory[c])
			}
		}
		fmt.Fprintf(&b, "). Each is explained (`bench/leakprofile/notes.txt`): *once* — silent by design, the goroutine is started once so nothing accumulates; *exit* — silent by design, the process ends once the function that strands the goroutine returns (main returns right after); *mutex* — the channel operation waits on a lock, wait group or condition variable, and the deadlock check's search does not reach the state (an object escapes, a branch depends on data, or a budget cuts it); *race* — the counterpart is on every path, only an interleaving strands it; *escape* — the channel reaches code leakvet cannot see; *path* — it needs a fact the model lacks.\n\n")
		for _, m := range missed {
			fmt.Fprintf(&b, "- %s\n", m)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func noteText(n *note) string {
	if n == nil {
		return ""
	}
	return " — *" + n.category + "*: " + n.why
}
