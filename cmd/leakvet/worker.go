package main

// The worker: the process that analyses packages for the standalone
// driver (see driver.go), one at a time, as many as the driver sends it.
//
// It does for each package what a go vet unit (unitchecker) does: parse,
// type-check against the types of its imports, run the analyzers, write
// the package's types and facts to a file. What it saves over one process
// per package is the start of a process and, above all, the decoding of
// the imports' types: a worker keeps the packages it imported (its
// universe) for the packages that follow, so a package imported by a
// hundred others (k8s.io/api/core/v1, say) is decoded once per worker
// instead of once per importer. Packages typed from source are not kept:
// every import is a package decoded from its export data, as in a go vet
// unit, so what a package's analysis sees does not depend on which
// packages the worker analysed before it.
//
// The universe holds one package per path: a test variant ("p [p.test]")
// and the package (p) have the same path, so a request whose imports bind
// a path to another variant than the universe's starts a new universe. A
// worker ends after workerPackages packages, or once its live heap has
// grown past universeLimit; the driver starts another when it needs one.
//
// Facts travel as in a go vet unit, with one difference that makes them
// independent of what the worker holds: a package passes on every fact of
// its imports that a go vet unit would pass on when it can find the
// object (facts about methods, fields and types), whether or not the
// object is among the package's own imported types, in the encoding it
// was read in. What the analysis of the package itself sees is what a go
// vet unit sees: the facts of the objects it can name.
//
// Requests come on stdin and responses go on file descriptor 3, one JSON
// object a line. What the analysis writes on os.Stderr is returned with
// the response; a crash ends the process, and the driver reports what it
// printed (the panic) for the package it was analysing.

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"log"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/types/objectpath"

	"github.com/leakvet/leakvet/analyzer"
	"github.com/leakvet/leakvet/passes/config"
)

const workerArg = "internal-worker"

// workerConfig is the settings of a worker, in the file its one argument
// names.
type workerConfig struct {
	Args   []string // the check and analyzer flags
	Stderr string   // a file for what the analysis of a package writes on os.Stderr
	// ManageGC: the user did not set GOGC; the worker runs with
	// GOGC=400 (see unitEnv) and a soft memory limit, and with the
	// default GOGC for a big unit.
	ManageGC bool
}

// workRequest is one package for a worker.
type workRequest struct {
	Cfg  vetConfig
	JSON bool // report the diagnostics as JSON on stdout (a root)
	// Deps binds the path of every package the package depends on,
	// directly or not, to its ID (its variant).
	Deps map[string]string
	// BigUnit: collect garbage as often as by default while analysing it
	// (see unitEnv), unless the user set GOGC.
	BigUnit bool
	// FactsOnly: the importers read the package's types from the
	// compiler's export data (Cfg.PackageFile), so its vetx file holds
	// only its facts.
	FactsOnly bool
}

// workResponse is what a go vet unit would have done: its exit status and
// what it printed.
type workResponse struct {
	Code           int
	Stdout, Stderr []byte
	VetxHash       string // the SHA-256 of the vetx file written, in hex
	Retired        bool   // the worker exits after this response
}

// universeLimit is the live heap past which a worker ends after the
// package it analysed (the driver starts another when it needs one).
const universeLimit = 192 << 20

// workerPackages is how many packages a worker analyses before it ends.
const workerPackages = 64

// workerMemoryLimit is a worker's soft memory limit (runtime/debug) while
// it analyses a package of usual size: with GOGC=400 the heap would
// otherwise grow to five times what the universe and the package hold.
const workerMemoryLimit = 640 << 20

