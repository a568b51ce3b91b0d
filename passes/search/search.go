// Package search is leakvet's interleaving search: for one scope — a
// function that allocates sync objects (sync.Mutex, RWMutex, WaitGroup,
// Cond, and the channels it makes), contexts or timers, and the goroutines
// it starts — an explicit-state, deterministic exploration of the
// interleavings of those goroutines, with Go's semantics for the objects,
// that finds states where nothing can move again although some goroutine
// has not finished.
//
// The goroutines are interpreted on their SSA form. Values the search
// tracks are constants (integers, booleans, strings), the scope's objects
// (by allocation site: each run of an ssa.Alloc, sync.NewCond, make(chan),
// make(map), a context's constructor or time.NewTimer/NewTicker is a new
// object) and the pointers, closures, interfaces, struct and array values
// (field by field), slices (a window on an array object: make with
// constant sizes, literals, slicing, append) and maps (entries at keys it
// knows; a range over one is followed while at most one entry is left, the
// runtime choosing the order) holding them, contexts and their cancel
// functions; everything else is unknown. A goroutine runs, without
// interleaving, every instruction that touches nothing other goroutines
// can see, up to its next visible operation: a channel operation on a
// channel of the scope or a method of a sync object of the scope
// (RWMutex.RLocker's Locker is the RWMutex's RLock and RUnlock, for a
// Cond's Wait too), or an atomic operation on memory of the scope. Calls
// of functions with a body are inlined (to a depth), defers run at return
// and at runtime.Goexit, constant branches are decided, loops run as their
// constants say.
//
// A context is its done channel (context.go): closed by its cancel
// function (a visible operation), by its parent's, by the runtime at a
// time of its choosing for a deadline, once the root returned for the
// Context of the test function the search starts from; Background, TODO
// and WithoutCancel are never done (Done is nil). Err is nil until the
// context is done. The runtime also sends on timers' channels at times of
// its choosing: time.After once, time.Tick and a ticker while their buffer
// is empty, time.NewTimer once unless stopped, and time.AfterFunc starts
// its function on a goroutine of its own once unless stopped; Stop and
// Reset (deferred too) are decided only where go1.23's synchronous timer
// channels and the older buffered ones agree (else the goroutine is
// opaque). A context handed to code the search cannot see keeps its
// state, but its Done and Err become unknown; a cancel function handed to
// it ends the search like any other object.
//
// The search claims nothing it cannot show on a real execution:
//   - a branch on data it does not track makes its goroutine opaque: able
//     to move at any time, so no state with it counts as stuck; unless
//     nothing the goroutine may still run can reach an object of the
//     scope, in which case it counts as finished;
//   - an object of the scope handed to code it cannot see (a call of
//     another package, a global, a map from outside the scope, an unknown
//     pointer, the root's results) ends the search of the scope with no
//     finding;
//   - a budget (states, goroutines, objects) cut ends the search: the
//     stuck states it reached before stand (each is reached by an
//     execution, whatever the states it did not explore), those it would
//     have reached after are lost;
//   - panics, fatal errors (unlock of an unlocked mutex, a negative
//     WaitGroup counter, a send on a closed channel) and process exits end
//     their path.
//
// A stuck state reached by the search is thus reached by an execution of
// the program in which every branch taken was decided by constants: each
// goroutine blocked in it blocks forever.
package search

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/chanmodel"
)

// Env is what the search needs to know of the package beyond SSA.
type Env interface {
	// LiveBlock reports whether block b can run (chanmodel.Func.LiveBlock).
	LiveBlock(b *ssa.BasicBlock) bool
	// BlockExit says how a block without successors ends its function
	// (chanmodel.Func.BlockExit).
	BlockExit(b *ssa.BasicBlock) (chanmodel.ExitKind, bool)
}

// ModelEnv is the Env of a package's channel model.
func ModelEnv(m *chanmodel.Model) Env { return modelEnv{m} }

type modelEnv struct{ m *chanmodel.Model }

func (e modelEnv) LiveBlock(b *ssa.BasicBlock) bool {
	if f := e.m.Func(b.Parent()); f != nil && f.Live {
		return f.LiveBlock(b)
	}
	return true
}

func (e modelEnv) BlockExit(b *ssa.BasicBlock) (chanmodel.ExitKind, bool) {
	if f := e.m.Func(b.Parent()); f != nil && f.Live {
		return f.BlockExit(b)
	}
	return plainExit(b)
}

