package goroutinedump

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var (
	// goroutine profile: total 32015
	debug1Header = regexp.MustCompile(`^(goroutine|goroutineleak) profile: total (\d+)$`)
	// 32000 @ 0x43e8ce 0x40a2b5 ...
	debug1Record = regexp.MustCompile(`^(\d+) @((?: 0x[0-9a-fA-F]+)*)$`)
	// #	0x4789ab	main.alloc2.func1+0x8b	/path/main.go:48
	debug1Frame = regexp.MustCompile(`^#\s+0x[0-9a-fA-F]+(?:\s+(\S+?)\+0x[0-9a-fA-F]+\s+(.+):(\d+))?\s*$`)
	// goroutine 7 [chan send, 3 minutes]:   goroutine 7 gp=0xc000 m=nil [select]:
	goroutineHeader = regexp.MustCompile(`^goroutine (\d+)(?: [^\[]*)? \[(.*)\]:$`)
	// [Goroutine 7 in state chan send, with main.f on top of the stack:
	goleakHeader = regexp.MustCompile(`^\[?\s*Goroutine (\d+) in state (.*), with (\S+) on top of the stack:$`)
	// created by main.alloc1 in goroutine 1
	createdBy = regexp.MustCompile(`^created by (\S+)(?: in goroutine \d+)?$`)
)

const goleakIntro = "found unexpected goroutines:"

// textParser holds the state of ParseText while it reads lines.
type textParser struct {
	d    Dump
	cur  *Goroutine
	kind Form // the form of the goroutine being read

	pending     Frame // a function line waiting for its file line
	pendingLine int
	wantFile    bool
	pendingWho  int // 1: a frame of the stack, 2: the created-by frame

	debug1Total int // from the debug=1 header, -1 if none
	sawHeader   bool
	preamble    bool // text before the first goroutine (a traceback's panic message, signal, registers)
	goleakOpen  bool
	sawGoleak   bool
	sawDebug2   bool
	sawDebug1   bool
	unknown     bool // the line just read was none of a dump's
	lastBlank   bool // the line just read was blank
}

// ParseText reads the text forms: debug=1, debug=2, tracebacks and goleak
// messages (also inside go test output, whose indentation it ignores).
func ParseText(data []byte) (*Dump, error) {
	p := &textParser{debug1Total: -1}
	lines := strings.Split(string(data), "\n")
	if len(lines) > 1 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	ended := len(data) > 0 && data[len(data)-1] == '\n'
	for i, raw := range lines {
		p.unknown = false
		raw = strings.TrimRight(raw, "\r")
		if err := p.line(i+1, raw); err != nil {
			return nil, err
		}
		p.lastBlank = strings.TrimSpace(raw) == ""
	}
	// The runtime ends every line with a newline: a last line without one
	// that is not a whole line of a dump was cut short.
	if last := strings.TrimSpace(lines[len(lines)-1]); !ended && last != "" && p.unknown {
		return nil, fmt.Errorf("line %d: the dump ends in the middle of a line (%q): truncated", len(lines), clip(last))
	}
	return p.finish(len(lines))
}

