package main_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestWorkersAgree: what a package's analysis produces does not depend on
// what its worker analysed before it. On the testdata corpus (facts
// across packages, test variants), a worker for each package (-debug=w)
// and workers that each analyse many packages in a row (-debug=p: one
// at a time, so one worker takes them all until it ends) print the same
// and leave the same cache: the same entries, byte for byte (a
// package's types and facts are part of its importers' keys).
func TestWorkersAgree(t *testing.T) {
	bin := buildLeakvet(t)
	gopath, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(gopath, "src")
	type result struct {
		out   string
		cache map[string][]byte
	}
	var results []result
	for _, debug := range []string{"-debug=w", "-debug=p"} {
		cache := t.TempDir()
		env := []string{"GOPATH=" + gopath, "GO111MODULE=off", "GOFLAGS=", "LEAKVET_CACHE=" + cache}
		out, errOut, code := runEnv(t, src, env, bin, debug, "-json", "./...")
		r := result{out: fmt.Sprintf("%s\n--\n%s\n--\nexit %d", out, dropDebug(errOut), code), cache: make(map[string][]byte)}
		for _, f := range cacheFiles(t, cache) {
			data, err := os.ReadFile(filepath.Join(cache, f))
			if err != nil {
				t.Fatal(err)
			}
			r.cache[f] = data
		}
		if !strings.Contains(out, "downstream") || len(r.cache) < 20 {
			t.Fatalf("%s: too little to compare: %d cache files, output:\n%.1000s", debug, len(r.cache), r.out)
		}
		results = append(results, r)
	}
	a, b := results[0], results[1]
	if a.out != b.out {
		t.Errorf("-debug=w and -debug=p print differently:\n%s", firstDiff(a.out, b.out))
	}
	var keysA, keysB []string
	for k := range a.cache {
		keysA = append(keysA, k)
	}
	for k := range b.cache {
		keysB = append(keysB, k)
	}
	slices.Sort(keysA)
	slices.Sort(keysB)
	if !slices.Equal(keysA, keysB) {
		t.Errorf("the caches hold different entries: %d and %d files", len(keysA), len(keysB))
	}
	for k, data := range a.cache {
		if other, ok := b.cache[k]; ok && !bytes.Equal(data, other) {
			t.Errorf("cache file %s differs", k)
		}
	}
}