// SSAEnv is the Env of SSA alone: every block is live, a block ending in a
// panic panics.
type SSAEnv struct{}

func (SSAEnv) LiveBlock(*ssa.BasicBlock) bool { return true }
func (SSAEnv) BlockExit(b *ssa.BasicBlock) (chanmodel.ExitKind, bool) {
	return plainExit(b)
}

func plainExit(b *ssa.BasicBlock) (chanmodel.ExitKind, bool) {
	if len(b.Succs) > 0 || len(b.Instrs) == 0 {
		return 0, false
	}
	if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
		return chanmodel.Returns, true
	}
	return chanmodel.Panics, true
}

// Options are the budgets of one search. They are counts, never times.
type Options struct {
	MaxStates     int // distinct states explored
	MaxGoroutines int // goroutines alive in one state
	MaxObjects    int // objects allocated in one state
	MaxDepth      int // frames on one goroutine (inlined calls)
	MaxLocal      int // local instructions between two visible operations
	MaxFindings   int // stuck states kept
	// MaxBytes bounds the memory of the search: the total size of the
	// canonical texts of the states it has seen, and MaxLive the values
	// held by the states waiting to be expanded. MaxWork bounds its time:
	// the local instructions it executes in all.
	MaxBytes int
	MaxLive  int
	MaxWork  int
}

// DefaultOptions are the budgets the deadlock check uses. MaxStates is a
// constant rather than a flag (flags belong to passes/config): 20000 states
// of a few goroutines cost milliseconds, and a scope that needs more is
// rare in real code. MaxDepth 16: callbacks, method values and interface
// calls each add frames, and a lock taken through a handler registered in
// a constructor is often a dozen frames below the goroutine's function.
var DefaultOptions = Options{MaxStates: 20000, MaxGoroutines: 12, MaxObjects: 64, MaxDepth: 16, MaxLocal: 20000, MaxFindings: 4,
	MaxBytes: 4 << 20, MaxLive: 1 << 17, MaxWork: 1 << 20}

// Result is the outcome of the search of one scope.
type Result struct {
	Root   *ssa.Function
	States int // states explored
	// Cut names the budget that ended the search (Findings holds the
	// stuck states reached before it), Escape why an object escaped (then
	// Findings is empty).
	Cut, Escape string
	Findings    []*Finding
	// Opaque lists (up to 16) places where goroutines became opaque: why
	// states were not stuck.
	Opaque []Opaque
}

// Finding is one stuck state: no goroutine of the scope can move, and at
// least one has not finished.
type Finding struct {
	// Deadlock: the root has not finished either.
	Deadlock   bool
	Goroutines []*Goroutine
	// Trace is the witness: the visible steps from the root's start to the
	// stuck state.
	Trace []Step
}

// Goroutine is a goroutine of a stuck state.
type Goroutine struct {
	// Start is the go statement that started it, nil for the root.
	Start ssa.Instruction
	Done  bool
	// For a blocked goroutine: the operation, where it is (the innermost
	// frame with a position), and what it waits for.
	Op     string // "Lock", "RLock", "Wait", "send", "receive", "select", "Do"
	Kind   string // the object's type: "Mutex", "RWMutex", "WaitGroup", "Cond", "Once", "chan", "Context", "Timer"
	Instr  ssa.Instruction
	Pos    token.Pos
	Object *Object // the object it waits on (nil for a select or a nil channel)
	// Holder is the index of the goroutine holding the lock it waits for
	// (-1 when none), HeldAt where it took it. Writer is the index of a
	// writer waiting for an RWMutex (writer preference blocks readers).
	Holder, Writer int
	HeldAt         token.Pos
	Count          int64 // a WaitGroup's counter
	Closed         bool
	// Why says, for a goroutine waiting on a context (Kind "Context"),
	// why it is never done: "nil" (a Done channel that is nil:
	// Background, TODO, WithoutCancel), "cancel" (no goroutine that can
	// still run calls its cancel function, and no parent is done),
	// "test" (a test's Context, done only once the test function has
	// returned); for a timer's channel (Kind "Timer"): "taken" (its value
	// was received and it was not reset), "stopped".
	Why string
	// Signalled is, for a Cond wait, the last Signal or Broadcast of the
	// Cond on the witness (one that came before the Wait), or NoPos.
	Signalled token.Pos
}

