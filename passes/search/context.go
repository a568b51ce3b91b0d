package search

import (
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Contexts and timers the scope makes.
//
// A context is its done channel: an object of the scope whose channel is
// closed by its cancel function (a vCancel value: calling it is a visible
// operation, idempotent), by the runtime at a time of its choosing for a
// deadline (WithTimeout, WithDeadline), once the test function returned
// for a test's Context, and when its parent's is. Background, TODO and
// WithoutCancel are never done: their Done is nil. A context derived from
// one the search does not know (a parameter) is not known either.
//
// A timer (time.NewTimer) or ticker (time.NewTicker) is memory of the scope
// holding the channel the runtime sends on. Stop and Reset are decided
// where Go's two timer semantics agree (the synchronous channels of a main
// module at go1.23 or later, the buffered ones before): a timer not fired
// yet is stopped (Stop returns true), one whose value was received or that
// was stopped is not (false). A value sent but not yet received is where
// they differ (discarded, or left in the buffer): the goroutine then
// becomes opaque, as do len and cap of a timer's channel (unknown).

// ctxKind is what a function of package context makes.
type ctxKind uint8

const (
	ctxNone     ctxKind = iota
	ctxNever            // Background, TODO, WithoutCancel
	ctxCancel           // WithCancel, WithCancelCause
	ctxDeadline         // WithTimeout, WithDeadline (and their Cause forms)
)

func contextFunc(fn *ssa.Function) ctxKind {
	if fn == nil || fn.Signature.Recv() != nil || fn.Object() == nil || fn.Object().Pkg() == nil || fn.Object().Pkg().Path() != "context" {
		return ctxNone
	}
	switch fn.Name() {
	case "Background", "TODO", "WithoutCancel":
		return ctxNever
	case "WithCancel", "WithCancelCause":
		return ctxCancel
	case "WithTimeout", "WithDeadline", "WithTimeoutCause", "WithDeadlineCause":
		return ctxDeadline
	}
	return ctxNone
}

// timeMethod returns "Timer.Stop", "Ticker.Reset", ... for the methods of
// time.Timer and time.Ticker, "NewTimer" and "NewTicker" for those
// functions, or "".
func timeMethod(fn *ssa.Function) string {
	if fn == nil || fn.Object() == nil || fn.Object().Pkg() == nil || fn.Object().Pkg().Path() != "time" {
		return ""
	}
	if recv := fn.Signature.Recv(); recv != nil {
		p, ok := recv.Type().(*types.Pointer)
		if !ok {
			return ""
		}
		n, ok := types.Unalias(p.Elem()).(*types.Named)
		if !ok || n.Obj().Name() != "Timer" && n.Obj().Name() != "Ticker" {
			return ""
		}
		return n.Obj().Name() + "." + fn.Name()
	}
	switch fn.Name() {
	case "NewTimer", "NewTicker", "AfterFunc":
		return fn.Name()
	}
	return ""
}

// testContext reports whether fn is the Context method of testing.T, B
// or F.
func testContext(fn *ssa.Function) bool {
	if fn == nil || fn.Name() != "Context" || fn.Signature.Recv() == nil || fn.Object() == nil || fn.Object().Pkg() == nil || fn.Object().Pkg().Path() != "testing" {
		return false
	}
	return true
}

// isTest reports whether fn is a test, benchmark or fuzz function of a
// _test.go file: func TestXxx(t *testing.T) and the like.
func isTest(fn *ssa.Function) bool {
	if fn.Parent() != nil || fn.Signature.Recv() != nil || fn.Signature.Params().Len() != 1 || fn.Signature.Results().Len() != 0 {
		return false
	}
	p, ok := fn.Signature.Params().At(0).Type().(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "testing" {
		return false
	}
	prefix := map[string]string{"T": "Test", "B": "Benchmark", "F": "Fuzz"}[n.Obj().Name()]
	if prefix == "" || !strings.HasPrefix(fn.Name(), prefix) {
		return false
	}
	file := fn.Prog.Fset.Position(fn.Pos()).Filename
	return strings.HasSuffix(file, "_test.go")
}

// ofParam reports whether x is p, or the address of a field (of a field...)
// of p: the receiver of a method promoted from testing's common.
func ofParam(x ssa.Value, p *ssa.Parameter) bool {
	for {
		switch v := x.(type) {
		case *ssa.Parameter:
			return v == p
		case *ssa.FieldAddr:
			x = v.X
		default:
			return false
		}
	}
}

var doneType = types.NewChan(types.RecvOnly, types.NewStruct(nil, nil))

// newCtx makes the done channel of a context with the given parent
// (-1: none) and timer kind; a context whose parent is done is done.
func (s *searcher) newCtx(st *state, site ssa.Value, parent int, timer uint8) (int, bool) {
	o := &object{isChan: true, site: site, typ: doneType, ctx: true, parent: parent, timer: timer}
	if parent >= 0 && st.objs[parent].closed {
		o.closed = true
	}
	return s.newObject(st, o)
}

// cancelCtx closes the done channel of context id and of every context
// derived from it.
func cancelCtx(st *state, id int) {
	st.objs[id].closed = true
	for j := id + 1; j < len(st.objs); j++ {
		if o := st.objs[j]; o.ctx && o.parent >= 0 && st.objs[o.parent].closed {
			o.closed = true
		}
	}
}

// ctxMethod evaluates method in of context ctx.
func (s *searcher) ctxMethod(st *state, in *ssa.Call, ctx Value) Value {
	name := in.Call.Method.Name()
	switch name {
	case "Done", "Err":
		if ctx.n < 0 {
			if name == "Done" {
				return Value{k: vNil, m: 1}
			}
			return Value{k: vNil}
		}
		o := st.objs[ctx.n]
		if o.ctxLost {
			return unknown
		}
		if name == "Done" {
			return Value{k: vChan, n: ctx.n}
		}
		if o.closed {
			return Value{k: vNonNil} // Canceled, DeadlineExceeded or a cause
		}
		return Value{k: vNil}
	case "Deadline":
		return Value{k: vTuple, sub: []Value{unknown, unknown}}
	}
	return unknown
}

// contextCall evaluates a call of package context the search models, or
// reports false.
func (s *searcher) contextCall(st *state, g *gor, f *frame, in *ssa.Call, fn *ssa.Function, args []Value) (outcome, bool) {
	if testContext(fn) {
		// A test's Context, asked for by the test function the search
		// starts from: done once it returned. Asked for anywhere else, it
		// is unknown.
		if len(in.Call.Args) != 1 || g.start != nil || len(g.frames) != 1 || !isTest(s.root) || !ofParam(in.Call.Args[0], s.root.Params[0]) {
			return ok, false
		}
		for id, o := range st.objs {
			if o.ctx && o.timer == tTestEnd {
				s.set(f, in, Value{k: vCtx, n: int64(id)})
				return s.next(f), true
			}
		}
		id, okb := s.newCtx(st, in, -1, tTestEnd)
		if !okb {
			s.opaque(st, g, "more objects than the search follows")
			return ok, true
		}
		s.set(f, in, Value{k: vCtx, n: int64(id)})
		return s.next(f), true
	}
	k := contextFunc(fn)
	if k == ctxNone {
		return ok, false
	}
	if k == ctxNever {
		// WithoutCancel's Done is nil whatever its parent.
		s.set(f, in, Value{k: vCtx, n: -1})
		return s.next(f), true
	}
	if len(args) == 0 || args[0].k != vCtx {
		return ok, false // a parent the search does not know
	}
	for _, a := range args[1:] {
		s.escape(st, a, "is passed to package context")
	}
	timer := tNone
	if k == ctxDeadline {
		timer = tDeadline
	}
	id, okb := s.newCtx(st, in, int(args[0].n), timer)
	if !okb {
		s.opaque(st, g, "more objects than the search follows")
		return ok, true
	}
	s.set(f, in, Value{k: vTuple, sub: []Value{{k: vCtx, n: int64(id)}, {k: vCancel, n: int64(id)}}})
	return s.next(f), true
}

// timerCall evaluates a call of time.NewTimer, time.NewTicker or a method
// of the timers the scope made, or reports false.
// newTimer makes a timer's objects: its channel object ch (what the
// runtime fires) and the Timer's or Ticker's memory, of type t, pointing
// to it. When the search follows no more objects, the goroutine becomes
// opaque and ok is false.
func (s *searcher) newTimer(st *state, g *gor, in *ssa.Call, t types.Type, ch *object) (cid, mid int, ok bool) {
	cid, ok = s.newObject(st, ch)
	if ok {
		mid, ok = s.newObject(st, &object{site: in, typ: t, cells: map[string]Value{}, tchan: cid + 1})
	}
	if !ok {
		s.opaque(st, g, "more objects than the search follows")
	}
	return cid, mid, ok
}

func (s *searcher) timerCall(st *state, g *gor, f *frame, in *ssa.Call, fn *ssa.Function, args []Value) (outcome, bool) {
	m := timeMethod(fn)
	switch m {
	case "":
		return ok, false
	case "AfterFunc":
		// The Timer's memory and, standing for its schedule, a channel
		// object nothing sends on whose firing starts f.
		if len(args) != 2 || args[1].k != vFunc || len(args[1].fn.Blocks) == 0 {
			return ok, false
		}
		t := fn.Signature.Results().At(0).Type().(*types.Pointer).Elem()
		_, mid, okt := s.newTimer(st, g, in, t, &object{isChan: true, site: in, typ: types.NewChan(types.SendRecv, types.Typ[types.Int]), timer: tAfterFunc, afn: args[1]})
		if !okt {
			return ok, true
		}
		s.set(f, in, Value{k: vPtr, n: int64(mid)})
		return s.next(f), true
	case "NewTimer", "NewTicker":
		if m == "NewTicker" && (len(args) != 1 || args[0].k != vInt) {
			return ok, false // a non-positive period panics
		}
		if m == "NewTicker" && args[0].n <= 0 {
			return crash, true
		}
		t := fn.Signature.Results().At(0).Type().(*types.Pointer).Elem()
		st2, okt := t.Underlying().(*types.Struct)
		if !okt {
			return ok, false
		}
		field := -1
		for i := range st2.NumFields() {
			if st2.Field(i).Name() == "C" {
				field = i
			}
		}
		if field < 0 {
			return ok, false
		}
		kind := tTimer
		if m == "NewTicker" {
			kind = tTicker
		}
		cid, mid, okt := s.newTimer(st, g, in, t, &object{isChan: true, site: in, typ: st2.Field(field).Type(), cap: 1, timer: kind})
		if !okt {
			return ok, true
		}
		st.objs[mid].cells["."+strconv.Itoa(field)] = Value{k: vChan, n: int64(cid)}
		s.set(f, in, Value{k: vPtr, n: int64(mid)})
		return s.next(f), true
	}
	if len(args) == 0 || args[0].k != vPtr || args[0].path != "" {
		return ok, false
	}
	mo := st.objs[args[0].n]
	if mo.tchan == 0 || mo.lost {
		return ok, false
	}
	c := st.objs[mo.tchan-1]
	if len(c.buf) > 0 {
		// A value sent and not received: since go1.23 Stop and Reset
		// discard it, before they left it in the buffer.
		s.opaque(st, g, "a Stop or Reset of a timer whose value is ready (its result depends on the Go version of the main module)")
		return ok, true
	}
	switch m {
	case "Timer.Stop", "Timer.Reset":
		pending := (c.timer == tTimer || c.timer == tAfterFunc) && !c.fired && !c.stopped
		if m == "Timer.Stop" {
			c.stopped = c.stopped || pending
		} else {
			c.stopped, c.fired = false, false
		}
		s.set(f, in, boolVal(pending))
	case "Ticker.Stop":
		c.stopped = true
	case "Ticker.Reset":
		if len(args) != 2 || args[1].k != vInt {
			return ok, false
		}
		if args[1].n <= 0 {
			return crash, true
		}
		c.stopped = false
	default:
		return ok, false
	}
	return s.next(f), true
}