func (p *textParser) line(n int, raw string) error {
	t := strings.TrimSpace(raw)
	if p.wantFile {
		ft := t
		if p.goleakOpen {
			// Older goleak versions close the list right after the last
			// file line.
			ft = strings.TrimSuffix(ft, "]")
		}
		file, line, ok := splitFileLine(ft)
		if !ok || !strings.HasPrefix(strings.TrimLeft(raw, " "), "\t") && !looksLikePath(file) {
			return fmt.Errorf("line %d: want the file:line of %s, got %q: corrupt or truncated dump", n, p.pending.Func, clip(t))
		}
		p.pending.File, p.pending.Line = file, line
		if p.pendingWho == 2 {
			f := p.pending
			p.cur.CreatedBy = &f
		} else {
			p.cur.Stack = append(p.cur.Stack, p.pending)
		}
		p.wantFile = false
		if p.goleakOpen && strings.HasSuffix(t, "]") {
			p.closeGoleak()
		}
		return nil
	}
	switch {
	case t == "":
		if p.kind != Goleak {
			p.close()
		}
		return nil
	case strings.HasSuffix(t, goleakIntro):
		p.close()
		p.goleakOpen, p.sawGoleak = true, true
		return nil
	}
	if m := matchIf(strings.Contains(t, " profile: total "), debug1Header, t); m != nil {
		p.close()
		p.d.Profile = m[1]
		total, _ := strconv.Atoi(m[2])
		if p.debug1Total < 0 {
			p.debug1Total = 0
		}
		p.debug1Total += total
		p.sawDebug1, p.sawHeader = true, true
		return nil
	}
	if m := matchIf(p.sawDebug1 && strings.Contains(t, " @"), debug1Record, t); m != nil {
		p.close()
		count, err := strconv.Atoi(m[1])
		if err != nil {
			return fmt.Errorf("line %d: bad count %q", n, m[1])
		}
		p.open(Goroutine{Count: count, Leaked: p.d.Profile == "goroutineleak"}, Debug1)
		return nil
	}
	if p.kind == Debug1 && p.cur != nil {
		if rest, ok := strings.CutPrefix(t, "# labels: "); ok {
			p.cur.Labels = rest
			return nil
		}
		if m := matchIf(strings.HasPrefix(t, "#"), debug1Frame, t); m != nil {
			f := Frame{Func: m[1], File: m[2]}
			f.Line, _ = strconv.Atoi(m[3])
			p.cur.Stack = append(p.cur.Stack, f)
			return nil
		}
		if strings.HasPrefix(t, "#") {
			return fmt.Errorf("line %d: corrupt debug=1 frame %q", n, clip(t))
		}
	}
	if m := matchIf(p.goleakOpen && strings.Contains(t, "Goroutine "), goleakHeader, t); m != nil {
		p.close()
		id, _ := strconv.Atoi(m[1])
		g := Goroutine{ID: id, Count: 1}
		g.State, g.Minutes, g.Leaked, g.Labels = parseState(m[2])
		p.open(g, Goleak)
		return nil
	}
	if m := matchIf(strings.HasPrefix(t, "goroutine "), goroutineHeader, t); m != nil {
		id, _ := strconv.Atoi(m[1])
		// Older goleak versions print the runtime's header inside their
		// own block: it describes the same goroutine.
		if p.kind == Goleak && p.cur != nil && p.cur.ID == id && len(p.cur.Stack) == 0 {
			return nil
		}
		p.close()
		if !p.goleakOpen {
			p.sawDebug2, p.sawHeader = true, true
		}
		g := Goroutine{ID: id, Count: 1}
		g.State, g.Minutes, g.Leaked, g.Labels = parseState(m[2])
		kind := Debug2
		if p.goleakOpen {
			kind = Goleak
		}
		p.open(g, kind)
		return nil
	}
	if p.goleakOpen && t == "]" {
		p.closeGoleak()
		return nil
	}
	if p.cur == nil || p.kind == Debug1 {
		if !p.sawHeader && !p.goleakOpen {
			p.preamble = true
		}
		p.close()
		p.unknown = true
		return nil
	}
	// Inside a goroutine of the per-goroutine forms.
	if m := matchIf(strings.HasPrefix(t, "created by "), createdBy, t); m != nil {
		p.pending, p.pendingLine, p.pendingWho, p.wantFile = Frame{Func: m[1]}, n, 2, true
		return nil
	}
	if t == "...additional frames elided..." || strings.HasPrefix(t, "goroutine running on other thread") {
		return nil
	}
	if name, ok := funcLine(t); ok {
		p.pending, p.pendingLine, p.pendingWho, p.wantFile = Frame{Func: name}, n, 1, true
		return nil
	}
	if p.goleakOpen {
		return fmt.Errorf("line %d: want a function or file line in goleak's message, got %q: corrupt or truncated dump", n, clip(t))
	}
	// Anything else ends the goroutine: a traceback goes on with other text.
	p.close()
	p.unknown = true
	return nil
}

func (p *textParser) open(g Goroutine, kind Form) {
	p.d.Goroutines = append(p.d.Goroutines, g)
	p.cur = &p.d.Goroutines[len(p.d.Goroutines)-1]
	p.kind = kind
}

func (p *textParser) close() {
	p.cur = nil
	p.kind = ""
}

func (p *textParser) closeGoleak() {
	p.close()
	p.goleakOpen = false
}

