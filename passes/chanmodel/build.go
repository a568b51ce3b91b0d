package chanmodel

import (
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/leakvet/leakvet/passes/config"
)

// Build builds the channel model of the package of pass from its SSA
// form (pkg and the source functions, as buildssa lists them). facts
// returns what the summary pass knows of a function of another package,
// or nil.
func Build(pass *analysis.Pass, cfg *config.Config, pkg *ssa.Package, srcFuncs []*ssa.Function, facts func(*types.Func) *FuncFact) *Model {
	m := Empty(pass)
	m.Pkg = pkg
	b := &builder{pass: pass, cfg: cfg, m: m, pkg: pkg, facts: facts}
	b.s = newSolver(b)
	m.solver = b.s
	m.source = indexSource(pass)
	m.exits = newExits(pkg, facts, func(fn *ssa.Function) []bool {
		if f := m.funcs[fn]; f != nil && f.liveBlock != nil {
			return f.liveBlock
		}
		return liveBlocks(fn, m.exits)
	})
	if e := b.guardedBuild(srcFuncs); e != nil {
		// A phase over the whole package failed: what it left is not a
		// model to judge. The checks get an empty one and report the
		// error; no facts are exported from it.
		broken := Empty(pass)
		broken.Broken = true
		broken.Errors = append(m.Errors, *e)
		broken.Skipped = m.Skipped
		m = broken
	}
	sort.SliceStable(m.Skipped, func(i, j int) bool { return m.Skipped[i].Pos < m.Skipped[j].Pos })
	return m
}

// guardedBuild runs build, turning a panic into the internal error it
// returns, naming the function the phase was at (or the package).
func (b *builder) guardedBuild(srcFuncs []*ssa.Function) (e *InternalError) {
	defer func() {
		if r := recover(); r != nil {
			pos, what := token.NoPos, "package "+b.pass.Pkg.Path()
			if b.current != nil {
				pos, what = b.current.Pos(), b.current.String()
			}
			if !pos.IsValid() && len(b.pass.Files) > 0 {
				pos = b.pass.Files[0].Package
			}
			err := Recovered(pos, what+" ("+b.phase+")", r)
			e = &err
		}
	}()
	b.build(srcFuncs)
	return nil
}

// Empty returns the model of a package with no channel to judge.
func Empty(pass *analysis.Pass) *Model {
	m := &Model{
		Fset:    pass.Fset,
		Files:   pass.Files,
		funcs:   make(map[*ssa.Function]*Func),
		chanIdx: make(map[*ssa.MakeChan]*Chan),
		source:  &sourceIndex{},
	}
	m.solver = newSolver(&builder{m: m})
	return m
}

type builder struct {
	pass *analysis.Pass
	cfg  *config.Config
	m    *Model
	pkg  *ssa.Package
	s    *solver

	isMain    bool
	converted map[*types.TypeName]bool // named types converted to an interface
	// convertedOut: named types converted to the empty interface or to an
	// interface of another package.
	convertedOut map[*types.TypeName]bool
	// exposedTypes caches exposed (named types the API lets other packages reach).
	exposedTypes map[*types.TypeName]bool
	// ifaceMethods caches interfaceMethods: imported, own.
	ifaceMethods [2]map[string]bool
	invoked      map[string]bool // method names called through an interface
	edgeSeen     map[edgeKey]bool
	goSites      map[ssa.Instruction]*GoSite
	callSites    map[ssa.Instruction]*callSite
	structIDs    *typeutil.Map // canonical struct types of field cells
	facts        func(*types.Func) *FuncFact
	remotes      []remoteUse

	// phase and current say what build is doing, for an internal error.
	phase   string
	current *ssa.Function
}

type edgeKey struct {
	site   ssa.Instruction
	callee *Func
}

func (b *builder) build(srcFuncs []*ssa.Function) {
	b.phase = "building the channel model"
	b.isMain = b.pass.Pkg.Name() == "main"
	b.converted = make(map[*types.TypeName]bool)
	b.convertedOut = make(map[*types.TypeName]bool)
	b.invoked = make(map[string]bool)
	b.edgeSeen = make(map[edgeKey]bool)
	b.goSites = make(map[ssa.Instruction]*GoSite)
	b.callSites = make(map[ssa.Instruction]*callSite)

	for _, fn := range srcFuncs {
		b.funcOf(fn)
	}
	if init := b.pkg.Func("init"); init != nil {
		b.funcOf(init)
	}
	b.m.made = make(map[*types.TypeName]bool)
	if init := b.pkg.Func("init"); init != nil {
		b.prescan(append(srcFuncs[:len(srcFuncs):len(srcFuncs)], init)) // init holds the variable initializers
	} else {
		b.prescan(srcFuncs)
	}
	for _, mem := range b.pkg.Members {
		if g, ok := mem.(*ssa.Global); ok {
			b.markMade(g.Type())
		}
	}
	for _, f := range append([]*Func(nil), b.m.Funcs...) {
		if b.isRoot(f.SSA) {
			b.makeRoot(f)
		}
	}
	b.phase, b.current = "solving the channel flow", nil
	b.cfg.PanicAt("solve", b.pass.Pkg.Path)
	b.s.solve()
	b.phase = "finishing the channel model"
	b.finish()
}