// workerMain is the main function of a worker; its argument is the file
// of its workerConfig.
func workerMain(cfgArgs []string) int {
	progname := filepath.Base(os.Args[0])
	var wc workerConfig
	if len(cfgArgs) != 1 {
		fmt.Fprintf(os.Stderr, "%s: %s wants one argument\n", progname, workerArg)
		return 2
	}
	if data, err := os.ReadFile(cfgArgs[0]); err != nil || json.Unmarshal(data, &wc) != nil {
		fmt.Fprintf(os.Stderr, "%s: cannot read %s\n", progname, cfgArgs[0])
		return 2
	}
	args := wc.Args
	all := append(analyzer.Suite(), skippedAnalyzer)
	fs := flag.NewFlagSet(progname, flag.ContinueOnError)
	enabled := make(map[*analysis.Analyzer]*triState)
	for _, a := range all {
		ts := new(triState)
		fs.Var(ts, a.Name, "")
		enabled[a] = ts
		a.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, a.Name+"."+f.Name, f.Usage) })
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	config.Set(config.ReportingFlag, reporting(args))
	var factTypes []analysis.Fact
	for a := range expandAnalyzers(all) {
		for _, f := range a.FactTypes {
			gob.Register(f)
			factTypes = append(factTypes, f)
		}
	}
	fixGobTypeIDs(factTypes)
	w := &workerState{progname: progname, roots: selected(all, enabled)}
	if wc.ManageGC {
		debug.SetMemoryLimit(workerMemoryLimit)
	}
	// What the analysis writes on os.Stderr goes to a file, returned
	// with the response; the process's own stderr stays for crashes.
	errFile, err := os.Create(wc.Stderr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", progname, err)
		return 1
	}
	defer os.Remove(errFile.Name())
	defer errFile.Close()
	realStderr := os.Stderr
	out := os.NewFile(3, "responses")
	enc := json.NewEncoder(out)
	in := bufio.NewReaderSize(os.Stdin, 1<<16)
	dec := json.NewDecoder(in)
	for served := 0; ; {
		var req workRequest
		if err := dec.Decode(&req); err != nil {
			if errors.Is(err, io.EOF) {
				return 0
			}
			fmt.Fprintf(realStderr, "%s: reading a request: %v\n", progname, err)
			return 1
		}
		errFile.Truncate(0)
		errFile.Seek(0, io.SeekStart)
		os.Stderr = errFile
		log.SetOutput(errFile)
		log.SetFlags(0)
		log.SetPrefix(progname + ": ")
		if req.BigUnit && wc.ManageGC {
			debug.SetGCPercent(100)
			debug.SetMemoryLimit(math.MaxInt64)
		}
		var stdout bytes.Buffer
		code, vetxHash := w.analyse(&req, &stdout)
		if req.BigUnit && wc.ManageGC {
			debug.SetGCPercent(400)
			debug.SetMemoryLimit(workerMemoryLimit)
		}
		os.Stderr = realStderr
		log.SetOutput(realStderr)
		errFile.Seek(0, io.SeekStart)
		stderr, _ := io.ReadAll(errFile)
		served++
		// A worker that holds much, or has served its share, ends: a
		// new process starts with nothing held and its memory returned.
		retire := served >= workerPackages || liveHeap() > universeLimit
		if err := enc.Encode(workResponse{Code: code, Stdout: stdout.Bytes(), Stderr: stderr, VetxHash: vetxHash, Retired: retire}); err != nil {
			return 1
		}
		if retire {
			return 0
		}
	}
}

func expandAnalyzers(analyzers []*analysis.Analyzer) map[*analysis.Analyzer]bool {
	seen := make(map[*analysis.Analyzer]bool)
	var visit func([]*analysis.Analyzer)
	visit = func(as []*analysis.Analyzer) {
		for _, a := range as {
			if !seen[a] {
				seen[a] = true
				visit(a.Requires)
			}
		}
	}
	visit(analyzers)
	return seen
}

// fixGobTypeIDs encodes a fact of each type, in a fixed order, so that the type IDs gob gives them (the first time
// the process encodes or decodes a type) are the same in every worker
// whatever it decodes later: a package's facts are then encoded the same
// way in any worker, which the cache keys of its importers need.
func fixGobTypeIDs(factTypes []analysis.Fact) {
	slices.SortFunc(factTypes, func(a, b analysis.Fact) int {
		return cmp.Compare(reflect.TypeOf(a).String(), reflect.TypeOf(b).String())
	})
	for _, ft := range factTypes {
		f := reflect.New(reflect.TypeOf(ft).Elem()).Interface().(analysis.Fact)
		gob.NewEncoder(io.Discard).Encode(&f)
	}
}

