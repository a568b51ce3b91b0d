package stranded

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/chanmodel"
	"github.com/leakvet/leakvet/passes/explain"
	"github.com/leakvet/leakvet/passes/flow"
)

// checkSenders judges several goroutines that send on the channel, each
// started once (no loop), together: on some path from the entry to a
// return, the owner may start more sends than it takes. Each goroutine
// alone may look paired (one receive, one send), yet two of them on one
// path leave one behind.
func (c *checker) checkSenders(o *owner, senders []sender) {
	p, ch := o.p, o.ch
	for _, op := range o.parent {
		if op.Kind.Sends() || op.Kind == chanmodel.Close {
			return
		}
	}
	for _, op := range o.children {
		if op.Kind.Receives() {
			return
		}
	}
	recv := o.cnt.Weigh(p, flow.RoleRecv, nil, c.cfg.MaxCallDepth)
	if recv.Unknown {
		return
	}
	live := flow.ConstLive(p, nil)
	g := flow.NewGraph(p, live, recv)
	demand := make(map[*ssa.BasicBlock]int)
	for _, s := range senders {
		demand[s.sp.at.Block()] = flow.Add(demand[s.sp.at.Block()], s.sends.Max)
	}
	// Sends and receives inside a loop are beyond this count.
	for b := range demand {
		if p.InLoop(b) {
			return
		}
	}
	for b, its := range recv.Items {
		if len(its) > 0 && p.InLoop(b) {
			return
		}
	}
	// Longest path of (sends started - values taken) from the entry to a
	// return, over the condensed graph (components are numbered
	// successors first, so walk them from the top).
	n := len(g.Cyclic)
	order := g.BlocksByComp()
	const unreached = -flow.Inf
	best := make([]int, n)
	prev := make([]*ssa.BasicBlock, len(p.SSA.Blocks))
	for i := range best {
		best[i] = unreached
	}
	weight := func(b *ssa.BasicBlock) int { return demand[b] - recv.Block[b][0] }
	entry := p.SSA.Blocks[0]
	if g.Comp[entry.Index] < 0 {
		return
	}
	best[g.Comp[entry.Index]] = weight(entry)
	top, topBlock := unreached, (*ssa.BasicBlock)(nil)
	for cid := n - 1; cid >= 0; cid-- {
		if best[cid] == unreached {
			continue
		}
		for _, b := range order[cid] {
			if (p.Leaves(b) || p.MayLeave(b, -1) != nil) && best[cid] > top {
				top, topBlock = best[cid], b
			}
			for _, s := range b.Succs {
				sc := g.Comp[s.Index]
				if sc < 0 || sc == cid {
					continue
				}
				d := best[cid] - min(g.EdgeW(b, s)[0], flow.Inf/2) + weight(s)
				if d > best[sc] {
					best[sc] = d
					prev[s.Index] = b
				}
			}
		}
	}
	if topBlock == nil || top <= int(ch.Cap) {
		return
	}
	if p.ExitCall(topBlock) == nil && p.Leaves(topBlock) && p.ReturnEndsProcess(c.cfg.MaxCallDepth) {
		return // the process ends after that return
	}
	// The goroutines started on the worst path, and where it returns.
	var onPath []sender
	var path []*ssa.BasicBlock
	for b := topBlock; b != nil; b = prev[b.Index] {
		path = append(path, b)
		if b == entry {
			break
		}
	}
	for _, s := range senders {
		for _, b := range path {
			if s.sp.at.Block() == b {
				onPath = append(onPath, s)
			}
		}
	}
	if len(onPath) < 2 {
		return
	}
	last := onPath[0]
	for _, s := range onPath {
		if s.sp.at.Pos() > last.sp.at.Pos() {
			last = s
		}
	}
	var at []string
	total := 0
	for _, s := range onPath {
		at = append(at, c.x.Short(s.sp.at.Pos()))
		total += s.sends.Max
	}
	taken := total - top
	how := leaveVerb(p, flow.Step{B: topBlock})
	if ret := topBlock.Instrs[len(topBlock.Instrs)-1]; ret.Pos().IsValid() {
		how += " at " + c.x.Short(ret.Pos())
	}
	var fix *analysis.SuggestedFix
	if f := c.bufferFix(o, last.sp, last.sends, false); f != nil {
		fix = f
	}
	for _, op := range last.sends.Ops {
		if c.reported[op.Op.Pos] {
			continue
		}
		c.reported[op.Op.Pos] = true
		pos, end := c.m.Extent(op.Op)
		related := c.x.Makes([]*chanmodel.Chan{ch})
		for _, s := range onPath {
			related = append(related, c.started(s.sp)...)
		}
		d := analysis.Diagnostic{
			Pos: pos,
			End: end,
			Message: fmt.Sprintf("send on %s blocks forever: %d goroutines (%s) send %s, but %s takes only %s before it %s",
				c.m.ChanName(op.Op), len(onPath), strings.Join(at, ", "), valuesWord(total), explain.FuncName(p), valuesWord(taken), how),
			Related: related,
		}
		if fix != nil {
			d.SuggestedFixes = []analysis.SuggestedFix{*fix}
		}
		c.r.Report(d)
	}
}

func valuesWord(n int) string {
	if n == 1 {
		return "one value"
	}
	return fmt.Sprintf("%d values", n)
}
