package flow

import (
	"cmp"
	"container/heap"
	"go/constant"
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/chanmodel"
)

// Graph is the control flow of one function, weighted by the counts of
// one role, condensed into its strongly connected components.
type Graph struct {
	f      *chanmodel.Func
	live   []bool
	W      *Weights
	Comp   []int
	Cyclic []bool
	// per component: min and max count of one pass (a cycle may pass its
	// Counted blocks any number of times, or none).
	cmin, cmax []int
	// forward DP: largest count on paths from the entry into a component.
	into []int
	done bool
	// Counted reports that a counted loop's trips are in the counts.
	Counted bool
	// Cut holds edges MinSupply must not take (paths a check knows cannot
	// happen).
	Cut map[chanmodel.CFGEdge]bool
	env *CallCtx // the calling context the counts are for, or nil
	// phiEnv memoises entryPhis per loop header.
	phiEnv map[*ssa.BasicBlock]*CallCtx
	// flags are the boolean flags MinSupply carries along its paths (see
	// flags.go); flagEnv memoises the contexts binding them.
	flags   *flagSet
	flagEnv map[flagKey]*CallCtx
	// Pass, when set, holds instructions one of which a path must run
	// after the start for MinSupply to count it (block → the indexes of
	// those in it, in order): the goroutine a check follows cannot reach
	// its operation on a path that runs none of them (see stranded's
	// gates).
	Pass map[*ssa.BasicBlock][]int
	// PassEach, when positive, says that each run of a Pass instruction
	// lets the goroutine past its gate once, and each time past it makes
	// at most PassEach of the operations counted: on a path that runs
	// Pass instructions r times, the goroutine needs no more than
	// r*PassEach values taken (MinSupply counts r up to passRuns). When 0,
	// one run opens the gate for good.
	PassEach int
	// PassNeed is what the path MinSupply last returned needs taken: its
	// need, or less when PassEach bounds it.
	PassNeed int
	// Renew, when set, is the block that makes the channel anew on each
	// iteration of its loop: MinSupply ends a path that comes back to it,
	// since what follows acts on another channel.
	Renew *ssa.BasicBlock
}

func NewGraph(f *chanmodel.Func, live []bool, w *Weights) *Graph {
	return NewGraphIn(f, live, w, nil)
}

// NewGraphIn is NewGraph in a calling context: a loop bound the context
// binds to a constant counts its trips.
func NewGraphIn(f *chanmodel.Func, live []bool, w *Weights, env *CallCtx) *Graph {
	g := &Graph{f: f, live: live, W: w, env: env}
	g.Comp, g.Cyclic = chanmodel.SCCs(f.SSA, func(b *ssa.BasicBlock) bool { return live[b.Index] })
	n := len(g.Cyclic)
	g.cmin, g.cmax = make([]int, n), make([]int, n)
	for _, b := range f.SSA.Blocks {
		c := g.Comp[b.Index]
		if c < 0 {
			continue
		}
		bw := w.Block[b]
		if g.Cyclic[c] {
			if bw[1] > 0 {
				g.cmax[c] = Inf
			}
			for _, s := range b.Succs {
				if g.Comp[s.Index] == c && w.Edge[chanmodel.CFGEdge{From: b, To: s}][1] > 0 {
					g.cmax[c] = Inf
				}
			}
			continue
		}
		g.cmin[c], g.cmax[c] = bw[0], bw[1]
	}
	// A counted loop (for i := 0; i < 8; i++, for range 8) whose counted
	// blocks run on every iteration counts its trips times their weights.
	for c, cyc := range g.Cyclic {
		if cyc && g.cmax[c] >= Inf {
			if n, ok := g.countedLoop(c); ok {
				// Every counted block runs on each of the trips: exact.
				g.cmin[c], g.cmax[c] = n, n
				g.Counted = true
				continue
			}
		}
		if cyc {
			g.cmin[c] = g.minThrough(c)
		}
	}
	return g
}

// ends reports whether nothing flows out of block b: it is dead here, or
// it ends the run in its middle (see chanmodel.Func.EndsAt).
func (g *Graph) ends(b *ssa.BasicBlock) bool { return !g.live[b.Index] || g.f.EndsAt(b) != nil }

