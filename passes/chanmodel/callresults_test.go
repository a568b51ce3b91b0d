package chanmodel

import (
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"
)

// TestNilResultAt checks, for every function of callResultsSrc named
// nil... or set..., that the error result of its one call is judged nil
// (nil...) or not (set...) for the arguments that call passes.
func TestNilResultAt(t *testing.T) {
	pkg, e := buildPlaces(t, callResultsSrc)
	e.live = func(fn *ssa.Function) []bool { return liveBlocks(fn, e) }
	var names []string
	for name := range pkg.Members {
		if strings.HasPrefix(name, "nil") || strings.HasPrefix(name, "set") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	if len(names) < 10 {
		t.Fatalf("only %d functions to check", len(names))
	}
	for _, name := range names {
		var call *ssa.Call
		for _, b := range pkg.Func(name).Blocks {
			for _, instr := range b.Instrs {
				if c, ok := instr.(*ssa.Call); ok && c.Call.StaticCallee() != nil && c.Call.StaticCallee().Pkg == pkg && c.Call.Signature().Results().Len() > 0 {
					call = c
				}
			}
		}
		if call == nil {
			t.Fatalf("%s: no call", name)
		}
		i := call.Call.Signature().Results().Len() - 1
		if got, want := e.nilResultAt(call, i, 1), strings.HasPrefix(name, "nil"); got != want {
			t.Errorf("%s: %v nil = %v, want %v", name, call, got, want)
		}
	}
}

const callResultsSrc = `package p

type E interface{ Error() string }

type bad struct{}

func (bad) Error() string { return "bad" }

var unknown int

func checkKey(key []byte) E {
	switch len(key) {
	case 16, 24, 32:
		return nil
	}
	return bad{}
}

func nilMake()    { _ = checkKey(make([]byte, 16)) }
func nilLiteral() { _ = checkKey([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}) }
func nilString()  { _ = checkKey([]byte("0123456789abcdef01234567")) }
func setShort()   { _ = checkKey(make([]byte, 10)) }
func setSliced()  { _ = checkKey(make([]byte, 32)[unknown:]) }
func setUnknown() { _ = checkKey(make([]byte, unknown)) }

type Config struct {
	Version int
	Max     uint8
	Off     bool
	Next    *Config
}

func Default() *Config { return &Config{Version: 1, Max: 60} }

func Verify(c *Config) E {
	if !(c.Version == 1 || c.Version == 2) {
		return bad{}
	}
	if !c.Off && c.Max+c.Max < 100 { // 400 overflows uint8: unknown
		return bad{}
	}
	if c.Next != nil {
		return bad{}
	}
	return nil
}

type S struct{ c *Config }

func Open(config *Config) (*S, E) {
	if config == nil {
		config = Default()
	}
	if err := Verify(config); err != nil {
		return nil, err
	}
	return &S{c: config}, nil
}

func bump(c *Config) { c.Version++ }

func nilDefaults()  { _, _ = Open(nil) }
func nilOff()       { _, _ = Open(&Config{Version: 2, Off: true}) }
func setVersion()   { _, _ = Open(&Config{Version: 3, Off: true}) }
func setOverflow()  { _, _ = Open(&Config{Version: 1, Max: 200}) }
func setSmall()     { _, _ = Open(&Config{Version: 1, Max: 40}) }
func nilDefault()   { _, _ = Open(Default()) }
func setNext()      { _, _ = Open(&Config{Version: 1, Off: true, Next: &Config{}}) }
func setBumped()    { c := &Config{Version: 1, Off: true}; bump(c); _, _ = Open(c) }
func setStored()    { c := &Config{Version: 1, Off: true}; c.Version = unknown; _, _ = Open(c) }
func nilBumpedAfter() *S {
	c := &Config{Version: 1, Off: true}
	s, _ := Open(c)
	bump(c)
	return s
}
func nilDeferred() {
	c := &Config{Version: 1, Off: true}
	defer bump(c)
	_, _ = Open(c)
}
func bumpLater() *Config {
	c := &Config{Version: 1, Off: true}
	defer bump(c)
	return c
}
func setBumpedAtReturn() { _, _ = Open(bumpLater()) }
type guarded struct{ mu chan struct{} }

func (g *guarded) lock()   { g.mu <- struct{}{} }
func (g *guarded) unlock() { <-g.mu }

// checkLocked validates n under a lock released by a deferred call.
func (g *guarded) checkLocked(n int) E {
	g.lock()
	defer g.unlock()
	if n > 8 {
		return bad{}
	}
	return nil
}

// checkNamed may set its named result in a deferred call.
func checkNamed(n int) (err E) {
	defer func() {
		if recover() != nil {
			err = bad{}
		}
	}()
	if n > 8 {
		panic(n)
	}
	return nil
}

func nilLocked(g *guarded) { _ = g.checkLocked(4) }
func setLocked(g *guarded) { _ = g.checkLocked(9) }
func setNamed()            { _ = checkNamed(4) }
func setStoredAfterUse() *Config {
	c := &Config{Off: true} // version 0: Open fails
	_, _ = Open(c)
	c.Version = 1
	return c
}
func setInLoop() {
	c := &Config{Version: 1, Off: true}
	for range 3 {
		_, _ = Open(c)
		bump(c)
	}
}
`
