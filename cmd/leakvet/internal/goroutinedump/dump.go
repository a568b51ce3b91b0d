// Package goroutinedump reads goroutine dumps in the forms people save
// them: the pprof protobuf (gzipped or not) of the goroutine and
// goroutineleak profiles, the debug=1 text (a count per stack), the
// debug=2 text and crash or SIGQUIT tracebacks (one stack per goroutine,
// with its wait reason and minutes), and goleak's failure message. It
// groups the goroutines by the frame where they are parked.
package goroutinedump

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Form names the shape a dump was saved in.
type Form string

// The forms Parse reads.
const (
	Proto     Form = "protobuf"  // pprof protobuf, gzipped or not
	Debug1    Form = "debug=1"   // text, a count per distinct stack
	Debug2    Form = "debug=2"   // text, one stack per goroutine
	Traceback Form = "traceback" // a crash or SIGQUIT traceback: debug=2 stacks after a preamble
	Goleak    Form = "goleak"    // goleak's "found unexpected goroutines" message
)

// Frame is one call in a stack.
type Frame struct {
	Func string // the function as the runtime names it: main.alloc2.func1, net/http.(*conn).serve
	File string // the file as the machine that wrote the dump saw it
	Line int
}

// Pos is the frame's position, file:line.
func (f Frame) Pos() string {
	if f.File == "" {
		return f.Func
	}
	return fmt.Sprintf("%s:%d", f.File, f.Line)
}

// Goroutine is one stack of a dump: one goroutine, or in the counted forms
// (protobuf, debug=1) Count goroutines with the same stack.
type Goroutine struct {
	ID      int    // the goroutine's id; 0 in the counted forms
	Count   int    // how many goroutines have this stack (1 in the per-goroutine forms)
	State   string // the wait reason as printed ("chan send", "select (no cases)"); "" when the form has none
	Minutes int    // how long it has waited, in whole minutes (0: under a minute, or not in the form)
	Leaked  bool   // the runtime's leak detector marked it leaked (the goroutineleak profile, "(leaked)")
	Labels  string // pprof labels as printed, if any
	Stack   []Frame
	// CreatedBy is the go statement that started the goroutine, when the
	// form says (debug=2, tracebacks, goleak): its function and position.
	CreatedBy *Frame
}

// Dump is a parsed goroutine dump.
type Dump struct {
	Form Form
	// Profile is the profile's name when the form carries one: "goroutine"
	// or "goroutineleak".
	Profile    string
	Goroutines []Goroutine
}

// Total is the number of goroutines in the dump.
func (d *Dump) Total() int {
	n := 0
	for _, g := range d.Goroutines {
		n += g.Count
	}
	return n
}

// Describe says in a few words what the dump is, e.g. "goroutine profile
// (debug=1 text)".
func (d *Dump) Describe() string {
	switch d.Form {
	case Proto:
		return d.Profile + " profile (protobuf)"
	case Debug1:
		return d.Profile + " profile (debug=1 text)"
	case Debug2:
		return "goroutine dump (debug=2 text)"
	case Traceback:
		return "traceback"
	case Goleak:
		return "goleak message"
	}
	return string(d.Form)
}

// ErrNoGoroutines is returned for input that holds no goroutine stack in
// any form Parse knows.
var ErrNoGoroutines = errors.New("no goroutine stacks found: want a pprof goroutine profile (protobuf, debug=1 or debug=2 text), a traceback or a goleak message")

// Parse reads a dump in any of the forms, telling them apart by content.
// Errors are one line.
func Parse(data []byte) (*Dump, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("empty file")
	}
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("corrupt gzip data: %v", err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, errors.New("truncated gzip data")
			}
			return nil, fmt.Errorf("corrupt gzip data: %v", err)
		}
		data = raw
		if len(data) == 0 {
			return nil, errors.New("empty profile")
		}
	}
	if isText(data) {
		d, err := ParseText(data)
		if err == ErrNoGoroutines {
			// A small protobuf may look like text.
			if pd, perr := ParseProto(data); perr == nil {
				return pd, nil
			}
		}
		return d, err
	}
	return ParseProto(data)
}

// isText reports whether data looks like text rather than a protobuf.
func isText(data []byte) bool {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	// A cut in the middle of a multi-byte rune at the end is still text.
	for len(head) > 0 {
		r, size := utf8.DecodeRune(head)
		if r == utf8.RuneError && size == 1 && len(head) > utf8.UTFMax {
			return false
		}
		if r < ' ' && r != '\n' && r != '\r' && r != '\t' {
			return false
		}
		head = head[size:]
	}
	return true
}

// oneLine shortens an error message to its first line.
func oneLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
