package stranded

import (
	"cmp"
	"container/heap"
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/chanmodel"
)

// graph is the control flow of one function, weighted by the counts of
// one role, condensed into its strongly connected components.
type graph struct {
	f      *chanmodel.Func
	live   []bool
	w      *weights
	comp   []int
	cyclic []bool
	// per component: min and max count of one pass (a cycle may pass its
	// counted blocks any number of times, or none).
	cmin, cmax []int
	// forward DP: largest count on paths from the entry into a component.
	into []int
	done bool
}

func newGraph(f *chanmodel.Func, live []bool, w *weights) *graph {
	g := &graph{f: f, live: live, w: w}
	g.comp, g.cyclic = chanmodel.SCCs(f.SSA, func(b *ssa.BasicBlock) bool { return live[b.Index] })
	n := len(g.cyclic)
	g.cmin, g.cmax = make([]int, n), make([]int, n)
	for _, b := range f.SSA.Blocks {
		c := g.comp[b.Index]
		if c < 0 {
			continue
		}
		bw := w.block[b]
		if g.cyclic[c] {
			if bw[1] > 0 {
				g.cmax[c] = inf
			}
			for _, s := range b.Succs {
				if g.comp[s.Index] == c && w.edge[chanmodel.CFGEdge{From: b, To: s}][1] > 0 {
					g.cmax[c] = inf
				}
			}
			continue
		}
		g.cmin[c], g.cmax[c] = bw[0], bw[1]
	}
	return g
}

func (g *graph) edgeW(b, s *ssa.BasicBlock) [2]int {
	return g.w.edge[chanmodel.CFGEdge{From: b, To: s}]
}

// isExit reports whether b returns to the caller.
func isExit(b *ssa.BasicBlock) bool {
	if len(b.Instrs) == 0 {
		return false
	}
	_, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
	return ok
}

// entryToExit returns the least and the largest count over the paths from
// the entry to a return. A function that never returns counts (0, max).
func (g *graph) entryToExit() (lo, hi int) {
	n := len(g.cyclic)
	if n == 0 {
		return 0, 0
	}
	dmin, dmax := make([]int, n), make([]int, n)
	reached := make([]bool, n)
	entry := g.comp[0]
	reached[entry] = true
	dmin[entry], dmax[entry] = g.cmin[entry], g.cmax[entry]
	g.into = make([]int, n)
	// Components are numbered successors first: walk them backwards.
	order := g.blocksByComp()
	lo, hi = inf, 0
	anyExit := false
	for c := n - 1; c >= 0; c-- {
		if !reached[c] {
			continue
		}
		// Counting stops wherever the run ends: a return, a panic, or a
		// loop it never leaves. The least count is over returns only.
		hi = max(hi, dmax[c])
		for _, b := range order[c] {
			if isExit(b) {
				anyExit = true
				lo = min(lo, dmin[c])
			}
			for _, s := range b.Succs {
				sc := g.comp[s.Index]
				if sc < 0 || sc == c {
					continue
				}
				ew := g.edgeW(b, s)
				mn := add(add(dmin[c], ew[0]), g.cmin[sc])
				mx := add(add(dmax[c], ew[1]), g.cmax[sc])
				in := add(dmax[c], ew[1])
				if !reached[sc] {
					reached[sc] = true
					dmin[sc], dmax[sc], g.into[sc] = mn, mx, in
					continue
				}
				dmin[sc], dmax[sc], g.into[sc] = min(dmin[sc], mn), max(dmax[sc], mx), max(g.into[sc], in)
			}
		}
	}
	g.done = true
	if !anyExit {
		return 0, hi
	}
	return lo, hi
}

// maxBefore returns the largest count on paths from the entry into b,
// not counting b itself.
func (g *graph) maxBefore(b *ssa.BasicBlock) int {
	if !g.done {
		g.entryToExit()
	}
	c := g.comp[b.Index]
	if c < 0 {
		return 0
	}
	if g.cyclic[c] && g.cmax[c] > 0 {
		return inf
	}
	return g.into[c]
}

func (g *graph) blocksByComp() [][]*ssa.BasicBlock {
	out := make([][]*ssa.BasicBlock, len(g.cyclic))
	for _, b := range g.f.SSA.Blocks {
		if c := g.comp[b.Index]; c >= 0 {
			out[c] = append(out[c], b)
		}
	}
	return out
}

// supplyMode says how receive loops count toward what goroutines need.
type supplyMode uint8

const (
	// counted: the goroutines send a bounded number of values (possibly
	// one per iteration of a loop). A receive loop left through its own
	// condition is assumed to take them all; a loop left by break, return
	// or goto takes as many as it ran.
	counted supplyMode = iota
	// stream: a goroutine sends without bound. Leaving a loop of plain
	// receives counts as draining (the sender may have sent its last value,
	// a sentinel); leaving a range or select loop early does not.
	stream
)

// step is one block on a witness path, with the edge taken into it.
type step struct {
	b    *ssa.BasicBlock
	from *ssa.BasicBlock
}

