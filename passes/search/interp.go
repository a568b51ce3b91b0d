package search

import (
	"go/constant"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/chanmodel"
)

// Local execution: a goroutine runs, without interleaving, every
// instruction that touches nothing another goroutine can see, up to its
// next visible operation (a channel operation or a method of a sync
// object of the scope). Local steps are deterministic: a branch on data
// the search does not track makes the goroutine opaque instead of being
// taken either way.

// outcome of a local run or a step.
type outcome uint8

const (
	ok    outcome = iota
	crash         // the path ends: a panic, a fatal error, a process exit
)

// opKind is the kind of a visible operation.
type opKind uint8

const (
	opNone opKind = iota
	opLock
	opUnlock
	opRLock
	opRUnlock
	opAdd
	opWait
	opCondWait
	opSignal
	opBroadcast
	opOnce
	opSend
	opRecv
	opSelect
	opClose
	opCancel
	opAtomic
)

var opNames = [...]string{"", "Lock", "Unlock", "RLock", "RUnlock", "Add", "Wait", "Wait", "Signal", "Broadcast", "Do", "send", "receive", "select", "close", "cancel", "atomic"}

// vop is the visible operation a goroutine is stopped at.
type vop struct {
	kind  opKind
	obj   Value // the sync cell (vPtr) or the channel (vChan, vNil)
	delta int64
	fn    Value   // Once.Do's function
	args  []Value // a cancel function's arguments (its cause)
	instr ssa.Instruction
	pos   token.Pos
	// select
	sel   *ssa.Select
	chans []Value
	sends []Value
	// atomic: the operation (Load, Store, Add, Swap, CompareAndSwap, And,
	// Or) and whether the cell holds a Bool's uint32.
	atomic string
	abool  bool
	// send
	send Value
	// receive
	commaOk bool
	elem    types.Type
}

type verdict uint8

const (
	local verdict = iota
	visible
	opaqueOp
)

func (s *searcher) val(f *frame, v ssa.Value) Value {
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value == nil {
			if v.IsNil() {
				return Value{k: vNil}
			}
			return zero(v.Type())
		}
		switch v.Value.Kind() {
		case constant.Bool:
			return boolVal(constant.BoolVal(v.Value))
		case constant.String:
			if str := constant.StringVal(v.Value); len(str) <= maxStr {
				return Value{k: vStr, path: str}
			}
		case constant.Int:
			if n, exact := constant.Int64Val(v.Value); exact {
				return intVal(n)
			}
		}
		return unknown
	case *ssa.Function:
		return Value{k: vFunc, fn: v}
	case *ssa.Global, *ssa.Builtin:
		return unknown
	}
	if i, ok := f.fn.idx[v]; ok {
		return f.regs[i]
	}
	return unknown
}

func (s *searcher) set(f *frame, v ssa.Value, x Value) {
	if i, ok := f.fn.idx[v]; ok {
		f.regs[i] = x
	}
}

// callee resolves the function a call calls: a function of the program
// with its closure bindings and the arguments (receiver first), or fn nil
// for code the search cannot see (builtin set for builtins).
func (s *searcher) callee(f *frame, cc *ssa.CallCommon) (fn *ssa.Function, binds []Value, args []Value, builtin *ssa.Builtin, recv Value) {
	for _, a := range cc.Args {
		args = append(args, s.val(f, a))
	}
	if cc.IsInvoke() {
		recv = s.val(f, cc.Value)
		if recv.k == vIface && len(recv.sub) == 1 {
			name := cc.Method.Name()
			if recv.m == 1 {
				// RWMutex.RLocker: its Lock and Unlock are the
				// RWMutex's RLock and RUnlock.
				name = readLockerMethod(name)
			}
			if m := s.prog.LookupMethod(recv.typ, cc.Method.Pkg(), name); m != nil {
				return m, nil, append([]Value{recv.sub[0]}, args...), nil, recv
			}
		}
		return nil, nil, args, nil, recv
	}
	if b, ok := cc.Value.(*ssa.Builtin); ok {
		return nil, nil, args, b, unknown
	}
	v := s.val(f, cc.Value)
	if v.k == vFunc {
		return v.fn, v.sub, args, nil, unknown
	}
	return nil, nil, args, nil, v
}

// syncMethod returns the kind of operation fn is, when it is a method of a
// sync type the search models.
func syncMethod(fn *ssa.Function) opKind {
	if fn == nil || fn.Signature.Recv() == nil || fn.Pkg == nil || fn.Pkg.Pkg.Path() != "sync" {
		if fn != nil && fn.Signature.Recv() != nil && fn.Object() != nil && fn.Object().Pkg() != nil && fn.Object().Pkg().Path() == "sync" {
			// Method of an imported sync package (no SSA package body).
		} else {
			return opNone
		}
	}
	p, ok := fn.Signature.Recv().Type().(*types.Pointer)
	if !ok {
		return opNone
	}
	switch syncKind(p.Elem()) + "." + fn.Name() {
	case "Mutex.Lock", "RWMutex.Lock":
		return opLock
	case "Mutex.Unlock", "RWMutex.Unlock":
		return opUnlock
	case "RWMutex.RLock":
		return opRLock
	case "RWMutex.RUnlock":
		return opRUnlock
	case "WaitGroup.Add", "WaitGroup.Done":
		return opAdd
	case "WaitGroup.Wait":
		return opWait
	case "Cond.Wait":
		return opCondWait
	case "Cond.Signal":
		return opSignal
	case "Cond.Broadcast":
		return opBroadcast
	case "Once.Do":
		return opOnce
	}
	return opNone
}

// isSyncFunc reports whether fn is the package-level function sync.name.
func isSyncFunc(fn *ssa.Function, name string) bool {
	return fn != nil && fn.Signature.Recv() == nil && fn.Name() == name && fn.Object() != nil &&
		fn.Object().Pkg() != nil && fn.Object().Pkg().Path() == "sync"
}

// curOp classifies what goroutine g is about to do.
func (s *searcher) curOp(st *state, g *gor) (*vop, verdict, string) {
	f := g.top()
	if f.pend != nil {
		return s.callOp(st, f.pend.fn, f.pend.args, nil, f.pend.instr, f.pend.instr.Pos())
	}
	if f.draining {
		return nil, local, ""
	}
	instr := f.instr()
	switch in := instr.(type) {
	case *ssa.Send:
		ch := s.val(f, in.Chan)
		if ch.k != vChan && ch.k != vNil {
			return nil, opaqueOp, "a send on a channel from outside the scope"
		}
		return &vop{kind: opSend, obj: ch, send: s.val(f, in.X), instr: in, pos: in.Pos()}, visible, ""
	case *ssa.UnOp:
		if in.Op != token.ARROW {
			return nil, local, ""
		}
		ch := s.val(f, in.X)
		if ch.k != vChan && ch.k != vNil {
			return nil, opaqueOp, "a receive from a channel from outside the scope"
		}
		return &vop{kind: opRecv, obj: ch, commaOk: in.CommaOk, elem: in.X.Type().Underlying().(*types.Chan).Elem(), instr: in, pos: in.Pos()}, visible, ""
	case *ssa.Select:
		op := &vop{kind: opSelect, sel: in, instr: in, pos: in.Pos()}
		for _, st := range in.States {
			ch := s.val(f, st.Chan)
			if ch.k != vChan && ch.k != vNil {
				return nil, opaqueOp, "a select on a channel from outside the scope"
			}
			op.chans = append(op.chans, ch)
			if st.Dir == types.SendOnly {
				op.sends = append(op.sends, s.val(f, st.Send))
			} else {
				op.sends = append(op.sends, unknown)
			}
		}
		return op, visible, ""
	case *ssa.Call:
		fn, binds, args, b, recv := s.callee(f, in.Common())
		if b != nil {
			if b.Name() == "close" {
				return s.callOp(st, Value{}, args, b, in, in.Pos())
			}
			return nil, local, ""
		}
		if fn == nil && recv.k == vCancel {
			return s.callOp(st, recv, args, nil, in, in.Pos())
		}
		return s.callOp(st, Value{k: vFunc, fn: fn, sub: binds}, args, nil, in, in.Pos())
	}
	return nil, local, ""
}