func (p *textParser) finish(nlines int) (*Dump, error) {
	if p.wantFile {
		return nil, fmt.Errorf("line %d: the dump ends in the middle of a frame (%s): truncated", p.pendingLine, p.pending.Func)
	}
	if p.goleakOpen && len(p.d.Goroutines) > 0 {
		return nil, fmt.Errorf("line %d: goleak's list of goroutines has no closing ]: truncated", nlines)
	}
	// A stack of runtime.goexit alone prints no frames, but the runtime
	// ends every stack of debug=1 with a blank line.
	if n := len(p.d.Goroutines); p.sawDebug1 && n > 0 && len(p.d.Goroutines[n-1].Stack) == 0 && !p.lastBlank {
		return nil, fmt.Errorf("line %d: the last stack has no frames and no blank line after it: truncated", nlines)
	}
	switch {
	case p.sawGoleak:
		p.d.Form = Goleak
	case p.sawDebug1:
		p.d.Form = Debug1
		if total := p.d.Total(); total != p.debug1Total {
			return nil, fmt.Errorf("the header says %d goroutines, the stacks add up to %d: truncated or corrupt", p.debug1Total, total)
		}
	case p.sawDebug2 && p.preamble:
		p.d.Form = Traceback
	case p.sawDebug2:
		p.d.Form = Debug2
	}
	if len(p.d.Goroutines) == 0 && p.d.Form != Debug1 {
		return nil, ErrNoGoroutines
	}
	if p.d.Profile == "" && p.d.Form != Goleak {
		p.d.Profile = "goroutine"
	}
	d := p.d
	return &d, nil
}

// funcLine reports whether t is a traceback's function line, name(args),
// and returns the name.
func funcLine(t string) (string, bool) {
	if !strings.HasSuffix(t, ")") {
		return "", false
	}
	i := strings.LastIndexByte(t, '(')
	if i <= 0 {
		return "", false
	}
	name := t[:i]
	if strings.ContainsAny(name, " \t") {
		return "", false
	}
	return name, true
}

// looksLikePath reports whether s is a file path, for file lines whose
// leading tab was lost (copied from a web page or a chat).
func looksLikePath(s string) bool {
	return strings.ContainsAny(s, `/\`) || strings.HasSuffix(s, ".go") || strings.HasSuffix(s, ".s")
}

// parseState splits the bracketed state of a goroutine header: the wait
// reason, then ", N minutes", ", locked to thread", a synctest bubble and
// labels.
func parseState(s string) (reason string, minutes int, leaked bool, labels string) {
	if i := strings.Index(s, " labels:{"); i >= 0 {
		labels = s[i+len(" labels:"):]
		s = s[:i]
	}
	parts := strings.Split(s, ", ")
	reason = parts[0]
	for _, part := range parts[1:] {
		if num, ok := strings.CutSuffix(part, " minutes"); ok {
			if m, err := strconv.Atoi(num); err == nil {
				minutes = m
			}
		}
	}
	for {
		switch {
		case strings.HasSuffix(reason, " (leaked)"):
			leaked = true
			reason = strings.TrimSuffix(reason, " (leaked)")
			continue
		case strings.HasSuffix(reason, " (scan)"):
			reason = strings.TrimSuffix(reason, " (scan)")
			continue
		}
		break
	}
	return reason, minutes, leaked, labels
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}

// matchIf runs re on t only when a cheap test says it may match.
func matchIf(maybe bool, re *regexp.Regexp, t string) []string {
	if !maybe {
		return nil
	}
	return re.FindStringSubmatch(t)
}

// splitFileLine splits a traceback's file line, "path:line", with
// " +0x1f" and " fp=... sp=... pc=..." after it or not.
func splitFileLine(t string) (string, int, bool) {
	if i := strings.Index(t, " fp="); i >= 0 {
		t = t[:i]
	}
	if i := strings.LastIndex(t, " +0x"); i >= 0 {
		t = t[:i]
	}
	i := strings.LastIndexByte(t, ':')
	if i <= 0 {
		return "", 0, false
	}
	line, err := strconv.Atoi(t[i+1:])
	if err != nil || line < 0 {
		return "", 0, false
	}
	return t[:i], line, true
}
