package noexit

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/chanmodel"
	"github.com/leakvet/leakvet/passes/explain"
)

// checkContract reports a Start/Stop contract broken by a caller: the
// goroutine g starts ends only when other functions (Stop) close or send on
// channels of the package, and a caller of g's function (Start) returns on
// some path without calling them, while the value it started stays local.
func (c *checker) checkContract(g *chanmodel.GoSite) {
	if len(g.Targets) != 1 {
		return
	}
	t := g.Targets[0]
	if c.canReturn(t, mode{strict: true}) {
		return // it can end without the package's channels: nothing to keep
	}
	run := c.runs(t)
	// The channels its ways out wait on, and who feeds them.
	stops := make(map[*chanmodel.Func]bool)
	var stopOps []*chanmodel.Op
	var waits []*chanmodel.Op
	for f := range run {
		for _, b := range f.SSA.Blocks {
			for _, op := range c.ops[b] {
				if !op.Kind.Receives() || !op.Targets.Known() {
					continue
				}
				for _, ch := range op.Targets.Chans {
					// Only the channels that open a way out count.
					if !c.canReturn(t, mode{strict: true, allow: ch}) {
						continue
					}
					waits = append(waits, op)
					for _, feed := range ch.Ops {
						if (feed.Kind == chanmodel.Close || feed.Kind.Sends()) && !run[feed.Fn] {
							if !stops[feed.Fn] {
								stops[feed.Fn] = true
								stopOps = append(stopOps, feed)
							}
						}
					}
				}
			}
		}
	}
	if len(stops) == 0 || stops[g.Fn] {
		return // fed by nothing (or by the starter itself): other checks' business
	}
	for f := range stops {
		if f.Escaped {
			return // a stop handed to code elsewhere (a callback registry) may be called there
		}
	}
	if deferredBy(stops, g.Fn, 3) {
		return // the starter defers a stop (or hands it to t.Cleanup): it runs when that ends
	}
	if !g.Fn.AlwaysStarts(g, 0) {
		return // Start may return without starting it (on an error): no contract to break
	}
	slices.SortFunc(waits, func(a, b *chanmodel.Op) int { return int(a.Pos - b.Pos) })
	for _, e := range g.Fn.Callers {
		caller := e.Caller
		if e.Kind != chanmodel.CallEdge || stops[caller] || !caller.Live {
			continue
		}
		call, ok := e.Site.(*ssa.Call)
		if !ok || len(call.Call.Args) == 0 || !c.localValue(call.Call.Args[0], recvNamed(g.Fn)) {
			continue
		}
		ret := c.returnWithout(caller, e.Site, stops)
		if ret == nil {
			continue
		}
		c.reportContract(g, call, caller, ret, stopOps, waits)
	}
}

// deferredBy reports whether one of the stops runs deferred by fn: fn
// defers it (or hands it to t.Cleanup), or defers a function that calls
// it, up to depth calls up.
func deferredBy(stops map[*chanmodel.Func]bool, fn *chanmodel.Func, depth int) bool {
	var by func(f *chanmodel.Func, depth int) bool
	by = func(f *chanmodel.Func, depth int) bool {
		for _, e := range f.Callers {
			switch {
			case e.Kind == chanmodel.DeferEdge && e.Caller == fn:
				return true
			case e.Kind == chanmodel.CallEdge && depth > 0 && by(e.Caller, depth-1):
				return true
			}
		}
		return false
	}
	for f := range stops {
		if by(f, depth) {
			return true
		}
	}
	return false
}

// runs returns the functions t runs on its own goroutine.
func (c *checker) runs(t *chanmodel.Func) map[*chanmodel.Func]bool {
	seen := map[*chanmodel.Func]bool{t: true}
	stack := []*chanmodel.Func{t}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, e := range f.Callees {
			if e.Kind != chanmodel.GoEdge && !seen[e.Callee] {
				seen[e.Callee] = true
				stack = append(stack, e.Callee)
			}
		}
	}
	return seen
}

// recvNamed returns the named type of f's receiver, or nil.
func recvNamed(f *chanmodel.Func) *types.TypeName {
	recv := f.SSA.Signature.Recv()
	if recv == nil {
		return nil
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Origin().Obj()
	}
	return nil
}

