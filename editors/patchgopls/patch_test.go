package main

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// gopls v0.23.0's internal/settings/analysis.go, as the module proxy
// serves it.
func v0230(t *testing.T) []byte {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "analysis.go.v0.23.0"))
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func TestPatch(t *testing.T) {
	out, err := Patch(v0230(t), "v0.23.0")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "analysis.go", out, parser.ParseComments)
	if err != nil {
		t.Fatalf("patched file does not parse: %v", err)
	}
	var imported bool
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == ImportPath {
			imported = imp.Name != nil && imp.Name.Name == "leakvetanalyzer"
		}
	}
	if !imported {
		t.Errorf("patched file does not import %s as leakvetanalyzer", ImportPath)
	}
	// leakvet's checks are appended inside initAnalyzers, before its
	// final return, as quick fixes.
	var body string
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "initAnalyzers" {
			body = string(out[fset.Position(fd.Body.Pos()).Offset:fset.Position(fd.Body.End()).Offset])
		}
	}
	loop := strings.Index(body, "for _, a := range leakvetanalyzer.Checks() {")
	ret := strings.Index(body, "return append(res, staticcheckAnalyzers()...)")
	if loop < 0 || ret < 0 || loop > ret {
		t.Errorf("leakvet's loop is not before the final return of initAnalyzers:\n%s", body)
	}
	if !strings.Contains(body[loop:], "actionKinds: []protocol.CodeActionKind{protocol.QuickFix}") {
		t.Errorf("leakvet's analyzers do not offer quick fixes:\n%s", body[loop:])
	}
	for _, unwanted := range []string{"nonDefault", "severity:"} {
		if strings.Contains(body[loop:ret], unwanted) {
			t.Errorf("leakvet's entries set %s: they must be on by default, as warnings", unwanted)
		}
	}
	// Enabled first asks whether a requirement of a leakvet check is off.
	var enabled string
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "Enabled" && fd.Recv != nil {
			enabled = string(out[fset.Position(fd.Body.Pos()).Offset:fset.Position(fd.Body.End()).Offset])
		}
	}
	if !strings.HasPrefix(enabled, "{\n\tif leakvetRequirementOff(a, o) {\n\t\treturn false\n\t}\n") {
		t.Errorf("Enabled does not start with the leakvet requirement check:\n%s", enabled)
	}
	if f.Scope.Lookup("leakvetRequirementOff") == nil {
		t.Errorf("leakvetRequirementOff is not declared")
	}
	// Everything else is unchanged: removing the insertions gives the
	// original back (up to gofmt, which the original satisfies).
	restored := strings.Replace(string(out), importText, "", 1)
	restored = strings.Replace(restored, insertText, "", 1)
	restored = strings.Replace(restored, enabledText, "", 1)
	restored = strings.Replace(restored, helperText, "", 1)
	if restored != string(v0230(t)) {
		t.Errorf("the patch changes more than the import and the insertion")
	}

	// A patched file is not patched twice.
	if _, err := Patch(out, "v0.23.0"); err == nil || !strings.Contains(err.Error(), "already patched") {
		t.Errorf("patching twice: got %v, want an 'already patched' error", err)
	}
}

func TestPatchAnchorsMissing(t *testing.T) {
	src := string(v0230(t))
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"no return", returnAnchor.text, "\treturn res\n", "the return of the analyzer list"},
		{"renamed function", funcAnchor.text, "\nfunc buildAnalyzers() (res []*Analyzer) {\n", "the function building the analyzer list"},
		{"no seen map", seenAnchor.text, "\tknown := make(map[*analysis.Analyzer]bool)\n", "its de-duplication map"},
		{"no import block", importAnchor.text, "\nimport ( // the imports\n", "the import block"},
		{"two returns", returnAnchor.text, returnAnchor.text + "}\n\nfunc other() []*Analyzer {\n\tvar res []*Analyzer\n" + returnAnchor.text, "found 2 times"},
		{"return not last", returnAnchor.text + "}\n", "\tif false {\n" + returnAnchor.text + "\t}\n\treturn nil\n}\n", "not the last statement"},
		{"no Enabled method", enabledAnchor.text, "\nfunc (a *Analyzer) IsEnabled(o *Options) bool {\n", "the method deciding whether an analyzer is enabled"},
		{"no protocol import", "\t\"golang.org/x/tools/gopls/internal/protocol\"\n", "\tproto \"golang.org/x/tools/gopls/internal/protocol\"\n", "import \"golang.org/x/tools/gopls/internal/protocol\" not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			changed := strings.Replace(src, tc.old, tc.new, 1)
			if changed == src {
				t.Fatalf("test case changes nothing")
			}
			out, err := Patch([]byte(changed), "v9.9.9")
			if err == nil {
				t.Fatalf("Patch succeeded on a file without %s:\n%s", tc.want, out)
			}
			for _, w := range []string{"gopls v9.9.9", SettingsFile, tc.want, "changed the place to patch"} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// TestPatchDir patches a copy on disk, and leaves a file it cannot patch
// as it was.
func TestPatchDir(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, filepath.FromSlash(SettingsFile))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, v0230(t), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := patchDir(dir, "v0.23.0"); err != nil {
		t.Fatal(err)
	}
	patched, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(patched, []byte(Marker)) {
		t.Fatalf("the file on disk is not patched")
	}
	if err := patchDir(dir, "v0.23.0"); err == nil {
		t.Fatalf("patching a patched copy succeeded")
	}
	again, _ := os.ReadFile(path)
	if !bytes.Equal(again, patched) {
		t.Errorf("a failed patch changed the file")
	}
	if err := patchDir(t.TempDir(), "v0.23.0"); err == nil || !strings.Contains(err.Error(), "gopls v0.23.0") {
		t.Errorf("patching a directory without gopls: got %v, want an error naming the version", err)
	}
}