// callOp classifies a call (or a deferred one) of fn or builtin b.
func (s *searcher) callOp(st *state, fn Value, args []Value, b *ssa.Builtin, instr ssa.Instruction, pos token.Pos) (*vop, verdict, string) {
	if b != nil || (fn.k == vUnknown && instr != nil && isClose(instr)) {
		if len(args) != 1 {
			return nil, local, ""
		}
		if args[0].k != vChan && args[0].k != vNil {
			return nil, local, ""
		}
		return &vop{kind: opClose, obj: args[0], instr: instr, pos: pos}, visible, ""
	}
	if fn.k == vCancel {
		return &vop{kind: opCancel, obj: fn, args: args, instr: instr, pos: pos}, visible, ""
	}
	if fn.k != vFunc {
		return nil, local, ""
	}
	if name, path, isBool := atomicOp(fn.fn); name != "" {
		if len(args) == 0 || args[0].k != vPtr {
			return nil, local, "" // memory from outside the scope
		}
		o := st.objs[args[0].n]
		if o.lost {
			return nil, opaqueOp, "an atomic operation on memory handed to code outside the scope"
		}
		if o.stale {
			return nil, opaqueOp, staleWhy
		}
		obj := Value{k: vPtr, n: args[0].n, path: args[0].path + path}
		return &vop{kind: opAtomic, obj: obj, args: args[1:], atomic: name, abool: isBool, instr: instr, pos: pos}, visible, ""
	}
	k := syncMethod(fn.fn)
	if k == opNone || len(args) == 0 {
		return nil, local, ""
	}
	recv := args[0]
	if recv.k != vPtr {
		return nil, local, "" // an object from outside the scope
	}
	o := st.objs[recv.n]
	if o.lost {
		return nil, opaqueOp, "a sync object handed to code outside the scope"
	}
	if o.stale {
		return nil, opaqueOp, staleWhy
	}
	op := &vop{kind: k, obj: recv, instr: instr, pos: pos}
	switch fn.fn.Name() {
	case "Done":
		op.delta = -1
	case "Add":
		if len(args) < 2 || args[1].k != vInt {
			return nil, opaqueOp, "WaitGroup.Add of a count the search does not know"
		}
		op.delta = args[1].n
	case "Do":
		if len(args) < 2 || args[1].k != vFunc || len(args[1].fn.Blocks) == 0 {
			return nil, opaqueOp, "Once.Do of a function the search cannot see"
		}
		op.fn = args[1]
	}
	return op, visible, ""
}

func isClose(instr ssa.Instruction) bool {
	c, ok := instr.(ssa.CallInstruction)
	if !ok {
		return false
	}
	b, ok := c.Common().Value.(*ssa.Builtin)
	return ok && b.Name() == "close"
}

// opaque makes g opaque, or done when no reference to an object of the
// scope can ever be used by it again.
func (s *searcher) opaque(st *state, g *gor, why string) {
	if s.detached(g) {
		g.status = gDone
		return
	}
	g.status = gOpaque
	g.why = why
	pos := token.NoPos
	if len(g.frames) > 0 {
		if f := g.top(); f.block < len(f.fn.fn.Blocks) && f.pc < len(f.fn.fn.Blocks[f.block].Instrs) {
			pos = f.instr().Pos()
			if in, ok := f.instr().(*ssa.If); ok {
				pos = in.Cond.Pos()
			}
		}
	}
	o := Opaque{Pos: pos, Why: why}
	if !s.opaqueSeen[o] && len(s.opaques) < 16 {
		s.opaqueSeen[o] = true
		s.opaques = append(s.opaques, o)
	}
}

// detached reports whether nothing g may still run can use a reference to
// an object of the scope: every value its frames may still read, and every
// deferred call, holds none.
func (s *searcher) detached(g *gor) bool {
	for i := len(g.frames) - 1; i >= 0; i-- {
		f := g.frames[i]
		if f.pend != nil {
			return false
		}
		for _, d := range f.defers {
			if d.fn.hasRefs() {
				return false
			}
			for _, a := range d.args {
				if a.hasRefs() {
					return false
				}
			}
		}
		if g.exiting {
			continue
		}
		start := f.pc
		if i < len(g.frames)-1 {
			start++ // the call returns into the next instruction
		}
		if s.liveRefs(f, start) {
			return false
		}
	}
	return true
}

// liveRefs reports whether an instruction reachable from position start of
// f's current block reads a register that holds a reference.
func (s *searcher) liveRefs(f *frame, start int) bool {
	blocks := f.fn.fn.Blocks
	seen := make([]bool, len(blocks))
	var rands []*ssa.Value
	check := func(b *ssa.BasicBlock, from int) bool {
		for _, in := range b.Instrs[min(from, len(b.Instrs)):] {
			rands = in.Operands(rands[:0])
			for _, r := range rands {
				if *r == nil {
					continue
				}
				if i, ok := f.fn.idx[*r]; ok && f.regs[i].hasRefs() {
					return true
				}
			}
		}
		return false
	}
	first := blocks[f.block]
	if check(first, start) {
		return true
	}
	work := append([]*ssa.BasicBlock(nil), first.Succs...)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[b.Index] {
			continue
		}
		seen[b.Index] = true
		if check(b, 0) {
			return true
		}
		work = append(work, b.Succs...)
	}
	return false
}

// escape handles v reaching code the search cannot see: memory without
// sync objects or references is forgotten (lost); anything else ends the
// search of the scope, which then claims nothing.
func (s *searcher) escape(st *state, v Value, why string) {
	v.refs(func(r Value) {
		if s.abort != "" {
			return
		}
		switch r.k {
		case vCtx:
			// Code holding a context can only wait for it: the search
			// keeps its state, but no longer says what its Done and Err
			// return (as for a context from outside the scope).
			if r.n >= 0 {
				st.objs[r.n].ctxLost = true
			}
			return
		case vCancel:
			s.abort = "a cancel function of the scope " + why
			return
		}
		if r.k == vChan {
			s.abort = "a channel of the scope " + why
			return
		}
		o := st.objs[r.n]
		if holdsSync(o.typ, 0) {
			s.abort = "a sync object of the scope " + why
			return
		}
		for _, c := range o.cells {
			if c.hasRefs() {
				s.abort = "memory holding references of the scope " + why
				return
			}
		}
		for i, k := range o.mkeys {
			if k.hasRefs() || o.mvals[i].hasRefs() {
				s.abort = "a map holding references of the scope " + why
				return
			}
		}
		for _, c := range o.cells {
			s.escape(st, c, why) // contexts it holds
		}
		for i, k := range o.mkeys {
			s.escape(st, k, why)
			s.escape(st, o.mvals[i], why)
		}
		o.lost = true
	})
}

// load reads the cell at path of object o.
func load(o *object, path string) Value {
	if o.lost {
		return unknown
	}
	if v, ok := o.cells[path]; ok {
		return v
	}
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '.' || path[i] == '[' {
			if v, ok := o.cells[path[:i]]; ok && v.k == vUnknown {
				return unknown
			}
		}
	}
	if v, ok := o.cells[""]; ok && v.k == vUnknown && path != "" {
		return unknown
	}
	t := typeAt(o.typ, path)
	if t == nil {
		return unknown
	}
	if aggregate(t) {
		// A struct or array value: its fields or elements, each from its
		// cell.
		if leaves(t, 0) > maxLeaves {
			return unknown
		}
		var sub []Value
		for i := range elems(t) {
			sub = append(sub, load(o, elemPath(t, path, i)))
		}
		return Value{k: vAgg, sub: sub}
	}
	return zero(t)
}

