package chanmodel

import (
	"fmt"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
)

// Dump writes the model in a readable, deterministic form: the functions
// (live, root, how they end, the goroutines that run them), the channels
// (where made, capacity, escaped) and the operations on them, the go
// statements. It is for the model's own golden tests and for debugging;
// positions are file base names with lines and columns.
func (m *Model) Dump() string {
	var b strings.Builder
	pos := func(p token.Pos) string {
		if !p.IsValid() {
			return "-"
		}
		q := m.Fset.Position(p)
		return fmt.Sprintf("%s:%d:%d", filepath.Base(q.Filename), q.Line, q.Column)
	}
	flag := func(set bool, name string) string {
		if set {
			return " " + name
		}
		return ""
	}
	funcs := append([]*Func(nil), m.Funcs...)
	sort.SliceStable(funcs, func(i, j int) bool { return funcs[i].SSA.String() < funcs[j].SSA.String() })
	for _, f := range funcs {
		if !f.Live {
			fmt.Fprintf(&b, "func %s: dead\n", f.SSA)
			continue
		}
		fmt.Fprintf(&b, "func %s:%s%s%s%s", f.SSA, flag(f.Root, "root"), flag(f.Escaped, "escaped"), flag(f.Repeats, "repeats"), flag(f.OverBudget, "over-budget"))
		if k := f.Exit(); k != Returns {
			fmt.Fprintf(&b, " exit=%q", k.String())
		}
		if len(f.Goroutines) > 0 {
			var gs []string
			for _, g := range f.Goroutines {
				gs = append(gs, pos(g.Instr.Pos()))
			}
			fmt.Fprintf(&b, " goroutines=%s", strings.Join(gs, ","))
		}
		b.WriteString("\n")
	}
	chanName := func(c *Chan) string {
		if c.Name != "" {
			return c.Name
		}
		return "chan@" + pos(c.Pos())
	}
	for _, c := range m.Chans {
		fmt.Fprintf(&b, "chan %s made %s in %s cap=%d%s%s%s\n", chanName(c), pos(c.Pos()), c.Fn.SSA, c.Cap, flag(c.Live, "live"), flag(c.Escaped, "escaped"), flag(c.Source != "", "source="+c.Source))
	}
	for _, op := range m.Ops {
		var ts []string
		for _, c := range op.Targets.Chans {
			ts = append(ts, chanName(c))
		}
		if op.Targets.Nil {
			ts = append(ts, "nil")
		}
		if op.Targets.Unknown {
			ts = append(ts, "unknown")
		}
		fmt.Fprintf(&b, "op %s %s in %s%s on [%s]", op.Kind, pos(op.Pos), op.Fn.SSA, flag(op.Live, "live"), strings.Join(ts, " "))
		if op.Remote != nil {
			fmt.Fprintf(&b, " remote=%s", op.Remote.Func)
		}
		b.WriteString("\n")
	}
	for _, g := range m.Gos {
		var ts []string
		for _, t := range g.Targets {
			ts = append(ts, t.SSA.String())
		}
		fmt.Fprintf(&b, "go %s in %s starts [%s]%s%s\n", pos(g.Instr.Pos()), g.Fn.SSA, strings.Join(ts, " "), flag(g.Repeats, "repeats"), flag(g.External, "external"))
	}
	return b.String()
}