// Object is an object of the scope: its allocation and the path of the
// sync object inside it.
type Object struct {
	Site ssa.Value // *ssa.Alloc, *ssa.MakeChan, *ssa.MakeSlice, the sync.NewCond call, or an append that grew a slice
	Path string
	Type types.Type
	// Field is the source name of the field at Path ("mu", "s.mu"), or "".
	Field string
}

type searcher struct {
	env  Env
	opt  Options
	prog *ssa.Program
	root *ssa.Function
	fns  map[*ssa.Function]*fnInfo
	// abort: an object escaped; cut: a budget was exceeded.
	abort, cut string
	// work counts the local instructions executed.
	work int
	// opaques records where goroutines became opaque, first met first.
	opaques    []Opaque
	opaqueSeen map[Opaque]bool
}

// Opaque is a place where a goroutine became opaque (able to move in ways
// the search does not follow), and why.
type Opaque struct {
	Pos token.Pos
	Why string
}

// Search explores the interleavings of root (whose parameters and free
// variables are unknown) and the goroutines it starts.
func Search(root *ssa.Function, env Env, opt Options) *Result {
	s := &searcher{env: env, opt: opt, prog: root.Prog, root: root, fns: make(map[*ssa.Function]*fnInfo), opaqueSeen: make(map[Opaque]bool)}
	res := &Result{Root: root}
	if len(root.Blocks) == 0 {
		return res
	}
	init := &state{}
	g := &gor{}
	init.gs = append(init.gs, g)
	s.push(init, g, root, nil, nil)
	if s.settle(init) == crash {
		res.Opaque = s.opaques
		return res
	}
	// states holds the states not yet expanded (expanded ones are
	// dropped), nodes how each state was reached.
	states := []*state{init}
	nodes := []node{{parent: -1}}
	k0 := init.key()
	seen := map[string]bool{k0: true}
	bytes, live := len(k0), init.size()
	var found []*Finding
	for i := 0; i < len(states); i++ {
		if s.abort != "" || s.cut != "" {
			break
		}
		st := states[i]
		states[i] = nil
		live -= st.size()
		moves, opaque := s.moves(st)
		if len(moves) == 0 {
			if !opaque {
				if fd := s.finding(st, i, nodes); fd != nil && len(found) < opt.MaxFindings {
					found = append(found, fd)
				}
			}
			continue
		}
		for _, mv := range moves {
			next, out := s.apply(st, mv)
			if s.abort != "" || s.cut != "" {
				break
			}
			if out == crash {
				continue
			}
			k := next.key()
			if seen[k] {
				continue
			}
			if len(states) >= opt.MaxStates {
				s.cut = fmt.Sprintf("more than %d states", opt.MaxStates)
				break
			}
			bytes += len(k)
			live += next.size()
			if opt.MaxBytes > 0 && bytes > opt.MaxBytes {
				s.cut = fmt.Sprintf("states larger than %d bytes", opt.MaxBytes)
				break
			}
			if opt.MaxLive > 0 && live > opt.MaxLive {
				s.cut = fmt.Sprintf("a frontier of more than %d values", opt.MaxLive)
				break
			}
			seen[k] = true
			states = append(states, next)
			nodes = append(nodes, node{parent: i, step: next.step})
		}
	}
	res.States = len(states)
	res.Escape, res.Cut, res.Opaque = s.abort, s.cut, s.opaques
	if res.Escape == "" {
		res.Findings = found
	}
	return res
}

// node records how a state was reached: from its parent's index, by step.
type node struct {
	parent int
	step   Step
}

// settle runs every goroutine of st locally up to its next visible
// operation.
func (s *searcher) settle(st *state) outcome {
	for i := 0; i < len(st.gs); i++ {
		if s.run(st, i) == crash {
			return crash
		}
	}
	return ok
}

// move is one visible step: goroutine g takes case c of its operation
// (-1 for the operation itself, -2 for a select's default), together with
// goroutine h (case hc) for a rendezvous on an unbuffered channel.
type move struct {
	g, c, h, hc int
}

