package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/leakvet/leakvet/cmd/leakvet/internal/goroutinedump"
)

// analysisResult is what leakvet -json said about the packages.
type profileAnalysis struct {
	diags   []profileDiag
	skipped []profileSkip
	errors  []string
}

type profileDiag struct {
	check, posn, message string
	file                 string
	line                 int
	related              []profileDiagRelated
}

type profileDiagRelated struct {
	posn, message string
	file          string
	line          int
}

// skippedFunc is a function a budget kept leakvet from reasoning about.
type profileSkip struct {
	posn, fn, budget string
	size, limit      int
	file             string
	line             int
}

// parseAnalysis reads multichecker's JSON tree, {pkg: {check: [diag] or
// {"error": msg}}}, which other output may precede. A top-level array
// whose key names skipped functions lists the functions a budget left out.
func parseProfileAnalysis(out []byte) (*profileAnalysis, error) {
	var tree map[string]json.RawMessage
	found := false
	for start := 0; start < len(out); {
		i := bytes.IndexByte(out[start:], '{')
		if i < 0 {
			break
		}
		i += start
		if i == 0 || out[i-1] == '\n' {
			if err := json.NewDecoder(bytes.NewReader(out[i:])).Decode(&tree); err == nil {
				found = true
				break
			}
		}
		start = i + 1
	}
	if !found {
		return nil, fmt.Errorf("leakvet -json printed no JSON: %q", profileFirstLine(string(out)))
	}
	res := &profileAnalysis{}
	pkgs := make([]string, 0, len(tree))
	for k := range tree {
		pkgs = append(pkgs, k)
	}
	sort.Strings(pkgs)
	for _, pkg := range pkgs {
		raw := bytes.TrimSpace(tree[pkg])
		if len(raw) == 0 {
			continue
		}
		if raw[0] == '[' {
			if strings.Contains(strings.ToLower(pkg), "skip") {
				res.addSkipped(raw)
			}
			continue
		}
		var checks map[string]json.RawMessage
		if json.Unmarshal(raw, &checks) != nil {
			continue
		}
		names := make([]string, 0, len(checks))
		for k := range checks {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, check := range names {
			v := bytes.TrimSpace(checks[check])
			if len(v) > 0 && v[0] == '{' {
				var e struct {
					Error string `json:"error"`
				}
				if json.Unmarshal(v, &e) == nil && e.Error != "" {
					res.errors = append(res.errors, fmt.Sprintf("%s: %s: %s", pkg, check, e.Error))
				}
				continue
			}
			var diags []struct {
				Posn    string `json:"posn"`
				Message string `json:"message"`
				Related []struct {
					Posn    string `json:"posn"`
					Message string `json:"message"`
				} `json:"related"`
			}
			if json.Unmarshal(v, &diags) != nil {
				continue
			}
			for _, d := range diags {
				ad := profileDiag{check: check, posn: d.Posn, message: d.Message}
				ad.file, ad.line = profileSplitPosn(d.Posn)
				for _, r := range d.Related {
					ar := profileDiagRelated{posn: r.Posn, message: r.Message}
					ar.file, ar.line = profileSplitPosn(r.Posn)
					ad.related = append(ad.related, ar)
				}
				res.diags = append(res.diags, ad)
			}
		}
	}
	return res, nil
}

// addSkipped reads the list of functions skipped by a budget, leniently:
// its entries' fields are named by the driver.
func (r *profileAnalysis) addSkipped(raw []byte) {
	var entries []map[string]any
	if json.Unmarshal(raw, &entries) != nil {
		return
	}
	str := func(e map[string]any, keys ...string) string {
		for _, k := range keys {
			if s, ok := e[k].(string); ok {
				return s
			}
		}
		return ""
	}
	num := func(e map[string]any, keys ...string) int {
		for _, k := range keys {
			if n, ok := e[k].(float64); ok {
				return int(n)
			}
		}
		return 0
	}
	for _, e := range entries {
		s := profileSkip{
			posn:   str(e, "posn", "pos", "position"),
			fn:     str(e, "func", "function", "name"),
			budget: str(e, "budget"),
			size:   num(e, "size"),
			limit:  num(e, "limit"),
		}
		s.file, s.line = profileSplitPosn(s.posn)
		if s.file != "" {
			r.skipped = append(r.skipped, s)
		}
	}
}

// splitPosn splits file:line:col (or file:line).
func profileSplitPosn(posn string) (string, int) {
	m := profilePosnRE.FindStringSubmatch(posn)
	if m == nil {
		return "", 0
	}
	line, _ := strconv.Atoi(m[2])
	return filepath.Clean(m[1]), line
}

// parkedAt is where goroutines of a group are parked, as findings may
// name it.
type profileParked struct {
	file  string
	line  int
	cases []int // the lines of the cases of a select on the line
	loops []int // the lines of the loops around the line
	op    bool  // the line holds a channel operation
	// goFile and goLine are the go statement that started them, when the
	// dump says.
	goFile string
	goLine int
}

// explaining returns the findings that explain goroutines parked at p:
// those reported at the line (or at a case of the select there), those
// whose related positions name it or a loop around it (a goroutine that
// can never get past it), and those at the go statement that started
// them.
func (r *profileAnalysis) explaining(p profileParked) []profileFinding {
	file := filepath.Clean(p.file)
	var at, rel, gos []profileFinding
	seen := map[string]bool{}
	for _, d := range r.diags {
		key := d.posn + "\x00" + d.message
		if seen[key] {
			continue
		}
		f := profileFinding{Check: d.check, Posn: d.posn, Message: d.message}
		for _, x := range d.related {
			f.Related = append(f.Related, profileRelated{Posn: x.posn, Message: x.message})
		}
		switch {
		case d.file == file && (d.line == p.line || slices.Contains(p.cases, d.line)):
			f.Match = "line"
			at = append(at, f)
		case profileRelatedAt(d, file, p.line, p.op, p.loops):
			f.Match = "related"
			rel = append(rel, f)
		case p.goLine > 0 && d.file == filepath.Clean(p.goFile) && d.line == p.goLine:
			f.Match = "go"
			gos = append(gos, f)
		default:
			continue
		}
		seen[key] = true
	}
	return append(append(at, rel...), gos...)
}

// relatedAt reports whether a related position of d is the parked line
// (when it holds a channel operation: not a make or a go statement that
// merely shares the line) or a loop around it.
func profileRelatedAt(d profileDiag, file string, line int, op bool, loops []int) bool {
	for _, x := range d.related {
		if x.file == file && (x.line == line && op || slices.Contains(loops, x.line)) {
			return true
		}
	}
	return false
}

// instead says what leakvet knows about a line that no finding explains.
func (r *profileAnalysis) instead(src *profileSource, g goroutinedump.Group) (status, note string) {
	line := g.Frame.Line
	if src.err != nil {
		return "no-finding", fmt.Sprintf("no finding (the file cannot be read here: %v)", src.err)
	}
	if line > src.tf.LineCount() {
		return "no-finding", fmt.Sprintf("no finding: %s has %d lines here; the dump comes from another version of the source", filepath.Base(src.path), src.tf.LineCount())
	}
	funcs := src.enclosing(line)
	for _, s := range r.skipped {
		if s.file != src.path {
			continue
		}
		for _, fl := range funcs {
			if fl.line == s.line {
				what := s.fn
				if what == "" {
					what = fl.name
				}
				note := fmt.Sprintf("no finding: %s was skipped by a budget", what)
				if s.budget != "" {
					budget := strings.TrimPrefix(s.budget, "config.")
					unit := map[string]string{"max-blocks": "basic blocks", "max-paths": "call paths", "max-call-depth": "calls deep"}[budget]
					if unit == "" {
						unit = "in size"
					}
					note += fmt.Sprintf(" (%d %s, over -config.%s=%d)", s.size, unit, budget, s.limit)
				}
				return "skipped", note
			}
		}
	}
	status, note = "no-finding", ""
	if ops := src.opsAt(line); len(ops) > 0 {
		note = "no finding at this " + strings.Join(ops, " and ")
	} else {
		status, note = "no-channel-op", "no finding: no channel operation on this line"
		if g.Index > 0 && g.Index <= len(g.Example.Stack) {
			verb := "waits inside"
			if g.State == "running" || g.State == "runnable" {
				verb = "runs in"
			}
			note += "; the goroutine " + verb + " " + g.Example.Stack[g.Index-1].Func
		}
	}
	if want := goroutinedump.FuncName(g.Frame.Func); want != "" && len(funcs) > 0 {
		// The innermost named function around the line; only the names
		// are compared, as inlining may leave the receiver out.
		last := func(s string) string { return s[strings.LastIndexByte(s, '.')+1:] }
		for i := len(funcs) - 1; i >= 0; i-- {
			if funcs[i].name == "" {
				continue
			}
			if last(funcs[i].name) != last(want) {
				note += fmt.Sprintf(" (line %d is in %s here, the dump says %s: the source may have changed since the dump)", line, funcs[i].name, want)
			}
			break
		}
	}
	return status, note
}

// sourceFile is a file of the analysed packages, parsed for what lies at
// a line.
type profileSource struct {
	path string
	err  error
	tf   *token.File
	file *ast.File
}

func readProfileSource(path string) *profileSource {
	src := &profileSource{path: filepath.Clean(path)}
	data, err := os.ReadFile(path)
	if err != nil {
		src.err = err
		return src
	}
	fset := token.NewFileSet()
	// A file with syntax errors still yields most of its tree.
	src.file, _ = parser.ParseFile(fset, path, data, parser.SkipObjectResolution)
	if src.file == nil {
		src.err = fmt.Errorf("cannot parse")
		return src
	}
	src.tf = fset.File(src.file.Pos())
	return src
}

// enclosingFunc is a function around a line: a declaration (named as the
// runtime names it without its package: F, (*T).m, T.m) or a literal
// (unnamed), with the line of its position as SSA has it.
type profileEnclosing struct {
	name string
	line int
}

// enclosing lists the functions around line, outermost first.
func (s *profileSource) enclosing(line int) []profileEnclosing {
	start, end := s.lineRange(line)
	var out []profileEnclosing
	ast.Inspect(s.file, func(n ast.Node) bool {
		if n == nil || n.End() < start || n.Pos() > end {
			return n == nil
		}
		switch n := n.(type) {
		case *ast.FuncDecl:
			out = append(out, profileEnclosing{name: profileDeclName(n), line: s.tf.Line(n.Name.Pos())})
		case *ast.FuncLit:
			out = append(out, profileEnclosing{line: s.tf.Line(n.Type.Func)})
		}
		return true
	})
	return out
}

// lineRange returns the positions of the first and last byte of line.
func (s *profileSource) lineRange(line int) (token.Pos, token.Pos) {
	start := s.tf.LineStart(line)
	end := token.Pos(s.tf.Base() + s.tf.Size())
	if line < s.tf.LineCount() {
		end = s.tf.LineStart(line+1) - 1
	}
	return start, end
}

func profileDeclName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	star := false
	if st, ok := t.(*ast.StarExpr); ok {
		star, t = true, st.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	id, ok := t.(*ast.Ident)
	if !ok {
		return fd.Name.Name
	}
	if star {
		return "(*" + id.Name + ")." + fd.Name.Name
	}
	return id.Name + "." + fd.Name.Name
}

// opsAt names the channel operations whose operator is on line: send,
// receive, select, range loop (the ones a goroutine parks on).
func (s *profileSource) opsAt(line int) []string {
	on := func(p token.Pos) bool { return p.IsValid() && s.tf.Line(p) == line }
	seen := map[string]bool{}
	var ops []string
	add := func(op string) {
		if !seen[op] {
			seen[op] = true
			ops = append(ops, op)
		}
	}
	ast.Inspect(s.file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			if on(n.Arrow) {
				add("send")
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && on(n.OpPos) {
				add("receive")
			}
		case *ast.SelectStmt:
			if on(n.Select) {
				add("select")
			}
		case *ast.RangeStmt:
			if on(n.For) || on(n.Range) {
				add("range loop")
			}
		}
		return true
	})
	return ops
}

// casesAt returns the lines of the cases of a select on line.
func (s *profileSource) casesAt(line int) []int {
	var lines []int
	if s.err != nil {
		return nil
	}
	ast.Inspect(s.file, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectStmt); ok && s.tf.Line(sel.Select) == line {
			for _, c := range sel.Body.List {
				if cc, ok := c.(*ast.CommClause); ok && cc.Comm != nil {
					lines = append(lines, s.tf.Line(cc.Comm.Pos()))
				}
			}
		}
		return true
	})
	return lines
}

// loopsAround returns the lines of the for statements around line.
func (s *profileSource) loopsAround(line int) []int {
	if s.err != nil || line > s.tf.LineCount() {
		return nil
	}
	start, end := s.lineRange(line)
	var lines []int
	ast.Inspect(s.file, func(n ast.Node) bool {
		if n == nil || n.End() < start || n.Pos() > end {
			return false
		}
		switch n := n.(type) {
		case *ast.ForStmt:
			lines = append(lines, s.tf.Line(n.For))
		case *ast.RangeStmt:
			lines = append(lines, s.tf.Line(n.For))
		}
		return true
	})
	return lines
}
