package chanmodel

import (
	"cmp"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/container/intsets"
	"golang.org/x/tools/go/ssa"
)

// finish collects the operations, resolves what each operand may hold and
// derives the goroutine structure of the call graph.
func (b *builder) finish() {
	m := b.m
	for _, f := range m.Funcs {
		f.name = f.SSA.String() // once: the sorts below compare names on ties
	}
	// The functions in source order (instantiations by name), whatever
	// order they were met in: the checks go through them in this order.
	slices.SortStableFunc(m.Funcs, func(x, y *Func) int {
		if c := cmp.Compare(x.SSA.Pos(), y.SSA.Pos()); c != 0 {
			return c
		}
		return cmp.Compare(funcName(x), funcName(y))
	})
	for _, f := range m.Funcs {
		b.current = f.SSA
		b.cfg.PanicAt("finish", f.SSA.String)
		b.collectOps(f)
	}
	b.current = nil
	for _, op := range m.Ops {
		op.Min, op.Max = 1, 1
	}
	b.remoteOps()
	for id, ch := range b.s.remoteChans {
		ch.Escaped, ch.EscapesOther = b.s.objs[id].escaped, b.s.objs[id].escapedOther
	}
	for mk, id := range b.s.chans {
		m.chanIdx[mk].Escaped = b.s.objs[id].escaped
		m.chanIdx[mk].EscapesOther = b.s.objs[id].escapedOther
	}
	for key, id := range b.s.cells {
		if _, ok := key.(paramKey); ok {
			obj := b.s.objs[id]
			obj.ch.Escaped, obj.ch.EscapesOther = obj.escaped, obj.escapedOther
		}
	}
	for _, op := range m.Ops {
		if op.Live {
			op.Targets = b.s.targets(op.Value)
		} else {
			op.Targets = b.deadTargets(op.Value)
		}
		for _, ch := range op.Targets.Chans {
			ch.Ops = append(ch.Ops, op)
		}
		for _, ch := range op.Targets.Params {
			ch.Ops = append(ch.Ops, op)
		}
		if op.Live && op.Targets.Unresolved {
			m.Unresolved = append(m.Unresolved, op)
		}
	}
	// Everything is listed in source order, and what shares a position
	// (the instantiations of one generic function) by function name, so
	// that the order the functions were visited in leaves no trace.
	slices.SortStableFunc(m.Chans, compareChans)
	slices.SortStableFunc(m.Ops, compareOps)
	slices.SortStableFunc(m.Selects, func(x, y *Select) int {
		if c := cmp.Compare(x.Instr.Pos(), y.Instr.Pos()); c != 0 {
			return c
		}
		return cmp.Compare(funcName(x.Fn), funcName(y.Fn))
	})
	slices.SortStableFunc(m.Gos, func(x, y *GoSite) int {
		if c := cmp.Compare(x.Instr.Pos(), y.Instr.Pos()); c != 0 {
			return c
		}
		return cmp.Compare(funcName(x.Fn), funcName(y.Fn))
	})
	for _, ch := range m.Chans {
		slices.SortStableFunc(ch.Ops, compareOps)
	}
	for _, f := range m.Funcs {
		slices.SortStableFunc(f.Callers, compareEdges)
		slices.SortStableFunc(f.Callees, compareEdges)
	}
	b.pruneUnknownCalls()
	b.capsFromCallers()
	b.goroutines()
	b.repeats()
	m.markDeadCases()
}