// moves lists the steps enabled in st, in a fixed order, and reports
// whether some goroutine is opaque (then st is never stuck).
func (s *searcher) moves(st *state) ([]move, bool) {
	var out []move
	opaque := false
	ops := make([]*vop, len(st.gs))
	for i, g := range st.gs {
		if g.status == gAt {
			ops[i], _, _ = s.curOp(st, g)
		}
		if g.status == gOpaque {
			opaque = true
		}
	}
	for i, g := range st.gs {
		op := ops[i]
		if g.status != gAt || op == nil {
			continue
		}
		switch op.kind {
		case opLock:
			c := load(st.objs[op.obj.n], op.obj.path)
			switch c.k {
			case vMutex:
				if c.n == 0 {
					out = append(out, move{i, -1, -1, -1})
				}
			case vRW:
				if g.phase == 0 && c.m == 0 || g.phase == 1 && c.n == 0 {
					out = append(out, move{i, -1, -1, -1})
				}
			}
		case opRLock:
			if c := load(st.objs[op.obj.n], op.obj.path); c.k == vRW && c.m == 0 {
				out = append(out, move{i, -1, -1, -1})
			}
		case opWait:
			if c := load(st.objs[op.obj.n], op.obj.path); c.k == vWG && c.n == 0 {
				out = append(out, move{i, -1, -1, -1})
			}
		case opOnce:
			if c := load(st.objs[op.obj.n], op.obj.path); c.k == vOnce && c.n != 1 {
				out = append(out, move{i, -1, -1, -1})
			}
		case opCondWait:
			if g.phase == 0 {
				out = append(out, move{i, -1, -1, -1})
			} else if l, ok := s.condLock(st, op.obj); ok {
				// Woken: taking the lock back (a read lock waits only
				// for a writer).
				if c := load(st.objs[l.n], l.path); c.k == vMutex && c.n == 0 || c.k == vRW && c.m == 0 {
					out = append(out, move{i, -1, -1, -1})
				}
			}
		case opUnlock, opRUnlock, opAdd, opSignal, opBroadcast, opClose, opCancel, opAtomic:
			out = append(out, move{i, -1, -1, -1})
		case opSend:
			out = s.sendMoves(st, ops, i, -1, op.obj, out)
		case opRecv:
			if op.obj.k == vChan {
				if o := st.objs[op.obj.n]; len(o.buf) > 0 || o.closed {
					out = append(out, move{i, -1, -1, -1})
				}
			}
		case opSelect:
			ready := false
			for c, ch := range op.chans {
				if ch.k != vChan {
					continue
				}
				o := st.objs[ch.n]
				if op.sel.States[c].Dir == types.SendOnly {
					if o.closed || int64(len(o.buf)) < o.cap {
						ready = true
					}
					out = s.sendMoves(st, ops, i, c, ch, out)
				} else if len(o.buf) > 0 || o.closed {
					ready = true
					out = append(out, move{i, c, -1, -1})
				}
			}
			if !op.sel.Blocking && !ready {
				out = append(out, move{i, -2, -1, -1})
			}
		}
	}
	// The runtime sends on the channels of timers and closes those of
	// contexts with a deadline at times of its choosing: a step of its own
	// (g is -1, c the object).
	for id, o := range st.objs {
		if s.runtimeMove(st, o) {
			out = append(out, move{-1, id, -1, -1})
		}
	}
	return out, opaque
}

// runtimeMove reports whether the runtime may act on channel o now.
func (s *searcher) runtimeMove(st *state, o *object) bool {
	switch o.timer {
	case tAfter:
		return !o.fired
	case tTick:
		return len(o.buf) == 0
	case tTimer, tAfterFunc:
		return !o.fired && !o.stopped
	case tTicker:
		return !o.stopped && len(o.buf) == 0
	case tDeadline:
		return !o.closed
	case tTestEnd:
		return !o.closed && st.gs[0].status == gDone
	}
	return false
}

// sendMoves adds the steps of goroutine i sending on ch (case c): into the
// buffer, a panic on a closed channel, or a rendezvous with each receiver.
func (s *searcher) sendMoves(st *state, ops []*vop, i, c int, ch Value, out []move) []move {
	if ch.k != vChan {
		return out
	}
	o := st.objs[ch.n]
	if o.closed || int64(len(o.buf)) < o.cap {
		return append(out, move{i, c, -1, -1})
	}
	if o.cap > 0 {
		return out
	}
	for h, op := range ops {
		if h == i || op == nil || st.gs[h].status != gAt {
			continue
		}
		switch op.kind {
		case opRecv:
			if op.obj.k == vChan && op.obj.n == ch.n {
				out = append(out, move{i, c, h, -1})
			}
		case opSelect:
			for hc, hch := range op.chans {
				if op.sel.States[hc].Dir != types.SendOnly && hch.k == vChan && hch.n == ch.n {
					out = append(out, move{i, c, h, hc})
				}
			}
		}
	}
	return out
}