// localValue reports whether v, the receiver of a method of type tn, is a
// value that cannot outlive the caller: a local variable or composite
// literal used only to call methods of its type and read its fields.
func (c *checker) localValue(v ssa.Value, tn *types.TypeName) bool {
	if tn == nil {
		return false
	}
	var root ssa.Value = v
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
		root = u.X
	}
	alloc, ok := root.(*ssa.Alloc)
	if !ok {
		return false
	}
	okUse := func(val ssa.Value, r ssa.Instruction) bool {
		switch r := r.(type) {
		case *ssa.FieldAddr, *ssa.Field, *ssa.DebugRef:
			return true
		case *ssa.Store:
			return r.Addr == val
		case *ssa.UnOp:
			return r.Op == token.MUL
		case ssa.CallInstruction:
			callee := r.Common().StaticCallee()
			if callee == nil || len(r.Common().Args) == 0 || r.Common().Args[0] != val {
				return false
			}
			for _, a := range r.Common().Args[1:] {
				if a == val {
					return false
				}
			}
			if _, isGo := r.(*ssa.Go); isGo {
				return false
			}
			f := c.m.Func(callee)
			return f != nil && recvNamed(f) == tn
		}
		return false
	}
	for _, r := range *alloc.Referrers() {
		if !okUse(alloc, r) {
			return false
		}
		if u, ok := r.(*ssa.UnOp); ok {
			for _, rr := range *u.Referrers() {
				if !okUse(u, rr) {
					return false
				}
			}
		}
	}
	return true
}

// returnWithout returns a return of f reachable from just after site
// without calling any of the stop functions, or nil.
func (c *checker) returnWithout(f *chanmodel.Func, site ssa.Instruction, stops map[*chanmodel.Func]bool) ssa.Instruction {
	calls := func(b *ssa.BasicBlock, from int) bool {
		for _, e := range f.Callees {
			if e.Kind == chanmodel.GoEdge || e.Site.Block() != b || indexOf(b, e.Site) < from {
				continue
			}
			if stops[e.Callee] || c.reachesAny(e.Callee, stops) {
				return true
			}
		}
		return false
	}
	start := site.Block()
	if calls(start, indexOf(start, site)+1) {
		return nil
	}
	seen := map[*ssa.BasicBlock]bool{start: true}
	stack := []*ssa.BasicBlock{start}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			return ret
		}
		for _, s := range b.Succs {
			if seen[s] || !f.LiveBlock(s) || calls(s, 0) {
				continue
			}
			seen[s] = true
			stack = append(stack, s)
		}
	}
	return nil
}

// reachesAny reports whether f calls (on its own goroutine, within the call
// depth budget) one of the functions in set.
func (c *checker) reachesAny(f *chanmodel.Func, set map[*chanmodel.Func]bool) bool {
	for g := range f.OnItsGoroutine(c.cfg.MaxCallDepth) {
		if g != f && set[g] {
			return true
		}
	}
	return false
}

func (c *checker) reportContract(g *chanmodel.GoSite, call *ssa.Call, caller *chanmodel.Func, ret ssa.Instruction, stopOps, waits []*chanmodel.Op) {
	pos, end := call.Pos(), call.Pos()
	starter := explain.FuncName(g.Fn)
	if ce, ok := c.m.Node(call.Pos()).(*ast.CallExpr); ok {
		pos, end = ce.Pos(), ce.End()
		starter = types.ExprString(ce)
	}
	var names []string
	for _, op := range stopOps {
		verb := "closes"
		if op.Kind.Sends() {
			verb = "sends on"
		}
		names = append(names, fmt.Sprintf("%s %s %s", explain.FuncName(op.Fn), verb, c.m.ChanName(op)))
	}
	how := "returns"
	if p := ret.Pos(); p.IsValid() {
		how = "returns at " + c.x.Short(p)
	} else if syn := caller.SSA.Syntax(); syn != nil {
		how = "reaches its end at " + c.x.Short(syn.End()-1)
	}
	var stopNames []string
	for _, op := range stopOps {
		stopNames = append(stopNames, explain.FuncName(op.Fn))
	}
	related := []analysis.RelatedInformation{{Pos: g.Instr.Pos(), End: g.Instr.Pos(), Message: "the goroutine is started here"}}
	if len(waits) > 0 {
		related = append(related, analysis.RelatedInformation{Pos: waits[0].Pos, End: waits[0].Pos, Message: "it waits here for its way out"})
	}
	for _, op := range stopOps {
		related = append(related, analysis.RelatedInformation{Pos: op.Pos, End: op.Pos, Message: "only this lets it end"})
	}
	if p := ret.Pos(); p.IsValid() {
		related = append(related, analysis.RelatedInformation{Pos: p, End: p, Message: "returns here without stopping it"})
	}
	c.r.Report(analysis.Diagnostic{
		Pos: pos,
		End: end,
		Message: fmt.Sprintf("the goroutine started by %s (%s) never ends: it stops only when %s, and %s %s without calling %s",
			starter, c.x.Short(g.Instr.Pos()), strings.Join(names, " or "), explain.FuncName(caller), how, strings.Join(stopNames, " or ")),
		Related: related,
	})
}

func indexOf(b *ssa.BasicBlock, instr ssa.Instruction) int {
	for i, in := range b.Instrs {
		if in == instr {
			return i
		}
	}
	return len(b.Instrs)
}