// capsFromCallers gives a channel whose capacity is a parameter of the
// function making it the largest constant its callers pass, when every
// caller is a static call inside the package passing a constant (the
// function is not a root and its value does not escape).
func (b *builder) capsFromCallers() {
	for _, ch := range b.m.Chans {
		if ch.Make == nil || ch.Cap >= 0 {
			continue
		}
		p, ok := stripConvert(ch.Make.Size).(*ssa.Parameter)
		if !ok {
			continue
		}
		f := ch.Fn
		if f.Root || f.Escaped || len(f.Callers) == 0 {
			continue
		}
		i := slices.Index(f.SSA.Params, p)
		if i < 0 {
			continue
		}
		max := int64(-1)
		for _, e := range f.Callers {
			call, ok := e.Site.(ssa.CallInstruction)
			if !ok {
				max = -1
				break
			}
			c := call.Common()
			if c.IsInvoke() || c.StaticCallee() != f.SSA || i >= len(c.Args) {
				max = -1
				break
			}
			k, ok := stripConvert(c.Args[i]).(*ssa.Const)
			if !ok || k.Value == nil {
				max = -1
				break
			}
			v, exact := constant.Int64Val(constant.ToInt(k.Value))
			if !exact || v < 0 {
				max = -1
				break
			}
			if v > max {
				max = v
			}
		}
		ch.Cap = max
	}
}

func stripConvert(v ssa.Value) ssa.Value {
	for {
		c, ok := v.(*ssa.Convert)
		if !ok {
			return v
		}
		v = c.X
	}
}

// pruneUnknownCalls drops the call edges that exist only because a call
// through an unknown function value may reach any escaped function: such
// an edge says nothing about who runs the function (unknown code does),
// and would make unrelated functions look like its callers.
func (b *builder) pruneUnknownCalls() {
	s := b.s
	unknownCallee := func(site ssa.Instruction) bool {
		c, ok := site.(ssa.CallInstruction)
		if !ok {
			return false
		}
		cc := c.Common()
		if cc.IsInvoke() || cc.StaticCallee() != nil {
			return false
		}
		n, ok := s.lookup(cc.Value, -1)
		return ok && s.nodes[n].pts.Has(int(objUnknown))
	}
	keep := func(e *Edge) bool { return !(e.Callee.Escaped && unknownCallee(e.Site)) }
	for _, f := range b.m.Funcs {
		f.Callees = slices.DeleteFunc(f.Callees, func(e *Edge) bool { return !keep(e) })
		f.Callers = slices.DeleteFunc(f.Callers, func(e *Edge) bool { return !keep(e) })
	}
}

// collectOps records the channel operations of f, live and dead.
func (b *builder) collectOps(f *Func) {
	m := b.m
	fn := f.SSA
	if fn.Blocks == nil {
		return
	}
	live := func(blk *ssa.BasicBlock) bool { return f.LiveBlock(blk) }
	for _, blk := range fn.Blocks {
		for _, instr := range blk.Instrs {
			switch i := instr.(type) {
			case *ssa.MakeChan:
				if !live(blk) {
					b.chanFor(i, f)
				}
			case *ssa.Send:
				m.Ops = append(m.Ops, &Op{Kind: Send, Instr: i, Pos: i.Pos(), Value: i.Chan, Fn: f, Block: blk, Live: live(blk)})
			case *ssa.UnOp:
				if i.Op != token.ARROW {
					continue
				}
				kind := Recv
				if i.CommaOk && m.source.rangeFor[i.Pos()] {
					kind = Range
				}
				m.Ops = append(m.Ops, &Op{Kind: kind, Instr: i, Pos: i.Pos(), Value: i.X, Fn: f, Block: blk, Live: live(blk), CommaOk: i.CommaOk && kind == Recv})
			case *ssa.Select:
				sel := &Select{Instr: i, Fn: f, Live: live(blk), Blocking: i.Blocking}
				for k, st := range i.States {
					kind := SelectRecv
					if st.Dir != types.RecvOnly {
						kind = SelectSend
					}
					op := &Op{Kind: kind, Instr: i, Pos: st.Pos, Value: st.Chan, Fn: f, Block: blk, Live: sel.Live, Select: sel, Case: k}
					sel.Cases = append(sel.Cases, op)
					m.Ops = append(m.Ops, op)
				}
				sel.CaseEdges = caseEdges(i)
				m.Selects = append(m.Selects, sel)
			case ssa.CallInstruction: // close(ch), defer close(ch), go close(ch)
				c := i.Common()
				if bi, ok := c.Value.(*ssa.Builtin); ok && bi.Name() == "close" && len(c.Args) == 1 {
					m.Ops = append(m.Ops, &Op{Kind: Close, Instr: i, Pos: c.Pos(), Value: c.Args[0], Fn: f, Block: blk, Live: live(blk)})
				}
			}
		}
	}
}