// store writes v, of type t, to the cell at path of o: a struct or array
// value field by field (an unknown one as a whole).
func store(o *object, path string, t types.Type, v Value) {
	if !aggregate(t) {
		o.cells[path] = v
		return
	}
	for k := range o.cells {
		if under(k, path) {
			delete(o.cells, k)
		}
	}
	ts := elems(t)
	if v.k != vAgg || len(v.sub) != len(ts) {
		o.cells[path] = unknown
		return
	}
	delete(o.cells, path)
	for i, e := range ts {
		store(o, elemPath(t, path, i), e, v.sub[i])
	}
}

// zeroSync reports whether every sync object inside the value at path of
// o (of type t) is in its zero state: nothing holds, waits on or counts
// with it.
func zeroSync(o *object, path string, t types.Type) bool {
	for k, c := range o.cells {
		if k != path && !under(k, path) {
			continue
		}
		switch c.k {
		case vMutex, vRW, vWG, vCond, vOnce:
			if c.n != 0 || c.m != 0 {
				return false
			}
		}
	}
	return true
}

// aggregate reports whether t is stored as several cells.
func aggregate(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Struct, *types.Array:
		return syncKind(t) == ""
	}
	return false
}

func (s *searcher) newObject(st *state, o *object) (int, bool) {
	if len(st.objs) >= s.opt.MaxObjects {
		return 0, false
	}
	st.objs = append(st.objs, o)
	return len(st.objs) - 1, true
}

// push starts a call of fn on g. It reports false when the call is too
// deep (g is then opaque).
func (s *searcher) push(st *state, g *gor, fn *ssa.Function, binds, args []Value) bool {
	if len(g.frames) >= s.opt.MaxDepth {
		s.opaque(st, g, "calls deeper than the search follows")
		return false
	}
	fi := s.info(fn)
	f := &frame{fn: fi, regs: make([]Value, fi.n)}
	for i := range fn.Params {
		if i < len(args) {
			f.regs[i] = args[i]
		}
	}
	for i := range fn.FreeVars {
		if i < len(binds) {
			f.regs[len(fn.Params)+i] = binds[i]
		}
	}
	g.frames = append(g.frames, f)
	return true
}

func (s *searcher) info(fn *ssa.Function) *fnInfo {
	fi := s.fns[fn]
	if fi == nil {
		fi = newFnInfo(fn, len(s.fns))
		s.fns[fn] = fi
	}
	return fi
}

// jump moves f to block to, evaluating its phis on the edge.
func (s *searcher) jump(f *frame, to *ssa.BasicBlock) {
	from := f.fn.fn.Blocks[f.block]
	pi := -1
	for i, p := range to.Preds {
		if p == from {
			pi = i
			break
		}
	}
	var phis []*ssa.Phi
	var vals []Value
	n := 0
	for _, in := range to.Instrs {
		phi, ok := in.(*ssa.Phi)
		if !ok {
			break
		}
		n++
		phis = append(phis, phi)
		if pi >= 0 && pi < len(phi.Edges) {
			vals = append(vals, s.val(f, phi.Edges[pi]))
		} else {
			vals = append(vals, unknown)
		}
	}
	for i, phi := range phis {
		s.set(f, phi, vals[i])
	}
	f.block, f.pc = to.Index, n
}

// ret returns from g's top frame with results.
func (s *searcher) ret(st *state, g *gor, results []Value) {
	f := g.top()
	g.frames = g.frames[:len(g.frames)-1]
	if f.once {
		st.objs[f.onceObj].cells[f.oncePath] = Value{k: vOnce, n: 2}
	}
	if len(g.frames) == 0 {
		if g.start == nil {
			for _, r := range results {
				s.escape(st, r, "is returned by the root")
			}
		}
		g.status = gDone
		return
	}
	c := g.top()
	if f.isDefer || g.exiting {
		return // the caller goes on draining
	}
	if call, ok := c.instr().(*ssa.Call); ok {
		switch len(results) {
		case 0:
		case 1:
			s.set(c, call, results[0])
		default:
			s.set(c, call, Value{k: vTuple, sub: results})
		}
	}
	c.pc++
}

// run executes g locally up to its next visible operation.
func (s *searcher) run(st *state, gi int) outcome {
	g := st.gs[gi]
	for steps := 0; ; steps++ {
		if s.abort != "" {
			return ok
		}
		if g.status != gAt {
			return ok
		}
		if len(g.frames) == 0 {
			g.status = gDone
			return ok
		}
		if s.work++; s.opt.MaxWork > 0 && s.work > s.opt.MaxWork {
			s.cut = "more local steps than the search follows"
			return ok
		}
		if steps > s.opt.MaxLocal {
			s.opaque(st, g, "a local loop longer than the search follows")
			return ok
		}
		f := g.top()
		op, v, why := s.curOp(st, g)
		switch v {
		case visible:
			_ = op
			return ok
		case opaqueOp:
			s.opaque(st, g, why)
			return ok
		}
		if f.draining {
			if n := len(f.defers); n > 0 {
				d := f.defers[n-1]
				f.defers = f.defers[:n-1]
				if out := s.invokeDeferred(st, g, d); out != ok {
					return out
				}
				continue
			}
			f.draining = false
			if g.exiting {
				g.frames = g.frames[:len(g.frames)-1]
				if len(g.frames) == 0 {
					g.status = gDone
					return ok
				}
				g.top().draining = true
				continue
			}
			f.pc++ // past RunDefers
			continue
		}
		if out := s.step(st, g, f, f.instr()); out != ok {
			return out
		}
	}
}

// invokeDeferred runs deferred call d of g's draining top frame.
func (s *searcher) invokeDeferred(st *state, g *gor, d deferred) outcome {
	f := g.top()
	if isClose(d.instr) {
		if len(d.args) == 1 && (d.args[0].k == vChan || d.args[0].k == vNil) {
			f.pend = &d
		}
		return ok
	}
	if d.fn.k == vCancel {
		f.pend = &d
		return ok
	}
	if d.fn.k == vFunc {
		if name, _, _ := atomicOp(d.fn.fn); name != "" && len(d.args) > 0 && d.args[0].k == vPtr {
			f.pend = &d
			return ok
		}
		if syncMethod(d.fn.fn) != opNone {
			if len(d.args) > 0 && d.args[0].k == vPtr {
				f.pend = &d
			}
			return ok
		}
		if len(d.fn.fn.Blocks) > 0 {
			if s.push(st, g, d.fn.fn, d.fn.sub, d.args) {
				g.top().isDefer = true
			}
			return ok
		}
		if isRecover(d.fn.fn) {
			s.abort = "a deferred recover"
			return ok
		}
		if timeMethod(d.fn.fn) != "" {
			// defer t.Stop(): the timer's method, run as the frame
			// drains (its result goes nowhere, the frame stays where
			// it drains).
			pc := f.pc
			out, handled := s.timerCall(st, g, f, nil, d.fn.fn, d.args)
			f.pc = pc
			if handled {
				return out
			}
		}
	}
	for _, a := range d.args {
		s.escape(st, a, "is passed to a deferred call the search cannot see")
	}
	s.escape(st, d.fn, "is passed to a deferred call the search cannot see")
	return ok
}

func isRecover(fn *ssa.Function) bool { return fn != nil && fn.Name() == "recover" }

