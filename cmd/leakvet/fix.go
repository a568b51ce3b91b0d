package main

// -fix and -diff: the first suggested fix of each diagnostic, applied to
// the files (-fix) or shown as a unified diff (-diff), as go vet -fix does.
// A fix whose edits overlap another's already taken is left out, as is a
// fix to a generated file.

import (
	"bytes"
	"cmp"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io"
	"os"
	"slices"
	"strings"
)

type edit struct {
	start, end int
	text       string
}

// fixOutcome says what applyFixes did.
type fixOutcome struct {
	fixes, applied, conflicts, generated int
	files                                []string // changed (or, with -diff, that would change)
}

// applyFixes applies (or, if diff, prints to w as a unified diff) the
// first fix of every diagnostic of res.
func applyFixes(res *results, diff bool, w io.Writer) (fixOutcome, error) {
	var out fixOutcome
	type fileFix []jsonEdit
	var fixes []fileFix
	type key struct{ posn, check, message string }
	seen := make(map[key]bool)
	for _, a := range res.checks {
		for _, p := range res.pkgs {
			for _, d := range p.diags[a.Name] {
				k := key{d.Posn, a.Name, d.Message}
				if len(d.SuggestedFixes) == 0 || seen[k] {
					continue
				}
				seen[k] = true
				fixes = append(fixes, d.SuggestedFixes[0].Edits)
			}
		}
	}
	out.fixes = len(fixes)
	content := make(map[string][]byte)
	generated := make(map[string]bool)
	accepted := make(map[string][]edit)
fixLoop:
	for _, fix := range fixes {
		byFile := make(map[string][]edit)
		for _, e := range fix {
			data, ok := content[e.Filename]
			if !ok {
				var err error
				if data, err = os.ReadFile(e.Filename); err != nil {
					return out, err
				}
				content[e.Filename] = data
				// A file cgo rewrites gets no fixes: the edits are offsets in
				// cgo's file, not in the user's.
				generated[e.Filename] = isGenerated(e.Filename, data) || importsC(e.Filename, data)
			}
			if generated[e.Filename] {
				out.generated++
				continue fixLoop
			}
			if e.Start < 0 || e.End < e.Start || e.End > len(data) {
				out.conflicts++
				continue fixLoop
			}
			byFile[e.Filename] = append(byFile[e.Filename], edit{e.Start, e.End, e.New})
		}
		merged := make(map[string][]edit)
		for name, edits := range byFile {
			m, ok := mergeEdits(accepted[name], edits)
			if !ok {
				out.conflicts++
				continue fixLoop
			}
			merged[name] = m
		}
		for name, m := range merged {
			accepted[name] = m
		}
		out.applied++
	}
	for _, name := range sortedKeys(accepted) {
		old := content[name]
		var buf bytes.Buffer
		last := 0
		for _, e := range accepted[name] {
			buf.Write(old[last:e.start])
			buf.WriteString(e.text)
			last = e.end
		}
		buf.Write(old[last:])
		fixed := buf.Bytes()
		if f, err := format.Source(fixed); err == nil {
			fixed = f
		}
		if bytes.Equal(fixed, old) {
			continue
		}
		out.files = append(out.files, name)
		if diff {
			io.WriteString(w, unifiedDiff(name+" (old)", name+" (new)", string(old), string(fixed)))
			continue
		}
		info, err := os.Stat(name)
		if err != nil {
			return out, err
		}
		if err := os.WriteFile(name, fixed, info.Mode().Perm()); err != nil {
			return out, err
		}
	}
	return out, nil
}

// mergeEdits adds edits to a sorted list of non-overlapping edits; an
// edit equal to one already there is taken once; ok is false when one
// overlaps another.
func mergeEdits(have, add []edit) ([]edit, bool) {
	all := slices.Clone(have)
	for _, e := range add {
		if !slices.Contains(all, e) {
			all = append(all, e)
		}
	}
	slices.SortStableFunc(all, func(a, b edit) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end))
	})
	for i := 1; i < len(all); i++ {
		if all[i].start < all[i-1].end || all[i].start == all[i-1].start && all[i].start == all[i].end && all[i-1].start == all[i-1].end {
			return nil, false
		}
	}
	return all, true
}

