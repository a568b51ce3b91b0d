package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/leakvet/leakvet/cmd/leakvet/internal/goroutinedump"
)

// pkgIndex maps the frames of a dump to the files of the analysed
// packages.
type profileIndex struct {
	cwd    string
	byBase map[string][]profileFile // by file name
	std    map[string]bool          // the local standard library; nil if go list std failed
	cache  map[goroutinedump.Frame]profileMapping
}

type profileFile struct {
	abs     string
	comps   []string // the path's elements, last first
	pkg     string   // the import path, as leakvet is given it
	funcPkg string   // the package as function names spell it: the import path, main, or path_test
}

type profileMapping struct {
	file string // absolute
	pkg  string
	why  string // why it does not map, when that is worth saying
}

// listedPackage is what loadIndex reads of go list -json.
type profileListed struct {
	ImportPath   string
	Name         string
	Dir          string
	GoFiles      []string
	CgoFiles     []string
	TestGoFiles  []string
	XTestGoFiles []string
	Error        *struct{ Err string }
}

// loadIndex lists the packages of the patterns and the standard library.
func (p *profiler) loadIndex(patterns []string) (*profileIndex, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	idx := &profileIndex{cwd: cwd, byBase: map[string][]profileFile{}, cache: map[goroutinedump.Frame]profileMapping{}}
	out, err := p.goList(append([]string{"-e", "-json=ImportPath,Name,Dir,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,Error", "--"}, patterns...)...)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var lp profileListed
		if err := dec.Decode(&lp); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, fmt.Errorf("go list: %v", err)
		}
		n := len(lp.GoFiles) + len(lp.CgoFiles) + len(lp.TestGoFiles) + len(lp.XTestGoFiles)
		if lp.Error != nil && n == 0 {
			return nil, fmt.Errorf("%s: %s", lp.ImportPath, profileFirstLine(lp.Error.Err))
		}
		funcPkg := lp.ImportPath
		if lp.Name == "main" {
			funcPkg = "main"
		}
		add := func(names []string, funcPkg string) {
			for _, name := range names {
				abs := filepath.Join(lp.Dir, name)
				idx.byBase[name] = append(idx.byBase[name], profileFile{abs: abs, comps: profileComps(abs), pkg: lp.ImportPath, funcPkg: funcPkg})
			}
		}
		add(lp.GoFiles, funcPkg)
		add(lp.CgoFiles, funcPkg)
		add(lp.TestGoFiles, funcPkg)
		add(lp.XTestGoFiles, lp.ImportPath+"_test")
	}
	if out, err := p.goList("std"); err == nil {
		idx.std = map[string]bool{}
		for _, line := range strings.Split(string(out), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				idx.std[line] = true
			}
		}
	}
	return idx, nil
}

// reversedComps splits a path of any machine (slashes or backslashes)
// into its elements, last first.
func profileComps(path string) []string {
	parts := strings.FieldsFunc(path, func(r rune) bool { return r == '/' || r == '\\' })
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return parts
}

// isStd reports whether pkg is in the standard library (or the runtime).
func (idx *profileIndex) isStd(pkg string) bool {
	if idx.std != nil {
		return idx.std[pkg] || strings.HasPrefix(pkg, "vendor/")
	}
	return goroutinedump.IsStd(pkg)
}

// mapFrame finds the analysed file of a frame: among the files of that
// name, the one whose package is the function's and whose path shares the
// longest suffix with the frame's. A file of another package counts when
// at least its directory's name matches too; a tie is ambiguous.
func (idx *profileIndex) mapFrame(f goroutinedump.Frame) (profileMapping, bool) {
	if m, ok := idx.cache[f]; ok {
		return m, m.file != ""
	}
	m := idx.lookup(f)
	idx.cache[f] = m
	return m, m.file != ""
}

func (idx *profileIndex) lookup(f goroutinedump.Frame) profileMapping {
	comps := profileComps(f.File)
	if len(comps) == 0 || f.Line <= 0 {
		return profileMapping{}
	}
	cands := idx.byBase[comps[0]]
	if len(cands) == 0 {
		return profileMapping{}
	}
	funcPkg := goroutinedump.PkgPath(f.Func)
	type scored struct {
		f       profileFile
		pkgOK   bool
		matched int
	}
	var best []scored
	for _, c := range cands {
		n := 0
		for n < len(comps) && n < len(c.comps) && comps[n] == c.comps[n] {
			n++
		}
		s := scored{c, c.funcPkg == funcPkg, n}
		switch {
		case len(best) == 0 || s.pkgOK && !best[0].pkgOK || s.pkgOK == best[0].pkgOK && s.matched > best[0].matched:
			best = []scored{s}
		case s.pkgOK == best[0].pkgOK && s.matched == best[0].matched:
			best = append(best, s)
		}
	}
	b := best[0]
	if !b.pkgOK && b.matched < 2 {
		return profileMapping{why: fmt.Sprintf("%s of package %s is not %s of the dump", idx.rel(b.f.abs), b.f.pkg, f.Func)}
	}
	if len(best) > 1 {
		var names []string
		for _, s := range best {
			names = append(names, idx.rel(s.f.abs))
		}
		sort.Strings(names)
		return profileMapping{why: "ambiguous: " + strings.Join(names, ", ")}
	}
	return profileMapping{file: b.f.abs, pkg: b.f.pkg}
}

// rel returns path relative to the working directory when it is below it.
func (idx *profileIndex) rel(path string) string {
	if r, err := filepath.Rel(idx.cwd, path); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return r
	}
	return path
}

var profilePosnRE = regexp.MustCompile(`^(.*?):(\d+)(?::(\d+))?$`)

// relPosn shortens the file of a file:line:col position.
func (idx *profileIndex) relPosn(posn string) string {
	m := profilePosnRE.FindStringSubmatch(posn)
	if m == nil || !filepath.IsAbs(m[1]) {
		return posn
	}
	return idx.rel(m[1]) + posn[len(m[1]):]
}