// step executes one local instruction of f.
func (s *searcher) step(st *state, g *gor, f *frame, instr ssa.Instruction) outcome {
	switch in := instr.(type) {
	case *ssa.DebugRef, *ssa.Phi:
	case *ssa.Alloc:
		t := in.Type().(*types.Pointer).Elem()
		id, okb := s.newObject(st, &object{site: in, typ: t, cells: map[string]Value{}})
		if !okb {
			s.opaque(st, g, "more objects than the search follows")
			return ok
		}
		s.set(f, in, Value{k: vPtr, n: int64(id)})
	case *ssa.MakeChan:
		c := s.val(f, in.Size)
		if c.k != vInt {
			s.opaque(st, g, "a channel of unknown capacity")
			return ok
		}
		id, okb := s.newObject(st, &object{isChan: true, site: in, typ: in.Type(), cap: c.n})
		if !okb {
			s.opaque(st, g, "more objects than the search follows")
			return ok
		}
		s.set(f, in, Value{k: vChan, n: int64(id)})
	case *ssa.FieldAddr:
		x := s.val(f, in.X)
		switch x.k {
		case vPtr:
			s.set(f, in, Value{k: vPtr, n: x.n, path: x.path + "." + strconv.Itoa(in.Field)})
		case vNil:
			return crash
		default:
			s.set(f, in, unknown)
		}
	case *ssa.IndexAddr:
		x, i := s.val(f, in.X), s.val(f, in.Index)
		switch x.k {
		case vPtr:
			if i.k != vInt || len(x.path) >= 3 && x.path[len(x.path)-3:] == "[:]" {
				s.opaque(st, g, "an element of an array of the scope at an index the search does not know")
				return ok
			}
			if a, isArray := arrayAt(st.objs[x.n].typ, x.path); isArray && (i.n < 0 || i.n >= a.Len()) {
				return crash // panic: index out of range
			}
			s.set(f, in, Value{k: vPtr, n: x.n, path: x.path + "[" + strconv.FormatInt(i.n, 10) + "]"})
		case vSlice:
			if i.k != vInt {
				s.opaque(st, g, "an element of a slice of the scope at an index the search does not know")
				return ok
			}
			if i.n < 0 || i.n >= x.m {
				return crash // panic: index out of range
			}
			s.set(f, in, Value{k: vPtr, n: x.n, path: elemAt(x, i.n)})
		case vNil:
			return crash // an index into a nil slice: out of range
		default:
			s.set(f, in, unknown)
		}
	case *ssa.UnOp:
		x := s.val(f, in.X)
		switch in.Op {
		case token.MUL:
			switch x.k {
			case vPtr:
				o := st.objs[x.n]
				if o.stale {
					s.opaque(st, g, staleWhy)
					return ok
				}
				t := in.Type()
				if aggregate(t) || syncKind(t) != "" {
					if !o.lost && holdsSync(t, 0) {
						s.opaque(st, g, "a copy of a sync object")
						return ok
					}
					if syncKind(t) != "" {
						s.set(f, in, unknown)
					} else {
						s.set(f, in, load(o, x.path))
					}
				} else {
					s.set(f, in, load(o, x.path))
				}
			case vNil:
				return crash
			default:
				s.set(f, in, unknown)
			}
		case token.NOT:
			if x.k == vBool {
				s.set(f, in, boolVal(x.n == 0))
			} else {
				s.set(f, in, unknown)
			}
		case token.SUB:
			if x.k == vInt {
				s.set(f, in, intVal(-x.n))
			} else {
				s.set(f, in, unknown)
			}
		default:
			s.set(f, in, unknown)
		}
	case *ssa.BinOp:
		s.set(f, in, binop(in, s.val(f, in.X), s.val(f, in.Y)))
	case *ssa.ChangeType:
		s.set(f, in, s.val(f, in.X))
	case *ssa.ChangeInterface:
		s.set(f, in, s.val(f, in.X))
	case *ssa.Convert:
		x := s.val(f, in.X)
		if x.k == vInt && representable(x.n, in.Type()) {
			s.set(f, in, x)
		} else {
			if x.hasRefs() {
				s.escape(st, x, "is converted to an unsafe pointer")
			}
			s.set(f, in, unknown)
		}
	case *ssa.MakeInterface:
		s.set(f, in, Value{k: vIface, typ: in.X.Type(), sub: []Value{s.val(f, in.X)}})
	case *ssa.TypeAssert:
		if x := s.val(f, in.X); x.k == vIface && x.m == 1 {
			s.opaque(st, g, "a type assertion on a read locker (its dynamic type is sync's own)")
			return ok
		}
		if !in.CommaOk && s.failedAssert(f, in) {
			return crash
		}
		s.set(f, in, s.typeAssert(f, in))
	case *ssa.Field:
		if x := s.val(f, in.X); x.k == vAgg && in.Field < len(x.sub) {
			s.set(f, in, x.sub[in.Field])
		} else {
			s.set(f, in, unknown)
		}
	case *ssa.Index:
		x, i := s.val(f, in.X), s.val(f, in.Index)
		if _, isArray := in.X.Type().Underlying().(*types.Array); isArray && x.k == vAgg {
			if i.k != vInt {
				if x.hasRefs() {
					s.escape(st, x, "is an element of an array at an index the search does not know")
				}
				s.set(f, in, unknown)
				break
			}
			if i.n < 0 || i.n >= int64(len(x.sub)) {
				return crash // panic: index out of range
			}
			s.set(f, in, x.sub[i.n])
			break
		}
		s.set(f, in, unknown)
	case *ssa.Extract:
		t := s.val(f, in.Tuple)
		if t.k == vTuple && in.Index < len(t.sub) {
			s.set(f, in, t.sub[in.Index])
		} else {
			s.set(f, in, unknown)
		}
	case *ssa.MakeClosure:
		var binds []Value
		for _, b := range in.Bindings {
			binds = append(binds, s.val(f, b))
		}
		s.set(f, in, Value{k: vFunc, fn: in.Fn.(*ssa.Function), sub: binds})
	case *ssa.Slice:
		return s.slice(st, g, f, in)
	case *ssa.Store:
		addr, v := s.val(f, in.Addr), s.val(f, in.Val)
		switch addr.k {
		case vPtr:
			o := st.objs[addr.n]
			if o.lost {
				s.escape(st, v, "is stored in memory handed to code outside the scope")
				break
			}
			if o.stale {
				s.opaque(st, g, staleWhy)
				return ok
			}
			t := in.Val.Type()
			if holdsSync(t, 0) {
				// Only the zero value (sync.Mutex{}, a composite literal
				// leaving its sync fields out) over objects nothing uses
				// yet: the objects stay fresh.
				if c, isConst := in.Val.(*ssa.Const); !isConst || c.Value != nil || !zeroSync(o, addr.path, t) {
					s.opaque(st, g, "a sync object stored as a whole")
					return ok
				}
				for k := range o.cells {
					if k == addr.path || under(k, addr.path) {
						delete(o.cells, k)
					}
				}
				break
			}
			store(o, addr.path, t, v)
		case vNil:
			return crash
		default:
			s.escape(st, v, "is stored where code outside the scope can reach it")
		}
	case *ssa.MakeSlice:
		n, c := s.val(f, in.Len), s.val(f, in.Cap)
		if n.k != vInt || c.k != vInt || n.n < 0 || c.n < n.n || c.n > maxSlice {
			// A length the search does not know, or a large one (its
			// elements unknown, the slice not nil). A negative length or
			// capacity panics; an unknown one may.
			s.set(f, in, Value{k: vNonNil})
			break
		}
		sl, isSlice := in.Type().Underlying().(*types.Slice)
		if !isSlice {
			s.set(f, in, Value{k: vNonNil}) // of a type parameter
			break
		}
		elem := sl.Elem()
		id, okb := s.newObject(st, &object{site: in, typ: types.NewArray(elem, c.n), cells: map[string]Value{}})
		if !okb {
			s.opaque(st, g, "more objects than the search follows")
			return ok
		}
		s.set(f, in, Value{k: vSlice, n: int64(id), m: n.n, g: int(c.n)})
	case *ssa.MakeMap:
		id, okb := s.newObject(st, &object{isMap: true, site: in, typ: in.Type()})
		if !okb {
			s.opaque(st, g, "more objects than the search follows")
			return ok
		}
		s.set(f, in, Value{k: vMap, n: int64(id)})
	case *ssa.MapUpdate:
		m, k, v := s.val(f, in.Map), s.val(f, in.Key), s.val(f, in.Value)
		switch {
		case m.k == vNil:
			return crash // panic: assignment to entry in nil map
		case m.k != vMap || st.objs[m.n].lost:
			s.escape(st, k, "is stored in a map")
			s.escape(st, v, "is stored in a map")
		default:
			o := st.objs[m.n]
			i, known := mapFind(o, k)
			if !known {
				s.opaque(st, g, "a map entry at a key the search does not know")
				return ok
			}
			if i < 0 {
				o.mkeys, o.mvals = append(o.mkeys, k), append(o.mvals, v)
			} else {
				o.mvals[i] = v
			}
		}
	case *ssa.Lookup:
		return s.lookup(st, g, f, in)
	case *ssa.Range:
		switch x := s.val(f, in.X); x.k {
		case vMap:
			o := st.objs[x.n]
			if o.lost {
				s.opaque(st, g, "a range over a map handed to code the search cannot see")
				return ok
			}
			s.set(f, in, Value{k: vIter, n: x.n, sub: []Value{{k: vTuple, sub: append([]Value(nil), o.mkeys...)}, {k: vTuple}}})
		case vNil:
			s.set(f, in, Value{k: vIter, n: -1})
		default:
			if x.hasRefs() {
				s.escape(st, x, "flows into a value the search does not track")
			}
			s.set(f, in, unknown)
		}
	case *ssa.Next:
		if it := s.val(f, in.Iter); it.k == vIter {
			return s.mapNext(st, g, f, in, it)
		}
		s.set(f, in, unknown)
	case *ssa.If:
		c := s.val(f, in.Cond)
		b := f.fn.fn.Blocks[f.block]
		if c.k == vBool {
			if c.n != 0 {
				s.jump(f, b.Succs[0])
			} else {
				s.jump(f, b.Succs[1])
			}
			return ok
		}
		t, e := s.env.LiveBlock(b.Succs[0]), s.env.LiveBlock(b.Succs[1])
		switch {
		case t && !e:
			s.jump(f, b.Succs[0])
		case e && !t:
			s.jump(f, b.Succs[1])
		default:
			s.opaque(st, g, "a branch on data the search does not track")
		}
		return ok
	case *ssa.Jump:
		s.jump(f, f.fn.fn.Blocks[f.block].Succs[0])
		return ok
	case *ssa.Return:
		var rs []Value
		for _, r := range in.Results {
			rs = append(rs, s.val(f, r))
		}
		s.ret(st, g, rs)
		return ok
	case *ssa.RunDefers:
		f.draining = true
		return ok
	case *ssa.Panic:
		k, _ := s.env.BlockExit(f.fn.fn.Blocks[f.block])
		switch k {
		case chanmodel.EndsGoroutine:
			g.exiting = true
			f.draining = true
			return ok
		case chanmodel.EndsProcess, chanmodel.Panics:
			return crash
		}
		s.opaque(st, g, "a call that may never return")
		return ok
	case *ssa.Go:
		return s.goStmt(st, g, f, in)
	case *ssa.Defer:
		fn, binds, args, b, recv := s.callee(f, in.Common())
		d := deferred{instr: in, args: args}
		switch {
		case b != nil:
			d.fn = Value{}
			if b.Name() == "recover" {
				s.abort = "a deferred recover"
			}
		case fn != nil:
			d.fn = Value{k: vFunc, fn: fn, sub: binds}
		default:
			d.fn = recv
		}
		f.defers = append(f.defers, d)
	case *ssa.Call:
		return s.call(st, g, f, in)
	default:
		// Range, Next, Lookup, Index, Field, MakeMap, MakeSlice,
		// SliceToArrayPointer, MultiConvert...: values the search does
		// not track. A reference reaching one is lost to the search.
		var rands []*ssa.Value
		for _, r := range instr.Operands(rands) {
			if *r != nil {
				if x := s.val(f, *r); x.hasRefs() {
					s.escape(st, x, "flows into a value the search does not track")
				}
			}
		}
		if v, okv := instr.(ssa.Value); okv {
			s.set(f, v, unknown)
		}
	}
	return s.next(f)
}