// condLock returns the lock of Cond cell c: a vPtr to a Mutex cell, or to
// an RWMutex cell when L is its RLocker (Wait then RUnlocks and RLocks).
// An RWMutex as a Locker of its own (write locks) is not followed.
func (s *searcher) condLock(st *state, c Value) (Value, bool) {
	o := st.objs[c.n]
	l := load(o, c.path+condL(typeAt(o.typ, c.path)))
	if l.k != vIface || len(l.sub) != 1 || l.sub[0].k != vPtr {
		return Value{}, false
	}
	switch k := load(st.objs[l.sub[0].n], l.sub[0].path); {
	case k.k == vMutex && l.m == 0, k.k == vRW && l.m == 1:
		return l.sub[0], true
	}
	return Value{}, false
}

// apply takes step mv from st.
func (s *searcher) apply(st *state, mv move) (*state, outcome) {
	n := st.clone()
	if mv.g < 0 {
		o := n.objs[mv.c]
		if o.timer == tDeadline || o.timer == tTestEnd {
			cancelCtx(n, mv.c)
			n.step = Step{G: -1, Pos: o.site.Pos(), Op: "done", obj: int64(mv.c)}
			return n, ok
		}
		o.fired = true
		n.step = Step{G: -1, Pos: o.site.Pos(), Op: "fire", obj: int64(mv.c)}
		if o.timer == tAfterFunc {
			// The runtime starts the function on a goroutine of its own.
			if len(n.gs) >= s.opt.MaxGoroutines {
				s.cut = "more goroutines than the search follows"
				return n, ok
			}
			ng := &gor{start: o.site.(ssa.Instruction)}
			n.gs = append(n.gs, ng)
			s.push(n, ng, o.afn.fn, o.afn.sub, nil)
			if s.settle(n) == crash {
				return n, crash
			}
			return n, ok
		}
		o.buf = append(o.buf, unknown)
		return n, ok
	}
	g := n.gs[mv.g]
	op, _, _ := s.curOp(n, g)
	n.step = Step{G: mv.g, Pos: opPos(g, op), Op: opNames[op.kind], obj: op.obj.n, path: op.obj.path}
	if op.kind == opAtomic {
		n.step.Op = op.atomic
	}
	if out := s.perform(n, mv, g, op); out != ok {
		return n, out
	}
	if s.settle(n) == crash {
		return n, crash
	}
	return n, ok
}

// opPos is the position of op, or of the innermost call with one.
func opPos(g *gor, op *vop) token.Pos {
	if op.pos.IsValid() {
		return op.pos
	}
	for i := len(g.frames) - 2; i >= 0; i-- {
		if p := g.frames[i].instr().Pos(); p.IsValid() {
			return p
		}
	}
	return token.NoPos
}

// done advances g past its visible operation.
func (s *searcher) done(g *gor, result Value, hasResult bool) {
	f := g.top()
	if f.pend != nil {
		f.pend = nil
		return
	}
	if hasResult {
		if v, ok := f.instr().(ssa.Value); ok {
			s.set(f, v, result)
		}
	}
	f.pc++
}