// liveHeap is the heap live after the last garbage collection, in bytes.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

type workerState struct {
	progname string
	roots    []*analysis.Analyzer // the analyzers selected, as a unit's
	universe *universe
}

// universe is the packages a worker imported, by path, with the ID each
// path is bound to.
type universe struct {
	fset *token.FileSet
	pkgs map[string]*types.Package
	ids  map[string]string
	// facts are the facts decoded, by their encoding: an importer
	// reads a copy (ImportObjectFact), as the in-process driver's do.
	facts map[string]analysis.Fact
}

// universeFor returns the worker's universe if the request's bindings
// agree with it, a new one otherwise.
func (w *workerState) universeFor(deps map[string]string) *universe {
	u := w.universe
	if u != nil {
		for path, id := range deps {
			if have, ok := u.ids[path]; ok && have != id {
				u = nil
				break
			}
		}
	}
	if u == nil {
		u = &universe{fset: token.NewFileSet(), pkgs: make(map[string]*types.Package), ids: make(map[string]string), facts: make(map[string]analysis.Fact)}
		w.universe = u
	}
	for path, id := range deps {
		u.ids[path] = id
	}
	return u
}

// analyse does what unitchecker.Run does for one config, writing what
// it would print on stdout to stdout (and on stderr to os.Stderr), and
// returns its exit status and the hash of the vetx file it wrote.
func (w *workerState) analyse(req *workRequest, stdout io.Writer) (int, string) {
	cfg := &req.Cfg
	results, fset, vetxHash, err := w.run(req)
	if err != nil {
		// A go vet unit says nothing in vetx-only mode; the driver then
		// runs the package again to print why. Saying it at once is
		// the same.
		switch err.(type) {
		case types.Error, *scanner.Error, scanner.ErrorList:
			fmt.Fprintln(os.Stderr, err)
		default:
			log.Print(err)
		}
		return 1, ""
	}
	if cfg.VetxOnly || !req.JSON {
		return 0, vetxHash
	}
	tree := make(map[string]map[string]any)
	for _, res := range results {
		var v any
		if res.err != nil {
			v = struct {
				Err string `json:"error"`
			}{res.err.Error()}
		} else if len(res.diagnostics) > 0 {
			diags := make([]jsonDiag, 0, len(res.diagnostics))
			for _, d := range res.diagnostics {
				diags = append(diags, unitJSONDiag(fset, d))
			}
			v = diags
		}
		if v != nil {
			if tree[cfg.ID] == nil {
				tree[cfg.ID] = make(map[string]any)
			}
			tree[cfg.ID][res.a.Name] = v
		}
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		log.Print(err)
		return 1, ""
	}
	fmt.Fprintf(stdout, "%s\n", data)
	return 0, vetxHash
}

// unitJSONDiag is d as a go vet unit prints it with -json (no URL).
func unitJSONDiag(fset *token.FileSet, d analysis.Diagnostic) jsonDiag {
	posn := func(p token.Pos) string { return fset.Position(p).String() }
	jd := jsonDiag{Category: d.Category, Posn: posn(d.Pos), End: posn(cmp.Or(d.End, d.Pos)), Message: d.Message}
	for _, f := range d.SuggestedFixes {
		jf := jsonFix{Message: f.Message}
		for _, e := range f.TextEdits {
			jf.Edits = append(jf.Edits, jsonEdit{Filename: fset.Position(e.Pos).Filename, Start: fset.Position(e.Pos).Offset, End: fset.Position(e.End).Offset, New: string(e.NewText)})
		}
		jd.SuggestedFixes = append(jd.SuggestedFixes, jf)
	}
	for _, r := range d.Related {
		jd.Related = append(jd.Related, jsonRelated{Posn: posn(r.Pos), End: posn(cmp.Or(r.End, r.Pos)), Message: r.Message})
	}
	return jd
}

