package chanmodel

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"
)

// genInstr generates the constraints of one instruction in a live block.
func (b *builder) genInstr(f *Func, instr ssa.Instruction) {
	s := b.s
	tracked := s.isTracked
	switch i := instr.(type) {
	case *ssa.Alloc:
		if !tracked(i.Type()) {
			return
		}
		elem := deref(i.Type())
		if arr, ok := elem.Underlying().(*types.Array); ok {
			s.addObj(s.node(i, -1), s.cellObj(i, cellElem, arr.Elem()))
		} else {
			s.addObj(s.node(i, -1), s.cellObj(i, cellVar, elem))
		}

	case *ssa.MakeChan:
		ch := b.chanFor(i, f)
		ch.Live = true
		s.addObj(s.node(i, -1), s.chanObj(i, ch))

	case *ssa.MakeClosure:
		fn := i.Fn.(*ssa.Function)
		n := s.node(i, -1)
		if !b.analyzable(fn) {
			s.addObj(n, objUnknown)
			for _, bnd := range i.Bindings {
				if tracked(bnd.Type()) {
					s.addEdge(s.node(bnd, -1), nodeU)
				}
			}
			return
		}
		s.addObj(n, s.funcObj(fn))
		for j, bnd := range i.Bindings {
			if j < len(fn.FreeVars) && tracked(bnd.Type()) {
				s.addEdge(s.node(bnd, -1), s.node(fn.FreeVars[j], -1))
			}
		}

	case *ssa.MakeSlice:
		if tracked(i.Type()) {
			st, ok := coreType(i.Type()).(*types.Slice)
			if !ok {
				s.havoc(s.node(i, -1))
				return
			}
			s.addObj(s.node(i, -1), s.cellObj(i, cellElem, st.Elem()))
		}

	case *ssa.MakeMap:
		if !tracked(i.Type()) {
			return
		}
		mt, ok := coreType(i.Type()).(*types.Map)
		n := s.node(i, -1)
		if !ok {
			s.havoc(n)
			return
		}
		if tracked(mt.Key()) {
			s.addObj(n, s.cellObj(mapKeyCell{i}, cellKey, mt.Key()))
		}
		if tracked(mt.Elem()) {
			s.addObj(n, s.cellObj(i, cellElem, mt.Elem()))
		}

	case *ssa.MakeInterface:
		if tracked(i.X.Type()) {
			s.addEdge(s.node(i.X, -1), nodeU)
		}

	case *ssa.Phi:
		if tracked(i.Type()) {
			n := s.node(i, -1)
			for _, e := range i.Edges {
				s.addEdge(s.node(e, -1), n)
			}
		}

	case *ssa.ChangeType:
		b.copyValue(i.X, i)
	case *ssa.MultiConvert:
		b.copyValue(i.X, i)
	case *ssa.Slice:
		b.copyValue(i.X, i)
	case *ssa.SliceToArrayPointer:
		b.copyValue(i.X, i)
	case *ssa.Convert:
		if !tracked(i.Type()) && !tracked(i.X.Type()) {
			return
		}
		if isUnsafe(i.Type()) || isUnsafe(i.X.Type()) {
			if tracked(i.X.Type()) {
				s.addEdge(s.node(i.X, -1), nodeU)
			}
			if tracked(i.Type()) {
				s.addEdge(nodeU, s.node(i, -1))
			}
			return
		}
		b.copyValue(i.X, i)

	case *ssa.UnOp:
		switch i.Op {
		case token.ARROW:
			ch := s.node(i.X, -1)
			elem := chanElem(i.X.Type())
			if elem != nil && tracked(elem) {
				dst := s.node(i, -1)
				if i.CommaOk {
					dst = s.node(i, 0)
				}
				s.addConstraint(ch, constraint{kind: conRecv, n: dst})
			}
		case token.MUL:
			if !tracked(i.Type()) {
				return
			}
			if isArray(i.Type()) {
				s.addEdge(s.node(i.X, -1), s.node(i, -1))
			} else {
				s.addConstraint(s.node(i.X, -1), constraint{kind: conLoad, n: s.node(i, -1)})
			}
		}

	case *ssa.Store:
		if !tracked(i.Val.Type()) {
			return
		}
		if isArray(i.Val.Type()) {
			b.copyElems(i.Val, i.Addr, cellAny)
			return
		}
		s.addConstraint(s.node(i.Addr, -1), constraint{kind: conStore, n: s.node(i.Val, -1)})

	case *ssa.FieldAddr:
		if tracked(i.Type()) {
			s.addObj(s.node(i, -1), b.fieldCell(deref(i.X.Type()), i.Field))
		}

	case *ssa.Field:
		if !tracked(i.Type()) {
			return
		}
		o := b.fieldCell(i.X.Type(), i.Field)
		n := s.node(i, -1)
		switch {
		case o == objUnknown:
			s.addEdge(nodeU, n)
		case isArray(i.Type()):
			s.addObj(n, o)
		default:
			s.addEdge(s.objs[o].contents, n)
		}

	case *ssa.IndexAddr:
		if tracked(i.Type()) {
			s.addEdge(s.node(i.X, -1), s.node(i, -1))
		}

	case *ssa.Index:
		if tracked(i.Type()) {
			if isArray(i.Type()) {
				s.addEdge(s.node(i.X, -1), s.node(i, -1))
			} else {
				s.addConstraint(s.node(i.X, -1), constraint{kind: conLoad, n: s.node(i, -1)})
			}
		}

	case *ssa.Lookup:
		mt, ok := coreType(i.X.Type()).(*types.Map)
		if !ok || !tracked(mt.Elem()) {
			return
		}
		dst := s.node(i, -1)
		if i.CommaOk {
			dst = s.node(i, 0)
		}
		s.addConstraint(s.node(i.X, -1), constraint{kind: conLoad, n: dst, filter: cellElem})

	case *ssa.MapUpdate:
		mt, ok := coreType(i.Map.Type()).(*types.Map)
		if !ok {
			return
		}
		if tracked(mt.Elem()) {
			s.addConstraint(s.node(i.Map, -1), constraint{kind: conStore, n: s.node(i.Value, -1), filter: cellElem})
		}
		if tracked(mt.Key()) {
			s.addConstraint(s.node(i.Map, -1), constraint{kind: conStore, n: s.node(i.Key, -1), filter: cellKey})
		}

	case *ssa.Next:
		if i.IsString {
			return
		}
		rng, ok := i.Iter.(*ssa.Range)
		if !ok {
			return
		}
		mt, ok := coreType(rng.X.Type()).(*types.Map)
		if !ok {
			return
		}
		if tracked(mt.Key()) {
			s.addConstraint(s.node(rng.X, -1), constraint{kind: conLoad, n: s.node(i, 1), filter: cellKey})
		}
		if tracked(mt.Elem()) {
			s.addConstraint(s.node(rng.X, -1), constraint{kind: conLoad, n: s.node(i, 2), filter: cellElem})
		}

	case *ssa.Extract:
		if tracked(i.Type()) {
			s.addEdge(s.node(i.Tuple, i.Index), s.node(i, -1))
		}

	case *ssa.TypeAssert:
		if tracked(i.AssertedType) {
			dst := s.node(i, -1)
			if i.CommaOk {
				dst = s.node(i, 0)
			}
			s.addEdge(nodeU, dst)
		}

	case *ssa.Call:
		b.genCall(f, i, &i.Call, i, CallEdge)
	case *ssa.Go:
		g := &GoSite{Instr: i, Fn: f}
		b.goSites[i] = g
		b.m.Gos = append(b.m.Gos, g)
		b.genCall(f, i, &i.Call, nil, GoEdge)
	case *ssa.Defer:
		b.genCall(f, i, &i.Call, nil, DeferEdge)

	case *ssa.Send:
		ch := s.node(i.Chan, -1)
		if tracked(i.X.Type()) {
			s.addConstraint(ch, constraint{kind: conSend, n: s.node(i.X, -1)})
		}

	case *ssa.Select:
		recv := 0
		for _, st := range i.States {
			ch := s.node(st.Chan, -1)
			if st.Dir == types.SendOnly {
				if tracked(st.Send.Type()) {
					s.addConstraint(ch, constraint{kind: conSend, n: s.node(st.Send, -1)})
				}
				continue
			}
			if elem := chanElem(st.Chan.Type()); elem != nil && tracked(elem) {
				s.addConstraint(ch, constraint{kind: conRecv, n: s.node(i, 2+recv)})
			}
			recv++
		}

	case *ssa.Return:
		for j, r := range i.Results {
			if tracked(r.Type()) {
				s.addEdge(s.node(r, -1), s.result(f.SSA, j))
			}
		}

	case *ssa.Range, *ssa.Panic, *ssa.If, *ssa.Jump, *ssa.RunDefers, *ssa.DebugRef,
		*ssa.BinOp, *ssa.ChangeInterface:
		// Nothing flows.

	default:
		// An instruction the model does not follow: its tracked result
		// comes from unknown code.
		if v, ok := instr.(ssa.Value); ok && tracked(v.Type()) {
			s.addEdge(nodeU, s.node(v, -1))
		}
	}
}

