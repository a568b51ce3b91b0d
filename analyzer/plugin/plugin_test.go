package plugin_test

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/leakvet/leakvet/analyzer"
	"github.com/leakvet/leakvet/analyzer/plugin"
	"github.com/leakvet/leakvet/passes/config"
)

// build runs the plugin as golangci-lint does: the registered constructor
// on the raw settings (a map decoded from YAML), then BuildAnalyzers.
func build(t *testing.T, raw any) ([]*analysis.Analyzer, error) {
	t.Helper()
	newPlugin, err := register.GetPlugin(plugin.Name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(raw)
	if err != nil {
		return nil, err
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
	return p.BuildAnalyzers()
}

func names(as []*analysis.Analyzer) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

// current returns the config analyzer's Result for the flags in force.
func current(t *testing.T) config.Config {
	t.Helper()
	res, err := config.Analyzer.Run(&analysis.Pass{Analyzer: config.Analyzer})
	if err != nil {
		t.Fatal(err)
	}
	return *res.(*config.Config)
}

var defaults = config.Config{
	MaxBlocks:        config.DefaultMaxBlocks,
	MaxCallDepth:     config.DefaultMaxCallDepth,
	MaxPaths:         config.DefaultMaxPaths,
	IncludeGenerated: false,
}

func TestChecks(t *testing.T) {
	all := names(analyzer.Checks())
	for _, tc := range []struct {
		name string
		raw  any
		want []string
	}{
		{"no settings", nil, all},
		{"empty", map[string]any{}, all},
		{"disable", map[string]any{"disable": []any{"noexit"}}, []string{"unpaired", "stranded", "deadlock", "lintignore"}},
		{"disable lintignore", map[string]any{"disable": []any{"lintignore"}}, []string{"unpaired", "stranded", "noexit", "deadlock"}},
		{"enable-all", map[string]any{"enable-all": true, "disable": []any{"stranded"}}, []string{"unpaired", "noexit", "deadlock", "lintignore"}},
		{"disable-all", map[string]any{"disable-all": true, "enable": []any{"stranded", "unpaired"}}, []string{"unpaired", "stranded"}},
		{"enable alone", map[string]any{"enable": []any{"unpaired"}}, all},
		{"only lintignore", map[string]any{"disable-all": true, "enable": []any{"lintignore"}}, []string{"lintignore"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := build(t, tc.raw)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(names(got), tc.want) {
				t.Errorf("checks %v, want %v", names(got), tc.want)
			}
			if slices.Contains(got, config.Analyzer) {
				t.Error("the config pseudo-analyzer is returned as a check")
			}
			// The checks learn which of them are shown (a leak two checks
			// see goes to the other only when that one is shown).
			if shown := current(t).Reporting; !slices.Equal(shown, tc.want) {
				t.Errorf("config reporting %v, want %v", shown, tc.want)
			}
		})
	}
}

func TestFlags(t *testing.T) {
	t.Cleanup(func() {
		if _, err := build(t, nil); err != nil {
			t.Fatal(err)
		}
	})

	if _, err := build(t, map[string]any{
		"max-blocks":        3000,
		"max-call-depth":    2,
		"max-paths":         64,
		"include-generated": true,
	}); err != nil {
		t.Fatal(err)
	}
	want := config.Config{MaxBlocks: 3000, MaxCallDepth: 2, MaxPaths: 64, IncludeGenerated: true, Reporting: names(analyzer.Checks())}
	if got := current(t); !reflect.DeepEqual(got, want) {
		t.Errorf("config after the settings: %+v, want %+v", got, want)
	}
	for name, v := range map[string]string{"max-blocks": "3000", "max-call-depth": "2", "max-paths": "64", "include-generated": "true"} {
		if got := config.Lookup(name).Value.String(); got != v {
			t.Errorf("flag %s = %s, want %s", name, got, v)
		}
	}

	// A plugin built from settings without a value restores the default.
	if _, err := build(t, map[string]any{"max-paths": 100}); err != nil {
		t.Fatal(err)
	}
	want = defaults
	want.MaxPaths = 100
	want.Reporting = names(analyzer.Checks())
	if got := current(t); !reflect.DeepEqual(got, want) {
		t.Errorf("config after max-paths alone: %+v, want %+v", got, want)
	}

	// Values decoded from YAML or JSON may arrive as floats.
	if _, err := build(t, map[string]any{"max-blocks": float64(500)}); err != nil {
		t.Fatal(err)
	}
	if got := current(t).MaxBlocks; got != 500 {
		t.Errorf("max-blocks 500.0: got %d", got)
	}
}

func TestBadSettings(t *testing.T) {
	if _, err := build(t, map[string]any{"max-blocks": 1234}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := build(t, nil); err != nil {
			t.Fatal(err)
		}
	})
	before := current(t)

	for _, tc := range []struct {
		name string
		raw  any
		want string // in the error
	}{
		{"unknown key", map[string]any{"max-block": 10}, `unknown field "max-block"`},
		{"map of checks", map[string]any{"checks": map[string]any{"noexit": false}}, `unknown field "checks"`},
		{"string count", map[string]any{"max-paths": "many"}, "max-paths"},
		{"fractional count", map[string]any{"max-paths": 1.5}, "max-paths"},
		{"zero count", map[string]any{"max-call-depth": 0}, "max-call-depth must be a positive count, not 0"},
		{"negative count", map[string]any{"max-blocks": -1}, "max-blocks must be a positive count, not -1"},
		{"string bool", map[string]any{"include-generated": "yes"}, "include-generated"},
		{"disable not a list", map[string]any{"disable": "noexit"}, "disable"},
		{"unknown check", map[string]any{"disable": []any{"nosuch"}}, `disable: unknown check "nosuch" (known: unpaired, stranded, noexit, deadlock, lintignore)`},
		{"unknown enabled check", map[string]any{"disable-all": true, "enable": []any{"Unpaired"}}, `enable: unknown check "Unpaired"`},
		{"config is no check", map[string]any{"disable": []any{"config"}}, `unknown check "config"`},
		{"both", map[string]any{"enable": []any{"noexit"}, "disable": []any{"noexit"}}, `check "noexit" is both enabled and disabled`},
		{"enable-all and disable-all", map[string]any{"enable-all": true, "disable-all": true}, "enable-all and disable-all can't be combined"},
		{"enable-all and enable", map[string]any{"enable-all": true, "enable": []any{"noexit"}}, "enable-all and enable can't be combined"},
		{"disable-all and disable", map[string]any{"disable-all": true, "disable": []any{"noexit"}}, "disable-all and disable can't be combined"},
		{"nothing left", map[string]any{"disable": []any{"unpaired", "stranded", "noexit", "deadlock", "lintignore"}}, "every check is disabled"},
		{"disable-all alone", map[string]any{"disable-all": true}, "every check is disabled"},
		{"not a map", []any{"noexit"}, "leakvet settings"},
		{"unknown related", map[string]any{"related": "inline"}, `related: "inline" is neither "fold" nor "issues"`},
		{"related not a string", map[string]any{"related": true}, "related"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			as, err := build(t, tc.raw)
			if err == nil {
				t.Fatalf("accepted, with checks %v", names(as))
			}
			t.Log(err)
			if !strings.HasPrefix(err.Error(), "leakvet settings: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to start with %q and contain %q", err, "leakvet settings: ", tc.want)
			}
			if got := current(t); !reflect.DeepEqual(got, before) {
				t.Errorf("rejected settings changed the config: %+v, was %+v", got, before)
			}
		})
	}
}

