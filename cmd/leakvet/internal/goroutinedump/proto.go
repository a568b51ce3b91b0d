package goroutinedump

import (
	"fmt"
	"sort"
	"strings"

	"github.com/google/pprof/profile"
)

// ParseProto reads an uncompressed pprof protobuf of the goroutine or
// goroutineleak profile (Parse also takes it gzipped). Each sample is a
// stack with a count; Go's runtime writes no wait reason in this form, so
// State is empty.
func ParseProto(data []byte) (*Dump, error) {
	p, err := profile.ParseUncompressed(data)
	if err != nil {
		return nil, fmt.Errorf("not a pprof profile: %s", oneLine(err.Error()))
	}
	name := ""
	if len(p.SampleType) > 0 {
		name = p.SampleType[0].Type
	}
	if name != "goroutine" && name != "goroutineleak" {
		if name == "" {
			return nil, fmt.Errorf("not a goroutine or goroutineleak profile (it has no sample type)")
		}
		return nil, fmt.Errorf("not a goroutine or goroutineleak profile (its samples count %s)", name)
	}
	d := &Dump{Form: Proto, Profile: name}
	for _, s := range p.Sample {
		if len(s.Value) == 0 {
			continue
		}
		g := Goroutine{Count: int(s.Value[0]), Leaked: name == "goroutineleak", Labels: labels(s.Label)}
		if g.Count <= 0 {
			continue
		}
		for _, loc := range s.Location {
			// Line[0] is the innermost of the functions inlined at this
			// location; the last is the one they were inlined into.
			for _, ln := range loc.Line {
				f := Frame{Line: int(ln.Line)}
				if ln.Function != nil {
					f.Func = ln.Function.Name
					f.File = ln.Function.Filename
				}
				g.Stack = append(g.Stack, f)
			}
			if len(loc.Line) == 0 {
				g.Stack = append(g.Stack, Frame{Func: fmt.Sprintf("%#x", loc.Address)})
			}
		}
		d.Goroutines = append(d.Goroutines, g)
	}
	return d, nil
}

// labels prints pprof labels as the debug=1 text does: {"k":"v", ...}.
func labels(m map[string][]string) string {
	if len(m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q:%q", k, strings.Join(m[k], ","))
	}
	b.WriteByte('}')
	return b.String()
}