type mapKeyCell struct{ site *ssa.MakeMap }

// fieldKey names a struct field cell: the struct type (canonical) and the index.
type fieldKey struct {
	typ   int
	index int
}

// copyValue makes to hold everything from holds.
func (b *builder) copyValue(from ssa.Value, to ssa.Value) {
	if b.s.isTracked(to.Type()) || b.s.isTracked(from.Type()) {
		b.s.addEdge(b.s.node(from, -1), b.s.node(to, -1))
	}
}

// copyElems copies the contents of the cells src points to into the cells
// dst points to.
func (b *builder) copyElems(src, dst ssa.Value, filter cellKind) {
	s := b.s
	tmp := s.newNode()
	s.addConstraint(s.node(src, -1), constraint{kind: conLoad, n: tmp, filter: filter})
	s.addConstraint(s.node(dst, -1), constraint{kind: conStore, n: tmp, filter: filter})
}

// fieldCell returns the cell of field index of struct type t (or the
// unknown object when code outside the package may read or write it).
func (b *builder) fieldCell(t types.Type, index int) objID {
	t = types.Unalias(t)
	st, ok := coreStruct(t)
	if !ok || index >= st.NumFields() {
		return objUnknown
	}
	field := st.Field(index)
	if named, ok := t.(*types.Named); ok && named.Obj().Pkg() != nil {
		if rc, ok := runtimeFields[named.Obj().Pkg().Path()+"."+named.Obj().Name()+"."+field.Name()]; ok {
			return b.s.runtimeCell(rc)
		}
	}
	if field.Pkg() != b.pass.Pkg || (field.Exported() && !b.isMain && b.fieldReachable(t)) {
		return objUnknown
	}
	// Cells are keyed by the underlying struct type: a conversion between
	// named types with one underlying struct ((*udpConn)(e)) keeps the
	// fields; named types declared alike share cells, which only adds
	// counterparts.
	if named, ok := t.(*types.Named); ok {
		t = named.Origin().Underlying()
	} else {
		t = st
	}
	if b.structIDs == nil {
		b.structIDs = new(typeutil.Map)
	}
	id, ok := b.structIDs.At(t).(int)
	if !ok {
		id = b.structIDs.Len()
		b.structIDs.Set(t, id)
	}
	ft := field.Type()
	if arr, ok := ft.Underlying().(*types.Array); ok {
		return b.s.cellObj(fieldKey{id, index}, cellElem, arr.Elem())
	}
	return b.s.cellObj(fieldKey{id, index}, cellVar, ft)
}

