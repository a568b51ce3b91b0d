package chanmodel

import (
	"go/types"
	"slices"

	"golang.org/x/tools/container/intsets"
	"golang.org/x/tools/go/ssa"
)

// The solver is a small inclusion-based (Andersen-style) points-to analysis
// over the package. Abstract objects are channels (one per make site), the
// nil channel, functions, memory cells and "unknown"; nodes are SSA values,
// function results and the contents of cells. Everything code outside the
// package may hold flows into the universe node U: an object that reaches U
// has escaped, and reading unknown memory yields U's objects.

type nodeID int32
type objID int32

const (
	nodeU      nodeID = 0 // the universe: what unknown code may hold
	nodeR      nodeID = 2 // what the package's API returns to its callers
	objUnknown objID  = 0
	objNil     objID  = 1
)

type objKind uint8

const (
	kUnknown objKind = iota
	kNil
	kChan
	kFunc
	kCell
)

type cellKind uint8

const (
	cellAny  cellKind = iota // filter: any cell
	cellVar                  // a variable, global or struct field: holds one value
	cellElem                 // the elements of a slice, array or map
	cellKey                  // the keys of a map
)

type object struct {
	kind     objKind
	cell     cellKind
	ch       *Chan
	fn       *ssa.Function
	contents nodeID
	escaped  bool
	// escapedOther: it escapes other than by being returned by the
	// package's API (facts tell importers about returned channels).
	escapedOther bool
}

type conKind uint8

const (
	conLoad     conKind = iota // dst ⊇ contents(o) for cells o
	conStore                   // contents(o) ⊇ src for cells o
	conRecv                    // dst ⊇ elements(o) for channels o
	conSend                    // elements(o) ⊇ src for channels o
	conCall                    // o is a callee
	conEscape                  // o escapes (only on U)
	conReturned                // o escapes by being returned to unknown callers (only on R)
)

type constraint struct {
	kind   conKind
	n      nodeID // dst for load/recv, src for store/send
	filter cellKind
	site   *callSite
}

// callSite is a call whose callee is a value (a closure, a method value, a
// function from a cell) or a callback handed to a known library function.
type callSite struct {
	instr       ssa.Instruction
	caller      *Func
	args        []nodeID // -1 when the argument is not tracked
	results     []nodeID // per result; -1 when not tracked
	kind        EdgeKind
	argsUnknown bool // a callback: its arguments come from unknown code
	external    bool // the callee may be code outside the package
	once        bool // a callback run at most once
}

type node struct {
	pts    intsets.Sparse
	done   intsets.Sparse
	succs  []nodeID
	cons   []constraint
	queued bool
}

type valKey struct {
	v ssa.Value
	i int // tuple index, or -1
}

type resKey struct {
	fn *ssa.Function
	i  int
}

type solver struct {
	b       *builder
	nodes   []*node
	objs    []*object
	vals    map[valKey]nodeID
	results map[resKey]nodeID
	cells   map[any]objID
	funcs   map[*ssa.Function]objID
	chans   map[*ssa.MakeChan]objID
	edges   map[[2]nodeID]bool
	work    []nodeID
	tracked map[types.Type]bool
	// remoteChans are the channels made by functions of other packages,
	// one per call.
	remoteChans map[objID]*Chan
}

func newSolver(b *builder) *solver {
	s := &solver{
		b:       b,
		vals:    make(map[valKey]nodeID),
		results: make(map[resKey]nodeID),
		cells:   make(map[any]objID),
		funcs:   make(map[*ssa.Function]objID),
		chans:   make(map[*ssa.MakeChan]objID),
		edges:   make(map[[2]nodeID]bool),
		tracked: make(map[types.Type]bool),

		remoteChans: make(map[objID]*Chan),
	}
	u := s.newNode() // nodeU
	s.objs = append(s.objs, &object{kind: kUnknown, contents: u}, &object{kind: kNil, contents: s.newNode()})
	s.newNode() // nodeR
	s.addObj(nodeU, objUnknown)
	s.addConstraint(nodeU, constraint{kind: conEscape})
	s.addConstraint(nodeR, constraint{kind: conReturned})
	return s
}

func (s *solver) newNode() nodeID {
	s.nodes = append(s.nodes, &node{})
	return nodeID(len(s.nodes) - 1)
}

func (s *solver) newObj(o *object) objID {
	s.objs = append(s.objs, o)
	return objID(len(s.objs) - 1)
}

// chanObj returns the object of a make site.
func (s *solver) chanObj(mk *ssa.MakeChan, ch *Chan) objID {
	if id, ok := s.chans[mk]; ok {
		return id
	}
	id := s.newObj(&object{kind: kChan, ch: ch, contents: s.newNode()})
	s.chans[mk] = id
	return id
}