// funcOf returns the record of fn, creating it.
func (b *builder) funcOf(fn *ssa.Function) *Func {
	if f, ok := b.m.funcs[fn]; ok {
		return f
	}
	f := &Func{SSA: fn, model: b.m}
	b.m.funcs[fn] = f
	b.m.Funcs = append(b.m.Funcs, f)
	return f
}

// analyzable reports whether fn's body is part of this package.
func (b *builder) analyzable(fn *ssa.Function) bool {
	if fn == nil || fn.Blocks == nil {
		return false
	}
	if fn.Pkg == b.pkg {
		return true
	}
	if o := fn.Origin(); o != nil && o.Pkg == b.pkg {
		return true
	}
	if fn.Synthetic != "" {
		if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() == b.pass.Pkg {
			return true
		}
	}
	return false
}

// prescan records the named types converted to interfaces and the method
// names called through interfaces: together they decide which methods
// unknown code may call.
func (b *builder) prescan(funcs []*ssa.Function) {
	for _, fn := range funcs {
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				switch i := instr.(type) {
				case *ssa.Alloc, *ssa.MakeSlice, *ssa.MakeChan, *ssa.MakeMap:
					b.markMade(i.(ssa.Value).Type())
				case *ssa.MakeInterface:
					b.markConverted(i.X.Type(), 0)
					if b.leavesPackage(i.Type()) {
						if tn := recvTypeName(i.X.Type()); tn != nil {
							b.convertedOut[tn] = true
						}
					}
				case ssa.CallInstruction:
					if c := i.Common(); c.IsInvoke() {
						b.invoked[c.Method.Name()] = true
					}
				}
			}
		}
	}
}

// markMade records the named types a value of type t (the pointer to, or
// the slice, channel or map of, what an instruction or a variable
// allocates) holds by value: the package creates values of them.
func (b *builder) markMade(t types.Type) {
	var elems []types.Type
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		elems = []types.Type{u.Elem()}
	case *types.Slice:
		elems = []types.Type{u.Elem()}
	case *types.Chan:
		elems = []types.Type{u.Elem()}
	case *types.Map:
		elems = []types.Type{u.Key(), u.Elem()}
	}
	var mark func(t types.Type, depth int)
	mark = func(t types.Type, depth int) {
		if depth > 8 {
			return
		}
		switch u := types.Unalias(t).(type) {
		case *types.Named:
			tn := u.Origin().Obj()
			if b.m.made[tn] {
				return
			}
			b.m.made[tn] = true
			mark(u.Underlying(), depth+1)
		case *types.Struct:
			for f := range u.Fields() {
				mark(f.Type(), depth+1)
			}
		case *types.Array:
			mark(u.Elem(), depth+1)
		}
	}
	for _, e := range elems {
		mark(e, 0)
	}
}

