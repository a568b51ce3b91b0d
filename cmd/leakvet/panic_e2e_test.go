package main_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestLoudFailures: a panic in any phase, injected with
// -config.debug-panic, becomes one internal-error diagnostic naming what
// was being analysed, standalone and through go vet, and the other
// package is still analysed.
func TestLoudFailures(t *testing.T) {
	bin := buildLeakvet(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/loud\n\ngo 1.26\n")
	const leak = `package %s

func Leak(v int) {
	ch := make(chan int)
	go func() { ch <- v }()
}
`
	write(t, filepath.Join(dir, "a", "a.go"), strings.ReplaceAll(leak, "%s", "a"))
	write(t, filepath.Join(dir, "b", "b.go"), strings.ReplaceAll(leak, "%s", "b"))
	const bLeak = "b/b.go:5:14: send on ch blocks forever: nothing receives from it"
	for _, tc := range []struct {
		phase, name string // -config.debug-panic=phase:name
		want        string // in the internal error
	}{
		{"ssa", "loud/a", "package example.com/loud/a (summary)"},
		{"model", "a.Leak", "example.com/loud/a.Leak (channel model)"},
		{"solve", "loud/a", "package example.com/loud/a (solving the channel flow)"},
		{"finish", "a.Leak$1", "example.com/loud/a.Leak$1 (finishing the channel model)"},
		{"facts", "a.Leak", "example.com/loud/a.Leak (summary facts)"},
		{"unpaired", "literal in Leak in package example.com/loud/a", "the func literal in Leak"},
		{"noexit", "Leak in package example.com/loud/a", "Leak"},
	} {
		t.Run(tc.phase, func(t *testing.T) {
			flag := "-config.debug-panic=" + tc.phase + ":" + tc.name
			_, std, code := runEnv(t, dir, []string{"LEAKVET_CACHE=off"}, bin, flag, "./...")
			_, vet, _ := run(t, dir, "go", "vet", "-vettool="+bin, flag, "./...")
			for _, out := range []struct{ driver, text string }{{"leakvet", std}, {"go vet", vet}} {
				lines := diagLines(out.text)
				var internal []string
				for _, l := range lines {
					if strings.Contains(l, "internal error") {
						internal = append(internal, l)
					}
				}
				if len(internal) != 1 || !strings.Contains(internal[0], "could not analyse "+tc.want+": panic injected") {
					t.Errorf("%s %s: internal errors %q; want one naming %q\n%s", out.driver, flag, internal, tc.want, out.text)
				}
				if !strings.Contains(out.text, bLeak) {
					t.Errorf("%s %s: package b was not analysed (no %q)\n%s", out.driver, flag, bLeak, out.text)
				}
			}
			if code != 3 {
				t.Errorf("leakvet %s: exit %d, want 3 (diagnostics)", flag, code)
			}
		})
	}
}
