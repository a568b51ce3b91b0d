package goroutinedump

import (
	"sort"
	"strings"
)

// Group is the goroutines parked at one frame with one wait reason.
type Group struct {
	// Frame is the parked frame: the innermost frame of the user's code.
	// Parked is false when every frame is the runtime's or the standard
	// library's; Frame is then the innermost frame of all.
	Frame  Frame
	Parked bool
	// Index is the frame's index in Example.Stack.
	Index int
	State string
	Count int
	// MinMinutes and MaxMinutes bound how long they have waited (0 when the
	// form does not say, or under a minute).
	MinMinutes, MaxMinutes int
	Leaked                 int // how many the runtime marked leaked
	// Example is the first goroutine of the group, for its whole stack and
	// where it was created.
	Example Goroutine
}

// ByParkedFrame groups the goroutines of d by the frame where they are
// parked: the innermost frame for which user returns true (by default,
// when user is nil, the first frame whose function is not in the runtime
// or the standard library, as PkgPath and IsStd tell), with the wait
// reason; goroutines parked on one line are one group even when inlining
// names their function differently. Groups come largest first, then by
// position, for a stable order.
func ByParkedFrame(d *Dump, user func(Frame) bool) []Group {
	if user == nil {
		user = func(f Frame) bool { return f.Func != "" && !IsStd(PkgPath(f.Func)) }
	}
	type key struct {
		f     Frame
		state string
	}
	idx := map[key]int{}
	var groups []Group
	for _, g := range d.Goroutines {
		i, parked := 0, false
		for j, f := range g.Stack {
			if user(f) {
				i, parked = j, true
				break
			}
		}
		var f Frame
		if len(g.Stack) > 0 {
			f = g.Stack[i]
		}
		// One line is one group, whatever the function's name: inlining
		// names one closure main.alloc2.func1 or main.alloc1.gowrap1.alloc2.1.
		kf := f
		if kf.File != "" {
			kf.Func = ""
		}
		k := key{kf, g.State}
		n, ok := idx[k]
		if !ok {
			n = len(groups)
			idx[k] = n
			groups = append(groups, Group{Frame: f, Parked: parked, Index: i, State: g.State, MinMinutes: g.Minutes, MaxMinutes: g.Minutes, Example: g})
		}
		gr := &groups[n]
		gr.Count += g.Count
		gr.MinMinutes = min(gr.MinMinutes, g.Minutes)
		gr.MaxMinutes = max(gr.MaxMinutes, g.Minutes)
		if g.Leaked {
			gr.Leaked += g.Count
		}
	}
	sort.SliceStable(groups, func(i, j int) bool {
		a, b := groups[i], groups[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		if a.Parked != b.Parked {
			return a.Parked
		}
		if a.Frame.File != b.Frame.File {
			return a.Frame.File < b.Frame.File
		}
		if a.Frame.Line != b.Frame.Line {
			return a.Frame.Line < b.Frame.Line
		}
		if a.Frame.Func != b.Frame.Func {
			return a.Frame.Func < b.Frame.Func
		}
		return a.State < b.State
	})
	return groups
}

// PkgPath returns the import path of the package of a function as the
// runtime names it: net/http for net/http.(*conn).serve, main for
// main.alloc2.func1, example.com/m for example.com/m.F[...].
func PkgPath(fn string) string {
	fn = stripBrackets(fn)
	slash := strings.LastIndexByte(fn, '/')
	if dot := strings.IndexByte(fn[slash+1:], '.'); dot >= 0 {
		fn = fn[:slash+1+dot]
	}
	// The linker escapes dots in the last element: gopkg.in/yaml%2ev3.
	return strings.ReplaceAll(fn, "%2e", ".")
}

// FuncName returns the name of the function declared in the source for a
// function as the runtime names it, without its package and without the
// suffixes of closures and go statement wrappers: alloc2 for
// main.alloc2.func1 and for main.alloc1.gowrap1.alloc2.1 (a closure of
// alloc2 inlined into alloc1's go statement), (*T).m for p.(*T).m.gowrap1,
// F for p.F[...]. It is "" for a closure at package level (p.glob..func1).
func FuncName(fn string) string {
	fn = stripBrackets(fn)
	slash := strings.LastIndexByte(fn, '/')
	rest := fn[slash+1:]
	dot := strings.IndexByte(rest, '.')
	if dot < 0 {
		return ""
	}
	parts := strings.Split(rest[dot+1:], ".")
	// The last run of parts the compiler did not add, receiver included.
	end := len(parts)
	for end > 0 && isGenerated(parts[end-1]) {
		end--
	}
	start := end
	for start > 0 && end-start < 2 && !isGenerated(parts[start-1]) {
		start--
	}
	if start > 0 && isGenerated(parts[start-1]) && parts[start-1] == "glob" {
		return ""
	}
	return strings.Join(parts[start:end], ".")
}

// isGenerated reports whether a part of a function name is one the
// compiler adds: func1, gowrap2, deferwrap1, 1 (a closure in a closure),
// glob (package-level closures), or empty.
func isGenerated(p string) bool {
	if p == "" || p == "glob" {
		return true
	}
	for _, prefix := range []string{"func", "gowrap", "deferwrap"} {
		if rest, ok := strings.CutPrefix(p, prefix); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			return true
		}
	}
	return strings.Trim(p, "0123456789") == ""
}

// stripBrackets removes the type arguments of generic functions, which may
// hold dots and slashes: p.F[go.shape.int] and p.F[...] are p.F.
func stripBrackets(s string) string {
	if !strings.Contains(s, "[") {
		return s
	}
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '[':
			depth++
		case r == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// IsStd reports whether an import path looks like the standard library's
// (or the runtime's): its first element has no dot, and it is not main.
// Callers that know the local standard library (go list std) should
// prefer it: a module may be named without a dot.
func IsStd(pkg string) bool {
	if pkg == "main" || pkg == "" {
		return false
	}
	first, _, _ := strings.Cut(pkg, "/")
	return !strings.Contains(first, ".")
}
