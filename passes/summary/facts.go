package summary

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/chanmodel"
	"github.com/leakvet/leakvet/passes/flow"
)

// summarizer computes the facts of one package.
type summarizer struct {
	m        *chanmodel.Model
	depth    int
	maxPaths int
	ops      map[*ssa.BasicBlock][]*chanmodel.Op
}

func newSummarizer(m *chanmodel.Model, depth, maxPaths int) *summarizer {
	s := &summarizer{m: m, depth: depth, maxPaths: maxPaths, ops: make(map[*ssa.BasicBlock][]*chanmodel.Op)}
	for _, op := range m.Ops {
		if op.Live {
			s.ops[op.Block] = append(s.ops[op.Block], op)
		}
	}
	return s
}

// summarize returns the fact of function f, or nil when f neither takes
// nor returns a channel and may return.
func (s *summarizer) summarize(f *chanmodel.Func) *chanmodel.FuncFact {
	fn := f.SSA
	fact := &chanmodel.FuncFact{Exit: f.Exit(), EndsVia: f.EndsVia()}
	sync := f.OnItsGoroutine(s.depth)
	for i, p := range fn.Params {
		if !isChan(p.Type()) {
			continue
		}
		use := chanmodel.ParamUse{Index: uint8(i), Escapes: true}
		if pc := s.m.ParamChan(p); pc != nil {
			use = s.paramUse(f, pc, sync, uint8(i))
		}
		fact.Params = append(fact.Params, use)
	}
	res := fn.Signature.Results()
	for i := 0; i < res.Len(); i++ {
		if isChan(res.At(i).Type()) {
			fact.Results = append(fact.Results, s.resultChan(f, i, sync))
		}
	}
	if len(fact.Params) == 0 && len(fact.Results) == 0 && fact.Exit == chanmodel.Returns && len(fact.EndsVia) == 0 {
		return nil
	}
	return fact
}

// split sorts the live operations on ch into those f runs itself (or
// through calls) and those run by goroutines f starts directly; other
// says some other code operates on it (later, or elsewhere). For the
// channel f returns as result (>= 0), the operations of f's callers on the
// results of their own calls of f are neither: each call makes a channel
// of its own, and what a caller does with it is not what f does.
func (s *summarizer) split(ch *chanmodel.Chan, f *chanmodel.Func, sync map[*chanmodel.Func]bool, result int) (own, async []*chanmodel.Op, other bool) {
	for _, op := range ch.Ops {
		if !op.Live {
			continue
		}
		switch {
		case result >= 0 && f.Consumes(op, result):
			// a caller's, on the channel of its call
		case sync[op.Fn] && op.Remote != nil && op.Remote.Async:
			async = append(async, op) // left to a goroutine by a function of another package
		case sync[op.Fn]:
			own = append(own, op)
		case op.Fn.StartedBy(map[*chanmodel.Func]bool{f: true}):
			async = append(async, op)
		default:
			other = true
		}
	}
	return own, async, other
}

// counts is what one call of f does with ch, by role: on f's own
// goroutine, or on the goroutines it starts.
type counts struct {
	sends, recvs, closes chanmodel.Count
	unknown              bool
}

func (s *summarizer) count(f *chanmodel.Func, ch *chanmodel.Chan, env *flow.CallCtx, async bool, sync map[*chanmodel.Func]bool) counts {
	cnt := flow.NewCounter(s.m, ch, s.depth, s.maxPaths, s.ops)
	var out counts
	role := func(r flow.Role) chanmodel.Count {
		if !async {
			rc := cnt.Summarize(f, r, env, s.depth)
			out.unknown = out.unknown || rc.Unknown
			return count(rc.Min, rc.Max)
		}
		// Sum over the goroutines f starts: a go statement in a loop runs
		// any number of times.
		total := chanmodel.Count{}
		for _, g := range s.m.Gos {
			if g.Fn != f || g.External {
				continue // remote goroutines are counted below
			}
			if len(g.Targets) != 1 {
				out.unknown = true
				continue
			}
			rc := cnt.Summarize(g.Targets[0], r, cnt.CallEnv(g.Instr, g.Targets[0], env), s.depth)
			out.unknown = out.unknown || rc.Unknown
			c := count(rc.Min, rc.Max)
			if f.InLoop(g.Instr.Block()) && c.Max > 0 {
				c = chanmodel.Count{Min: 0, Max: chanmodel.Many}
			}
			total = addCount(total, c)
		}
		// And what functions of other packages leave to goroutines.
		for _, op := range ch.Ops {
			if !op.Live || op.Remote == nil || !op.Remote.Async || !sync[op.Fn] || !roleOf(op.Kind, r) {
				continue
			}
			c := count(op.Min, op.Max)
			if op.Fn.InLoop(op.Block) {
				c = chanmodel.Count{Min: 0, Max: chanmodel.Many}
			}
			total = addCount(total, c)
		}
		return total
	}
	out.sends = role(flow.RoleSend)
	out.recvs = role(flow.RoleRecv)
	out.closes = role(flow.RoleRelease)
	return out
}