func isGenerated(name string, data []byte) bool {
	f, err := parser.ParseFile(token.NewFileSet(), name, data, parser.PackageClauseOnly|parser.ParseComments)
	return err == nil && ast.IsGenerated(f)
}

// importsC reports whether the file imports "C" (cgo).
func importsC(name string, data []byte) bool {
	f, err := parser.ParseFile(token.NewFileSet(), name, data, parser.ImportsOnly)
	if err != nil {
		return false
	}
	for _, imp := range f.Imports {
		if imp.Path.Value == `"C"` {
			return true
		}
	}
	return false
}

// unifiedDiff returns the unified diff (3 lines of context) from a to b,
// or "" when they are equal.
func unifiedDiff(nameA, nameB, a, b string) string {
	if a == b {
		return ""
	}
	x, y := splitLines(a), splitLines(b)
	// Common prefix and suffix, then a longest common subsequence of the
	// middle (fixes are small and local).
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	mx, my := x[pre:len(x)-suf], y[pre:len(y)-suf]
	type op struct {
		kind byte // ' ', '-', '+'
		line string
	}
	var ops []op
	for _, l := range x[:pre] {
		ops = append(ops, op{' ', l})
	}
	if len(mx)*len(my) > 4_000_000 {
		for _, l := range mx {
			ops = append(ops, op{'-', l})
		}
		for _, l := range my {
			ops = append(ops, op{'+', l})
		}
	} else {
		n, m := len(mx), len(my)
		lcs := make([][]int32, n+1)
		for i := range lcs {
			lcs[i] = make([]int32, m+1)
		}
		for i := n - 1; i >= 0; i-- {
			for j := m - 1; j >= 0; j-- {
				if mx[i] == my[j] {
					lcs[i][j] = lcs[i+1][j+1] + 1
				} else {
					lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
				}
			}
		}
		i, j := 0, 0
		for i < n || j < m {
			switch {
			case i < n && j < m && mx[i] == my[j]:
				ops = append(ops, op{' ', mx[i]})
				i++
				j++
			case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
				ops = append(ops, op{'-', mx[i]})
				i++
			default:
				ops = append(ops, op{'+', my[j]})
				j++
			}
		}
	}
	for _, l := range x[len(x)-suf:] {
		ops = append(ops, op{' ', l})
	}

	const context = 3
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", nameA, nameB)
	for k := 0; k < len(ops); {
		if ops[k].kind == ' ' {
			k++
			continue
		}
		// A hunk: from context lines before the change to context lines
		// after the last change that is at most 2*context lines away.
		start := max(0, k-context)
		end := k
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*context {
				end = min(len(ops), end+context)
				break
			}
			end = run
		}
		oldStart, newStart := 1, 1
		for _, o := range ops[:start] {
			if o.kind != '+' {
				oldStart++
			}
			if o.kind != '-' {
				newStart++
			}
		}
		oldN, newN := 0, 0
		for _, o := range ops[start:end] {
			if o.kind != '+' {
				oldN++
			}
			if o.kind != '-' {
				newN++
			}
		}
		if oldN == 0 {
			oldStart--
		}
		if newN == 0 {
			newStart--
		}
		fmt.Fprintf(&sb, "@@ -%s +%s @@\n", hunkRange(oldStart, oldN), hunkRange(newStart, newN))
		for _, o := range ops[start:end] {
			sb.WriteByte(o.kind)
			sb.WriteString(o.line)
			if !strings.HasSuffix(o.line, "\n") {
				sb.WriteString("\n\\ No newline at end of file\n")
			}
		}
		k = end
	}
	return sb.String()
}

func hunkRange(start, n int) string {
	if n == 1 {
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}

// splitLines splits s after each newline.
func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}