type unitResult struct {
	a           *analysis.Analyzer
	diagnostics []analysis.Diagnostic
	err         error
}

// run is unitchecker's run, with the worker's universe for the imports
// and its own facts (see factSet).
func (w *workerState) run(req *workRequest) ([]unitResult, *token.FileSet, string, error) {
	cfg := &req.Cfg
	if len(cfg.GoFiles) == 0 {
		return nil, nil, "", fmt.Errorf("package has no files: %s", cfg.ImportPath)
	}
	u := w.universeFor(req.Deps)
	fset := u.fset
	var files []*ast.File
	for _, name := range cfg.GoFiles {
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			return nil, fset, "", err
		}
		files = append(files, f)
	}
	entries, err := readVetxFiles(cfg.PackageVetx)
	if err != nil {
		return nil, fset, "", err
	}
	importer := importerFunc(func(importPath string) (*types.Package, error) {
		path, ok := cfg.ImportMap[importPath]
		if !ok {
			return nil, fmt.Errorf("can't resolve import %q", importPath)
		}
		if path == "unsafe" {
			return types.Unsafe, nil
		}
		if pkg, ok := u.pkgs[path]; ok && pkg.Complete() {
			return pkg, nil
		}
		if file, ok := cfg.PackageFile[path]; ok {
			return readExport(file, fset, u.pkgs, path)
		}
		entry, ok := entries[path]
		if !ok {
			return nil, fmt.Errorf("no package vetx file for %q", path)
		}
		return gcexportdata.Read(bytes.NewReader(entry.types), fset, u.pkgs, path)
	})
	tc := &types.Config{
		Importer:  importer,
		Sizes:     types.SizesFor("gc", build.Default.GOARCH),
		GoVersion: cfg.GoVersion,
	}
	info := &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Instances:    make(map[*ast.Ident]types.Instance),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
	}
	pkg, err := tc.Check(cfg.ImportPath, fset, files, info)
	if err != nil {
		return nil, fset, "", err
	}

	// In vetx-only mode only the analyzers that make facts run, with
	// what they require; the others report nothing anyone reads.
	roots := w.roots
	if cfg.VetxOnly {
		roots = nil
		for _, a := range w.roots {
			if len(a.FactTypes) > 0 {
				roots = append(roots, a)
			}
		}
		for a := range expandAnalyzers(w.roots) {
			if len(a.FactTypes) > 0 && !slices.Contains(roots, a) {
				roots = append(roots, a)
			}
		}
	}

	facts, err := decodeFacts(pkg, u, req.Deps, entries)
	if err != nil {
		return nil, fset, "", err
	}

	type action struct {
		once        sync.Once
		result      any
		err         error
		diagnostics []analysis.Diagnostic
	}
	actions := make(map[*analysis.Analyzer]*action)
	for a := range expandAnalyzers(roots) {
		actions[a] = new(action)
	}
	var module *analysis.Module
	if cfg.ModulePath != "" {
		module = &analysis.Module{Path: cfg.ModulePath, Version: cfg.ModuleVersion, GoVersion: cfg.GoVersion}
	}
	var exec func(a *analysis.Analyzer) *action
	var execAll func(analyzers []*analysis.Analyzer)
	exec = func(a *analysis.Analyzer) *action {
		act := actions[a]
		act.once.Do(func() {
			execAll(a.Requires)
			inputs := make(map[*analysis.Analyzer]any)
			var failed []string
			for _, req := range a.Requires {
				reqact := exec(req)
				if reqact.err != nil {
					failed = append(failed, req.String())
					continue
				}
				inputs[req] = reqact.result
			}
			if failed != nil {
				sort.Strings(failed)
				act.err = fmt.Errorf("failed prerequisites: %s", strings.Join(failed, ", "))
				return
			}
			factFilter := make(map[reflect.Type]bool)
			for _, f := range a.FactTypes {
				factFilter[reflect.TypeOf(f)] = true
			}
			pass := &analysis.Pass{
				Analyzer:     a,
				Fset:         fset,
				Files:        files,
				OtherFiles:   cfg.NonGoFiles,
				IgnoredFiles: cfg.IgnoredFiles,
				Pkg:          pkg,
				TypesInfo:    info,
				TypesSizes:   tc.Sizes,
				ResultOf:     inputs,
				Report: func(d analysis.Diagnostic) {
					if err := validateFixes(fset, a, d.SuggestedFixes); err != nil {
						log.Println(err)
						d.SuggestedFixes = nil
					}
					act.diagnostics = append(act.diagnostics, d)
				},
				ImportObjectFact:  facts.importObjectFact,
				ExportObjectFact:  facts.exportObjectFact,
				AllObjectFacts:    func() []analysis.ObjectFact { return facts.allObjectFacts(factFilter) },
				ImportPackageFact: facts.importPackageFact,
				ExportPackageFact: facts.exportPackageFact,
				AllPackageFacts:   func() []analysis.PackageFact { return facts.allPackageFacts(factFilter) },
				Module:            module,
			}
			pass.ReadFile = func(filename string) ([]byte, error) {
				if err := checkReadable(pass, filename); err != nil {
					return nil, err
				}
				return os.ReadFile(filename)
			}
			act.result, act.err = a.Run(pass)
			if act.err == nil {
				for i := range act.diagnostics {
					if url, uerr := resolveURL(a, act.diagnostics[i]); uerr == nil {
						act.diagnostics[i].URL = url
					} else {
						act.err = uerr
					}
				}
			}
		})
		return act
	}
	execAll = func(analyzers []*analysis.Analyzer) {
		var wg sync.WaitGroup
		for _, a := range analyzers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				exec(a)
			}()
		}
		wg.Wait()
	}
	execAll(roots)

	results := make([]unitResult, len(roots))
	for i, a := range roots {
		act := actions[a]
		results[i] = unitResult{a, act.diagnostics, act.err}
	}
	var vetxHash string
	if cfg.VetxOutput != "" {
		h, err := writeVetx(fset, pkg, cfg.VetxOutput, facts, !req.FactsOnly)
		if err != nil {
			return nil, fset, "", fmt.Errorf("type+fact export failed: %v", err)
		}
		vetxHash = h
	}
	return results, fset, vetxHash, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// checkReadable is the policy of analysis.Pass.ReadFile.