// minThrough returns the least count of one pass through the cyclic
// component c: the cheapest way from a block entering it to a block
// leaving it (a successor outside, or the end of the run). Every pass takes
// one such way, so it is a lower bound that a loop taking a value before
// its first exit does not round down to zero.
func (g *Graph) minThrough(c int) int {
	fn := g.f.SSA
	in := func(b *ssa.BasicBlock) bool { return g.Comp[b.Index] == c }
	var entries []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		if !in(b) {
			continue
		}
		entry := b == fn.Blocks[0] || b == fn.Recover
		for _, p := range b.Preds {
			if !in(p) && g.live[p.Index] {
				entry = true
			}
		}
		if entry {
			entries = append(entries, b)
		}
	}
	best := g.cheapest(c, entries, nil, false)
	// A loop whose condition lets it out only after a known number of
	// trips (for i := 0; i < n; i++ with n known) takes at least that many
	// iterations before that exit; another way out (a break, a return, a
	// t.Fatal) may come sooner.
	if len(entries) == 1 {
		h := entries[0]
		if trips, ok := constTrips(h, in, g.env, g.ends); ok && trips > 0 {
			inner := g.cheapest(c, entries, h, false)
			iter := g.cheapest(c, entries, h, true)
			if iter < Inf && trips < Inf/max(iter, 1) {
				best = min(inner, max(best, trips*iter))
			}
		}
	}
	return best
}

// cheapest returns the least count on a way through component c from one
// of the entries: to a block leaving c (skipping header's own exit when
// header is set), or, with back set, around to header again.
func (g *Graph) cheapest(c int, entries []*ssa.BasicBlock, header *ssa.BasicBlock, back bool) int {
	in := func(b *ssa.BasicBlock) bool { return g.Comp[b.Index] == c }
	dist := make(map[*ssa.BasicBlock]int)
	pq := &blockHeap{}
	for _, b := range entries {
		d := g.W.Block[b][0]
		dist[b] = d
		heap.Push(pq, qitem{b, d, nil, flagVals{}, 0})
	}
	best := Inf
	for pq.Len() > 0 {
		it := heap.Pop(pq).(qitem)
		b := it.B
		if it.d > dist[b] || it.d >= best {
			continue
		}
		leaves := !back && len(b.Succs) == 0
		for _, s := range b.Succs {
			if g.live[s.Index] && !in(s) && !back && b != header {
				leaves = true
			}
			if back && s == header {
				best = min(best, Add(it.d, g.EdgeW(b, s)[0]))
			}
		}
		if leaves {
			best = min(best, it.d)
			continue
		}
		for _, s := range b.Succs {
			if !in(s) || !g.live[s.Index] || (back && s == header) {
				continue
			}
			d := Add(Add(it.d, g.EdgeW(b, s)[0]), g.W.Block[s][0])
			if old, ok := dist[s]; ok && old <= d {
				continue
			}
			dist[s] = d
			heap.Push(pq, qitem{s, d, nil, flagVals{}, 0})
		}
	}
	if best >= Inf && !back && header == nil {
		return 0 // a loop with no way out: the run ends inside it
	}
	return best
}

// countedLoop returns how many values one pass through the cyclic
// component c counts, when c is a loop with a constant number of trips, no
// nested cycle and no exit but its condition, and every counted block or
// edge of it runs on each iteration.
func (g *Graph) countedLoop(c int) (int, bool) {
	fn := g.f.SSA
	var blocks []*ssa.BasicBlock
	var header *ssa.BasicBlock
	for _, b := range fn.Blocks {
		if g.Comp[b.Index] != c {
			continue
		}
		blocks = append(blocks, b)
		for _, p := range b.Preds {
			if g.Comp[p.Index] != c && g.live[p.Index] {
				if header != nil && header != b {
					return 0, false // several entries
				}
				header = b
			}
		}
	}
	if header == nil {
		return 0, false
	}
	trips, ok := constTrips(header, func(b *ssa.BasicBlock) bool { return g.Comp[b.Index] == c }, g.env, g.ends)
	if !ok {
		return 0, false
	}
	// No nested cycle: without the header, the loop's blocks are acyclic.
	comp, cyclic := chanmodel.SCCs(fn, func(b *ssa.BasicBlock) bool { return g.Comp[b.Index] == c && b != header && g.live[b.Index] })
	var latches []*ssa.BasicBlock
	for _, b := range blocks {
		if comp[b.Index] >= 0 && cyclic[comp[b.Index]] {
			return 0, false
		}
		for _, s := range b.Succs {
			if s == header {
				latches = append(latches, b)
			} else if g.Comp[s.Index] != c && b != header && g.live[s.Index] {
				return 0, false // an exit other than the condition (break, goto)
			}
		}
		if len(b.Succs) == 0 {
			return 0, false // a return or panic inside the loop
		}
	}
	every := func(b *ssa.BasicBlock) bool {
		for _, l := range latches {
			if !b.Dominates(l) {
				return false
			}
		}
		return true
	}
	per := 0
	for _, b := range blocks {
		if bw := g.W.Block[b]; bw[1] > 0 {
			if !every(b) || bw[0] != bw[1] {
				return 0, false
			}
			per = Add(per, bw[1])
		}
		for _, s := range b.Succs {
			if g.Comp[s.Index] == c {
				if ew := g.EdgeW(b, s); ew[1] > 0 {
					return 0, false // a select case or a range edge: not every iteration
				}
			}
		}
	}
	if per >= Inf || trips > Inf/max(per, 1) {
		return 0, false
	}
	return trips * per, true
}