// leavesPackage reports whether a value converted to interface type t may
// reach code of other packages that calls its methods by name: t is the
// empty interface, or an interface declared elsewhere.
func (b *builder) leavesPackage(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	if it.Empty() {
		return true
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != b.pass.Pkg
}

func (b *builder) markConverted(t types.Type, depth int) {
	if depth > 8 {
		return
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return
	}
	tn := named.Origin().Obj()
	if b.converted[tn] {
		return
	}
	b.converted[tn] = true
	if st, ok := named.Underlying().(*types.Struct); ok {
		for f := range st.Fields() {
			if f.Embedded() {
				b.markConverted(f.Type(), depth+1)
			}
		}
	}
}

// exposed returns the named types of the package that code outside it can
// get hold of through its API: named in the signature of an exported
// function or method, the type of an exported variable or field, embedded
// in an exposed struct, or an element of any of those; exported types are
// exposed, and so is whatever an exposed type's exported methods and fields
// mention.
func (b *builder) exposed() map[*types.TypeName]bool {
	if b.exposedTypes != nil {
		return b.exposedTypes
	}
	pkg := b.pass.Pkg
	seen := make(map[*types.TypeName]bool)
	visited := make(map[types.Type]bool)
	var visit func(t types.Type, depth int)
	visitSig := func(sig *types.Signature, depth int) {
		for v := range sig.Params().Variables() {
			visit(v.Type(), depth+1)
		}
		for v := range sig.Results().Variables() {
			visit(v.Type(), depth+1)
		}
	}
	visit = func(t types.Type, depth int) {
		if t == nil || depth > 16 || visited[t] {
			return
		}
		visited[t] = true
		switch u := types.Unalias(t).(type) {
		case *types.Pointer:
			visit(u.Elem(), depth+1)
		case *types.Slice:
			visit(u.Elem(), depth+1)
		case *types.Array:
			visit(u.Elem(), depth+1)
		case *types.Map:
			visit(u.Key(), depth+1)
			visit(u.Elem(), depth+1)
		case *types.Chan:
			visit(u.Elem(), depth+1)
		case *types.Signature:
			visitSig(u, depth)
		case *types.Struct:
			for f := range u.Fields() {
				if f.Exported() || f.Embedded() {
					visit(f.Type(), depth+1)
				}
			}
		case *types.Interface:
			for m := range u.Methods() {
				visitSig(m.Type().(*types.Signature), depth)
			}
		case *types.Named:
			for ta := range u.TypeArgs().Types() {
				visit(ta, depth+1)
			}
			tn := u.Origin().Obj()
			if tn.Pkg() != pkg || seen[tn] {
				return
			}
			seen[tn] = true
			visit(u.Origin().Underlying(), depth+1)
			for m := range u.Origin().Methods() {
				if m.Exported() {
					visitSig(m.Type().(*types.Signature), depth)
				}
			}
		}
	}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		switch obj := obj.(type) {
		case *types.TypeName:
			visit(obj.Type(), 0)
		case *types.Func, *types.Var:
			visit(obj.Type(), 0)
		}
	}
	b.exposedTypes = seen
	return seen
}

// interfaceMethods returns the names of the methods of the interface types
// declared at package level by the packages this package imports, directly
// or not (own false), or by this package (own true): the methods code
// elsewhere may call on a value it holds as an interface.
func (b *builder) interfaceMethods(own bool) map[string]bool {
	if b.ifaceMethods[0] == nil {
		b.ifaceMethods = [2]map[string]bool{make(map[string]bool), make(map[string]bool)}
		add := func(p *types.Package, names map[string]bool) {
			scope := p.Scope()
			for _, n := range scope.Names() {
				tn, ok := scope.Lookup(n).(*types.TypeName)
				if !ok {
					continue
				}
				if it, ok := tn.Type().Underlying().(*types.Interface); ok {
					for m := range it.Methods() {
						names[m.Name()] = true
					}
				}
			}
		}
		seen := map[*types.Package]bool{b.pass.Pkg: true}
		var visit func(p *types.Package)
		visit = func(p *types.Package) {
			if seen[p] {
				return
			}
			seen[p] = true
			add(p, b.ifaceMethods[0])
			for _, imp := range p.Imports() {
				visit(imp)
			}
		}
		for _, imp := range b.pass.Pkg.Imports() {
			visit(imp)
		}
		add(b.pass.Pkg, b.ifaceMethods[1])
	}
	if own {
		return b.ifaceMethods[1]
	}
	return b.ifaceMethods[0]
}

// inTestFile reports whether pos is in a _test.go file.
func (b *builder) inTestFile(pos token.Pos) bool {
	f := b.pass.Fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

// isRoot reports whether code outside the package may call fn.
func (b *builder) isRoot(fn *ssa.Function) bool {
	if fn.Synthetic == "package initializer" {
		return true
	}
	if fn.Parent() != nil || fn.Synthetic != "" {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return false
	}
	name := obj.Name()
	if b.isTestFunc(fn, name) || b.hasExternalDirective(fn) {
		return true
	}
	recv := fn.Signature.Recv()
	if recv == nil {
		if b.isMain {
			return name == "main"
		}
		return obj.Exported()
	}
	tn := recvTypeName(recv.Type())
	if obj.Exported() {
		if b.isMain || (tn != nil && !tn.Exported()) {
			// Code outside the package reaches an exported method of an
			// unexported type only through a value it gets: the API must
			// expose the type, or the type is converted to an interface.
			if !b.isMain && b.exposed()[tn] {
				return true
			}
			// Converted to an interface, it is called dynamically by a
			// method name some interface declares: one this package calls
			// (invoked), or one of an interface type of this package or of
			// a package it imports.
			if !b.converted[tn] {
				return false
			}
			if b.invoked[name] {
				return true
			}
			if b.inTestFile(tn.Pos()) {
				// A test's type reaches other packages' code only through
				// what it is converted to.
				return b.convertedOut[tn] && b.interfaceMethods(false)[name]
			}
			if b.interfaceMethods(false)[name] {
				return true
			}
			// An interface of this package may be used by its importers,
			// unless nothing imports it (main) or the type is a test's.
			return !b.isMain && !b.inTestFile(tn.Pos()) && b.interfaceMethods(true)[name]
		}
		return true
	}
	return b.invoked[name] && b.converted[tn]
}

func recvTypeName(t types.Type) *types.TypeName {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Origin().Obj()
	}
	return nil
}

