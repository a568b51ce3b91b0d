package search

import (
	"go/token"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// gstatus is what a goroutine of a state is doing.
type gstatus uint8

const (
	gAt     gstatus = iota // stopped at a visible operation (frames' top pc)
	gDone                  // returned, or can no longer touch the scope's objects
	gOpaque                // can move in ways the search does not follow (a data-dependent branch, a budget)
	gParked                // in sync.Cond.Wait, waiting for a wake-up
)

// frame is one activation of a function on a goroutine.
type frame struct {
	fn     *fnInfo
	block  int
	pc     int
	regs   []Value
	defers []deferred
	// draining: the frame runs its deferred calls (RunDefers, Goexit).
	draining bool
	// isDefer: the frame runs a deferred call; its result goes nowhere.
	isDefer bool
	// once: the frame runs the function of sync.Once.Do on this Once cell
	// (object and path), which is done when the frame returns.
	once     bool
	onceObj  int
	oncePath string
	// pend is a deferred call of a visible operation (mu.Unlock,
	// close(ch)) the draining frame is about to make.
	pend *deferred
}

type deferred struct {
	instr ssa.CallInstruction
	fn    Value
	args  []Value
}

func (f *frame) clone() *frame {
	c := *f
	c.regs = append([]Value(nil), f.regs...)
	c.defers = append([]deferred(nil), f.defers...)
	if f.pend != nil {
		p := *f.pend
		c.pend = &p
	}
	return &c
}

func (f *frame) instr() ssa.Instruction {
	b := f.fn.fn.Blocks[f.block]
	return b.Instrs[f.pc]
}

// gor is one goroutine of a state.
type gor struct {
	frames []*frame
	status gstatus
	// exiting: runtime.Goexit runs the deferred calls of every frame.
	exiting bool
	// phase of a multi-step operation at the top frame's instruction:
	// RWMutex.Lock 1 once the writer waits; Cond.Wait 1 parked, 2 woken
	// and taking the lock back.
	phase  int
	ticket int64
	cond   Value // the Cond cell waited on (a vPtr)
	// start is the go statement that started the goroutine (nil for the
	// root) and why is the reason it is opaque.
	start ssa.Instruction
	why   string
}

func (g *gor) clone() *gor {
	c := *g
	c.frames = make([]*frame, len(g.frames))
	for i, f := range g.frames {
		c.frames[i] = f.clone()
	}
	return &c
}

func (g *gor) top() *frame { return g.frames[len(g.frames)-1] }

// state is one state of the search: every object and goroutine.
type state struct {
	objs []*object
	gs   []*gor
	// step is the step that reached the state.
	step Step
}

// size is the number of values st holds, for the memory budget.
func (s *state) size() int {
	n := len(s.objs) + len(s.gs)
	for _, o := range s.objs {
		n += len(o.cells) + len(o.buf)
	}
	for _, g := range s.gs {
		for _, f := range g.frames {
			n += len(f.regs) + len(f.defers) + 4
		}
	}
	return n
}

func (s *state) clone() *state {
	c := &state{objs: make([]*object, len(s.objs)), gs: make([]*gor, len(s.gs))}
	for i, o := range s.objs {
		c.objs[i] = o.clone()
	}
	for i, g := range s.gs {
		c.gs[i] = g.clone()
	}
	return c
}

// key is the canonical text of the state, for the visited set.
func (s *state) key() string {
	var b strings.Builder
	for _, o := range s.objs {
		o.write(&b)
		b.WriteByte('|')
	}
	for _, g := range s.gs {
		b.WriteByte('g')
		writeInt(&b, int64(g.status))
		b.WriteByte(',')
		writeInt(&b, int64(g.phase))
		writeBool(&b, g.exiting)
		writeInt(&b, g.ticket)
		b.WriteByte(',')
		g.cond.write(&b)
		if g.status == gDone || g.status == gOpaque {
			b.WriteByte('|')
			continue
		}
		for _, f := range g.frames {
			b.WriteByte('f')
			writeInt(&b, int64(f.fn.id))
			b.WriteByte(',')
			writeInt(&b, int64(f.block))
			b.WriteByte(',')
			writeInt(&b, int64(f.pc))
			writeBool(&b, f.draining)
			writeBool(&b, f.isDefer)
			writeBool(&b, f.once)
			writeInt(&b, int64(f.onceObj))
			b.WriteString(f.oncePath)
			b.WriteByte('(')
			for _, v := range f.regs {
				v.write(&b)
			}
			if f.pend != nil {
				b.WriteString("p")
				f.pend.fn.write(&b)
				for _, a := range f.pend.args {
					a.write(&b)
				}
			}
			for _, d := range f.defers {
				d.fn.write(&b)
				for _, a := range d.args {
					a.write(&b)
				}
			}
			b.WriteByte(')')
		}
		b.WriteByte('|')
	}
	return b.String()
}

// Step is one visible step of a witness: goroutine G did What at Pos.
type Step struct {
	G   int
	Pos token.Pos
	Op  string // "Lock", "send", "select", ...
	// obj and path identify the object of the step's operation.
	obj  int64
	path string
}

// fnInfo numbers the values of one function, for the registers of its
// frames.
type fnInfo struct {
	fn  *ssa.Function
	id  int
	idx map[ssa.Value]int
	n   int
}

func newFnInfo(fn *ssa.Function, id int) *fnInfo {
	fi := &fnInfo{fn: fn, id: id, idx: make(map[ssa.Value]int)}
	add := func(v ssa.Value) {
		fi.idx[v] = fi.n
		fi.n++
	}
	for _, p := range fn.Params {
		add(p)
	}
	for _, fv := range fn.FreeVars {
		add(fv)
	}
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if v, ok := in.(ssa.Value); ok {
				add(v)
			}
		}
	}
	return fi
}
