package main

// The standalone driver: leakvet [-flag] package...
//
// It lists the packages with go list, as go/packages does (with their
// test variants unless -test=false, and every dependency), and analyses
// them in dependency order, each as a go vet unit is: given a vet config
// that names the package's files and the files where the types and
// facts of its direct imports were written. The types are the compiler's
// export data when the build cache holds every imported package (as
// after a go build or go test of the same code), else the units write
// them too (see compilerExports). A package the user named is
// analysed with every selected check; a dependency only for its facts.
// The units run in worker processes (the binary itself, see worker.go),
// one at a time in each, at most GOMAXPROCS workers at once; a worker
// keeps the types it imported for the units that follow, and ends after
// workerPackages units or when it holds much (universeLimit), so memory
// is that of the packages in flight and of what the workers hold;
// everything else is on disk.
//
// Each unit's output (its JSON diagnostics and its types and facts) is
// kept in a cache under the user cache directory, keyed by the binary,
// the flags, the unit's files and the types and facts of its imports:
// a run with nothing changed reads every result from there.
//
// The results are then printed as text, JSON, a unified diff or SARIF,
// in the order and shape of golang.org/x/tools/go/analysis/multichecker,
// which was the driver before (and still is, behind -debug=i).

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"go/build"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// listPackage is a package as go list -json prints it (the fields the
// driver needs).
type listPackage struct {
	ImportPath      string
	Name            string
	Dir             string
	ForTest         string
	GoFiles         []string
	CompiledGoFiles []string
	IgnoredGoFiles  []string
	OtherFiles      []string `json:"-"`
	CFiles          []string
	CXXFiles        []string
	SFiles          []string
	Imports         []string
	ImportMap       map[string]string
	DepOnly         bool
	Standard        bool
	Stale           bool
	StaleReason     string
	Module          *listModule
	Error           *listError

	// Export is the compiler's export data for the package (see
	// compilerExports).
	Export string
}

type listModule struct {
	Path      string
	Version   string
	GoVersion string
	Main      bool
	Error     *struct{ Err string }
}

type listError struct {
	Pos string
	Err string
}

// goList runs go list over the patterns as go/packages does for
// LoadAllSyntax, and returns the packages in its order (dependencies
// first) and what it printed on stderr. It asks for Stale (whether the
// build cache lacks the package's compiled form, see compilerExports),
// and so for EmbedFiles too: without them go list leaves the embedded
// files out of the package's hash, and a package that embeds files is
// then always stale.
func goList(ctx context.Context, patterns []string, tests bool) ([]*listPackage, []byte, error) {
	args := []string{"list", "-e", "-json=ImportPath,Name,Dir,ForTest,GoFiles,CompiledGoFiles,IgnoredGoFiles,CFiles,CXXFiles,SFiles,Imports,ImportMap,DepOnly,Standard,Stale,StaleReason,EmbedFiles,Module,Error",
		"-compiled=true", fmt.Sprintf("-test=%t", tests), "-export=false", "-deps=true", "-find=false", "-buildvcs=false", "-pgo=off", "--"}
	return goListJSON(ctx, append(args, patterns...))
}