func (s *searcher) perform(n *state, mv move, g *gor, op *vop) outcome {
	cell := func(v Value) (*object, Value) {
		o := n.objs[v.n]
		return o, load(o, v.path)
	}
	switch op.kind {
	case opLock:
		o, c := cell(op.obj)
		if c.k == vMutex {
			o.cells[op.obj.path] = Value{k: vMutex, n: 1, g: mv.g, pos: op.pos}
			s.done(g, Value{}, false)
		} else if g.phase == 0 {
			c.m, c.g, c.pos = 1, mv.g, op.pos
			o.cells[op.obj.path] = c
			g.phase = 1
		} else {
			c.m = 2
			o.cells[op.obj.path] = c
			g.phase = 0
			s.done(g, Value{}, false)
		}
	case opUnlock:
		o, c := cell(op.obj)
		switch {
		case c.k == vMutex && c.n == 1:
			o.cells[op.obj.path] = Value{k: vMutex}
		case c.k == vRW && c.m == 2:
			c.m, c.g, c.pos = 0, 0, 0
			o.cells[op.obj.path] = c
		default:
			return crash // fatal error: unlock of unlocked mutex
		}
		s.done(g, Value{}, false)
	case opRLock:
		o, c := cell(op.obj)
		c.n++
		o.cells[op.obj.path] = c
		s.done(g, Value{}, false)
	case opRUnlock:
		o, c := cell(op.obj)
		if c.n <= 0 {
			return crash
		}
		c.n--
		o.cells[op.obj.path] = c
		s.done(g, Value{}, false)
	case opAdd:
		o, c := cell(op.obj)
		c.n += op.delta
		if c.n < 0 {
			return crash // panic: negative WaitGroup counter
		}
		o.cells[op.obj.path] = c
		s.done(g, Value{}, false)
	case opWait:
		s.done(g, Value{}, false)
	case opOnce:
		o, c := cell(op.obj)
		if c.n == 2 {
			s.done(g, Value{}, false)
			break
		}
		o.cells[op.obj.path] = Value{k: vOnce, n: 1}
		f := g.top()
		if f.pend != nil {
			f.pend = nil // a deferred Do: its function runs as a deferred call
		} else {
			f.pc++
		}
		if s.push(n, g, op.fn.fn, op.fn.sub, nil) {
			nf := g.top()
			nf.once, nf.onceObj, nf.oncePath, nf.isDefer = true, int(op.obj.n), op.obj.path, true
		}
	case opCondWait:
		if g.phase == 0 {
			l, known := s.condLock(n, op.obj)
			if !known {
				s.opaque(n, g, "a Cond whose Locker the search does not know")
				return ok
			}
			lo, lc := cell(l)
			switch {
			case lc.k == vMutex && lc.n == 1:
				lo.cells[l.path] = Value{k: vMutex}
			case lc.k == vRW && lc.n > 0:
				lc.n-- // RWMutex.RLocker's: RUnlock
				lo.cells[l.path] = lc
			default:
				return crash // fatal error: unlock of an unlocked mutex
			}
			o, c := cell(op.obj)
			g.ticket = c.n
			c.n++
			o.cells[op.obj.path] = c
			g.status, g.phase, g.cond = gParked, 1, op.obj
		} else {
			l, _ := s.condLock(n, op.obj)
			if lo, lc := cell(l); lc.k == vRW {
				lc.n++
				lo.cells[l.path] = lc
			} else {
				lo.cells[l.path] = Value{k: vMutex, n: 1, g: mv.g, pos: op.pos}
			}
			g.phase, g.ticket, g.cond = 0, 0, Value{}
			s.done(g, Value{}, false)
		}
	case opSignal, opBroadcast:
		for {
			w := -1
			for i, h := range n.gs {
				if h.status == gParked && h.cond.n == op.obj.n && h.cond.path == op.obj.path && (w < 0 || h.ticket < n.gs[w].ticket) {
					w = i
				}
			}
			if w < 0 {
				break
			}
			n.gs[w].status, n.gs[w].phase = gAt, 2
			if op.kind == opSignal {
				break
			}
		}
		s.done(g, Value{}, false)
	case opAtomic:
		v, has := s.performAtomic(n, op)
		s.done(g, v, has)
	case opCancel:
		for _, a := range op.args {
			s.escape(n, a, "is passed to a cancel function")
		}
		if op.obj.n >= 0 {
			cancelCtx(n, int(op.obj.n))
		}
		s.done(g, Value{}, false)
	case opClose:
		if op.obj.k != vChan {
			return crash
		}
		o := n.objs[op.obj.n]
		if o.closed {
			return crash
		}
		o.closed = true
		s.done(g, Value{}, false)
	case opSend:
		return s.send(n, mv, g, op, op.obj, op.send)
	case opRecv:
		o := n.objs[op.obj.n]
		v, okv := s.take(o, op.elem)
		if op.commaOk {
			s.done(g, Value{k: vTuple, sub: []Value{v, boolVal(okv)}}, true)
		} else {
			s.done(g, v, true)
		}
	case opSelect:
		if mv.c == -2 {
			s.done(g, s.selResult(op, -1, Value{}, false), true)
			break
		}
		st := op.sel.States[mv.c]
		if st.Dir == types.SendOnly {
			return s.send(n, mv, g, op, op.chans[mv.c], op.sends[mv.c])
		}
		o := n.objs[op.chans[mv.c].n]
		v, okv := s.take(o, st.Chan.Type().Underlying().(*types.Chan).Elem())
		s.done(g, s.selResult(op, mv.c, v, okv), true)
	}
	return ok
}