// deadTargets resolves, as well as it can, what the operand of an operation
// in dead code would hold: the checks use it only to explain a report.
func (b *builder) deadTargets(v ssa.Value) Targets {
	var pts intsets.Sparse
	b.evalDead(v, 6, &pts)
	var t Targets
	b.s.fill(&t, &pts)
	return t
}

func (b *builder) evalDead(v ssa.Value, depth int, out *intsets.Sparse) {
	s := b.s
	if n, ok := s.lookup(v, -1); ok && !s.nodes[n].pts.IsEmpty() {
		out.UnionWith(&s.nodes[n].pts)
		return
	}
	if depth == 0 {
		return
	}
	switch v := v.(type) {
	case *ssa.UnOp:
		if v.Op == token.MUL {
			var ptr intsets.Sparse
			b.evalDead(v.X, depth-1, &ptr)
			var objs []int
			for _, o := range ptr.AppendTo(objs) {
				obj := s.objs[o]
				switch obj.kind {
				case kCell:
					out.UnionWith(&s.nodes[obj.contents].pts)
				case kUnknown:
					out.Insert(int(objUnknown))
				}
			}
		}
	case *ssa.ChangeType:
		b.evalDead(v.X, depth-1, out)
	case *ssa.Convert:
		b.evalDead(v.X, depth-1, out)
	case *ssa.MultiConvert:
		b.evalDead(v.X, depth-1, out)
	case *ssa.Phi:
		for _, e := range v.Edges {
			b.evalDead(e, depth-1, out)
		}
	case *ssa.FieldAddr:
		out.Insert(int(b.fieldCell(deref(v.X.Type()), v.Field)))
	case *ssa.Field:
		if o := b.fieldCell(v.X.Type(), v.Field); o == objUnknown {
			out.Insert(int(objUnknown))
		} else {
			out.UnionWith(&s.nodes[s.objs[o].contents].pts)
		}
	case *ssa.MakeChan:
		if f := b.m.funcs[v.Parent()]; f != nil {
			out.Insert(int(s.chanObj(v, b.chanFor(v, f))))
		}
	case *ssa.Const:
		if v.IsNil() && isChan(v.Type()) {
			out.Insert(int(objNil))
		}
	}
}

// goroutines derives the go sites' targets, which functions each goroutine
// may run, and which functions run on their caller's goroutine.
func (b *builder) goroutines() {
	m := b.m
	for _, g := range m.Gos {
		if cs, ok := b.callSites[g.Instr]; ok && cs.external {
			g.External = true
		}
		for _, e := range g.Fn.Callees {
			if e.Site == g.Instr && e.Kind == GoEdge {
				g.Targets = append(g.Targets, e.Callee)
			}
		}
		if len(g.Targets) == 0 {
			g.External = true
		}
		seen := make(map[*Func]bool)
		stack := append([]*Func(nil), g.Targets...)
		for _, t := range g.Targets {
			seen[t] = true
		}
		for len(stack) > 0 {
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			f.Goroutines = append(f.Goroutines, g)
			for _, e := range f.Callees {
				if e.Kind != GoEdge && !seen[e.Callee] {
					seen[e.Callee] = true
					stack = append(stack, e.Callee)
				}
			}
		}
	}
	var stack []*Func
	for _, f := range m.Funcs {
		if f.Root {
			f.OnCaller = true
			stack = append(stack, f)
		}
	}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, e := range f.Callees {
			if e.Kind != GoEdge && !e.Callee.OnCaller {
				e.Callee.OnCaller = true
				stack = append(stack, e.Callee)
			}
		}
	}
}