func checkReadable(pass *analysis.Pass, filename string) error {
	if slices.Contains(pass.OtherFiles, filename) || slices.Contains(pass.IgnoredFiles, filename) {
		return nil
	}
	for _, f := range pass.Files {
		if pass.Fset.File(f.FileStart).Name() == filename {
			return nil
		}
	}
	return fmt.Errorf("Pass.ReadFile: %s is not among OtherFiles, IgnoredFiles, or names of Files", filename)
}

// resolveURL is the URL of a diagnostic, as go/analysis drivers make it.
func resolveURL(a *analysis.Analyzer, d analysis.Diagnostic) (string, error) {
	if d.URL == "" && d.Category == "" && a.URL == "" {
		return "", nil
	}
	raw := d.URL
	if d.URL == "" && d.Category != "" {
		raw = "#" + d.Category
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("invalid Diagnostic.URL %q: %s", raw, err)
	}
	base, err := url.Parse(a.URL)
	if err != nil {
		return "", fmt.Errorf("invalid Analyzer.URL %q: %s", a.URL, err)
	}
	return base.ResolveReference(u).String(), nil
}

// validateFixes checks the suggested fixes as go/analysis drivers do
// (golang.org/x/tools/internal/analysis/driverutil.ValidateFixes).
func validateFixes(fset *token.FileSet, a *analysis.Analyzer, fixes []analysis.SuggestedFix) error {
	messages := make(map[string]bool)
	for i := range fixes {
		fix := &fixes[i]
		if messages[fix.Message] {
			return fmt.Errorf("analyzer %q suggests two fixes with same Message (%s)", a.Name, fix.Message)
		}
		messages[fix.Message] = true
		if err := validateFix(fset, fix); err != nil {
			return fmt.Errorf("analyzer %q suggests invalid fix (%s): %v", a.Name, fix.Message, err)
		}
	}
	return nil
}