// take receives from a buffered (or closed) channel.
func (s *searcher) take(o *object, elem types.Type) (Value, bool) {
	if len(o.buf) > 0 {
		v := o.buf[0]
		o.buf = o.buf[1:]
		return v, true
	}
	return zero(elem), false
}

// selResult builds the result tuple of a select: the chosen index, recvOk,
// then one value per receive case.
func (s *searcher) selResult(op *vop, c int, v Value, okv bool) Value {
	r := []Value{intVal(int64(c)), boolVal(okv)}
	for i, st := range op.sel.States {
		if st.Dir == types.SendOnly {
			continue
		}
		if i == c {
			r = append(r, v)
		} else {
			r = append(r, unknown)
		}
	}
	return Value{k: vTuple, sub: r}
}

// send performs a send of v on ch by g (as step mv).
func (s *searcher) send(n *state, mv move, g *gor, op *vop, ch Value, v Value) outcome {
	o := n.objs[ch.n]
	if o.closed {
		return crash // panic: send on closed channel
	}
	sent := func() {
		if op.kind == opSelect {
			s.done(g, s.selResult(op, mv.c, Value{}, false), true)
		} else {
			s.done(g, Value{}, false)
		}
	}
	if mv.h < 0 {
		o.buf = append(o.buf, v)
		sent()
		return ok
	}
	h := n.gs[mv.h]
	hop, _, _ := s.curOp(n, h)
	sent()
	if hop.kind == opSelect {
		s.done(h, s.selResult(hop, mv.hc, v, true), true)
	} else if hop.commaOk {
		s.done(h, Value{k: vTuple, sub: []Value{v, boolVal(true)}}, true)
	} else {
		s.done(h, v, true)
	}
	return ok
}

// finding describes stuck state st, reached through states.
func (s *searcher) finding(st *state, at int, nodes []node) *Finding {
	fd := &Finding{}
	blocked := false
	for i, g := range st.gs {
		gi := &Goroutine{Start: g.start, Holder: -1, Writer: -1}
		fd.Goroutines = append(fd.Goroutines, gi)
		if g.status == gDone {
			gi.Done = true
			continue
		}
		blocked = true
		if i == 0 {
			fd.Deadlock = true
		}
		op, _, _ := s.curOp(st, g)
		if op == nil {
			continue
		}
		gi.Op, gi.Instr, gi.Pos = opNames[op.kind], op.instr, opPos(g, op)
		obj := op.obj
		if op.kind == opSelect {
			obj = Value{}
		}
		switch obj.k {
		case vPtr:
			o := st.objs[obj.n]
			t := typeAt(o.typ, obj.path)
			gi.Object = &Object{Site: o.site, Path: obj.path, Type: t, Field: fieldName(o.typ, obj.path)}
			gi.Kind = syncKind(t)
			c := load(o, obj.path)
			switch c.k {
			case vMutex:
				if c.n == 1 {
					gi.Holder, gi.HeldAt = c.g, c.pos
				}
			case vRW:
				if c.m == 2 {
					gi.Holder, gi.HeldAt = c.g, c.pos
				} else if c.m == 1 {
					gi.Writer = c.g
				}
			case vWG:
				gi.Count = c.n
			}
			if op.kind == opCondWait && g.phase == 2 {
				if l, ok := s.condLock(st, obj); ok {
					switch c := load(st.objs[l.n], l.path); {
					case c.k == vMutex && c.n == 1, c.k == vRW && c.m == 2:
						gi.Holder, gi.HeldAt = c.g, c.pos
					case c.k == vRW && c.m == 1:
						gi.Writer = c.g
					}
				}
			}
		case vChan:
			o := st.objs[obj.n]
			gi.Kind = "chan"
			gi.Object = &Object{Site: o.site, Type: o.typ}
			gi.Closed = o.closed
			gi.Kind, gi.Why = chanKind(st, obj)
		case vNil:
			gi.Kind, gi.Why = chanKind(st, obj)
		}
		if op.kind == opSelect {
			// A select waiting on a context or a timer: the first such case
			// names why it waits.
			for _, ch := range op.chans {
				if k, why := chanKind(st, ch); k != "chan" {
					gi.Kind, gi.Why = k, why
					break
				}
			}
		}
	}
	if !blocked {
		return nil
	}
	var conds []struct {
		gi  *Goroutine
		obj Value
	}
	for i, g := range st.gs {
		if g.status == gParked {
			conds = append(conds, struct {
				gi  *Goroutine
				obj Value
			}{fd.Goroutines[i], g.cond})
		}
	}
	for n := nodes[at]; n.parent >= 0; n = nodes[n.parent] {
		fd.Trace = append(fd.Trace, n.step)
	}
	for i, j := 0, len(fd.Trace)-1; i < j; i, j = i+1, j-1 {
		fd.Trace[i], fd.Trace[j] = fd.Trace[j], fd.Trace[i]
	}
	for _, c := range conds {
		for _, step := range fd.Trace {
			if (step.Op == "Signal" || step.Op == "Broadcast") && step.obj == c.obj.n && step.path == c.obj.path {
				c.gi.Signalled = step.Pos
			}
		}
	}
	return fd
}