func (b *builder) isTestFunc(fn *ssa.Function, name string) bool {
	f := b.pass.Fset.File(fn.Pos())
	if f == nil || !strings.HasSuffix(f.Name(), "_test.go") {
		return false
	}
	for _, p := range []string{"Test", "Benchmark", "Fuzz", "Example"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// hasExternalDirective reports a //go:linkname or //export directive, by
// which code outside the package may call fn.
func (b *builder) hasExternalDirective(fn *ssa.Function) bool {
	return b.m.source.directive[fn.Pos()]
}

// once reports whether f runs once per process (or per test) by
// construction: main, init functions and test functions.
func (b *builder) once(f *Func) bool {
	fn := f.SSA
	if fn.Synthetic == "package initializer" {
		return true
	}
	if fn.Parent() != nil || fn.Signature.Recv() != nil || fn.Synthetic != "" {
		return false
	}
	if strings.HasPrefix(fn.Name(), "init#") {
		return true
	}
	return (b.isMain && fn.Name() == "main") || b.isTestFunc(fn, fn.Name())
}

func (b *builder) makeRoot(f *Func) {
	f.Root = true
	b.makeLive(f)
	b.unknownCallers(f)
}

// escapeFunc records that unknown code may hold and call f.
func (b *builder) escapeFunc(f *Func) {
	if f.Escaped {
		return
	}
	f.Escaped = true
	f.Root = true
	b.makeLive(f)
	b.unknownCallers(f)
}

// unknownCallers gives f's parameters unknown values and lets its results escape.
func (b *builder) unknownCallers(f *Func) {
	fn := f.SSA
	for _, p := range fn.Params {
		if b.s.isTracked(p.Type()) {
			b.s.addEdge(nodeU, b.s.node(p, -1))
		}
	}
	res := fn.Signature.Results()
	for i := 0; i < res.Len(); i++ {
		if b.s.isTracked(res.At(i).Type()) {
			b.s.addEdge(b.s.result(fn, i), nodeR)
		}
	}
}

func (b *builder) makeLive(f *Func) {
	if f.Live {
		return
	}
	f.Live = true
	b.gen(f)
}

// gen generates the constraints of f's live blocks.
func (b *builder) gen(f *Func) {
	fn := f.SSA
	if len(fn.Blocks) == 0 {
		return
	}
	f.liveBlock = liveBlocks(fn, b.m.exits)
	f.scc, f.cyclic = sccs(fn)
	// The channels f is given, as objects of their own: what f does with
	// them is f's summary.
	for _, p := range fn.Params {
		if isChan(p.Type()) {
			b.s.addObj(b.s.node(p, -1), b.s.paramObj(p, f))
		}
	}
	if len(fn.Blocks) > b.cfg.MaxBlocks {
		f.OverBudget = true
		b.m.Skipped = append(b.m.Skipped, Skip{Pos: fn.Pos(), Func: fn.String(), Budget: "max-blocks", Size: len(fn.Blocks), Limit: b.cfg.MaxBlocks})
	}
	defer func() {
		if r := recover(); r != nil {
			b.m.Errors = append(b.m.Errors, Recovered(fn.Pos(), fn.String(), r))
			f.OverBudget = true
			b.havocFunc(f)
		}
	}()
	b.cfg.PanicAt("model", fn.String)
	for _, blk := range fn.Blocks {
		if !f.liveBlock[blk.Index] {
			continue
		}
		for _, instr := range blk.Instrs {
			b.genInstr(f, instr)
		}
	}
	if f.OverBudget {
		b.havocFunc(f)
	}
}

// havocFunc links every tracked value of f with the universe: channels f
// touches are escaped, and nothing is claimed about them.
func (b *builder) havocFunc(f *Func) {
	s := b.s
	fn := f.SSA
	for _, p := range fn.Params {
		if s.isTracked(p.Type()) {
			s.havoc(s.node(p, -1))
		}
	}
	for _, fv := range fn.FreeVars {
		if s.isTracked(fv.Type()) {
			s.havoc(s.node(fv, -1))
		}
	}
	var ops []*ssa.Value
	for _, blk := range fn.Blocks {
		for _, instr := range blk.Instrs {
			if v, ok := instr.(ssa.Value); ok && s.isTracked(v.Type()) {
				s.havoc(s.node(v, -1))
			}
			for _, op := range instr.Operands(ops[:0]) {
				if *op != nil && s.isTracked((*op).Type()) {
					s.havoc(s.node(*op, -1))
				}
			}
		}
	}
}

// liveBlocks returns the blocks of fn reachable from its entry once If on a
// constant, or on a value that is always nil against nil (a result a callee
// always returns nil, a field nothing sets: results.go), is cut, and blocks that end the goroutine mid-way (e.endsBlock) lead
// nowhere.
func liveBlocks(fn *ssa.Function, e *exits) []bool {
	live := make([]bool, len(fn.Blocks))
	var stack []*ssa.BasicBlock
	visit := func(b *ssa.BasicBlock) {
		if b != nil && !live[b.Index] {
			live[b.Index] = true
			stack = append(stack, b)
		}
	}
	visit(fn.Blocks[0])
	if fn.Recover != nil {
		visit(fn.Recover)
	}
	for len(stack) > 0 {
		blk := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		succs := blk.Succs
		if e != nil && e.endsBlock(blk) {
			succs = nil
		}
		c, ok := constCond(blk)
		if !ok {
			c, ok = e.nilCond(blk)
		}
		if ok && len(succs) == 2 {
			if c {
				succs = succs[:1]
			} else {
				succs = succs[1:]
			}
		}
		for _, s := range succs {
			if !isSelectFallThrough(s) { // the panic after a blocking select's cases never runs
				visit(s)
			}
		}
	}
	return live
}

// constCond reports the constant condition of a block ending in an If.
func constCond(blk *ssa.BasicBlock) (bool, bool) {
	if len(blk.Instrs) == 0 {
		return false, false
	}
	i, ok := blk.Instrs[len(blk.Instrs)-1].(*ssa.If)
	if !ok {
		return false, false
	}
	c, ok := i.Cond.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(c.Value), true
}

// sccs computes the strongly connected components of fn's control-flow
// graph. Components are numbered in the order Tarjan's algorithm completes
// them, which is a reverse topological order (successors first).
func sccs(fn *ssa.Function) (comp []int, cyclic []bool) {
	return SCCs(fn, nil)
}

// SCCs computes the strongly connected components of the blocks of fn for
// which keep is true (all blocks if keep is nil); dropped blocks get -1.
// Components are numbered successors first, so a component's successors
// all have smaller numbers; cyclic tells which components are cycles.
func SCCs(fn *ssa.Function, keep func(*ssa.BasicBlock) bool) (comp []int, cyclic []bool) {
	n := len(fn.Blocks)
	index := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	comp = make([]int, n)
	for i := range index {
		index[i] = -1
		comp[i] = -1
	}
	kept := func(i int) bool { return keep == nil || keep(fn.Blocks[i]) }
	var stack []int
	next := 0
	type frame struct{ b, succ int }
	for root := 0; root < n; root++ {
		if index[root] >= 0 || !kept(root) {
			continue
		}
		call := []frame{{root, 0}}
		index[root], low[root] = next, next
		next++
		stack = append(stack, root)
		onStack[root] = true
		for len(call) > 0 {
			top := &call[len(call)-1]
			succs := fn.Blocks[top.b].Succs
			if top.succ < len(succs) {
				w := succs[top.succ].Index
				top.succ++
				if !kept(w) {
					continue
				}
				if index[w] < 0 {
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{w, 0})
				} else if onStack[w] && index[w] < low[top.b] {
					low[top.b] = index[w]
				}
				continue
			}
			v := top.b
			call = call[:len(call)-1]
			if len(call) > 0 {
				if p := call[len(call)-1].b; low[v] < low[p] {
					low[p] = low[v]
				}
			}
			if low[v] != index[v] {
				continue
			}
			id := len(cyclic)
			size := 0
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp[w] = id
				size++
				if w == v {
					break
				}
			}
			loop := size > 1
			for _, s := range fn.Blocks[v].Succs {
				if s.Index == v && kept(v) {
					loop = true
				}
			}
			cyclic = append(cyclic, loop)
		}
	}
	return comp, cyclic
}
