// Package plugin makes leakvet a golangci-lint v2 module plugin: importing
// it registers the linter "leakvet" with
// github.com/golangci/plugin-module-register.
//
// The plugin holds no analysis logic. It decodes its settings, sets the
// flags of the config pseudo-analyzer from them, and picks which of
// analyzer.Checks() golangci-lint runs.
//
// Settings (under linters.settings.custom.leakvet.settings in .golangci.yml)
// follow golangci-lint's govet settings, except that every leakvet check is
// on by default:
//
//	enable: [unpaired]     # turn checks on (they all are, by default)
//	disable: [noexit]      # turn checks off
//	enable-all: false      # every check, minus disable
//	disable-all: false     # no check, plus enable
//	max-blocks: 2000       # the config analyzer's budgets: positive counts
//	max-call-depth: 6
//	max-paths: 1024
//	include-generated: false
//	related: fold          # or issues: see below
//
// A setting that is left out takes the config analyzer's default, whatever
// an earlier plugin instance set.
//
// The lintignore check judges the //lint:ignore directives of the other
// checks, so it requires them all: while lintignore is on, a disabled check
// still runs, silently (golangci-lint reports only the checks it was
// given), and a directive for that check is judged as the standalone
// leakvet judges it with -<check>=false. To save a check's time entirely,
// disable lintignore too.
//
// golangci-lint reports each related position of a diagnostic (where the
// channel is made, where the goroutine starts) as an issue of its own. By
// default (related: fold) the plugin folds them into the issue's text
// instead, so that one leak is one issue, which one //nolint:leakvet
// silences:
//
//	send on ch blocks forever: nothing receives from it [ch is made here (p.go:9:8); the goroutine is started here, again and again (p.go:10:2)]
//
// related: issues leaves them to golangci-lint.
package plugin

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/analyzer"
	"github.com/leakvet/leakvet/passes/config"
)

// Name is the linter's name in golangci-lint: in linters.enable, in
// linters.settings.custom and in //nolint:leakvet.
const Name = "leakvet"

func init() {
	register.Plugin(Name, New)
}

// Settings are the plugin's settings, as golangci-lint hands them over.
type Settings struct {
	// Enable turns checks on. All checks are on by default, so it matters
	// with DisableAll.
	Enable []string `json:"enable"`
	// Disable turns checks off.
	Disable []string `json:"disable"`
	// EnableAll runs every check but those in Disable.
	EnableAll bool `json:"enable-all"`
	// DisableAll runs only the checks in Enable.
	DisableAll bool `json:"disable-all"`

	// The flags of the config analyzer; nil means its default.
	MaxBlocks        *int  `json:"max-blocks"`
	MaxCallDepth     *int  `json:"max-call-depth"`
	MaxPaths         *int  `json:"max-paths"`
	IncludeGenerated *bool `json:"include-generated"`

	// Related is what becomes of a diagnostic's related positions:
	// RelatedFold ("fold", the default) or RelatedIssues ("issues").
	Related string `json:"related"`
}

// Plugin is the leakvet linter plugin.
type Plugin struct {
	checks []*analysis.Analyzer
	flags  [][2]string // config flag name, value
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New decodes and checks the settings golangci-lint hands over. It changes
// nothing: BuildAnalyzers sets the flags.
func New(raw any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](raw)
	if err != nil {
		return nil, fmt.Errorf("leakvet settings: %w", err)
	}
	checks, err := s.checks()
	if err != nil {
		return nil, fmt.Errorf("leakvet settings: %w", err)
	}
	flags, err := s.flags()
	if err != nil {
		return nil, fmt.Errorf("leakvet settings: %w", err)
	}
	switch s.Related {
	case "", RelatedFold:
		// Fold every check, the disabled ones too: lintignore may need
		// them, and must find their folded twins.
		all := analyzer.Checks()
		twins := folded(all)
		for i, c := range checks {
			checks[i] = twins[slices.Index(all, c)]
		}
	case RelatedIssues:
	default:
		return nil, fmt.Errorf("leakvet settings: related: %q is neither %q nor %q", s.Related, RelatedFold, RelatedIssues)
	}
	return &Plugin{checks: checks, flags: flags}, nil
}

// BuildAnalyzers sets the config analyzer's flags and returns the chosen
// checks, in the order of analyzer.Checks.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	for _, f := range p.flags {
		if err := config.Set(f[0], f[1]); err != nil {
			return nil, fmt.Errorf("leakvet settings: %s: %w", f[0], err)
		}
	}
	// The checks learn which of them golangci-lint shows: a leak two
	// checks see is left to the other only when that one is shown.
	var shown []string
	for _, c := range p.checks {
		shown = append(shown, c.Name)
	}
	if err := config.Set(config.ReportingFlag, strings.Join(shown, ",")); err != nil {
		return nil, err
	}
	return slices.Clone(p.checks), nil
}

// GetLoadMode asks for type information: the checks build SSA.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

// checks returns the checks the settings select.
func (s *Settings) checks() ([]*analysis.Analyzer, error) {
	switch {
	case s.EnableAll && s.DisableAll:
		return nil, errors.New("enable-all and disable-all can't be combined")
	case s.EnableAll && len(s.Enable) > 0:
		return nil, errors.New("enable-all and enable can't be combined")
	case s.DisableAll && len(s.Disable) > 0:
		return nil, errors.New("disable-all and disable can't be combined")
	}
	all := analyzer.Checks()
	var names []string
	for _, a := range all {
		names = append(names, a.Name)
	}
	for _, list := range []struct {
		key   string
		names []string
	}{{"enable", s.Enable}, {"disable", s.Disable}} {
		for _, n := range list.names {
			if !slices.Contains(names, n) {
				return nil, fmt.Errorf("%s: unknown check %q (known: %s)", list.key, n, strings.Join(names, ", "))
			}
			if list.key == "disable" && slices.Contains(s.Enable, n) {
				return nil, fmt.Errorf("check %q is both enabled and disabled", n)
			}
		}
	}
	var out []*analysis.Analyzer
	for _, a := range all {
		on := !s.DisableAll || slices.Contains(s.Enable, a.Name)
		if slices.Contains(s.Disable, a.Name) {
			on = false
		}
		if on {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("every check is disabled: to turn leakvet off, remove it from linters.enable instead")
	}
	return out, nil
}

// flags returns every flag of the config analyzer the plugin owns, with
// its value: the setting, or the flag's default when the setting is absent.
func (s *Settings) flags() ([][2]string, error) {
	var out [][2]string
	for _, c := range []struct {
		name string
		v    *int
	}{
		{"max-blocks", s.MaxBlocks},
		{"max-call-depth", s.MaxCallDepth},
		{"max-paths", s.MaxPaths},
	} {
		f := config.Lookup(c.name)
		if f == nil {
			return nil, fmt.Errorf("the config analyzer has no flag %s", c.name)
		}
		val := f.DefValue
		if c.v != nil {
			if *c.v <= 0 {
				return nil, fmt.Errorf("%s must be a positive count, not %d", c.name, *c.v)
			}
			val = strconv.Itoa(*c.v)
		}
		out = append(out, [2]string{c.name, val})
	}
	f := config.Lookup("include-generated")
	if f == nil {
		return nil, errors.New("the config analyzer has no flag include-generated")
	}
	val := f.DefValue
	if s.IncludeGenerated != nil {
		val = strconv.FormatBool(*s.IncludeGenerated)
	}
	out = append(out, [2]string{"include-generated", val})
	return out, nil
}