// goListJSON runs go list with args and decodes the packages it prints.
func goListJSON(ctx context.Context, args []string) ([]*listPackage, []byte, error) {
	cmd := command(ctx, "go", args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		return nil, stderr.Bytes(), ctx.Err()
	}
	if err != nil && stdout.Len() == 0 {
		return nil, stderr.Bytes(), fmt.Errorf("go list: %v", err)
	}
	var pkgs []*listPackage
	dec := json.NewDecoder(&stdout)
	for dec.More() {
		p := new(listPackage)
		if err := dec.Decode(p); err != nil {
			return nil, stderr.Bytes(), fmt.Errorf("go list: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, stderr.Bytes(), nil
}

// pkgPath is the package path of a go list ID: "p [p.test]" is p.
func pkgPath(id string) string {
	if i := strings.IndexByte(id, ' '); i >= 0 {
		return id[:i]
	}
	return id
}

// vetConfig is the config unitchecker reads (see
// golang.org/x/tools/go/analysis/unitchecker.Config).
type vetConfig struct {
	ID            string
	Compiler      string
	Dir           string
	ImportPath    string
	GoVersion     string
	GoFiles       []string
	NonGoFiles    []string
	IgnoredFiles  []string
	ModulePath    string
	ModuleVersion string
	ImportMap     map[string]string
	PackageFile   map[string]string
	Standard      map[string]bool
	PackageVetx   map[string]string
	VetxOnly      bool
	VetxOutput    string

	SucceedOnTypecheckFailure bool
}

// unit is one package to analyse.
type unit struct {
	pkg   *listPackage
	root  bool              // named on the command line: report its diagnostics
	deps  []*unit           // its direct imports (unsafe and C left out)
	imp   []string          // the import paths, parallel to deps
	deps_ map[string]string // see closure

	// Set when done.
	vetx     string // the file with its facts (and its types, see compilerTypes); "" if it failed
	vetxHash string // its SHA-256, in hex
	// exportHash identifies the content of pkg.Export (see
	// compilerExports).
	exportHash string
	out        []byte // the JSON the unit printed
	errOut     []byte // what it printed on stderr
	failed     bool   // no types and facts: its dependents cannot run
	cached     bool   // the result came from the cache
}

// runOptions are the settings of one standalone run.
type runOptions struct {
	ctx        context.Context // when done, no unit starts and those running are killed
	tests      bool
	toolArgs   []string // flags for the units: checks, -config.*
	jobs       int
	cacheDir   string // "" for no cache
	tmpDir     string
	self       string // this executable
	selfHash   string
	debugLog   io.Writer // nil unless -debug
	listError  io.Writer // where go list's own messages go
	workers    *workerPool
	workerEach bool // a worker for each package (-debug=w)
	ownTypes   bool // never the compiler's export data (-debug=x)
	// compilerTypes: the units read the types of their imports from the
	// compiler's export data, and write only facts (see compilerExports).
	compilerTypes bool

	mu       sync.Mutex
	tmpCount atomic.Int64
	sources  map[string]sourceFile // the Go files hashed, by name
	dirs     map[string]bool       // the cache directories made
}

// sourceFile is what a run knows of a Go file (a package and its test
// variant share files).
type sourceFile struct {
	hash string
	size int64
}

// source returns the hash and size of a Go file, read once per run.
func (o *runOptions) source(name string) (sourceFile, error) {
	o.mu.Lock()
	sf, ok := o.sources[name]
	o.mu.Unlock()
	if ok {
		return sf, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return sourceFile{}, err
	}
	sum := sha256.Sum256(data)
	sf = sourceFile{hash: hex.EncodeToString(sum[:]), size: int64(len(data))}
	o.mu.Lock()
	if o.sources == nil {
		o.sources = make(map[string]sourceFile)
	}
	o.sources[name] = sf
	o.mu.Unlock()
	return sf, nil
}

// mkdir makes a directory of the cache, once per run.
func (o *runOptions) mkdir(dir string) error {
	o.mu.Lock()
	done := o.dirs[dir]
	o.mu.Unlock()
	if done {
		return nil
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	o.mu.Lock()
	if o.dirs == nil {
		o.dirs = make(map[string]bool)
	}
	o.dirs[dir] = true
	o.mu.Unlock()
	return nil
}

// loadResult is what a run of the units produced.
type loadResult struct {
	units  []*unit // in go list order
	roots  []*unit // the packages named, in go list order
	errors []string
	cached int
	ran    int
}

// analyzeUnits lists the packages and runs a unit for each, in dependency
// order.
func analyzeUnits(patterns []string, o *runOptions) (*loadResult, error) {
	pkgs, listErr, err := goList(o.ctx, patterns, o.tests)
	if err != nil {
		if o.listError != nil {
			o.listError.Write(listErr)
		}
		return nil, err
	}
	res := &loadResult{}
	byID := make(map[string]*unit, len(pkgs))
	for _, p := range pkgs {
		if p.ImportPath == "unsafe" {
			continue // no files to analyse; the units know it
		}
		if p.Name == "main" && strings.HasSuffix(p.ImportPath, ".test") && len(p.CompiledGoFiles) == 0 && p.Error == nil {
			// The test main go test generates: nothing imports it, and
			// its one generated file has nothing to report.
			continue
		}
		u := &unit{pkg: p, root: !p.DepOnly}
		byID[p.ImportPath] = u
		res.units = append(res.units, u)
		if u.root {
			res.roots = append(res.roots, u)
		}
	}
	if len(res.roots) == 0 {
		if o.listError != nil {
			o.listError.Write(listErr)
		}
		return nil, fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	for _, u := range res.units {
		paths := make(map[string]string) // import path as written -> ID
		for _, id := range u.pkg.Imports {
			paths[id] = id
		}
		for path, id := range u.pkg.ImportMap {
			delete(paths, id)
			paths[path] = id
		}
		for _, path := range sortedKeys(paths) {
			id := paths[path]
			if id == "C" || id == "unsafe" {
				continue
			}
			if d := byID[id]; d != nil {
				u.deps = append(u.deps, d)
				u.imp = append(u.imp, path)
			}
		}
	}

	if !o.ownTypes {
		o.compilerTypes = compilerExports(o.ctx, patterns, o.tests, res.units)
	}
	if o.debugLog != nil {
		if o.compilerTypes {
			fmt.Fprintf(o.debugLog, "leakvet: the types of imports come from the compiler's export data in the build cache\n")
		} else {
			fmt.Fprintf(o.debugLog, "leakvet: the types of imports come from export data leakvet writes (not every import is built in the build cache)\n")
		}
	}

	// Errors go list found: each once, as go vet prints them.
	seen := make(map[string]bool)
	addError := func(msg string) {
		msg = strings.TrimRight(msg, "\n")
		if msg != "" && !seen[msg] {
			seen[msg] = true
			res.errors = append(res.errors, msg)
		}
	}
	// What go list printed (warnings, modules it looked for), each line
	// once, then the errors of the packages.
	for _, line := range strings.Split(string(listErr), "\n") {
		addError(line)
	}
	modules := make(map[*listModule]bool)
	for _, u := range res.units {
		if e := u.pkg.Error; e != nil {
			addError(listErrorText(e))
			u.failed = true
		}
		if m := u.pkg.Module; m != nil && m.Error != nil && !modules[m] {
			modules[m] = true
			addError(m.Error.Err)
		}
	}

	// depth[u] is the length of the longest chain of units that import
	// u, directly or not.
	importers := make(map[*unit][]*unit)
	for _, u := range res.units {
		for _, d := range u.deps {
			importers[d] = append(importers[d], u)
		}
	}
	depth := make(map[*unit]int, len(res.units))
	var visit func(u *unit, onPath map[*unit]bool) int
	visit = func(u *unit, onPath map[*unit]bool) int {
		if d, ok := depth[u]; ok {
			return d
		}
		if onPath[u] {
			return 0 // an import cycle; go list reports it
		}
		onPath[u] = true
		d := 0
		for _, imp := range importers[u] {
			d = max(d, 1+visit(imp, onPath))
		}
		delete(onPath, u)
		depth[u] = d
		return d
	}
	for _, u := range res.units {
		visit(u, make(map[*unit]bool))
	}

	// Run the units, dependencies first, o.jobs at a time.
	o.workers = &workerPool{o: o}
	defer o.workers.close()
	var (
		mu      sync.Mutex
		cond    = sync.NewCond(&mu)
		started = make(map[*unit]bool)
		running int
		pending = make(map[*unit]int) // the deps not done
		index   = make(map[*unit]int) // in go list order
		ready   []*unit               // not started, every dep done
	)
	for i, u := range res.units {
		index[u] = i
		seen := make(map[*unit]bool)
		for _, d := range u.deps {
			if !seen[d] {
				seen[d] = true
				pending[u]++
			}
		}
		if pending[u] == 0 {
			ready = append(ready, u)
		}
	}
	var wg sync.WaitGroup
	mu.Lock()
	for remaining := len(res.units); remaining > 0; {
		if o.ctx.Err() != nil {
			// Interrupted: start nothing more; those running are
			// being killed.
			break
		}
		// Of the units ready, the one the longest chain of importers
		// waits for (the first in go list order of those): the
		// critical path first keeps every job busy.
		next := -1
		for i, u := range ready {
			if next < 0 || depth[u] > depth[ready[next]] || depth[u] == depth[ready[next]] && index[u] < index[ready[next]] {
				next = i
			}
		}
		if next < 0 && running == 0 {
			// An import cycle (go list reported it): what is left
			// cannot be typed.
			for _, u := range res.units {
				if !started[u] {
					u.failed = true
				}
			}
			break
		}
		if next < 0 || running >= o.jobs {
			cond.Wait()
			continue
		}
		u := ready[next]
		ready = slices.Delete(ready, next, next+1)
		started[u] = true
		u.closure() // in this goroutine, as its deps' were: not in the units' goroutines
		remaining--
		running++
		wg.Add(1)
		go func(u *unit) {
			defer wg.Done()
			runUnit(u, o)
			mu.Lock()
			running--
			if u.cached {
				res.cached++
			} else if !u.failed || u.errOut != nil {
				res.ran++
			}
			seen := make(map[*unit]bool)
			for _, imp := range importers[u] {
				if !seen[imp] {
					seen[imp] = true
					if pending[imp]--; pending[imp] == 0 {
						ready = append(ready, imp)
					}
				}
			}
			cond.Broadcast()
			mu.Unlock()
		}(u)
	}
	mu.Unlock()
	wg.Wait()
	if err := o.ctx.Err(); err != nil {
		return nil, err
	}

	for _, u := range res.units {
		for _, line := range strings.Split(string(u.errOut), "\n") {
			addError(line)
		}
	}
	return res, nil
}

// compilerExports decides where the units read the types of their imports
// from. When the build cache holds every package some unit imports (go
// list says none is stale: the user built or tested them, as CI does
// before it vets), it runs go list again with -export, which then compiles
// nothing, and the units read the compiler's export data, as go vet's do:
// a package's own declarations, read lazily. Otherwise each unit writes
// its types with its facts (gcexportdata.Write's "deep" form, a package's
// declarations and every other package's that they refer to, which costs
// a third of a run on a module like k8s.io/client-go), since compiling
// every package first would cost much more than analysing it. It reports
// whether the compiler's export data is used, and sets each imported
// unit's pkg.Export and exportHash.
func compilerExports(ctx context.Context, patterns []string, tests bool, units []*unit) bool {
	imported := make(map[*unit]bool)
	for _, u := range units {
		for _, d := range u.deps {
			if !d.pkg.built() || d.pkg.Error != nil {
				return false
			}
			imported[d] = true
		}
	}
	if len(imported) == 0 {
		return false
	}
	args := []string{"list", "-e", "-json=ImportPath,Export", fmt.Sprintf("-test=%t", tests), "-export=true", "-deps=true", "-find=false", "-buildvcs=false", "-pgo=off", "--"}
	pkgs, _, err := goListJSON(ctx, append(args, patterns...))
	if err != nil {
		return false
	}
	export := make(map[string]string, len(pkgs))
	for _, p := range pkgs {
		export[p.ImportPath] = p.Export
	}
	for d := range imported {
		if export[d.pkg.ImportPath] == "" {
			return false
		}
	}
	for d := range imported {
		d.pkg.Export = export[d.pkg.ImportPath]
		h, err := exportHash(d.pkg.Export)
		if err != nil {
			return false
		}
		d.exportHash = h
	}
	return true
}

// built reports whether the build cache holds the package's compiled
// form. In GOPATH mode go list calls a package that is not installed
// stale even when the cache has it.
func (p *listPackage) built() bool {
	return !p.Stale || strings.HasPrefix(p.StaleReason, "not installed but available in build cache")
}

// exportHash identifies the content of a file of export data: the go
// command's build cache names its files by the SHA-256 of their content
// ("<hex>-d"), which saves reading them; any other file is hashed.
func exportHash(name string) (string, error) {
	if base, ok := strings.CutSuffix(filepath.Base(name), "-d"); ok && isHex(base, 64) {
		return base, nil
	}
	return fileHash(name)
}

func listErrorText(e *listError) string {
	if e.Pos != "" && !strings.HasPrefix(e.Err, e.Pos) {
		return e.Pos + ": " + e.Err
	}
	return e.Err
}

// runUnit analyses one package, from the cache if it can.
func runUnit(u *unit, o *runOptions) {
	if u.failed {
		return
	}
	if o.ctx.Err() != nil {
		u.failed = true
		return
	}
	for _, d := range u.deps {
		if d.failed {
			u.failed = true // its error is printed; this one cannot be typed
			return
		}
	}
	p := u.pkg
	files := slices.Clone(p.CompiledGoFiles)
	if len(files) == 0 {
		files = slices.Clone(p.GoFiles) // a test main, generated in the build cache
	}
	for i, f := range files {
		if !filepath.IsAbs(f) {
			files[i] = filepath.Join(p.Dir, f)
		}
	}
	if len(files) == 0 {
		// Nothing to analyse (a directory with only external tests):
		// go list says so when it matters.
		u.failed = true
		return
	}
	cfg := vetConfig{
		ID:          p.ImportPath,
		Compiler:    "gc",
		Dir:         p.Dir,
		ImportPath:  pkgPath(p.ImportPath),
		GoFiles:     files,
		ImportMap:   make(map[string]string),
		PackageFile: make(map[string]string),
		Standard:    make(map[string]bool),
		PackageVetx: make(map[string]string),
		VetxOnly:    !u.root,
	}
	for _, f := range slices.Concat(p.CFiles, p.CXXFiles, p.SFiles) {
		cfg.NonGoFiles = append(cfg.NonGoFiles, filepath.Join(p.Dir, f))
	}
	for _, f := range p.IgnoredGoFiles {
		cfg.IgnoredFiles = append(cfg.IgnoredFiles, filepath.Join(p.Dir, f))
	}
	if m := p.Module; m != nil {
		cfg.ModulePath, cfg.ModuleVersion = m.Path, m.Version
		if m.GoVersion != "" {
			cfg.GoVersion = "go" + m.GoVersion
		}
	}
	cfg.ImportMap["unsafe"] = "unsafe"
	vetxHashes := make(map[string]string)
	for i, d := range u.deps {
		path := pkgPath(d.pkg.ImportPath)
		cfg.ImportMap[u.imp[i]] = path
		cfg.PackageVetx[path] = d.vetx
		vetxHashes[path] = d.vetxHash
		cfg.Standard[path] = d.pkg.Standard
		if o.compilerTypes {
			cfg.PackageFile[path] = d.pkg.Export
			vetxHashes[path] += " " + d.exportHash
		}
	}

	key := o.unitKey(&cfg, u, vetxHashes)
	if key != "" {
		if o.loadCached(u, key) {
			return
		}
	}
	// With a cache, the worker writes the types and facts in the cache
	// entry (under a temporary name, renamed once it succeeded).
	cfg.VetxOutput = filepath.Join(o.tmpDir, hashString(p.ImportPath)+".vetx")
	if key != "" {
		base := o.entryPath(key)
		if o.mkdir(filepath.Dir(base)) == nil {
			// A name no other run uses (see isEntryFile).
			cfg.VetxOutput = fmt.Sprintf("%s.vetx.%d%06d", base, os.Getpid(), o.tmpCount.Add(1))
		}
	}
	req := &workRequest{
		Cfg:       cfg,
		JSON:      u.root,
		Deps:      u.closure(),
		BigUnit:   o.sourceSize(files) > bigUnit,
		FactsOnly: o.compilerTypes,
	}
	resp, err := o.workers.run(o.ctx, req)
	if err != nil {
		// Killed, or a crash: say so, and keep it out of the cache.
		u.failed, u.errOut = true, bytes.TrimSpace(append(resp.Stderr, []byte(fmt.Sprintf("\n%s: analysis failed: %v", p.ImportPath, err))...))
		key = ""
	} else {
		u.out, u.errOut = resp.Stdout, bytes.TrimSpace(resp.Stderr)
		if resp.Code != 0 {
			u.failed = true
			if len(u.errOut) == 0 {
				u.errOut = []byte(fmt.Sprintf("%s: analysis failed", p.ImportPath))
			}
		} else {
			u.vetx, u.vetxHash = cfg.VetxOutput, resp.VetxHash
		}
	}
	if key != "" && cfg.VetxOutput != u.vetx {
		os.Remove(cfg.VetxOutput) // the temporary file of a failed write
	}
	if o.debugLog != nil {
		fmt.Fprintf(o.debugLog, "leakvet: analysed %s\n", p.ImportPath)
	}
	if key != "" {
		o.store(u, key)
	}
}

// closure binds the path of every package u depends on, directly or
// not, to its ID (computed once).
func (u *unit) closure() map[string]string {
	if u.deps_ == nil {
		m := make(map[string]string)
		for _, d := range u.deps {
			m[pkgPath(d.pkg.ImportPath)] = d.pkg.ImportPath
			for path, id := range d.closure() {
				m[path] = id
			}
		}
		u.deps_ = m
	}
	return u.deps_
}

// workerPool is the worker processes of a run (see worker.go), started
// when needed.
type workerPool struct {
	mu      sync.Mutex
	idle    []*worker
	started int
	o       *runOptions
}

// worker is one worker process.
type worker struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	enc    *json.Encoder
	dec    *json.Decoder
	stderr *bytes.Buffer // what the process printed on its stderr (a crash)
	wait   chan error    // its exit, once it ended
}

func (wp *workerPool) start(ctx context.Context) (*worker, error) {
	o := wp.o
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer w.Close()
	// The worker's settings are in a file of the driver's temporary
	// directory, as a unit's config is.
	wp.mu.Lock()
	wp.started++
	base := filepath.Join(o.tmpDir, fmt.Sprintf("worker-%d", wp.started))
	wp.mu.Unlock()
	data, _ := json.Marshal(workerConfig{Args: o.toolArgs, Stderr: base + ".stderr", ManageGC: os.Getenv("GOGC") == ""})
	if err := os.WriteFile(base+".cfg", data, 0o666); err != nil {
		r.Close()
		return nil, err
	}
	cmd := command(ctx, o.self, workerArg, base+".cfg")
	cmd.Env = unitEnv(0)
	cmd.ExtraFiles = []*os.File{w}
	wk := &worker{cmd: cmd, stderr: new(bytes.Buffer), wait: make(chan error, 1)}
	cmd.Stderr = wk.stderr
	if wk.in, err = cmd.StdinPipe(); err != nil {
		r.Close()
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		r.Close()
		return nil, err
	}
	wk.enc = json.NewEncoder(wk.in)
	wk.dec = json.NewDecoder(r)
	go func() {
		err := cmd.Wait()
		r.Close()
		wk.wait <- err
	}()
	return wk, nil
}

// run has a worker analyse one package. An error means the worker died
// (a crash, or killed): the response then holds what it printed.
func (wp *workerPool) run(ctx context.Context, req *workRequest) (workResponse, error) {
	wp.mu.Lock()
	var wk *worker
	if n := len(wp.idle); n > 0 {
		wk, wp.idle = wp.idle[n-1], wp.idle[:n-1]
	}
	wp.mu.Unlock()
	if wk == nil {
		var err error
		if wk, err = wp.start(ctx); err != nil {
			return workResponse{}, err
		}
	}
	var resp workResponse
	err := wk.enc.Encode(req)
	if err == nil {
		err = wk.dec.Decode(&resp)
	}
	if err != nil {
		// The worker is gone: what it printed says why.
		wk.in.Close()
		werr := <-wk.wait
		if werr == nil {
			werr = err
		}
		return workResponse{Stderr: wk.stderr.Bytes()}, werr
	}
	if resp.Retired || wp.o.workerEach {
		wk.in.Close()
		<-wk.wait
		return resp, nil
	}
	wp.mu.Lock()
	wp.idle = append(wp.idle, wk)
	wp.mu.Unlock()
	return resp, nil
}

// close ends the workers: each exits when its input ends.
func (wp *workerPool) close() {
	wp.mu.Lock()
	defer wp.mu.Unlock()
	for _, wk := range wp.idle {
		wk.in.Close()
		<-wk.wait
	}
	wp.idle = nil
}

// command is exec.CommandContext, with a bound on how long Wait waits for
// the output of a killed process's own children (go list runs some).
func command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// unitKey is the cache key of a unit: a hash of the binary, the flags,
// the config (with each file's content and each import's types and
// facts in place of their names), or "" when there is no cache.
func (o *runOptions) unitKey(cfg *vetConfig, u *unit, vetxHashes map[string]string) string {
	if o.cacheDir == "" {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "leakvet %s\nGOARCH %s\nargs %q\nroot %t\ncompiler types %t\n", o.selfHash, build.Default.GOARCH, o.toolArgs, u.root, o.compilerTypes)
	c := *cfg
	c.PackageVetx, c.PackageFile = nil, nil // their content is hashed below
	data, _ := json.Marshal(&c)
	h.Write(data)
	for _, f := range cfg.GoFiles {
		sf, err := o.source(f)
		if err != nil {
			return ""
		}
		io.WriteString(h, "file "+f+" "+sf.hash+"\n")
	}
	for _, path := range sortedKeys(vetxHashes) {
		io.WriteString(h, "vetx "+path+" "+vetxHashes[path]+"\n")
	}
	return hex.EncodeToString(h.Sum(nil))
}

// The cache is trimmed as the go command trims its build cache: at most
// once per trimInterval (the time of the last trim is in trim.txt), every
// file of an entry not used for trimLimit is removed. Reading an entry
// sets the modification time of its files, unless it was set less than
// mtimeInterval ago. Entries of other builds of leakvet (another binary,
// another key) are never read again, so they go within trimLimit too.
const (
	trimInterval  = 24 * time.Hour
	trimLimit     = 5 * 24 * time.Hour
	mtimeInterval = time.Hour
)

// trimCache trims the cache in dir (see trimInterval). It removes only
// what the cache itself writes: in the subdirectories named by two hex
// digits, the files named by a key with .json or .vetx, and what an
// interrupted write of one left; whatever else is there stays.
func trimCache(dir string, now time.Time) {
	marker := filepath.Join(dir, "trim.txt")
	if data, err := os.ReadFile(marker); err == nil {
		if t, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64); err == nil {
			// A time in the future (a clock set back) does not stop
			// trimming for long.
			if d := now.Sub(time.Unix(t, 0)); d < trimInterval && d > -mtimeInterval {
				return
			}
		}
	}
	subdirs, err := os.ReadDir(dir)
	if err != nil {
		return // no cache yet
	}
	cutoff := now.Add(-trimLimit - mtimeInterval)
	for _, sd := range subdirs {
		if !sd.IsDir() || !isHex(sd.Name(), 2) {
			continue
		}
		sub := filepath.Join(dir, sd.Name())
		entries, _ := os.ReadDir(sub)
		for _, e := range entries {
			if !isEntryFile(e.Name()) {
				continue
			}
			if info, err := e.Info(); err == nil && info.Mode().IsRegular() && info.ModTime().Before(cutoff) {
				os.Remove(filepath.Join(sub, e.Name()))
			}
		}
	}
	// Written last: a trim cut short is done again by the next run.
	writeAtomic(marker, []byte(strconv.FormatInt(now.Unix(), 10)+"\n"))
}

// isEntryFile reports whether name is that of a file of a cache entry
// (KEY.json, KEY.vetx) or of an unfinished write of one (KEY.json.N).
func isEntryFile(name string) bool {
	key, rest, ok := strings.Cut(name, ".")
	if !ok || !isHex(key, sha256.Size*2) {
		return false
	}
	ext, tmp, _ := strings.Cut(rest, ".")
	if ext != "json" && ext != "vetx" {
		return false
	}
	for _, c := range tmp {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// isHex reports whether s is n lower-case hex digits.
func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// cacheEntry is what the cache keeps of a unit besides its vetx file.
type cacheEntry struct {
	Out    []byte
	ErrOut []byte
	Failed bool
}

func (o *runOptions) entryPath(key string) string {
	return filepath.Join(o.cacheDir, key[:2], key)
}

func (o *runOptions) loadCached(u *unit, key string) bool {
	base := o.entryPath(key)
	data, err := os.ReadFile(base + ".json")
	if err != nil {
		return false
	}
	var e cacheEntry
	if json.Unmarshal(data, &e) != nil {
		return false
	}
	if !e.Failed {
		h, err := fileHash(base + ".vetx")
		if err != nil {
			return false
		}
		u.vetx, u.vetxHash = base+".vetx", h
	}
	u.out, u.errOut, u.failed, u.cached = e.Out, e.ErrOut, e.Failed, true
	// Mark the entry used, for trimCache.
	now := timeNow()
	for _, name := range []string{base + ".json", base + ".vetx"} {
		if info, err := os.Stat(name); err == nil && now.Sub(info.ModTime()) > mtimeInterval {
			os.Chtimes(name, now, now)
		}
	}
	if o.debugLog != nil {
		fmt.Fprintf(o.debugLog, "leakvet: %s from the cache\n", u.pkg.ImportPath)
	}
	return true
}

// store writes the result of u to the cache; a failure to do so only
// loses the cache entry.
func (o *runOptions) store(u *unit, key string) {
	base := o.entryPath(key)
	if err := o.mkdir(filepath.Dir(base)); err != nil {
		return
	}
	if !u.failed {
		// The worker wrote the file in the entry's directory, unless
		// it could not be made: then it is copied.
		if os.Rename(u.vetx, base+".vetx") == nil {
			u.vetx = base + ".vetx"
		} else if data, err := os.ReadFile(u.vetx); err != nil || writeAtomic(base+".vetx", data) != nil {
			return
		}
	}
	data, _ := json.Marshal(cacheEntry{Out: u.out, ErrOut: u.errOut, Failed: u.failed})
	writeAtomic(base+".json", data)
}

func writeAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

func fileHash(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func hashString(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:12])
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// bigUnit is the size of Go source above which a unit collects garbage
// as often as by default (see unitEnv). Measured: 4.1 MiB is better
// with GOGC=400, 12 MiB with the default; 8 MiB is between the two (the
// largest packages of std, grpc, golangci-lint, k8s.io/client-go and
// etcd's server are under 3 MiB, with their tests).
const bigUnit = 8 << 20

// unitEnv is the environment of a unit that analyses size bytes of Go
// source. A unit lives for one package: unless the user set GOGC, it
// collects garbage less often than by default (GOGC=400), which on
// golangci-lint's packages saves a third of the units' CPU time for a
// fifth more memory, and on nats-server's server package (4.1 MiB) a
// third of its time for 17 % more memory (501 MiB against 430). Past
// bigUnit the memory grows faster than the source: on the same package
// with its tests (12 MiB) GOGC=400 peaks at 5.5 GiB, the default at 2.4
// GiB for a quarter more time; such a unit keeps the default.
func unitEnv(size int64) []string {
	env := os.Environ()
	if os.Getenv("GOGC") == "" && size <= bigUnit {
		env = append(env, "GOGC=400")
	}
	return env
}

// sourceSize is the size of the files, in bytes (those it cannot stat
// count for nothing).
func (o *runOptions) sourceSize(files []string) int64 {
	var n int64
	for _, f := range files {
		if sf, err := o.source(f); err == nil {
			n += sf.size
		}
	}
	return n
}

// defaultJobs is how many units run at once.
func defaultJobs() int { return max(1, runtime.GOMAXPROCS(0)) }

// cacheDir returns leakvet's cache directory: $LEAKVET_CACHE, or
// leakvet under the user cache directory; "" (no cache) when
// LEAKVET_CACHE is "off" or there is no user cache directory.
func cacheDir() string {
	if d := os.Getenv("LEAKVET_CACHE"); d != "" {
		if d == "off" {
			return ""
		}
		return d
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "leakvet")
}