func (s *searcher) next(f *frame) outcome {
	f.pc++
	return ok
}

// call executes a call instruction that is not a visible operation.
func (s *searcher) call(st *state, g *gor, f *frame, in *ssa.Call) outcome {
	fn, binds, args, b, recv := s.callee(f, in.Common())
	if b != nil {
		switch b.Name() {
		case "len", "cap":
			if len(args) == 1 && args[0].k == vChan && st.objs[args[0].n].timer != tNone && !st.objs[args[0].n].ctx {
				// A timer's channel: since go1.23 its len and cap are 0,
				// before they were those of a buffer of one; which one
				// applies is the main module's choice.
				s.set(f, in, unknown)
				return s.next(f)
			}
			if len(args) == 1 && args[0].k == vChan {
				o := st.objs[args[0].n]
				if b.Name() == "len" {
					s.set(f, in, intVal(int64(len(o.buf))))
				} else {
					s.set(f, in, intVal(o.cap))
				}
				return s.next(f)
			}
			if len(args) == 1 && args[0].k == vNil {
				s.set(f, in, intVal(0)) // a nil slice, map or channel
				return s.next(f)
			}
			if len(args) == 1 && args[0].k == vMap && b.Name() == "len" && !st.objs[args[0].n].lost {
				s.set(f, in, intVal(int64(len(st.objs[args[0].n].mkeys))))
				return s.next(f)
			}
			if len(args) == 1 && args[0].k == vStr && b.Name() == "len" {
				s.set(f, in, intVal(int64(len(args[0].path))))
				return s.next(f)
			}
			if len(args) == 1 && args[0].k == vSlice {
				switch {
				case b.Name() == "len":
					s.set(f, in, intVal(args[0].m))
				case args[0].g >= 0:
					s.set(f, in, intVal(int64(args[0].g)))
				default:
					s.set(f, in, unknown)
				}
				return s.next(f)
			}
		case "append":
			if out, handled := s.appendCall(st, g, f, in, args); handled {
				return out
			}
		case "delete":
			if len(args) == 2 && args[0].k == vNil {
				return s.next(f) // a no-op on a nil map
			}
			if len(args) == 2 && args[0].k == vMap && !st.objs[args[0].n].lost {
				o := st.objs[args[0].n]
				i, known := mapFind(o, args[1])
				if !known {
					s.opaque(st, g, "a map entry at a key the search does not know")
					return ok
				}
				if i >= 0 {
					o.mkeys = append(o.mkeys[:i:i], o.mkeys[i+1:]...)
					o.mvals = append(o.mvals[:i:i], o.mvals[i+1:]...)
				}
				return s.next(f)
			}
		case "recover":
			s.abort = "a recover"
			return ok
		case "print", "println":
			return s.next(f)
		}
		for _, a := range args {
			s.escape(st, a, "is passed to the builtin "+b.Name())
		}
		s.set(f, in, unknown)
		return s.next(f)
	}
	if isSyncFunc(fn, "NewCond") && len(args) == 1 {
		t := fn.Signature.Results().At(0).Type().(*types.Pointer).Elem()
		id, okb := s.newObject(st, &object{site: in, typ: t, cells: map[string]Value{}})
		if !okb {
			s.opaque(st, g, "more objects than the search follows")
			return ok
		}
		st.objs[id].cells[condL(t)] = args[0]
		s.set(f, in, Value{k: vPtr, n: int64(id)})
		return s.next(f)
	}
	if fn != nil && len(fn.Blocks) > 0 {
		s.push(st, g, fn, binds, args)
		return ok
	}
	if fn == nil && in.Call.IsInvoke() && recv.k == vCtx {
		s.set(f, in, s.ctxMethod(st, in, recv))
		return s.next(f)
	}
	if out, handled := s.contextCall(st, g, f, in, fn, args); handled {
		return out
	}
	if out, handled := s.timerCall(st, g, f, in, fn, args); handled {
		return out
	}
	if k := timerFunc(fn); k != 0 {
		id, okb := s.newObject(st, &object{isChan: true, site: in, typ: in.Type(), cap: 1, timer: k})
		if !okb {
			s.opaque(st, g, "more objects than the search follows")
			return ok
		}
		s.set(f, in, Value{k: vChan, n: int64(id)})
		return s.next(f)
	}
	if fn != nil && fn.Name() == "RLocker" && syncKind(recvElem(fn)) == "RWMutex" && len(args) == 1 && args[0].k == vPtr {
		// The RWMutex seen as a Locker locking it for reading: its
		// dynamic type, sync's unexported rlocker, is kept as the
		// *RWMutex with m set.
		s.set(f, in, Value{k: vIface, m: 1, typ: fn.Signature.Recv().Type(), sub: []Value{args[0]}})
		return s.next(f)
	}
	if fn != nil && syncMethod(fn) != opNone {
		// A sync method of an object from outside the scope.
		s.set(f, in, unknown)
		return s.next(f)
	}
	// Code the search cannot see.
	if fn != nil && fn.Object() != nil && fn.Object().Pkg() != nil && fn.Object().Pkg().Path() == "sync" {
		s.opaque(st, g, "a sync function the search does not model")
		return ok
	}
	for _, a := range args {
		s.escape(st, a, "is passed to code the search cannot see")
	}
	s.escape(st, recv, "is the receiver of a call the search cannot see")
	if in.Call.Signature().Results().Len() > 1 {
		var rs []Value
		for range in.Call.Signature().Results().Len() {
			rs = append(rs, unknown)
		}
		s.set(f, in, Value{k: vTuple, sub: rs})
	} else {
		s.set(f, in, unknown)
	}
	return s.next(f)
}

