package chanmodel

import (
	"go/types"
	"strings"

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
		// The knowledge table above comes first; then what the summary
		// pass found out about the function.
		if fact, obj := b.factOf(callee); fact != nil {
			b.remote(f, instr, obj, fact, c, val, kind)
			return
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

// factOf returns the summary of a function of another package, if any.
func (b *builder) factOf(callee *ssa.Function) (*FuncFact, *types.Func) {
	if b.facts == nil {
		return nil, nil
	}
	if o := callee.Origin(); o != nil {
		callee = o
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok || obj.Pkg() == b.pass.Pkg {
		return nil, nil
	}
	return b.facts(obj), obj
}

// remoteUse is an operation a summarized function of another package does
// with a channel of this package, recorded at the call.
type remoteUse struct {
	instr  ssa.Instruction
	caller *Func
	value  ssa.Value // the channel: an argument, or the call's result
	remote *Remote
	sends  Count
	recvs  Count
	closes Count
	drains bool
}

// remote handles a call to a function of another package whose summary is
// known: channels it does not let escape stay known, and its operations on
// them are recorded; a channel it makes and returns is a channel of its own.
func (b *builder) remote(f *Func, instr ssa.Instruction, obj *types.Func, fact *FuncFact, c *ssa.CallCommon, val ssa.Value, kind EdgeKind) {
	s := b.s
	// "pkg.F" or "(*pkg.T).M", with the package's name rather than path.
	name := strings.Replace(obj.FullName(), obj.Pkg().Path()+".", obj.Pkg().Name()+".", 1)
	if kind == GoEdge {
		if g := b.goSites[instr]; g != nil {
			g.Remote, g.RemoteName = fact, name
		}
		b.site(f, instr, c, val, kind).external = true
	}
	for j, a := range c.Args {
		if !s.isTracked(a.Type()) {
			continue
		}
		use, ok := fact.param(j)
		if !ok || use.Escapes || !isChan(a.Type()) {
			s.addEdge(s.node(a, -1), nodeU)
			continue
		}
		s.node(a, -1)
		b.remotes = append(b.remotes, remoteUse{
			instr: instr, caller: f, value: a,
			remote: &Remote{Func: name, Pos: obj.Pos(), Line: use.Line, Async: use.Async || kind == GoEdge, Arg: j, WayOut: use.WayOut},
			sends:  use.Sends, recvs: use.Recvs, closes: use.Closes, drains: use.Drains,
		})
	}
	if val == nil {
		return
	}
	res := c.Signature().Results()
	for i := 0; i < res.Len(); i++ {
		if !s.isTracked(res.At(i).Type()) {
			continue
		}
		n := s.node(val, -1)
		if res.Len() > 1 {
			n = s.node(val, i)
		}
		rc, ok := fact.result(i)
		if !ok || !rc.Made || rc.Escapes || !isChan(res.At(i).Type()) {
			s.addEdge(nodeU, n)
			continue
		}
		call, _ := instr.(ssa.CallInstruction)
		remote := &Remote{Func: name, Pos: obj.Pos(), Line: rc.Line, Async: rc.Async, Arg: -1, WayOut: rc.WayOut}
		ch := &Chan{Call: call, Fn: f, Cap: rc.Cap, Elem: chanElem(res.At(i).Type()), Remote: remote, Live: f.LiveBlock(instr.Block())}
		id := s.newObj(&object{kind: kChan, ch: ch, contents: s.newNode()})
		s.remoteChans[id] = ch
		b.m.Chans = append(b.m.Chans, ch)
		s.addObj(n, id)
		var v ssa.Value = val
		if res.Len() > 1 {
			// The operations act on the extracted result.
			for _, r := range *val.Referrers() {
				if ex, ok := r.(*ssa.Extract); ok && ex.Index == i {
					v = ex
				}
			}
		}
		b.remotes = append(b.remotes, remoteUse{instr: instr, caller: f, value: v, remote: remote, sends: rc.Sends, closes: rc.Closes})
	}
}

// param returns the use of parameter index i.
func (f *FuncFact) param(i int) (ParamUse, bool) {
	for _, p := range f.Params {
		if int(p.Index) == i {
			return p, true
		}
	}
	return ParamUse{}, false
}

// result returns the description of result i.
func (f *FuncFact) result(i int) (ResultChan, bool) {
	for _, r := range f.Results {
		if int(r.Index) == i {
			return r, true
		}
	}
	return ResultChan{}, false
}
