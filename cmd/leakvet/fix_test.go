package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestMergeEdits(t *testing.T) {
	have := []edit{{10, 12, "x"}}
	if got, ok := mergeEdits(have, []edit{{0, 2, "a"}}); !ok || len(got) != 2 || got[0].start != 0 {
		t.Errorf("disjoint edits: %v %v", got, ok)
	}
	if got, ok := mergeEdits(have, []edit{{10, 12, "x"}}); !ok || len(got) != 1 {
		t.Errorf("the same edit twice (a package and its test variant): %v %v", got, ok)
	}
	if _, ok := mergeEdits(have, []edit{{11, 14, "y"}}); ok {
		t.Errorf("overlapping edits merged")
	}
	if _, ok := mergeEdits([]edit{{5, 5, "a"}}, []edit{{5, 5, "b"}}); ok {
		t.Errorf("two insertions at one offset merged")
	}
}

// TestUnifiedDiff checks the diff against patch(1), when it is there.
func TestUnifiedDiff(t *testing.T) {
	if d := unifiedDiff("a", "b", "same\n", "same\n"); d != "" {
		t.Errorf("equal texts: %q", d)
	}
	old := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n"
	new := "1\n2\nthree\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\nfourteen\n15\nsixteen"
	d := unifiedDiff("f (old)", "f (new)", old, new)
	want := "--- f (old)\n+++ f (new)\n@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+three\n 4\n 5\n 6\n@@ -11,5 +11,6 @@\n 11\n 12\n 13\n-14\n+fourteen\n 15\n+sixteen\n\\ No newline at end of file\n"
	if d != want {
		t.Errorf("diff:\n%s\nwant:\n%s", d, want)
	}
	patch, err := exec.LookPath("patch")
	if err != nil {
		t.Skip("no patch(1) to apply the diff")
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "f")
	os.WriteFile(f, []byte(old), 0o644)
	os.WriteFile(f+".diff", []byte(d), 0o644)
	cmd := exec.Command(patch, f, f+".diff")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("patch: %v\n%s", err, out)
	}
	if got, _ := os.ReadFile(f); string(got) != new {
		t.Errorf("patched file:\n%q\nwant\n%q", got, new)
	}
}

func TestSplitPosn(t *testing.T) {
	for _, tc := range []struct {
		posn      string
		file      string
		line, col int
	}{
		{"/a/b.go:3:7", "/a/b.go", 3, 7},
		{"/a/b.go:3", "/a/b.go", 3, 0},
		{"C:/a/b.go:3:7", "C:/a/b.go", 3, 7},
		{"-", "-", 0, 0},
	} {
		f, l, c := splitPosn(tc.posn)
		if f != tc.file || l != tc.line || c != tc.col {
			t.Errorf("splitPosn(%q) = %q %d %d", tc.posn, f, l, c)
		}
	}
}
