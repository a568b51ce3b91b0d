package main_test

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"go.yaml.in/yaml/v3"

	"github.com/leakvet/leakvet/analyzer/plugin"
)

// TestExampleConfig holds example.golangci.yml to what it says: it enables
// leakvet with every check, and shows every setting of the plugin, each of
// which the plugin accepts on its own.
func TestExampleConfig(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, "example.golangci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Version string
		Linters struct {
			Enable   []string
			Settings struct {
				Custom map[string]struct {
					Type     string
					Settings map[string]any
				}
			}
		}
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	lv, ok := cfg.Linters.Settings.Custom[plugin.Name]
	if cfg.Version != "2" || !slices.Contains(cfg.Linters.Enable, plugin.Name) || !ok || lv.Type != "module" {
		t.Fatalf("example.golangci.yml does not enable the module plugin %s in a version 2 configuration: %+v", plugin.Name, cfg)
	}
	newPlugin, err := register.GetPlugin(plugin.Name)
	if err != nil {
		t.Fatal(err)
	}
	selected := func(settings any) ([]string, error) {
		p, err := newPlugin(settings)
		if err != nil {
			return nil, err
		}
		as, err := p.BuildAnalyzers()
		var names []string
		for _, a := range as {
			names = append(names, a.Name)
		}
		return names, err
	}
	if got, err := selected(lv.Settings); err != nil || !slices.Equal(got, checks) {
		t.Errorf("example.golangci.yml runs the checks %v (error %v), want every check %v", got, err, checks)
	}

	// The settings shown, commented out: each is accepted alone.
	_, block, _ := strings.Cut(string(data), "        settings:\n")
	block, _, _ = strings.Cut(block, "\nissues:")
	shown := make(map[string]bool)
	for _, m := range regexp.MustCompile(`(?m)^ *# ([a-z-]+: .+)$`).FindAllStringSubmatch(block, -1) {
		var one map[string]any
		if err := yaml.Unmarshal([]byte(m[1]), &one); err != nil {
			t.Errorf("%q: %v", m[1], err)
			continue
		}
		for k := range one {
			shown[k] = true
		}
		if _, err := selected(one); err != nil {
			t.Errorf("the setting shown as %q is rejected: %v", m[1], err)
		}
	}
	st := reflect.TypeFor[plugin.Settings]()
	for i := range st.NumField() {
		key, _, _ := strings.Cut(st.Field(i).Tag.Get("json"), ",")
		if !shown[key] {
			t.Errorf("example.golangci.yml does not show the setting %s", key)
		}
	}
	if _, err := selected(nil); err != nil { // the defaults again, for other tests
		t.Fatal(err)
	}
}