// runtimeObj returns the object standing for the channels of one kind
// the runtime makes and feeds. It counts as escaped from the start.
func (s *solver) runtimeObj(rc runtimeChan) objID {
	key := runtimeKey{rc.source}
	if id, ok := s.cells[key]; ok {
		return id
	}
	ch := &Chan{Source: rc.source, NeverClosed: rc.neverClosed, Cap: -1, Escaped: true}
	id := s.newObj(&object{kind: kChan, ch: ch, contents: s.newNode(), escaped: true})
	s.cells[key] = id
	return id
}

type runtimeKey struct{ source string }

// runtimeCell returns a cell holding such a channel (a library struct's
// field).
func (s *solver) runtimeCell(rc runtimeChan) objID {
	key := runtimeCellKey{rc.source}
	if id, ok := s.cells[key]; ok {
		return id
	}
	id := s.newObj(&object{kind: kCell, cell: cellVar, contents: s.newNode(), escaped: true})
	s.cells[key] = id
	s.addObj(s.objs[id].contents, s.runtimeObj(rc))
	return id
}

type runtimeCellKey struct{ source string }

// paramObj returns the object standing for the channel passed as
// parameter p of f: what the summary of f describes.
func (s *solver) paramObj(p *ssa.Parameter, f *Func) objID {
	key := paramKey{p}
	if id, ok := s.cells[key]; ok {
		return id
	}
	ch := &Chan{Param: p, Fn: f, Cap: -1, Elem: chanElem(p.Type())}
	id := s.newObj(&object{kind: kChan, ch: ch, contents: s.newNode()})
	s.cells[key] = id
	return id
}

type paramKey struct{ p *ssa.Parameter }

// funcObj returns the object of a package function.
func (s *solver) funcObj(fn *ssa.Function) objID {
	if id, ok := s.funcs[fn]; ok {
		return id
	}
	id := s.newObj(&object{kind: kFunc, fn: fn})
	s.funcs[fn] = id
	return id
}

// cellObj returns the cell object for key, creating it with zero contents
// of type t (the nil channel when t is a channel type).
func (s *solver) cellObj(key any, kind cellKind, t types.Type) objID {
	if id, ok := s.cells[key]; ok {
		return id
	}
	id := s.newObj(&object{kind: kCell, cell: kind, contents: s.newNode()})
	s.cells[key] = id
	if t != nil && isChan(t) {
		s.addObj(s.objs[id].contents, objNil)
	}
	return id
}

// node returns the node of value v (tuple element i, or -1).
func (s *solver) node(v ssa.Value, i int) nodeID {
	k := valKey{v, i}
	if n, ok := s.vals[k]; ok {
		return n
	}
	n := s.newNode()
	s.vals[k] = n
	s.b.initValue(v, n)
	return n
}

// lookup returns the node of v if it has one.
func (s *solver) lookup(v ssa.Value, i int) (nodeID, bool) {
	n, ok := s.vals[valKey{v, i}]
	return n, ok
}

func (s *solver) result(fn *ssa.Function, i int) nodeID {
	k := resKey{fn, i}
	if n, ok := s.results[k]; ok {
		return n
	}
	n := s.newNode()
	s.results[k] = n
	return n
}

func (s *solver) push(n nodeID) {
	if nd := s.nodes[n]; !nd.queued {
		nd.queued = true
		s.work = append(s.work, n)
	}
}

func (s *solver) addObj(n nodeID, o objID) {
	if s.nodes[n].pts.Insert(int(o)) {
		s.push(n)
	}
}

func (s *solver) addEdge(from, to nodeID) {
	if from == to || from < 0 || to < 0 {
		return
	}
	k := [2]nodeID{from, to}
	if s.edges[k] {
		return
	}
	s.edges[k] = true
	f := s.nodes[from]
	f.succs = append(f.succs, to)
	if s.nodes[to].pts.UnionWith(&f.done) {
		s.push(to)
	}
}

func (s *solver) addConstraint(n nodeID, c constraint) {
	nd := s.nodes[n]
	nd.cons = append(nd.cons, c)
	if nd.done.IsEmpty() {
		return
	}
	var objs []int
	objs = nd.done.AppendTo(objs)
	for _, o := range objs {
		s.apply(c, objID(o))
	}
}

// solve runs the worklist to a fixed point.
func (s *solver) solve() {
	var delta intsets.Sparse
	var objs []int
	for len(s.work) > 0 {
		n := s.work[0]
		s.work = s.work[1:]
		nd := s.nodes[n]
		nd.queued = false
		delta.Difference(&nd.pts, &nd.done)
		if delta.IsEmpty() {
			continue
		}
		nd.done.UnionWith(&delta)
		for _, succ := range nd.succs {
			if s.nodes[succ].pts.UnionWith(&delta) {
				s.push(succ)
			}
		}
		objs = delta.AppendTo(objs[:0])
		// Constraints may be appended while we apply them: index, don't range.
		for i := 0; i < len(nd.cons); i++ {
			c := nd.cons[i]
			for _, o := range objs {
				s.apply(c, objID(o))
			}
		}
	}
}