// minSupply returns the fewest values the function can take on any path
// from just after instruction start to a return, capped at need, and the
// path that achieves it (start block first).
func (g *graph) minSupply(start ssa.Instruction, need int, mode supplyMode) (int, []step) {
	f := g.f
	b0 := start.Block()
	startIdx := indexOf(b0, start)
	first := 0
	for _, it := range g.w.items[b0] {
		if it.index > startIdx && (it.op == nil || (it.op.Select == nil && it.op.Kind != chanmodel.Range)) {
			first = add(first, it.min)
		}
	}
	// Exits of loops that drain the channel: a loop left when a counter
	// says so is taken to receive every value (the count matches the
	// senders'); so is the guard that skips such a loop when it would run
	// zero times. A plain receive loop left otherwise may have met a
	// sentinel (in stream mode, every exit of such a loop drains).
	drained := make(map[chanmodel.CFGEdge]bool)
	for id, plain := range g.w.drainLoops {
		headers, exits := f.LoopExits(id)
		done := make(map[*ssa.BasicBlock]bool)
		for _, e := range exits {
			switch {
			case mode == stream && plain:
				drained[e] = true
			case e.To != nil && countedExit(f, id, e.From):
				drained[e] = true
				done[e.To] = true
			}
		}
		for _, h := range headers {
			for _, p := range h.Preds {
				if f.Loop(p) == id {
					continue
				}
				for _, s := range p.Succs {
					if done[s] {
						drained[chanmodel.CFGEdge{From: p, To: s}] = true
					}
				}
			}
		}
	}
	cost := func(b, s *ssa.BasicBlock) int {
		if drained[chanmodel.CFGEdge{From: b, To: s}] {
			return need
		}
		return add(g.edgeW(b, s)[0], g.w.block[s][0])
	}

	dist := make(map[*ssa.BasicBlock]int)
	prev := make(map[*ssa.BasicBlock]*ssa.BasicBlock)
	pq := &blockHeap{}
	dist[b0] = min(first, need)
	heap.Push(pq, qitem{b0, dist[b0]})
	best, bestBlock := need, (*ssa.BasicBlock)(nil)
	for pq.Len() > 0 {
		it := heap.Pop(pq).(qitem)
		if it.d > dist[it.b] || it.d >= best {
			continue
		}
		b := it.b
		if isExit(b) {
			best, bestBlock = it.d, b
			continue
		}
		if len(b.Succs) == 0 && mode == stream && drained[chanmodel.CFGEdge{From: b}] {
			continue
		}
		for _, s := range b.Succs {
			if !g.live[s.Index] {
				continue
			}
			d := min(add(it.d, cost(b, s)), need)
			if old, ok := dist[s]; ok && old <= d {
				continue
			}
			dist[s] = d
			prev[s] = b
			heap.Push(pq, qitem{s, d})
		}
	}
	if bestBlock == nil {
		return need, nil
	}
	var path []step
	for b := bestBlock; b != nil; b = prev[b] {
		path = append(path, step{b: b, from: prev[b]})
		if b == b0 {
			break
		}
	}
	slices.Reverse(path)
	return best, path
}

type qitem struct {
	b *ssa.BasicBlock
	d int
}

type blockHeap []qitem

func (h blockHeap) Len() int { return len(h) }
func (h blockHeap) Less(i, j int) bool {
	if h[i].d != h[j].d {
		return h[i].d < h[j].d
	}
	return h[i].b.Index < h[j].b.Index
}
func (h blockHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *blockHeap) Push(x any)   { *h = append(*h, x.(qitem)) }
func (h *blockHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func sortItems(its []item) {
	slices.SortStableFunc(its, func(a, b item) int { return cmp.Compare(a.index, b.index) })
}

func sortOpAts(ops []opAt) {
	slices.SortStableFunc(ops, func(a, b opAt) int { return cmp.Compare(a.op.Pos, b.op.Pos) })
}

// countedExit reports whether leaving loop id from block b is decided by a
// counter: a comparison of an integer that the loop steps (a phi of the
// loop, or such a phi plus or minus something). Such a loop is taken to
// stop after the expected number of values.
func countedExit(f *chanmodel.Func, id int, b *ssa.BasicBlock) bool {
	if len(b.Instrs) == 0 {
		return false
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	cond, ok := iff.Cond.(*ssa.BinOp)
	if !ok {
		return false
	}
	var stepped func(v ssa.Value, depth int) bool
	stepped = func(v ssa.Value, depth int) bool {
		switch v := v.(type) {
		case *ssa.Phi:
			return f.Loop(v.Block()) == id
		case *ssa.BinOp:
			if depth > 0 && (v.Op == token.ADD || v.Op == token.SUB) {
				return stepped(v.X, depth-1) || stepped(v.Y, depth-1)
			}
		case *ssa.UnOp:
			// A counter captured by a closure lives in memory.
			if v.Op == token.MUL {
				if a, ok := v.X.(*ssa.Alloc); ok {
					for _, r := range *a.Referrers() {
						if st, ok := r.(*ssa.Store); ok && f.Loop(st.Block()) == id {
							return true
						}
					}
				}
			}
		}
		return false
	}
	switch cond.Op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		return stepped(cond.X, 2) || stepped(cond.Y, 2)
	}
	return false
}