// TestDisabledCheckUnderLintignore runs what the plugin returns for
// disable: [unpaired] the way golangci-lint runs it (diagnostics of the
// returned analyzers only) over lintignore/a: unpaired reports nothing, yet
// still runs for lintignore, which therefore does not take the directive
// that silences an unpaired leak for an unused one.
func TestDisabledCheckUnderLintignore(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "src", "lintignore", "a", "a.go"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/a\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Env: append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")}, ".")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("package errors")
	}

	run := func(raw any) map[string][]string { // check -> "line: message"
		t.Helper()
		as, err := build(t, raw)
		if err != nil {
			t.Fatal(err)
		}
		g, err := checker.Analyze(as, pkgs, nil)
		if err != nil {
			t.Fatal(err)
		}
		out := make(map[string][]string)
		for _, act := range g.Roots {
			if act.Err != nil {
				t.Fatalf("%s: %v", act.Analyzer.Name, act.Err)
			}
			for _, d := range act.Diagnostics {
				line := act.Package.Fset.Position(d.Pos).Line
				out[act.Analyzer.Name] = append(out[act.Analyzer.Name], strings.TrimSpace(strings.SplitN(string(src), "\n", line+1)[line-1])+" => "+d.Message)
			}
		}
		for _, ds := range out {
			slices.Sort(ds)
		}
		return out
	}

	all := run(nil)
	off := run(map[string]any{"disable": []any{"unpaired"}})
	if len(all["unpaired"]) == 0 {
		t.Fatalf("with every check on, unpaired reports nothing in lintignore/a: %v", all)
	}
	if len(off["unpaired"]) != 0 {
		t.Errorf("disabled unpaired reported %v", off["unpaired"])
	}
	if !slices.Equal(off["lintignore"], all["lintignore"]) {
		t.Errorf("lintignore with unpaired disabled reported\n%s\nwant, as with it enabled,\n%s",
			strings.Join(off["lintignore"], "\n"), strings.Join(all["lintignore"], "\n"))
	}
	for _, d := range off["lintignore"] {
		if strings.Contains(d, "the reader is loaded as a plugin") {
			t.Errorf("the directive that silences a leak of the disabled check is reported: %s", d)
		}
	}
}