func count(lo, hi int) chanmodel.Count {
	c := chanmodel.Count{Min: sat(lo), Max: sat(hi)}
	if c.Min > c.Max {
		c.Min = c.Max
	}
	return c
}

func sat(n int) uint8 {
	if n >= chanmodel.Many || n >= flow.Inf {
		return chanmodel.Many
	}
	return uint8(n)
}

func addCount(a, b chanmodel.Count) chanmodel.Count {
	return count(int(a.Min)+int(b.Min), int(a.Max)+int(b.Max))
}

// paramUse summarizes what f does with the channel it gets as parameter.
func (s *summarizer) paramUse(f *chanmodel.Func, pc *chanmodel.Chan, sync map[*chanmodel.Func]bool, index uint8) chanmodel.ParamUse {
	use := chanmodel.ParamUse{Index: index}
	own, async, other := s.split(pc, f, sync, -1)
	if pc.Escaped || other || s.m.Retained(pc) || (len(own) > 0 && len(async) > 0) {
		return chanmodel.ParamUse{Index: index, Escapes: true}
	}
	ops := own
	if len(async) > 0 {
		ops, use.Async = async, true
	}
	c := s.count(f, pc, flow.ParamCtx(s.m, f), use.Async, sync)
	if c.unknown {
		return chanmodel.ParamUse{Index: index, Escapes: true}
	}
	use.Sends, use.Recvs, use.Closes = c.sends, c.recvs, c.closes
	s.describe(pc, ops, &use.Drains, &use.WayOut, &use.Line)
	return use
}

// describe fills in what the operations tell beyond counts.
func (s *summarizer) describe(ch *chanmodel.Chan, ops []*chanmodel.Op, drains, wayOut *bool, line *uint32) {
	cnt := flow.NewCounter(s.m, ch, s.depth, s.maxPaths, s.ops)
	for i, op := range ops {
		if op.Kind == chanmodel.Range {
			*drains = true
		}
		if op.Select != nil && cnt.Escapable(op) {
			*wayOut = true
		}
		if i == 0 {
			*line = uint32(s.m.Fset.Position(op.Pos).Line)
		}
	}
}

// resultChan summarizes the channel f returns as result i.
func (s *summarizer) resultChan(f *chanmodel.Func, i int, sync map[*chanmodel.Func]bool) chanmodel.ResultChan {
	rc := chanmodel.ResultChan{Index: uint8(i), Cap: -1}
	t := s.m.ResultTargets(f, i)
	// (A variable holding the channel starts nil: Nil says nothing here.)
	if t.Unknown || len(t.Chans) != 1 || len(t.Params) > 0 {
		return rc // not one channel made here
	}
	o := t.Chans[0]
	if (o.Make == nil && o.Call == nil) || !sync[o.Fn] {
		return rc // made elsewhere (or by the runtime)
	}
	rc.Made, rc.Cap = true, o.Cap
	own, async, other := s.split(o, f, sync, i)
	// Kept in memory (a field, a global, sent on a channel), it may be
	// used by code the call graph does not order.
	if o.EscapesOther || other || s.m.Retained(o) {
		rc.Escapes = true
		return rc
	}
	// What the function's own goroutine does before returning (sends
	// filling the buffer, a close), and what the goroutines it starts do.
	mine := s.count(f, o, nil, false, sync)
	theirs := s.count(f, o, nil, true, sync)
	if mine.unknown || theirs.unknown || mine.recvs.Max > 0 || theirs.recvs.Max > 0 {
		rc.Escapes = true // it also receives: beyond a generator
		return rc
	}
	rc.Sends = addCount(mine.sends, theirs.sends)
	rc.Closes = addCount(mine.closes, theirs.closes)
	rc.Async = len(async) > 0
	ops := append(own, async...)
	var drains bool
	s.describe(o, ops, &drains, &rc.WayOut, &rc.Line)
	return rc
}

// ResultChan describes what f does with the channel it returns as result i,
// as the fact exported for importers does (chanmodel.ResultChan): the
// stranded check reads it for the callers of f in the package itself,
// each of whose calls is a channel of its own.
func ResultChan(m *chanmodel.Model, f *chanmodel.Func, i, depth, maxPaths int) chanmodel.ResultChan {
	s := newSummarizer(m, depth, maxPaths)
	return s.resultChan(f, i, f.OnItsGoroutine(depth))
}

func isChan(t types.Type) bool {
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// roleOf reports whether an operation of kind k counts for role r.
func roleOf(k chanmodel.OpKind, r flow.Role) bool {
	switch r {
	case flow.RoleSend:
		return k.Sends()
	case flow.RoleRecv:
		return k.Receives()
	}
	return k == chanmodel.Close
}