// timerFunc returns 1 for time.After, 2 for time.Tick, 0 otherwise.
func timerFunc(fn *ssa.Function) uint8 {
	if fn == nil || fn.Signature.Recv() != nil || fn.Object() == nil || fn.Object().Pkg() == nil || fn.Object().Pkg().Path() != "time" {
		return 0
	}
	switch fn.Name() {
	case "After":
		return 1
	case "Tick":
		return 2
	}
	return 0
}

// condL returns the path of the L field of a sync.Cond of type t.
func condL(t types.Type) string {
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return ".1"
	}
	for i := range st.NumFields() {
		if st.Field(i).Name() == "L" {
			return "." + strconv.Itoa(i)
		}
	}
	return ".1"
}

// goStmt starts a goroutine.
func (s *searcher) goStmt(st *state, g *gor, f *frame, in *ssa.Go) outcome {
	fn, binds, args, b, recv := s.callee(f, in.Common())
	if b != nil && b.Name() == "close" && len(args) == 1 && (args[0].k == vChan || args[0].k == vNil) {
		// go close(ch): a goroutine whose only step is the close, made
		// as a frame draining it as its one deferred call.
		if len(st.gs) >= s.opt.MaxGoroutines {
			s.cut = "more goroutines than the search follows"
			return ok
		}
		nf := &frame{fn: f.fn, block: f.block, pc: f.pc, regs: make([]Value, f.fn.n), draining: true, defers: []deferred{{instr: in, args: args}}}
		st.gs = append(st.gs, &gor{start: in, exiting: true, frames: []*frame{nf}})
		return s.next(f)
	}
	if fn == nil || len(fn.Blocks) == 0 {
		for _, a := range args {
			s.escape(st, a, "is passed to a goroutine the search cannot see")
		}
		s.escape(st, recv, "is passed to a goroutine the search cannot see")
		if fn != nil && syncMethod(fn) != opNone {
			s.abort = "a go statement of a sync method"
		}
		return s.next(f)
	}
	if len(st.gs) >= s.opt.MaxGoroutines {
		s.cut = "more goroutines than the search follows"
		return ok
	}
	ng := &gor{start: in}
	st.gs = append(st.gs, ng)
	s.push(st, ng, fn, binds, args)
	return s.next(f)
}

func binop(in *ssa.BinOp, x, y Value) Value {
	if x.k == vInt && y.k == vInt {
		a, b := x.n, y.n
		switch in.Op {
		case token.ADD:
			return intVal(a + b)
		case token.SUB:
			return intVal(a - b)
		case token.MUL:
			return intVal(a * b)
		case token.QUO:
			if b != 0 {
				return intVal(a / b)
			}
		case token.REM:
			if b != 0 {
				return intVal(a % b)
			}
		case token.AND:
			return intVal(a & b)
		case token.OR:
			return intVal(a | b)
		case token.XOR:
			return intVal(a ^ b)
		case token.EQL:
			return boolVal(a == b)
		case token.NEQ:
			return boolVal(a != b)
		case token.LSS:
			return boolVal(a < b)
		case token.LEQ:
			return boolVal(a <= b)
		case token.GTR:
			return boolVal(a > b)
		case token.GEQ:
			return boolVal(a >= b)
		}
		return unknown
	}
	if x.k == vStr && y.k == vStr {
		switch in.Op {
		case token.EQL:
			return boolVal(x.path == y.path)
		case token.NEQ:
			return boolVal(x.path != y.path)
		case token.ADD:
			if len(x.path)+len(y.path) <= maxStr {
				return Value{k: vStr, path: x.path + y.path}
			}
		}
		return unknown
	}
	if x.k == vBool && y.k == vBool {
		switch in.Op {
		case token.EQL:
			return boolVal(x.n == y.n)
		case token.NEQ:
			return boolVal(x.n != y.n)
		}
		return unknown
	}
	if in.Op == token.EQL || in.Op == token.NEQ {
		ref := func(v Value) bool { return v.k == vPtr || v.k == vChan || v.k == vNil }
		// Functions, interfaces holding a value and made maps and slices
		// are not nil.
		nonNil := func(v Value) bool {
			return v.k == vFunc || v.k == vIface || v.k == vNonNil || v.k == vSlice || v.k == vMap || v.k == vCtx || v.k == vCancel || ref(v) && v.k != vNil
		}
		if x.k == vNil && nonNil(y) || y.k == vNil && nonNil(x) {
			return boolVal(in.Op == token.NEQ)
		}
		if ref(x) && ref(y) {
			eq := x.k == y.k && x.n == y.n && x.path == y.path
			if in.Op == token.EQL {
				return boolVal(eq)
			}
			return boolVal(!eq)
		}
	}
	return unknown
}

// representable reports whether n is a value of integer type t.
func representable(n int64, t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsInteger == 0 {
		return false
	}
	return constant.Val(constant.MakeInt64(n)) != nil && representableIn(n, b)
}

func representableIn(n int64, b *types.Basic) bool {
	switch b.Kind() {
	case types.Int8:
		return n >= -128 && n <= 127
	case types.Int16:
		return n >= -1<<15 && n < 1<<15
	case types.Int32:
		return n >= -1<<31 && n < 1<<31
	case types.Uint8:
		return n >= 0 && n < 1<<8
	case types.Uint16:
		return n >= 0 && n < 1<<16
	case types.Uint32:
		return n >= 0 && n < 1<<32
	case types.Uint, types.Uint64, types.Uintptr:
		return n >= 0
	}
	return true
}

// typeAssert evaluates a type assertion on an interface value the search
// may know.
func (s *searcher) typeAssert(f *frame, in *ssa.TypeAssert) Value {
	x := s.val(f, in.X)
	res := unknown
	okv := unknown
	if x.k == vIface && len(x.sub) == 1 {
		if types.IsInterface(in.AssertedType) {
			if types.Implements(x.typ, in.AssertedType.Underlying().(*types.Interface)) {
				res, okv = x, boolVal(true)
			} else {
				res, okv = Value{k: vNil}, boolVal(false)
			}
		} else if types.Identical(x.typ, in.AssertedType) {
			res, okv = x.sub[0], boolVal(true)
		} else {
			res, okv = zero(in.AssertedType), boolVal(false)
		}
	} else if x.k == vNil {
		res, okv = zero(in.AssertedType), boolVal(false)
	}
	if in.CommaOk {
		return Value{k: vTuple, sub: []Value{res, okv}}
	}
	return res
}

