package stranded

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/chanmodel"
	"github.com/leakvet/leakvet/passes/explain"
	"github.com/leakvet/leakvet/passes/flow"
)

// checkOrdering reports the deadlock of a goroutine that sends and then
// signals a WaitGroup, started by a function that waits on the WaitGroup
// before it receives:
//
//	go func() { defer wg.Done(); ch <- v }()
//	wg.Wait() // waits for Done, which waits for the receive below
//	<-ch
func (c *checker) checkOrdering(o *owner, sp spawn, sends *flow.RunCount) bool {
	if int64(sends.Max) <= o.ch.Cap || sp.g == nil {
		return false // the buffer takes the sends: Done is reached
	}
	child := sp.g.Targets[0]
	for _, wait := range waitGroupCalls(o.p, "Wait") {
		if !flow.Before(sp.at, wait) {
			continue
		}
		// Every receive of the owner comes after the Wait.
		recvs := 0
		ok := true
		for _, op := range o.parent {
			if !op.Kind.Receives() {
				continue
			}
			recvs++
			if op.Fn != o.p || !flow.Before(wait, op.Instr) {
				ok = false
			}
		}
		if !ok || recvs == 0 {
			continue
		}
		for _, done := range waitGroupCalls(child, "Done") {
			if !sameCell(wait.Common().Args[0], c.outer(sp, done.Common().Args[0])) {
				continue
			}
			_, deferred := done.(*ssa.Defer)
			for _, at := range sends.Ops {
				if at.Op.Fn != child && !deferred {
					continue
				}
				if !deferred && !flow.Before(at.Op.Instr, done) {
					continue
				}
				c.reportOrdering(o, sp, at.Op, wait, done)
				return true
			}
		}
	}
	return false
}

func (c *checker) reportOrdering(o *owner, sp spawn, send *chanmodel.Op, wait, done ssa.CallInstruction) {
	if c.reported[send.Pos] {
		return
	}
	c.reported[send.Pos] = true
	pos, end := c.m.Extent(send)
	wg := receiverText(c, wait)
	related := c.x.Makes([]*chanmodel.Chan{o.ch})
	related = append(related, c.started(sp)...)
	related = append(related,
		analysis.RelatedInformation{Pos: wait.Common().Pos(), End: wait.Common().Pos(), Message: "waits here for " + wg + ", before receiving"},
		analysis.RelatedInformation{Pos: done.Common().Pos(), End: done.Common().Pos(), Message: wg + ".Done runs only after the send"},
	)
	c.r.Report(analysis.Diagnostic{
		Pos: pos,
		End: end,
		Message: fmt.Sprintf("send on %s blocks forever: %s waits for %s (%s) before it receives, and the goroutine calls %s.Done only after this send",
			c.m.ChanName(send), explain.FuncName(o.p), wg, c.x.Short(wait.Common().Pos()), wg),
		Related: related,
	})
}

// receiverText returns the source of the WaitGroup a call is on ("wg",
// "s.wg"), or "the WaitGroup".
func receiverText(c *checker, call ssa.CallInstruction) string {
	if ce, ok := c.m.Node(call.Common().Pos()).(*ast.CallExpr); ok {
		if sel, ok := ce.Fun.(*ast.SelectorExpr); ok {
			return types.ExprString(sel.X)
		}
	}
	return "the WaitGroup"
}

// waitGroupCalls returns the calls (and defers) of (*sync.WaitGroup).name
// in the live blocks of f.
func waitGroupCalls(f *chanmodel.Func, name string) []ssa.CallInstruction {
	var out []ssa.CallInstruction
	for _, b := range f.SSA.Blocks {
		if !f.LiveBlock(b) {
			continue
		}
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isGo := instr.(*ssa.Go); isGo {
				continue
			}
			callee := call.Common().StaticCallee()
			if callee == nil {
				continue
			}
			if obj, ok := callee.Object().(*types.Func); ok && obj.FullName() == "(*sync.WaitGroup)."+name {
				out = append(out, call)
			}
		}
	}
	return out
}

// outer maps a value of the goroutine's function to the value of the owner
// it comes from: a captured variable to its binding, a parameter to the go
// statement's argument.
func (c *checker) outer(sp spawn, v ssa.Value) ssa.Value {
	gostmt, ok := sp.g.Instr.(*ssa.Go)
	if !ok {
		return nil
	}
	switch v := v.(type) {
	case *ssa.FreeVar:
		mc, ok := gostmt.Call.Value.(*ssa.MakeClosure)
		if !ok {
			return nil
		}
		for i, fv := range mc.Fn.(*ssa.Function).FreeVars {
			if fv == v {
				return mc.Bindings[i]
			}
		}
	case *ssa.Parameter:
		for i, p := range v.Parent().Params {
			if p == v && i < len(gostmt.Call.Args) {
				return gostmt.Call.Args[i]
			}
		}
	case *ssa.FieldAddr:
		if x := c.outer(sp, v.X); x != nil {
			return &fieldOf{x: x, field: v.Field}
		}
	case *ssa.Global:
		return v
	}
	return nil
}

// fieldOf stands for &x.f of an outer value x, to compare with the owner's.
type fieldOf struct {
	ssa.Value
	x     ssa.Value
	field int
}

// sameCell reports whether the owner's pointer a and the goroutine's
// pointer b (mapped to the owner by outer) denote the same variable.
func sameCell(a, b ssa.Value) bool {
	if a == nil || b == nil {
		return false
	}
	if a == b {
		return true
	}
	fa, ok1 := a.(*ssa.FieldAddr)
	fb, ok2 := b.(*fieldOf)
	return ok1 && ok2 && fa.Field == fb.field && sameCell(fa.X, fb.x)
}