// chanKind says what channel ch of stuck state st is: "Context" for the
// Done channel of a context of the scope, "Timer" for the channel of a
// timer or ticker the scope made, "chan" otherwise; and why nothing comes
// on a context's or timer's channel (see Goroutine.Why).
func chanKind(st *state, ch Value) (string, string) {
	switch ch.k {
	case vNil:
		if ch.m == 1 {
			return "Context", "nil"
		}
	case vChan:
		o := st.objs[ch.n]
		if o.ctx {
			for p := int(ch.n); p >= 0; p = st.objs[p].parent {
				if st.objs[p].timer == tTestEnd {
					return "Context", "test"
				}
			}
			return "Context", "cancel"
		}
		switch o.timer {
		case tTimer, tTicker:
			if o.stopped {
				return "Timer", "stopped"
			}
			return "Timer", "taken"
		}
	}
	return "chan", ""
}

// Allocates reports whether fn allocates a sync object the search models
// (a Mutex, RWMutex, WaitGroup or Cond, alone or inside a struct or array
// it allocates, or by sync.NewCond), makes a context (package context's
// Background, TODO, With... functions, a test's Context) or a timer
// (time.NewTimer, time.NewTicker): the functions worth a search.
func Allocates(fn *ssa.Function) bool {
	// A context never done (Background, TODO, WithoutCancel) matters only
	// to a goroutine waiting on it: it makes fn worth a search only when
	// fn has a go statement (most functions that make one pass it on).
	never, gos := false, false
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.Alloc:
				if holdsSync(in.Type().(*types.Pointer).Elem(), 0) {
					return true
				}
			case *ssa.Go:
				gos = true
			case *ssa.Call:
				f, ok := in.Call.Value.(*ssa.Function)
				if !ok {
					continue
				}
				switch k := contextFunc(f); {
				case k == ctxNever:
					never = true
				case k != ctxNone, isSyncFunc(f, "NewCond"), testContext(f), timeMethod(f) == "NewTimer", timeMethod(f) == "NewTicker":
					return true
				}
			}
		}
	}
	return never && gos
}

// Roots returns the functions of m worth a search, in the model's order:
// the live functions that allocate a sync object, and those that call,
// start or defer one (up to depth edges up): a constructor returns its
// objects, and a goroutine's function takes its arguments from the
// function starting it, so the scope that can see every goroutine touching
// them, and the values deciding their branches, is the caller's.
func Roots(m *chanmodel.Model, depth int) []*chanmodel.Func {
	in := make(map[*chanmodel.Func]bool)
	for _, f := range m.Funcs {
		if f.Live && len(f.SSA.Blocks) > 0 && Allocates(f.SSA) {
			in[f] = true
		}
	}
	frontier := in
	for range depth {
		next := make(map[*chanmodel.Func]bool)
		for f := range frontier {
			for _, e := range f.Callers {
				if e.Caller.Live && !in[e.Caller] {
					next[e.Caller] = true
				}
			}
		}
		for f := range next {
			in[f] = true
		}
		frontier = next
	}
	var out []*chanmodel.Func
	for _, f := range m.Funcs {
		if in[f] {
			out = append(out, f)
		}
	}
	return out
}