// failedAssert reports whether a type assertion without comma-ok surely
// fails (and so panics).
func (s *searcher) failedAssert(f *frame, in *ssa.TypeAssert) bool {
	x := s.val(f, in.X)
	if x.k == vNil {
		return true
	}
	if x.k != vIface || len(x.sub) != 1 {
		return false
	}
	if types.IsInterface(in.AssertedType) {
		return !types.Implements(x.typ, in.AssertedType.Underlying().(*types.Interface))
	}
	return !types.Identical(x.typ, in.AssertedType)
}

// Slices. A slice the scope makes (make with constant length and
// capacity, a slice literal, a slicing of an array of the scope, an
// append) is a vSlice: a window on an array object. Indexing, len, cap,
// slicing and append follow Go: an append within the capacity writes
// into the array, one past it copies the elements into a new array (the
// append's object) whose capacity the search does not know, as the
// runtime rounds it up. An append past a capacity the search does not know
// may write in place or copy: it copies, and the old array becomes stale
// (read or written again, its goroutine is opaque).

// maxSlice bounds the capacity of a slice a make gives a known length.
const maxSlice = 1 << 16

const staleWhy = "a slice an append may have copied or written in place"

// elemAt is the path of element i of slice x.
func elemAt(x Value, i int64) string {
	return x.path + "[" + strconv.FormatInt(x.lo+i, 10) + "]"
}

// slice evaluates a slice expression on an array pointer or a slice.
func (s *searcher) slice(st *state, g *gor, f *frame, in *ssa.Slice) outcome {
	x := s.val(f, in.X)
	bound := func(v ssa.Value, def int64) (int64, bool) {
		if v == nil {
			return def, def >= 0
		}
		b := s.val(f, v)
		return b.n, b.k == vInt
	}
	var n, c int64 // the length and capacity sliced
	switch x.k {
	case vPtr:
		a, isArray := arrayAt(st.objs[x.n].typ, x.path)
		if !isArray {
			s.set(f, in, unknown)
			return s.next(f)
		}
		n, c = a.Len(), a.Len()
	case vSlice:
		n, c = x.m, int64(x.g)
	case vNil:
		n, c = 0, 0
	default:
		s.set(f, in, unknown)
		return s.next(f)
	}
	lo, okl := bound(in.Low, 0)
	hi, okh := bound(in.High, n)
	max, okm := c, true
	if in.Max != nil {
		max, okm = bound(in.Max, 0)
	}
	if !okl || !okh || !okm {
		if x.k == vPtr {
			// Bounds the search does not know: a slice of the array
			// whose elements it does not index.
			s.set(f, in, Value{k: vPtr, n: x.n, path: x.path + "[:]"})
			return s.next(f)
		}
		s.opaque(st, g, "a slice of a slice of the scope at bounds the search does not know")
		return ok
	}
	if c < 0 && (in.Max != nil || hi > n) {
		s.opaque(st, g, "a slice past the length of a slice whose capacity the search does not know")
		return ok
	}
	if lo < 0 || hi < lo || c >= 0 && (max < hi || max > c) {
		return crash // panic: slice bounds out of range
	}
	nc := -1
	if c >= 0 {
		nc = int(max - lo)
	}
	switch x.k {
	case vNil:
		s.set(f, in, Value{k: vNil})
	case vPtr:
		s.set(f, in, Value{k: vSlice, n: x.n, path: x.path, lo: lo, m: hi - lo, g: nc})
	default:
		s.set(f, in, Value{k: vSlice, n: x.n, path: x.path, lo: x.lo + lo, m: hi - lo, g: nc})
	}
	return s.next(f)
}

// appendCall evaluates append(x, y...) on slices of the scope (handled
// false: the arguments escape as for another builtin).
func (s *searcher) appendCall(st *state, g *gor, f *frame, in *ssa.Call, args []Value) (outcome, bool) {
	if len(args) != 2 || args[0].k != vSlice && args[0].k != vNil || args[1].k != vSlice && args[1].k != vNil {
		return ok, false
	}
	x, y := args[0], args[1]
	st0, isSlice := in.Call.Args[0].Type().Underlying().(*types.Slice)
	if !isSlice {
		return ok, false // a type parameter's, or append([]byte, string...)
	}
	elem := st0.Elem()
	if holdsSync(elem, 0) {
		s.opaque(st, g, "an append of slices holding sync objects")
		return ok, true
	}
	var k int64
	var src *object
	if y.k == vSlice {
		k, src = y.m, st.objs[y.n]
		if src.stale {
			s.opaque(st, g, staleWhy)
			return ok, true
		}
	}
	if k == 0 {
		s.set(f, in, x)
		return s.next(f), true
	}
	vals := make([]Value, k)
	for j := range k {
		vals[j] = load(src, elemAt(y, j))
	}
	var n int64
	if x.k == vSlice {
		n = x.m
	}
	if x.k == vSlice && x.g >= 0 && n+k <= int64(x.g) {
		// Within the capacity: into the same array.
		o := st.objs[x.n]
		if o.stale {
			s.opaque(st, g, staleWhy)
			return ok, true
		}
		for j, v := range vals {
			store(o, elemAt(x, n+int64(j)), elem, v)
		}
		s.set(f, in, Value{k: vSlice, n: x.n, path: x.path, lo: x.lo, m: n + k, g: x.g})
		return s.next(f), true
	}
	// Past the capacity: the elements move to a new array.
	var old []Value
	if x.k == vSlice {
		o := st.objs[x.n]
		if o.stale {
			s.opaque(st, g, staleWhy)
			return ok, true
		}
		for j := range n {
			old = append(old, load(o, elemAt(x, j)))
		}
		if x.g < 0 {
			o.stale = true
		}
	}
	id, okb := s.newObject(st, &object{site: in, typ: types.NewArray(elem, n+k), cells: map[string]Value{}})
	if !okb {
		s.opaque(st, g, "more objects than the search follows")
		return ok, true
	}
	o := st.objs[id]
	for j, v := range append(old, vals...) {
		store(o, "["+strconv.Itoa(j)+"]", elem, v)
	}
	s.set(f, in, Value{k: vSlice, n: int64(id), m: n + k, g: -1})
	return s.next(f), true
}

// readLockerMethod maps a method of RWMutex.RLocker's Locker to that of
// the RWMutex.
func readLockerMethod(name string) string {
	switch name {
	case "Lock":
		return "RLock"
	case "Unlock":
		return "RUnlock"
	}
	return name
}

// recvElem returns the type a method's pointer receiver points to, or nil.
func recvElem(fn *ssa.Function) types.Type {
	if r := fn.Signature.Recv(); r != nil {
		if p, ok := r.Type().(*types.Pointer); ok {
			return p.Elem()
		}
	}
	return nil
}

// Maps. A map the scope makes is an object holding its entries, looked up,
// updated and deleted at keys the search knows (constants, the scope's
// objects, and interfaces and structs of them); an entry at a key it does
// not know makes the goroutine opaque. A range over a map takes its
// entries in an order the runtime chooses: the search follows it while at
// most one entry is left to produce, and makes the goroutine opaque
// otherwise, or when an entry was added during the range (the runtime may
// produce it or not).

// maxStr bounds the constant strings the search tracks.
const maxStr = 1 << 10