func validateFix(fset *token.FileSet, fix *analysis.SuggestedFix) error {
	slices.SortStableFunc(fix.TextEdits, func(x, y analysis.TextEdit) int {
		if sign := cmp.Compare(x.Pos, y.Pos); sign != 0 {
			return sign
		}
		return cmp.Compare(x.End, y.End)
	})
	var prev *analysis.TextEdit
	for i := range fix.TextEdits {
		edit := &fix.TextEdits[i]
		start := edit.Pos
		file := fset.File(start)
		if file == nil {
			return fmt.Errorf("no token.File for TextEdit.Pos (%v)", edit.Pos)
		}
		fileEnd := token.Pos(file.Base() + file.Size())
		if end := edit.End; end.IsValid() {
			if end < start {
				return fmt.Errorf("TextEdit.Pos (%v) > TextEdit.End (%v)", edit.Pos, edit.End)
			}
			endFile := fset.File(end)
			if endFile != file && end < fileEnd+10 {
				edit.End = fileEnd
				continue
			}
			if endFile == nil {
				return fmt.Errorf("no token.File for TextEdit.End (%v; File(start).FileEnd is %d)", end, file.Base()+file.Size())
			}
			if endFile != file {
				return fmt.Errorf("edit #%d spans files (%v and %v)", i, file.Position(edit.Pos), endFile.Position(edit.End))
			}
		} else {
			edit.End = start
		}
		if eof := fileEnd; edit.End > eof {
			return fmt.Errorf("end is (%v) beyond end of file (%v)", edit.End, eof)
		}
		if prev != nil && edit.Pos < prev.End {
			xpos, xend := fset.Position(prev.Pos), fset.Position(prev.End)
			ypos, yend := fset.Position(edit.Pos), fset.Position(edit.End)
			return fmt.Errorf("overlapping edits to %s (%d:%d-%d:%d and %d:%d-%d:%d)",
				xpos.Filename, xpos.Line, xpos.Column, xend.Line, xend.Column,
				ypos.Line, ypos.Column, yend.Line, yend.Column)
		}
		prev = edit
	}
	return nil
}

// -- vetx files: a package's types and facts --

const vetxMagic = "lvx1"

type vetxEntry struct {
	types []byte // export data, as gcexportdata.Write writes it
	facts []byte // []factEntry (see encodeFactList)
}

func readVetxFiles(packageVetx map[string]string) (map[string]*vetxEntry, error) {
	entries := make(map[string]*vetxEntry, len(packageVetx))
	for pkgPath, file := range packageVetx {
		e, err := readVetx(file)
		if err != nil {
			return nil, fmt.Errorf("invalid vetx file for %q: %v", pkgPath, err)
		}
		entries[pkgPath] = e
	}
	return entries, nil
}

func readVetx(name string) (*vetxEntry, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	if len(data) < 12 || string(data[:4]) != vetxMagic {
		return nil, fmt.Errorf("%s is not a vetx file", name)
	}
	typesLen := uint64(binary.LittleEndian.Uint32(data[4:8]))
	factsLen := uint64(binary.LittleEndian.Uint32(data[8:12]))
	if 12+typesLen+factsLen > uint64(len(data)) {
		return nil, fmt.Errorf("vetx file %s is truncated", name)
	}
	return &vetxEntry{types: data[12 : 12+typesLen], facts: data[12+typesLen : 12+typesLen+factsLen]}, nil
}

// readExport reads the types of the package path from a file of the
// compiler's export data, into the packages imports holds.
func readExport(name string, fset *token.FileSet, imports map[string]*types.Package, path string) (*types.Package, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("reading export data for %q: %v", path, err)
	}
	return gcexportdata.Read(r, fset, imports, path)
}

