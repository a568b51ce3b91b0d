package chanmodel

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// genCall generates the constraints of a call, go or defer statement.
// val is the call's value (nil for go and defer).
func (b *builder) genCall(f *Func, instr ssa.Instruction, c *ssa.CallCommon, val ssa.Value, kind EdgeKind) {
	s := b.s
	if c.IsInvoke() {
		b.external(f, instr, c, val, kind)
		return
	}
	switch callee := c.Value.(type) {
	case *ssa.Builtin:
		b.genBuiltin(callee, c.Args, val)
		return
	case *ssa.Function:
		if b.analyzable(callee) {
			b.wire(b.site(f, instr, c, val, kind), b.funcOf(callee))
			return
		}
		if b.known(f, instr, callee, c, val) {
			return
		}
		if obj, ok := callee.Object().(*types.Func); ok && val != nil {
			if rc, ok := runtimeResults[obj.FullName()]; ok {
				for _, a := range c.Args {
					if s.isTracked(a.Type()) {
						s.addEdge(s.node(a, -1), nodeU)
					}
				}
				s.addObj(s.node(val, -1), s.runtimeObj(rc))
				return
			}
		}
		b.external(f, instr, c, val, kind)
		return
	}
	site := b.site(f, instr, c, val, kind)
	s.addConstraint(s.node(c.Value, -1), constraint{kind: conCall, site: site})
}

// external handles a call to code outside the package: tracked arguments
// escape, tracked results are unknown.
func (b *builder) external(f *Func, instr ssa.Instruction, c *ssa.CallCommon, val ssa.Value, kind EdgeKind) {
	s := b.s
	if !c.IsInvoke() {
		if _, ok := c.Value.(*ssa.Function); !ok && s.isTracked(c.Value.Type()) {
			s.addEdge(s.node(c.Value, -1), nodeU)
		}
	}
	for _, a := range c.Args {
		if s.isTracked(a.Type()) {
			s.addEdge(s.node(a, -1), nodeU)
		}
	}
	b.unknownResults(c, val)
	if kind == GoEdge {
		b.site(f, instr, c, val, kind).external = true
	}
}

func (b *builder) unknownResults(c *ssa.CallCommon, val ssa.Value) {
	if val == nil {
		return
	}
	s := b.s
	res := c.Signature().Results()
	switch res.Len() {
	case 0:
	case 1:
		if s.isTracked(res.At(0).Type()) {
			s.addEdge(nodeU, s.node(val, -1))
		}
	default:
		for i := 0; i < res.Len(); i++ {
			if s.isTracked(res.At(i).Type()) {
				s.addEdge(nodeU, s.node(val, i))
			}
		}
	}
}

// site records a call site whose callees are resolved by the solver.
func (b *builder) site(f *Func, instr ssa.Instruction, c *ssa.CallCommon, val ssa.Value, kind EdgeKind) *callSite {
	if cs, ok := b.callSites[instr]; ok {
		return cs
	}
	s := b.s
	cs := &callSite{instr: instr, caller: f, kind: kind}
	for _, a := range c.Args {
		if s.isTracked(a.Type()) {
			cs.args = append(cs.args, s.node(a, -1))
		} else {
			cs.args = append(cs.args, -1)
		}
	}
	if val != nil {
		res := c.Signature().Results()
		for i := 0; i < res.Len(); i++ {
			switch {
			case !s.isTracked(res.At(i).Type()):
				cs.results = append(cs.results, -1)
			case res.Len() == 1:
				cs.results = append(cs.results, s.node(val, -1))
			default:
				cs.results = append(cs.results, s.node(val, i))
			}
		}
	}
	b.callSites[instr] = cs
	return cs
}

// wire connects a call site to one package function it may call.
func (b *builder) wire(cs *callSite, callee *Func) {
	k := edgeKey{cs.instr, callee}
	if b.edgeSeen[k] {
		return
	}
	b.edgeSeen[k] = true
	e := &Edge{Site: cs.instr, Caller: cs.caller, Callee: callee, Kind: cs.kind, Once: cs.once}
	cs.caller.Callees = append(cs.caller.Callees, e)
	callee.Callers = append(callee.Callers, e)
	b.makeLive(callee)

	s := b.s
	fn := callee.SSA
	for j, p := range fn.Params {
		if cs.argsUnknown {
			if s.isTracked(p.Type()) {
				s.addEdge(nodeU, s.node(p, -1))
			}
			continue
		}
		if j < len(cs.args) && cs.args[j] >= 0 {
			s.addEdge(cs.args[j], s.node(p, -1))
		}
	}
	for j, r := range cs.results {
		if r >= 0 {
			s.addEdge(s.result(fn, j), r)
		}
	}
}

// genBuiltin handles the built-in functions that move channels.
// close is an operation, collected with the others.
func (b *builder) genBuiltin(bi *ssa.Builtin, args []ssa.Value, val ssa.Value) {
	s := b.s
	switch bi.Name() {
	case "close":
		s.node(args[0], -1)
	case "append":
		if val != nil && s.isTracked(val.Type()) {
			for _, a := range args {
				if s.isTracked(a.Type()) {
					s.addEdge(s.node(a, -1), s.node(val, -1))
				}
			}
		}
	case "copy":
		if s.isTracked(args[0].Type()) && s.isTracked(args[1].Type()) {
			b.copyElems(args[1], args[0], cellElem)
		}
	case "ssa:wrapnilchk":
		if val != nil {
			b.copyValue(args[0], val)
		}
	}
}

// known handles a call to a library function whose behaviour with the
// function values it is given is in the knowledge table.
func (b *builder) known(f *Func, instr ssa.Instruction, callee *ssa.Function, c *ssa.CallCommon, val ssa.Value) bool {
	obj, ok := callee.Object().(*types.Func)
	if !ok {
		return false
	}
	k, ok := knownFuncs[obj.FullName()]
	if !ok {
		return false
	}
	s := b.s
	for j, a := range c.Args {
		if !s.isTracked(a.Type()) {
			continue
		}
		switch {
		case k.callback == j && k.callback >= 0:
			cs := &callSite{instr: instr, caller: f, kind: k.kind, argsUnknown: true, once: k.once}
			s.addConstraint(s.node(a, -1), constraint{kind: conCall, site: cs})
			if k.kind == GoEdge {
				b.m.Gos = append(b.m.Gos, &GoSite{Instr: instr, Fn: f})
				b.goSites[instr] = b.m.Gos[len(b.m.Gos)-1]
				b.callSites[instr] = cs
			}
		case k.returnsArg == j && k.returnsArg >= 0 && val != nil:
			b.copyValue(a, val)
		default:
			s.addEdge(s.node(a, -1), nodeU)
		}
	}
	if k.returnsArg < 0 {
		b.unknownResults(c, val)
	}
	return true
}