// keyEq reports whether map keys a and b are equal, and whether the search
// knows it.
func keyEq(a, b Value) (eq, known bool) {
	switch {
	case a.k == vInt && b.k == vInt, a.k == vBool && b.k == vBool:
		return a.n == b.n, true
	case a.k == vStr && b.k == vStr:
		return a.path == b.path, true
	case a.k == vIface && b.k == vIface && len(a.sub) == 1 && len(b.sub) == 1:
		if a.m != b.m || !types.Identical(a.typ, b.typ) {
			return false, true
		}
		return keyEq(a.sub[0], b.sub[0])
	case a.k == vAgg && b.k == vAgg && len(a.sub) == len(b.sub):
		for i := range a.sub {
			if eq, known := keyEq(a.sub[i], b.sub[i]); !known || !eq {
				return eq, known
			}
		}
		return true, true
	}
	ref := func(v Value) bool { return v.k == vPtr || v.k == vChan || v.k == vMap || v.k == vNil }
	if ref(a) && ref(b) {
		return a.k == b.k && a.n == b.n && a.path == b.path, true
	}
	return false, false
}

// mapFind returns the index of key k in map o (-1 when absent), and
// whether the search knows it.
func mapFind(o *object, k Value) (int, bool) {
	for i, mk := range o.mkeys {
		eq, known := keyEq(mk, k)
		if !known {
			return 0, false
		}
		if eq {
			return i, true
		}
	}
	return -1, true
}

// lookup evaluates m[k] (and its comma-ok form) on a map; other lookups
// (of strings) are unknown.
func (s *searcher) lookup(st *state, g *gor, f *frame, in *ssa.Lookup) outcome {
	m, k := s.val(f, in.X), s.val(f, in.Index)
	mt, isMap := in.X.Type().Underlying().(*types.Map)
	result := func(v Value, found bool) {
		if in.CommaOk {
			s.set(f, in, Value{k: vTuple, sub: []Value{v, boolVal(found)}})
		} else {
			s.set(f, in, v)
		}
	}
	switch {
	case !isMap:
		s.set(f, in, unknown)
	case m.k == vNil:
		result(zero(mt.Elem()), false)
	case m.k == vMap && !st.objs[m.n].lost:
		o := st.objs[m.n]
		i, known := mapFind(o, k)
		if !known {
			s.opaque(st, g, "a map entry at a key the search does not know")
			return ok
		}
		if i < 0 {
			result(zero(mt.Elem()), false)
		} else {
			result(o.mvals[i], true)
		}
	default:
		if in.CommaOk {
			s.set(f, in, Value{k: vTuple, sub: []Value{unknown, unknown}})
		} else {
			s.set(f, in, unknown)
		}
	}
	return s.next(f)
}

// mapNext evaluates a Next on range iterator it over a map.
func (s *searcher) mapNext(st *state, g *gor, f *frame, in *ssa.Next, it Value) outcome {
	mt, isMap := in.Iter.(*ssa.Range).X.Type().Underlying().(*types.Map)
	if !isMap {
		s.opaque(st, g, "a range over a map of a type parameter")
		return ok
	}
	done := Value{k: vTuple, sub: []Value{boolVal(false), zero(mt.Key()), zero(mt.Elem())}}
	if it.n < 0 {
		s.set(f, in, done) // a nil map
		return s.next(f)
	}
	o := st.objs[it.n]
	if o.lost {
		s.opaque(st, g, "a range over a map handed to code the search cannot see")
		return ok
	}
	seen := func(set []Value, k Value) bool {
		for _, v := range set {
			if eq, _ := keyEq(v, k); eq {
				return true
			}
		}
		return false
	}
	var left []int
	for i, k := range o.mkeys {
		if !seen(it.sub[1].sub, k) {
			left = append(left, i)
		}
	}
	switch {
	case len(left) == 0:
		s.set(f, in, done)
	case len(left) > 1:
		s.opaque(st, g, "a range over a map with several entries left (the runtime chooses their order)")
		return ok
	case !seen(it.sub[0].sub, o.mkeys[left[0]]):
		s.opaque(st, g, "a range over a map an entry was added to (the runtime may produce it or not)")
		return ok
	default:
		i := left[0]
		s.set(f, in, Value{k: vTuple, sub: []Value{boolVal(true), o.mkeys[i], o.mvals[i]}})
		produced := append(append([]Value(nil), it.sub[1].sub...), o.mkeys[i])
		s.set(f, in.Iter, Value{k: vIter, n: it.n, sub: []Value{it.sub[0], {k: vTuple, sub: produced}}})
	}
	return s.next(f)
}

// Atomic operations (package sync/atomic's functions, and the methods of
// its Int32, Int64, Uint32, Uint64, Uintptr, Bool and Pointer types) on
// memory of the scope are visible operations: another goroutine may run
// between two of them. Load, Store, Swap and CompareAndSwap move any value
// the cell holds; Add, And and Or compute on integers the search knows
// (else the cell becomes unknown).

// atomicOp returns the operation fn is ("Load", "Store", "Add", "Swap",
// "CompareAndSwap", "And", "Or"), the path of the value inside its
// receiver for a method of an atomic type, and whether that type is Bool;
// "" when fn is none.
func atomicOp(fn *ssa.Function) (name, path string, isBool bool) {
	if fn == nil || fn.Object() == nil || fn.Object().Pkg() == nil || fn.Object().Pkg().Path() != "sync/atomic" {
		return "", "", false
	}
	op := ""
	for _, p := range []string{"CompareAndSwap", "Load", "Store", "Swap", "Add", "And", "Or"} {
		if len(fn.Name()) >= len(p) && fn.Name()[:len(p)] == p {
			op = p
			break
		}
	}
	if op == "" {
		return "", "", false
	}
	if fn.Signature.Recv() == nil {
		return op, "", false
	}
	n, ok := types.Unalias(recvElem(fn)).(*types.Named)
	if !ok {
		return "", "", false
	}
	switch n.Obj().Name() {
	case "Int32", "Int64", "Uint32", "Uint64", "Uintptr", "Bool", "Pointer":
	default:
		return "", "", false // Value: interfaces converted inside
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return "", "", false
	}
	for i := range st.NumFields() {
		if st.Field(i).Name() == "v" {
			return op, "." + strconv.Itoa(i), n.Obj().Name() == "Bool"
		}
	}
	return "", "", false
}

// performAtomic applies atomic operation op to its cell and returns its
// result (hasResult false for a Store).
func (s *searcher) performAtomic(n *state, op *vop) (Value, bool) {
	o := n.objs[op.obj.n]
	old := load(o, op.obj.path)
	arg := func(i int) Value {
		if i >= len(op.args) {
			return unknown
		}
		v := op.args[i]
		if op.abool && v.k == vBool {
			return intVal(v.n) // a Bool keeps 0 or 1
		}
		return v
	}
	res := func(v Value) Value {
		if op.abool && v.k == vInt {
			return boolVal(v.n != 0)
		}
		if op.abool {
			return unknown
		}
		return v
	}
	put := func(v Value) { o.cells[op.obj.path] = v }
	switch op.atomic {
	case "Load":
		return res(old), true
	case "Store":
		put(arg(0))
		return Value{}, false
	case "Swap":
		put(arg(0))
		return res(old), true
	case "CompareAndSwap":
		eq, known := keyEq(old, arg(0))
		switch {
		case !known:
			put(unknown)
			return unknown, true
		case eq:
			put(arg(1))
		}
		return boolVal(eq), true
	case "Add", "And", "Or":
		d := arg(0)
		t := typeAt(o.typ, op.obj.path)
		if old.k != vInt || d.k != vInt || t == nil {
			put(unknown)
			return unknown, true
		}
		v := old.n + d.n
		switch op.atomic {
		case "And":
			v = old.n & d.n
		case "Or":
			v = old.n | d.n
		}
		if !representable(v, t) {
			put(unknown) // wrapped around
			return unknown, true
		}
		put(intVal(v))
		if op.atomic == "Add" {
			return intVal(v), true
		}
		return intVal(old.n), true // And and Or return the old value
	}
	return unknown, true
}

// arrayAt returns the array type at path inside a value of type t.
func arrayAt(t types.Type, path string) (*types.Array, bool) {
	at := typeAt(t, path)
	if at == nil {
		return nil, false
	}
	a, ok := at.Underlying().(*types.Array)
	return a, ok
}
