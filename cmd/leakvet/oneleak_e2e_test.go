package main_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// oneLeak is a per-request goroutine ranging over a channel nobody closes:
// unpaired sees the range that never ends, noexit the goroutine that never
// ends. %s and %s are what precedes the go statement and the range.
const oneLeak = `package handler

import "net/http"

func Handle(w http.ResponseWriter, r *http.Request) {
	ch := make(chan int)
%s	go func() {
%s		for v := range ch {
			_ = v
		}
	}()
	ch <- 1
}
`

// TestOneLeakOneReport: one leak is one report, whichever checks see it,
// standalone and through go vet; one directive on either line (naming
// either check) silences it, and is not then called unused.
func TestOneLeakOneReport(t *testing.T) {
	bin := buildLeakvet(t)
	for _, tc := range []struct {
		name         string
		atGo, atLoop string
		want         int // diagnostics
	}{
		{"bare", "", "", 1},
		{"noexit at go", "\t//lint:ignore leakvet.noexit served once per request\n", "", 0},
		{"unpaired at go", "\t//lint:ignore leakvet.unpaired served once per request\n", "", 0},
		{"noexit at range", "", "\t\t//lint:ignore leakvet.noexit served once per request\n", 0},
		{"unpaired at range", "", "\t\t//lint:ignore leakvet.unpaired served once per request\n", 0},
		{"stranded at go", "\t//lint:ignore leakvet.stranded names another check\n", "", 2}, // the leak and the unused directive
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "go.mod"), "module example.com/one\n\ngo 1.26\n")
			write(t, filepath.Join(dir, "handler", "handler.go"), strings.ReplaceAll(
				strings.Replace(strings.Replace(oneLeak, "%s", tc.atGo, 1), "%s", tc.atLoop, 1), "\r", ""))
			_, errOut, _ := run(t, dir, bin, "./...")
			std := diagLines(errOut)
			_, vetOut, _ := run(t, dir, "go", "vet", "-vettool="+bin, "./...")
			vet := diagLines(vetOut)
			if len(std) != tc.want || len(vet) != tc.want {
				t.Errorf("standalone printed %d diagnostics, go vet %d; want %d\nstandalone:\n%s\ngo vet:\n%s", len(std), len(vet), tc.want, errOut, vetOut)
			}
			if tc.want == 1 && (!strings.Contains(std[0], "handler.go:8:3: range over ch never ends") || !strings.HasSuffix(std[0], "(unpaired)")) {
				t.Errorf("standalone reported %q; want the range at handler.go:8:3, by unpaired", std[0])
			}
		})
	}
}

// diagLines returns the diagnostic lines of text output, without their
// related positions (indented by a tab after the position).
func diagLines(out string) []string {
	var lines []string
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, ".go:") && !strings.Contains(line, ": \t") {
			lines = append(lines, line)
		}
	}
	return lines
}