// repeats decides which functions and go statements may run an unbounded
// number of times per process: anything unknown code may call (but main and
// init), anything called from an unbounded loop, and anything called by a
// function that repeats. A bounded number of runs (a counted loop in main,
// two calls from init) does not repeat: such goroutines do not accumulate.
func (b *builder) repeats() {
	m := b.m
	for _, f := range m.Funcs {
		f.Repeats = f.Live && f.Root && !b.once(f)
	}
	for changed := true; changed; {
		changed = false
		for _, f := range m.Funcs {
			if f.Repeats || !f.Live {
				continue
			}
			for _, e := range f.Callers {
				if e.Once {
					continue
				}
				if e.Caller.Repeats || e.Caller.UnboundedLoop(e.Site) {
					f.Repeats = true
					changed = true
					break
				}
			}
		}
	}
	for _, g := range m.Gos {
		g.Repeats = g.Fn.Repeats || g.Fn.UnboundedLoop(g.Instr)
	}
}

// caseEdges finds, for each case of a select, the edge the SSA builder
// emits for "index == k": the true edge of the If on that comparison.
func caseEdges(sel *ssa.Select) []CFGEdge {
	edges := make([]CFGEdge, len(sel.States))
	for _, ref := range *sel.Referrers() {
		ex, ok := ref.(*ssa.Extract)
		if !ok || ex.Index != 0 {
			continue
		}
		for _, r := range *ex.Referrers() {
			cmp, ok := r.(*ssa.BinOp)
			if !ok || cmp.Op != token.EQL {
				continue
			}
			k, ok := cmp.Y.(*ssa.Const)
			if !ok || cmp.X != ex {
				continue
			}
			idx := int(k.Int64())
			if idx < 0 || idx >= len(edges) {
				continue
			}
			for _, u := range *cmp.Referrers() {
				if iff, ok := u.(*ssa.If); ok && iff.Cond == cmp {
					b := iff.Block()
					edges[idx] = CFGEdge{From: b, To: b.Succs[0]}
				}
			}
		}
	}
	return edges
}

// remoteOps turns what summarized functions of other packages do with the
// channels they are given (or return) into operations at the calls.
func (b *builder) remoteOps() {
	m := b.m
	for _, u := range b.remotes {
		blk := u.instr.Block()
		live := u.caller.LiveBlock(blk)
		add := func(kind OpKind, c Count) {
			if c.Max == 0 {
				return
			}
			max := int(c.Max)
			if c.Max == Many {
				max = 1 << 20
			}
			m.Ops = append(m.Ops, &Op{
				Kind: kind, Instr: u.instr, Pos: u.instr.Pos(), Value: u.value, Fn: u.caller,
				Block: blk, Live: live, Min: int(c.Min), Max: max, Remote: u.remote,
			})
		}
		add(Send, u.sends)
		if u.drains {
			add(Range, Count{Min: u.recvs.Min, Max: Many})
		} else {
			add(Recv, u.recvs)
		}
		add(Close, u.closes)
	}
}

// compareChans orders channels by position, then by the function making
// them (the instantiations of a generic function share positions).
// (Names are made only for ties: they cost.)
func compareChans(x, y *Chan) int {
	if x == y {
		return 0
	}
	if c := cmp.Compare(x.Pos(), y.Pos()); c != 0 {
		return c
	}
	return cmp.Or(cmp.Compare(funcName(x.Fn), funcName(y.Fn)), cmp.Compare(x.Name, y.Name))
}

// compareOps orders operations as compareChans orders channels.
func compareOps(x, y *Op) int {
	if c := cmp.Compare(x.Pos, y.Pos); c != 0 || x.Fn == y.Fn {
		return c
	}
	return cmp.Compare(funcName(x.Fn), funcName(y.Fn))
}

func funcName(f *Func) string {
	switch {
	case f == nil || f.SSA == nil:
		return ""
	case f.name != "":
		return f.name
	}
	return f.SSA.String()
}

// compareEdges orders call edges by call site, then by the functions.
func compareEdges(x, y *Edge) int {
	if c := cmp.Compare(x.Site.Pos(), y.Site.Pos()); c != 0 {
		return c
	}
	if x.Caller != y.Caller {
		if c := cmp.Compare(funcName(x.Caller), funcName(y.Caller)); c != 0 {
			return c
		}
	}
	if x.Callee != y.Callee {
		if c := cmp.Compare(funcName(x.Callee), funcName(y.Callee)); c != 0 {
			return c
		}
	}
	return cmp.Compare(x.Kind, y.Kind)
}