// constTrips recognizes the header of a counted loop: it ends in
// if i < N (or i <= N, or i+1 < N at the end of a range-over-int body)
// where i is a phi of the header starting at a constant and stepped by +1
// inside the loop, and N is a constant.
func constTrips(header *ssa.BasicBlock, inLoop func(*ssa.BasicBlock) bool, env *CallCtx, ends func(*ssa.BasicBlock) bool) (int, bool) {
	if len(header.Instrs) == 0 {
		return 0, false
	}
	iff, ok := header.Instrs[len(header.Instrs)-1].(*ssa.If)
	if !ok || len(header.Succs) != 2 || !inLoop(header.Succs[0]) || inLoop(header.Succs[1]) {
		return 0, false
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok || (cmp.Op != token.LSS && cmp.Op != token.LEQ) {
		return 0, false
	}
	// for i := lo; i < hi; i++ tests the phi; for range hi tests the
	// stepped value at the end of the body (the first test is a guard
	// before the loop): either way, the body runs hi-lo times.
	var phi *ssa.Phi
	switch x := cmp.X.(type) {
	case *ssa.Phi:
		phi = x
	case *ssa.BinOp:
		if p, ok := x.X.(*ssa.Phi); ok && x.Op == token.ADD {
			if one, ok := intConst(x.Y); ok && one == 1 {
				phi = p
			}
		}
	}
	if phi == nil || phi.Block() != header {
		return 0, false
	}
	hi, ok := intConst(cmp.Y)
	if c := constArg(cmp.Y, env); !ok && c != nil {
		hi, ok = intConst(c)
	}
	if !ok {
		return 0, false
	}
	// The value coming back around the loop is phi+1, possibly through the
	// phis of joins inside the body; edges from blocks that end the run
	// there (t.Fatal through an interface) bring nothing back.
	var stepped func(v ssa.Value, depth int) bool
	stepped = func(v ssa.Value, depth int) bool {
		switch x := v.(type) {
		case *ssa.BinOp:
			one, ok := intConst(x.Y)
			return ok && one == 1 && x.Op == token.ADD && x.X == phi
		case *ssa.Phi:
			if depth > 4 || x == phi {
				return false
			}
			any := false
			for j, e := range x.Edges {
				if p := x.Block().Preds[j]; ends != nil && ends(p) || !inLoop(p) {
					continue
				}
				if !stepped(e, depth+1) {
					return false
				}
				any = true
			}
			return any
		}
		return false
	}
	for i, e := range phi.Edges {
		if p := header.Preds[i]; inLoop(p) && (ends == nil || !ends(p)) && !stepped(e, 0) {
			return 0, false
		}
	}
	start := entryConst(phi, inLoop, ends, nil)
	if start == nil {
		return 0, false
	}
	lo, ok := intConst(start)
	if !ok {
		return 0, false
	}
	n := hi - lo
	if cmp.Op == token.LEQ {
		n++
	}
	if n < 0 {
		n = 0
	}
	if n >= Inf {
		return 0, false
	}
	return int(n), true
}

// entryConst returns the constant phi, of a loop's header, holds on
// entering the loop: the same constant (or parameter env binds to one) on
// every edge from a predecessor outside the loop (inside says which are in
// it; skip, when set, drops predecessors that bring nothing, since they
// end the run), or nil.
func entryConst(phi *ssa.Phi, inside, skip func(*ssa.BasicBlock) bool, env *CallCtx) *ssa.Const {
	var k *ssa.Const
	for i, v := range phi.Edges {
		p := phi.Block().Preds[i]
		if inside(p) || skip != nil && skip(p) {
			continue
		}
		c := constArg(v, env)
		if c == nil || c.Value == nil || k != nil && (k.Value.Kind() != c.Value.Kind() || !constant.Compare(k.Value, token.EQL, c.Value)) {
			return nil
		}
		k = c
	}
	return k
}

func intConst(v ssa.Value) (int64, bool) {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(c.Value)
}

func (g *Graph) EdgeW(b, s *ssa.BasicBlock) [2]int {
	return g.W.Edge[chanmodel.CFGEdge{From: b, To: s}]
}

// entryToExit returns the least and the largest count over the paths from
// the entry to a return. A function that never returns counts (0, max).
func (g *Graph) EntryToExit() (lo, hi int) {
	n := len(g.Cyclic)
	if n == 0 {
		return 0, 0
	}
	dmin, dmax := make([]int, n), make([]int, n)
	reached := make([]bool, n)
	entry := g.Comp[0]
	reached[entry] = true
	dmin[entry], dmax[entry] = g.cmin[entry], g.cmax[entry]
	g.into = make([]int, n)
	// Components are numbered successors first: walk them backwards.
	order := g.BlocksByComp()
	lo, hi = Inf, 0
	anyExit := false
	for c := n - 1; c >= 0; c-- {
		if !reached[c] {
			continue
		}
		// Counting stops wherever the run ends: a return, a panic, or a
		// loop it never leaves. The least count is over the blocks that
		// leave (a return, or runtime.Goexit: see chanmodel.Func.Leaves).
		hi = max(hi, dmax[c])
		for _, b := range order[c] {
			if g.f.Leaves(b) || g.f.MayLeave(b, -1) != nil {
				anyExit = true
				lo = min(lo, dmin[c])
			}
			for _, s := range b.Succs {
				sc := g.Comp[s.Index]
				if sc < 0 || sc == c {
					continue
				}
				ew := g.EdgeW(b, s)
				mn := Add(Add(dmin[c], ew[0]), g.cmin[sc])
				mx := Add(Add(dmax[c], ew[1]), g.cmax[sc])
				in := Add(dmax[c], ew[1])
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
func (g *Graph) MaxBefore(b *ssa.BasicBlock) int {
	if !g.done {
		g.EntryToExit()
	}
	c := g.Comp[b.Index]
	if c < 0 {
		return 0
	}
	if g.Cyclic[c] && g.cmax[c] > 0 {
		return Inf
	}
	return g.into[c]
}

func (g *Graph) BlocksByComp() [][]*ssa.BasicBlock {
	out := make([][]*ssa.BasicBlock, len(g.Cyclic))
	for _, b := range g.f.SSA.Blocks {
		if c := g.Comp[b.Index]; c >= 0 {
			out[c] = append(out[c], b)
		}
	}
	return out
}

// SupplyMode says how receive loops count toward what goroutines need.
type SupplyMode uint8

const (
	// Counted: the goroutines send a bounded number of values (possibly
	// one per iteration of a loop). A receive loop left through its own
	// condition is assumed to take them all; a loop left by break, return
	// or goto takes as many as it ran.
	Counted SupplyMode = iota
	// Stream: a goroutine sends without bound. Leaving a loop of plain
	// receives counts as draining (the sender may have sent its last value,
	// a sentinel); leaving a range or select loop early does not.
	Stream
)

// Step is one block on a witness path, with the edge taken into it.
type Step struct {
	B    *ssa.BasicBlock
	From *ssa.BasicBlock
	// End, on the last step, is the call at which the goroutine may end in
	// B (require.NoError failing: see chanmodel.Func.MayLeave), when the
	// path ends there rather than at B's end.
	End *ssa.Call
}

// MinSupply returns the fewest values the function can take on any path
// from just after instruction start to a return (or, with Renew set, back
// to the block that makes a new channel), capped at need, and the path that
// achieves it (start block first; a path ending at Renew has it last).
func (g *Graph) MinSupply(start ssa.Instruction, need int, mode SupplyMode) (int, []Step) {
	f := g.f
	b0 := start.Block()
	startIdx := IndexOf(b0, start)
	inBlock := func(it Item) bool {
		return it.Op == nil || it.Op.Remote != nil || (it.Op.Select == nil && it.Op.Kind != chanmodel.Range)
	}
	first := 0
	for _, it := range g.W.Items[b0] {
		if it.Index > startIdx && inBlock(it) {
			first = Add(first, it.Min)
		}
	}
	// The search is over states: a block, and the loop (its header) whose
	// first iteration the path is in, if any. On a first iteration each
	// phi of the header holds the value it enters with, so a branch on it
	// (if i == 0 { close(started) } in for i := range n; an iter == 0 flag)
	// is decided rather than taken both ways.
	//
	// A state also holds the values of the function's flags (flags.go)
	// as the path set them, so a branch on one is decided too.
	//
	// With Pass set, a state also says how many of its instructions the
	// path ran before entering the block (once, or with PassEach up to
	// rmax times: more would not change what it needs).
	type state struct {
		b, first *ssa.BasicBlock
		flags    flagVals
		passed   uint8
	}
	rmax := 1
	if g.PassEach > 0 {
		rmax = passRuns
		if need < Inf {
			rmax = min(passRuns, (need+g.PassEach-1)/g.PassEach)
		}
	}
	// runs returns how many Pass instructions a path in state st has run
	// by index end of its block (rmax at most; rmax without Pass).
	runs := func(st state, end int) int {
		if g.Pass == nil {
			return rmax
		}
		r := int(st.passed)
		for _, i := range g.Pass[st.b] {
			if i < end && (st.b != b0 || i > startIdx) {
				r++
			}
		}
		return min(r, rmax)
	}
	passes := func(st state, end int) bool { return runs(st, end) > 0 }
	// needed returns what a path that ran r Pass instructions needs.
	needed := func(r int) int {
		if g.PassEach > 0 && g.Pass != nil {
			return min(need, r*g.PassEach)
		}
		return need
	}
	g.flags = boolFlags(f.SSA)
	// into holds the supply on entering a state, on the path dist keeps.
	into := map[state]int{{b0, nil, g.flags.at(b0), 0}: 0}
	// endsAt gives the supply of a path whose goroutine ends at call, in
	// block b (or at b's end when call is nil), reached with supply d
	// counting all of b: what b takes after the call never happens.
	endsAt := func(st state, d int, call ssa.Instruction) int {
		if call == nil {
			return d
		}
		b := st.b
		idx := IndexOf(b, call)
		s := into[st]
		for _, it := range g.W.Items[b] {
			if it.Index < idx && inBlock(it) && (b != b0 || it.Index > startIdx) {
				s = Add(s, it.Min)
			}
		}
		return min(s, d, need)
	}
	// Exits of loops that drain the channel: a loop left when a counter
	// says so is taken to receive every value (the count matches the
	// senders'); so is the guard that skips such a loop when it would run
	// zero times. A plain receive loop left otherwise may have met a
	// sentinel (in stream mode, every exit of such a loop drains).
	drained := make(map[chanmodel.CFGEdge]bool)
	for id, plain := range g.W.DrainLoops {
		headers, exits := f.LoopExits(id)
		done := make(map[*ssa.BasicBlock]bool)
		for _, e := range exits {
			switch {
			case mode == Stream && plain:
				drained[e] = true
			case e.To != nil && CountedExit(f, id, e.From):
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
		return Add(g.EdgeW(b, s)[0], g.W.Block[s][0])
	}

	dist := make(map[state]int)
	prev := make(map[state]state)
	pq := &blockHeap{}
	st0 := state{b0, nil, g.flags.at(b0), 0}
	dist[st0] = min(first, need)
	heap.Push(pq, qitem{b0, dist[st0], nil, st0.flags, 0})
	// The path kept is the one whose supply falls shortest of what it
	// needs (need - supply, or less with PassEach).
	best, bestNeed, bestState, found, renewed := need, need, state{}, false, false
	better := func(d, n int) bool { return n-d > bestNeed-best }
	var endCall *ssa.Call
	for pq.Len() > 0 {
		it := heap.Pop(pq).(qitem)
		st := state{it.B, it.first, it.flags, it.passed}
		if it.d > dist[st] {
			continue
		}
		b := it.B
		after := -1
		if b == b0 {
			after = startIdx // what runs before the start is not on the path
		}
		if call := g.f.MayLeave(b, after); call != nil && passes(st, IndexOf(b, call)) {
			// The goroutine may end here (require.NoError failing), or go on.
			if d, n := endsAt(st, it.d, call), needed(runs(st, IndexOf(b, call))); better(d, n) {
				best, bestNeed, bestState, found, renewed, endCall = d, n, st, true, false, call
			}
		}
		if g.f.Leaves(b) {
			if end := g.f.ExitCall(b); b == b0 && end != nil && IndexOf(b, end) < startIdx {
				continue // the block ends before the start: the start never runs
			}
			end := len(b.Instrs)
			if call := g.f.ExitCall(b); call != nil {
				end = IndexOf(b, call)
			}
			if !passes(st, end) {
				continue
			}
			if d, n := endsAt(st, it.d, g.f.ExitCall(b)), needed(runs(st, end)); better(d, n) {
				best, bestNeed, bestState, found, renewed, endCall = d, n, st, true, false, nil
			}
			continue
		}
		if it.d >= need || needed(rmax)-it.d <= bestNeed-best {
			continue // it cannot fall shorter than the path kept
		}
		if len(b.Succs) == 0 && mode == Stream && drained[chanmodel.CFGEdge{From: b}] {
			continue
		}
		succs := g.successors(b, st.first, st.flags)
		for _, s := range succs {
			if !g.live[s.Index] || g.Cut[chanmodel.CFGEdge{From: b, To: s}] {
				continue
			}
			if s == g.Renew {
				if !passes(st, len(b.Instrs)) {
					continue
				}
				if d, n := min(Add(it.d, g.EdgeW(b, s)[0]), need), needed(runs(st, len(b.Instrs))); better(d, n) {
					best, bestNeed, bestState, found, renewed, endCall = d, n, st, true, true, nil
				}
				continue
			}
			next := state{s, st.first, g.flags.step(b, s, st.flags), 0}
			if g.Pass != nil {
				next.passed = uint8(runs(st, len(b.Instrs)))
			}
			switch {
			case s.Dominates(b): // a back edge: that loop's first iteration is over
				if st.first == s {
					next.first = nil
				}
			case isHeader(s): // entering a loop: its first iteration
				next.first = s
			}
			d := min(Add(it.d, cost(b, s)), need)
			if old, ok := dist[next]; ok && old <= d {
				continue
			}
			dist[next] = d
			prev[next] = st
			if drained[chanmodel.CFGEdge{From: b, To: s}] {
				into[next] = need
			} else {
				into[next] = min(Add(it.d, g.EdgeW(b, s)[0]), need)
			}
			heap.Push(pq, qitem{s, d, next.first, next.flags, next.passed})
		}
	}
	g.PassNeed = need
	if !found {
		return need, nil
	}
	g.PassNeed = bestNeed
	var path []Step
	for cur := bestState; ; {
		p, ok := prev[cur]
		step := Step{B: cur.b}
		if ok {
			step.From = p.b
		}
		path = append(path, step)
		if !ok || cur == st0 {
			break
		}
		cur = p
	}
	slices.Reverse(path)
	path[len(path)-1].End = endCall
	if renewed {
		path = append(path, Step{B: g.Renew, From: bestState.b})
	}
	return best, path
}

// isHeader reports whether b is the header of a loop: the target of a back
// edge, from a block it dominates.
func isHeader(b *ssa.BasicBlock) bool {
	for _, p := range b.Preds {
		if b.Dominates(p) {
			return true
		}
	}
	return false
}

// successors returns the successors block b can go on to: a branch on
// constants (and the constant arguments of the calling context) is
// decided, and so, on the first iteration of the loop headed by first, is
// a branch on the header's phis, each holding the constant it enters the
// loop with (when it enters with one), and a branch on a flag the path
// set (flags.go).
func (g *Graph) successors(b, first *ssa.BasicBlock, flags flagVals) []*ssa.BasicBlock {
	if len(b.Succs) != 2 {
		return b.Succs
	}
	if taken, ok := g.flags.guardOf(b, flags); ok {
		// The path tested this guard before: the same way again.
		if taken {
			return b.Succs[:1]
		}
		return b.Succs[1:]
	}
	env := g.env
	if first != nil {
		if e := g.entryPhis(first); e != nil {
			env = e
		}
	}
	if flags != (flagVals{}) {
		k := flagKey{env, flags}
		e, ok := g.flagEnv[k]
		if !ok {
			e = g.flags.bind(env, flags)
			if g.flagEnv == nil {
				g.flagEnv = make(map[flagKey]*CallCtx)
			}
			g.flagEnv[k] = e
		}
		env = e
	}
	if v, ok := decide(b, env); ok {
		if v {
			return b.Succs[:1]
		}
		return b.Succs[1:]
	}
	return b.Succs
}

// entryPhis returns the calling context of the graph with, in addition,
// each phi of header bound to the constant it has on entering the loop
// (the same on every entry), or nil when no phi enters with a constant.
func (g *Graph) entryPhis(header *ssa.BasicBlock) *CallCtx {
	if env, ok := g.phiEnv[header]; ok {
		return env
	}
	env := g.bindEntryPhis(header)
	if g.phiEnv == nil {
		g.phiEnv = make(map[*ssa.BasicBlock]*CallCtx)
	}
	g.phiEnv[header] = env
	return env
}

func (g *Graph) bindEntryPhis(header *ssa.BasicBlock) *CallCtx {
	var phis map[*ssa.Phi]*ssa.Const
	back := func(p *ssa.BasicBlock) bool { return header.Dominates(p) } // a back edge comes from inside
	for _, instr := range header.Instrs {
		phi, ok := instr.(*ssa.Phi)
		if !ok {
			break
		}
		if k := entryConst(phi, back, nil, g.env); k != nil {
			if phis == nil {
				phis = make(map[*ssa.Phi]*ssa.Const)
			}
			phis[phi] = k
		}
	}
	if phis == nil {
		return nil
	}
	env := &CallCtx{consts: map[*ssa.Parameter]*ssa.Const{}, chans: map[*ssa.Parameter][]*chanmodel.Chan{}, phis: phis}
	if g.env != nil {
		env.consts, env.chans, env.notPanicking = g.env.consts, g.env.chans, g.env.notPanicking
	}
	return env
}

type qitem struct {
	B     *ssa.BasicBlock
	d     int
	first *ssa.BasicBlock // MinSupply: the loop whose first iteration this is
	flags flagVals        // MinSupply: the flags as the path set them
	// passed (MinSupply): how many instructions of Graph.Pass the path ran.
	passed uint8
}

// passRuns bounds how many runs of Graph.Pass instructions MinSupply
// counts on a path.
const passRuns = 16

// flagKey keys the contexts binding flags: the context they extend, and
// their values.
type flagKey struct {
	env   *CallCtx
	flags flagVals
}

type blockHeap []qitem

func (h blockHeap) Len() int { return len(h) }
func (h blockHeap) Less(i, j int) bool {
	if h[i].d != h[j].d {
		return h[i].d < h[j].d
	}
	if h[i].B.Index != h[j].B.Index {
		return h[i].B.Index < h[j].B.Index
	}
	return firstIndex(h[i].first) < firstIndex(h[j].first)
}

func firstIndex(b *ssa.BasicBlock) int {
	if b == nil {
		return -1
	}
	return b.Index
}
func (h blockHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *blockHeap) Push(x any)   { *h = append(*h, x.(qitem)) }
func (h *blockHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func sortItems(its []Item) {
	slices.SortStableFunc(its, func(a, b Item) int { return cmp.Compare(a.Index, b.Index) })
}

func sortOpAts(ops []OpAt) {
	slices.SortStableFunc(ops, func(a, b OpAt) int { return cmp.Compare(a.Op.Pos, b.Op.Pos) })
}

// CountedExit reports whether leaving loop id from block b is decided by a
// Counter: a comparison of an integer that the loop steps (a phi of the
// loop, or such a phi plus or minus something). Such a loop is taken to
// stop after the expected number of values.
func CountedExit(f *chanmodel.Func, id int, b *ssa.BasicBlock) bool {
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