// coreStruct returns the struct type underlying t. Fields reached through a
// type parameter are not modelled (the caller treats them as unknown).
func coreStruct(t types.Type) (*types.Struct, bool) {
	if _, ok := t.(*types.TypeParam); ok {
		return nil, false
	}
	st, ok := t.Underlying().(*types.Struct)
	return st, ok
}

// chanFor returns the Chan of a make site, creating it.
func (b *builder) chanFor(mk *ssa.MakeChan, f *Func) *Chan {
	if ch, ok := b.m.chanIdx[mk]; ok {
		return ch
	}
	ch := &Chan{Make: mk, Fn: f, Cap: -1, Elem: chanElem(mk.Type())}
	if c, ok := mk.Size.(*ssa.Const); ok && c.Value != nil {
		if v, exact := constant.Int64Val(constant.ToInt(c.Value)); exact {
			ch.Cap = v
		}
	}
	ch.Name = b.m.source.makeName[mk.Pos()]
	b.m.chanIdx[mk] = ch
	b.m.Chans = append(b.m.Chans, ch)
	return ch
}

func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

func isArray(t types.Type) bool {
	_, ok := t.Underlying().(*types.Array)
	return ok
}

func isUnsafe(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && (b.Kind() == types.UnsafePointer || b.Kind() == types.Uintptr)
}