// writeVetx writes the vetx file of pkg, with its types when withTypes,
// and returns its SHA-256, in hex.
func writeVetx(fset *token.FileSet, pkg *types.Package, name string, facts *factSet, withTypes bool) (string, error) {
	var buf bytes.Buffer
	buf.WriteString(vetxMagic)
	buf.Write(make([]byte, 8))
	start := buf.Len()
	if withTypes {
		if err := gcexportdata.Write(&buf, fset, pkg); err != nil {
			return "", err
		}
	}
	typesLen := buf.Len() - start
	factsData, err := facts.encode()
	if err != nil {
		return "", err
	}
	buf.Write(factsData)
	data := buf.Bytes()
	binary.LittleEndian.PutUint32(data[4:8], uint32(typesLen))
	binary.LittleEndian.PutUint32(data[8:12], uint32(len(factsData)))
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), os.WriteFile(name, data, 0o666)
}

// -- facts --

// factEntry is a fact as a vetx file holds it.
type factEntry struct {
	PkgPath string // the package of the object, or the package the fact is about
	Object  string // the object's objectpath.Path; "" for a package fact
	Type    string // the fact's type
	// Reexport: importers pass it on (a fact about a method, a field or
	// a type; go vet's units pass on no other fact they import).
	Reexport bool
	Data     []byte // the gob encoding of the fact, as an analysis.Fact
}

type factKey struct {
	pkg *types.Package
	obj types.Object // nil for a package fact
	t   reflect.Type
}

// factSet is the facts of one package's analysis: those of its imports
// that it can name, and its own.
type factSet struct {
	pkg     *types.Package
	mu      sync.Mutex
	m       map[factKey]analysis.Fact
	passed  []factEntry // the imported facts it passes on
	encoder objectpath.Encoder
}

// decodeFacts reads the facts of pkg's direct imports.
func decodeFacts(pkg *types.Package, u *universe, deps map[string]string, entries map[string]*vetxEntry) (*factSet, error) {
	s := &factSet{pkg: pkg, m: make(map[factKey]analysis.Fact)}
	seen := make(map[[3]string]bool)
	for _, path := range sortedKeys(entries) {
		list, err := decodeFactList(entries[path].facts)
		if err != nil {
			return nil, fmt.Errorf("decoding facts for %q: %v", path, err)
		}
		for _, e := range list {
			k := [3]string{e.PkgPath, e.Object, e.Type}
			if seen[k] {
				continue
			}
			seen[k] = true
			if e.Reexport {
				s.passed = append(s.passed, e)
			}
			// A go vet unit reads only the facts of the objects it can
			// find among its imports' types.
			if _, ok := deps[e.PkgPath]; !ok {
				continue
			}
			factPkg := u.pkgs[e.PkgPath]
			if factPkg == nil {
				continue
			}
			var obj types.Object
			if e.Object != "" {
				o, err := objectpath.Object(factPkg, objectpath.Path(e.Object))
				if err != nil {
					continue
				}
				obj = o
			}
			fact, ok := u.facts[string(e.Data)]
			if !ok {
				if err := gob.NewDecoder(bytes.NewReader(e.Data)).Decode(&fact); err != nil {
					return nil, fmt.Errorf("decoding a fact for %q: %v", path, err)
				}
				u.facts[string(e.Data)] = fact
			}
			s.m[factKey{pkg: factPkg, obj: obj, t: reflect.TypeOf(fact)}] = fact
		}
	}
	return s, nil
}

// encode returns the facts importers read: the package's own, and those
// it passes on.
func (s *factSet) encode() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	list := slices.Clone(s.passed)
	for k, fact := range s.m {
		if k.pkg != s.pkg {
			continue
		}
		e := factEntry{PkgPath: k.pkg.Path(), Type: reflect.TypeOf(fact).String()}
		if k.obj != nil {
			path, err := s.encoder.For(k.obj)
			if err != nil {
				continue // an object importers cannot name
			}
			e.Object = string(path)
			_, isType := k.obj.(*types.TypeName)
			e.Reexport = isType || k.obj.Parent() != k.obj.Pkg().Scope()
		}
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(&fact); err != nil {
			return nil, fmt.Errorf("encoding fact %T: %v", fact, err)
		}
		e.Data = buf.Bytes()
		list = append(list, e)
	}
	if len(list) == 0 {
		return nil, nil
	}
	slices.SortFunc(list, func(a, b factEntry) int {
		return cmp.Or(cmp.Compare(a.PkgPath, b.PkgPath), cmp.Compare(a.Object, b.Object), cmp.Compare(a.Type, b.Type))
	})
	return encodeFactList(list), nil
}