func (s *solver) apply(c constraint, o objID) {
	obj := s.objs[o]
	switch c.kind {
	case conLoad:
		switch {
		case obj.kind == kUnknown:
			s.addEdge(nodeU, c.n)
		case obj.kind == kCell && (c.filter == cellAny || c.filter == obj.cell):
			s.addEdge(obj.contents, c.n)
		}
	case conStore:
		switch {
		case obj.kind == kUnknown:
			s.addEdge(c.n, nodeU)
		case obj.kind == kCell && (c.filter == cellAny || c.filter == obj.cell):
			s.addEdge(c.n, obj.contents)
		}
	case conRecv:
		switch obj.kind {
		case kUnknown:
			s.addEdge(nodeU, c.n)
		case kChan:
			s.addEdge(obj.contents, c.n)
		}
	case conSend:
		switch obj.kind {
		case kUnknown:
			s.addEdge(c.n, nodeU)
		case kChan:
			s.addEdge(c.n, obj.contents)
		}
	case conCall:
		switch obj.kind {
		case kUnknown:
			for _, a := range c.site.args {
				s.addEdge(a, nodeU)
			}
			for _, r := range c.site.results {
				s.addEdge(nodeU, r)
			}
			c.site.external = true
		case kFunc:
			s.b.wire(c.site, s.b.funcOf(obj.fn))
		}
	case conEscape:
		s.escape(o)
		s.objs[o].escapedOther = true
	case conReturned:
		s.escape(o)
	}
}

// escape records that object o reaches code the model cannot see.
func (s *solver) escape(o objID) {
	obj := s.objs[o]
	if obj.escaped {
		return
	}
	obj.escaped = true
	switch obj.kind {
	case kChan, kCell:
		// Unknown code may take what it holds and put anything in it.
		s.addEdge(obj.contents, nodeU)
		s.addEdge(nodeU, obj.contents)
	case kFunc:
		s.b.escapeFunc(s.b.funcOf(obj.fn))
	}
}

// havoc links v both ways with the universe.
func (s *solver) havoc(n nodeID) {
	s.addEdge(n, nodeU)
	s.addEdge(nodeU, n)
}

// targets returns what channel value v may hold.
func (s *solver) targets(v ssa.Value) Targets {
	var t Targets
	n, ok := s.lookup(v, -1)
	if !ok {
		t.Unknown, t.Unresolved = true, true
		return t
	}
	s.fill(&t, &s.nodes[n].pts)
	// What local value flow shows is one object (local.go).
	if mk := LocalMake(v); mk != nil {
		for _, ch := range t.Chans {
			if ch.Make == mk {
				return Targets{Chans: []*Chan{ch}}
			}
		}
	}
	return t
}

func (s *solver) fill(t *Targets, pts *intsets.Sparse) {
	var objs []int
	for _, o := range pts.AppendTo(objs) {
		obj := s.objs[o]
		switch obj.kind {
		case kUnknown:
			t.Unknown = true
		case kNil:
			t.Nil = true
		case kChan:
			if obj.ch.Param != nil {
				t.Params = append(t.Params, obj.ch)
			} else {
				t.Chans = append(t.Chans, obj.ch)
			}
		}
	}
	// In source order, not in the order the objects were made.
	slices.SortStableFunc(t.Chans, compareChans)
	slices.SortStableFunc(t.Params, compareChans)
	if !t.Unknown && !t.Nil && len(t.Chans) == 0 {
		t.Unknown = true // unresolved: claim nothing
		t.Unresolved = true
	}
}

// isTracked reports whether values of type t may carry channels or
// functions the solver must follow. Struct values and pointers to structs
// are not tracked: their fields are cells keyed by (type, field). Interface
// values are not tracked: converting to an interface escapes.
func (s *solver) isTracked(t types.Type) bool {
	if r, ok := s.tracked[t]; ok {
		return r
	}
	s.tracked[t] = false // cut cycles through recursive types
	r := s.computeTracked(t)
	s.tracked[t] = r
	return r
}

func (s *solver) computeTracked(t types.Type) bool {
	t = types.Unalias(t)
	if _, ok := t.(*types.TypeParam); ok {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Chan, *types.Signature, *types.TypeParam:
		return true
	case *types.Pointer:
		if _, ok := u.Elem().Underlying().(*types.Struct); ok {
			return false
		}
		return s.isTracked(u.Elem())
	case *types.Slice:
		return s.isTracked(u.Elem())
	case *types.Array:
		return s.isTracked(u.Elem())
	case *types.Map:
		return s.isTracked(u.Key()) || s.isTracked(u.Elem())
	case *types.Tuple:
		for v := range u.Variables() {
			if s.isTracked(v.Type()) {
				return true
			}
		}
	}
	return false
}

func isChan(t types.Type) bool {
	_, ok := t.Underlying().(*types.Chan)
	return ok
}