// chanElem returns the element type of a channel type (or of the core type
// of a type parameter), or nil.
func chanElem(t types.Type) types.Type {
	if c, ok := t.Underlying().(*types.Chan); ok {
		return c.Elem()
	}
	if tp, ok := types.Unalias(t).(*types.TypeParam); ok {
		var elem types.Type
		iface := tp.Underlying().(*types.Interface)
		for i := 0; i < iface.NumEmbeddeds(); i++ {
			if u, ok := iface.EmbeddedType(i).(*types.Union); ok {
				for j := 0; j < u.Len(); j++ {
					if c, ok := u.Term(j).Type().Underlying().(*types.Chan); ok {
						elem = c.Elem()
					}
				}
			} else if c, ok := iface.EmbeddedType(i).Underlying().(*types.Chan); ok {
				elem = c.Elem()
			}
		}
		return elem
	}
	return nil
}

// initValue gives a leaf value (constant, global, function) its objects
// when its node is created.
func (b *builder) initValue(v ssa.Value, n nodeID) {
	s := b.s
	switch v := v.(type) {
	case *ssa.Const:
		if v.IsNil() && isChan(v.Type()) {
			s.addObj(n, objNil)
		}
	case *ssa.Global:
		if !s.isTracked(v.Type()) {
			return
		}
		obj, _ := v.Object().(interface{ Exported() bool })
		if v.Pkg != b.pkg || (obj != nil && obj.Exported() && !b.isMain) {
			s.addObj(n, objUnknown)
			return
		}
		elem := deref(v.Type())
		if arr, ok := elem.Underlying().(*types.Array); ok {
			s.addObj(n, s.cellObj(v, cellElem, arr.Elem()))
		} else {
			s.addObj(n, s.cellObj(v, cellVar, elem))
		}
	case *ssa.Function:
		if b.analyzable(v) {
			s.addObj(n, s.funcObj(v))
		} else {
			s.addObj(n, objUnknown)
		}
	}
}

// fieldReachable reports whether code of other packages may reach the
// exported fields of struct type t: t is not a named type of this package,
// or it is exported, exposed by the API, or converted to the empty
// interface or an interface of another package (reflection).
func (b *builder) fieldReachable(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return true
	}
	tn := n.Origin().Obj()
	if tn.Pkg() != b.pass.Pkg || tn.Exported() {
		return true
	}
	return b.exposed()[tn] || b.convertedOut == nil || b.convertedOut[tn]
}

// coreType is t's underlying type, or for a type parameter the one
// underlying type every type of its type set shares (the spec's core
// type: make(M) for `M ~map[K]V` makes that map); nil when there is none
// or when the constraint embeds other interfaces (not followed).
func coreType(t types.Type) types.Type {
	tp, ok := types.Unalias(t).(*types.TypeParam)
	if !ok {
		return t.Underlying()
	}
	iface, ok := tp.Constraint().Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	var core types.Type
	for i := 0; i < iface.NumEmbeddeds(); i++ {
		var terms []types.Type
		if u, ok := types.Unalias(iface.EmbeddedType(i)).(*types.Union); ok {
			for j := 0; j < u.Len(); j++ {
				terms = append(terms, u.Term(j).Type())
			}
		} else {
			terms = append(terms, iface.EmbeddedType(i))
		}
		for _, term := range terms {
			u := term.Underlying()
			if _, isIface := u.(*types.Interface); isIface {
				return nil
			}
			if core == nil {
				core = u
			} else if !types.Identical(core, u) {
				return nil
			}
		}
	}
	return core
}