// encodeFactList encodes facts for a vetx file: the number of entries,
// then each entry's fields, a string as its length and its bytes.
func encodeFactList(list []factEntry) []byte {
	var b []byte
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, uint64(len(list)))
	for _, e := range list {
		str(e.PkgPath)
		str(e.Object)
		str(e.Type)
		if e.Reexport {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
		str(string(e.Data))
	}
	return b
}

func decodeFactList(b []byte) ([]factEntry, error) {
	if len(b) == 0 {
		return nil, nil
	}
	bad := errors.New("malformed fact list")
	uvarint := func() (uint64, error) {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return 0, bad
		}
		b = b[n:]
		return v, nil
	}
	str := func() (string, error) {
		n, err := uvarint()
		if err != nil || n > uint64(len(b)) {
			return "", bad
		}
		s := string(b[:n])
		b = b[n:]
		return s, nil
	}
	n, err := uvarint()
	if err != nil || n > uint64(len(b)) {
		return nil, bad
	}
	list := make([]factEntry, n)
	for i := range list {
		e := &list[i]
		var err error
		if e.PkgPath, err = str(); err != nil {
			return nil, err
		}
		if e.Object, err = str(); err != nil {
			return nil, err
		}
		if e.Type, err = str(); err != nil {
			return nil, err
		}
		if len(b) == 0 {
			return nil, bad
		}
		e.Reexport, b = b[0] == 1, b[1:]
		data, err := str()
		if err != nil {
			return nil, err
		}
		e.Data = []byte(data)
	}
	return list, nil
}

func (s *factSet) importObjectFact(obj types.Object, ptr analysis.Fact) bool {
	if obj == nil {
		panic("nil object")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.m[factKey{pkg: obj.Pkg(), obj: obj, t: reflect.TypeOf(ptr)}]; ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(v).Elem())
		return true
	}
	return false
}

func (s *factSet) exportObjectFact(obj types.Object, fact analysis.Fact) {
	if obj.Pkg() != s.pkg {
		log.Panicf("in package %s: ExportObjectFact(%s, %T): can't set fact on object belonging another package", s.pkg, obj, fact)
	}
	s.mu.Lock()
	s.m[factKey{pkg: obj.Pkg(), obj: obj, t: reflect.TypeOf(fact)}] = fact
	s.mu.Unlock()
}

func (s *factSet) importPackageFact(pkg *types.Package, ptr analysis.Fact) bool {
	if pkg == nil {
		panic("nil package")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.m[factKey{pkg: pkg, t: reflect.TypeOf(ptr)}]; ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(v).Elem())
		return true
	}
	return false
}

func (s *factSet) exportPackageFact(fact analysis.Fact) {
	s.mu.Lock()
	s.m[factKey{pkg: s.pkg, t: reflect.TypeOf(fact)}] = fact
	s.mu.Unlock()
}

func (s *factSet) allObjectFacts(filter map[reflect.Type]bool) []analysis.ObjectFact {
	s.mu.Lock()
	defer s.mu.Unlock()
	var facts []analysis.ObjectFact
	for k, v := range s.m {
		if k.obj != nil && filter[k.t] {
			facts = append(facts, analysis.ObjectFact{Object: k.obj, Fact: v})
		}
	}
	return facts
}

func (s *factSet) allPackageFacts(filter map[reflect.Type]bool) []analysis.PackageFact {
	s.mu.Lock()
	defer s.mu.Unlock()
	var facts []analysis.PackageFact
	for k, v := range s.m {
		if k.obj == nil && filter[k.t] {
			facts = append(facts, analysis.PackageFact{Package: k.pkg, Fact: v})
		}
	}
	return facts
}
