package chanmodel

// Places nothing sets: an unexported field of a struct type of the package,
// or an unexported package-level variable, that no instruction of the
// package ever stores a value other than nil to, and whose address goes
// nowhere but to loads and stores, holds nil. Code of another package
// cannot name it, and reflection cannot set an unexported field without
// unsafe. So `w := b.waitCh; if w != nil { <-w }` never receives when
// nothing sets waitCh: nilValue (results.go) says the load is nil, and
// liveness cuts the branch.
//
// The package's stores are scanned once, on the first question (exits.places):
// a place in its set may be set; a place absent is never set, when the scan
// could judge the package at all: a package that imports unsafe, has a
// function whose body is elsewhere (assembly, linkname), or converts a type
// parameter's value to or from a struct is not judged. A conversion
// between two struct types (declared alike, or differing in tags) copies
// field i of one into field i of the other: such fields are set if any of
// them is.

import (
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// placeScan is the outcome of the scan: whether it judged the package, and
// the places that may be set.
type placeScan struct {
	judged bool
	set    map[string]bool
}

// neverSet reports whether nothing in the package sets place to non-nil
// ("" names no place that can be judged).
func (e *exits) neverSet(place string) bool {
	if place == "" {
		return false
	}
	if e.places == nil {
		e.places = &placeScan{set: make(map[string]bool)}
		e.places.judged = e.scanPlaces(e.places.set)
	}
	return e.places.judged && !e.places.set[place]
}

// globalPlace returns the place of a package variable the package alone
// can set, or "".
func (e *exits) globalPlace(g *ssa.Global) string {
	obj := g.Object()
	if g.Pkg != e.pkg || obj == nil || obj.Exported() {
		return ""
	}
	return "var " + g.Name()
}

// fieldPlace returns the place of field i of the struct type t as read in
// fn, when it is an unexported field of the package, or "".
func (e *exits) fieldPlace(fn *ssa.Function, t types.Type, i int) string {
	st, named, ok := structOf(t)
	if !ok || i >= st.NumFields() {
		return ""
	}
	if f := st.Field(i); f.Pkg() != e.pkg.Pkg || f.Exported() {
		return ""
	}
	// In an instantiation, struct types written in the generic code are
	// substituted, and no longer name the struct the generic code stores
	// to; a package-level named type still does (through its origin).
	if fn != nil && fn.Origin() != nil && (named == nil || named.Obj().Parent() != named.Obj().Pkg().Scope()) {
		return ""
	}
	return fieldKeyOf(st, named != nil, i, nil)
}

// structOf returns the struct type of a field selected on a value of type
// t: a named type's (its origin's, for an instantiation) or a struct
// literal's. Fields reached through a type parameter have none.
func structOf(t types.Type) (*types.Struct, *types.Named, bool) {
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		st, ok := t.Origin().Underlying().(*types.Struct)
		return st, t, ok
	case *types.Struct:
		return t, nil, true
	}
	return nil, nil, false
}

// fieldKeyOf names field i of st, the struct of a named type (named) or a
// struct literal. A named type's fields are named by where they are
// declared: one struct type, shared by the types declared as it (type T2
// T1). A literal's are named by how it is written, without its tags, as
// identical literals are one type and a conversion ignores tags; literals
// written alike that are distinct types (over type parameters of one name)
// only share their places, which is conservative.
func fieldKeyOf(st *types.Struct, named bool, i int, memo map[*types.Struct]string) string {
	if named {
		return "field@" + strconv.Itoa(int(st.Field(i).Pos()))
	}
	s, ok := memo[st]
	if !ok {
		s = withoutTags(types.TypeString(st, nil))
		if memo != nil {
			memo[st] = s
		}
	}
	return "field " + s + "#" + strconv.Itoa(i)
}

// withoutTags removes the struct tags, the quoted strings (and the space
// before each), that types.TypeString writes in a type (nothing else in it
// is quoted).
func withoutTags(s string) string {
	if !strings.Contains(s, `"`) {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '"' {
			b = append(b, s[i])
			continue
		}
		if n := len(b); n > 0 && b[n-1] == ' ' {
			b = b[:n-1]
		}
		for i++; i < len(s) && s[i] != '"'; i++ {
			if s[i] == '\\' {
				i++
			}
		}
	}
	return string(b)
}

// scanPlaces records, in places, every place an instruction of the package
// may set to non-nil. It reports false when it cannot judge the package.
func (e *exits) scanPlaces(places map[string]bool) bool {
	for _, imp := range e.pkg.Pkg.Imports() {
		if imp.Path() == "unsafe" {
			return false
		}
	}
	memo := make(map[*types.Struct]string)
	set := func(place string) { places[place] = true }
	conv := newPlaceClasses()
	var rands []*ssa.Value
	for _, fn := range packageFuncs(e.pkg) {
		if len(fn.Blocks) == 0 {
			return false // its body is elsewhere: it may set anything
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.FieldAddr:
					if !e.scanFieldAddr(instr, memo, set) {
						return false
					}
				case *ssa.ChangeType:
					if !conv.add(instr.X.Type(), instr.Type(), memo) {
						return false
					}
				case *ssa.MultiConvert:
					if mayBeStruct(instr.X.Type()) || mayBeStruct(instr.Type()) {
						return false
					}
				}
				rands = instr.Operands(rands[:0])
				for _, op := range rands {
					g, ok := (*op).(*ssa.Global)
					if !ok || g.Pkg != e.pkg {
						continue
					}
					if u, ok := instr.(*ssa.UnOp); ok && u.Op == token.MUL {
						continue // a load
					}
					if st, ok := instr.(*ssa.Store); ok && op == &st.Addr && isNilConst(st.Val) {
						continue
					}
					set("var " + g.Name()) // stored to, or its address goes elsewhere
				}
			}
		}
	}
	conv.spread(func(place string) bool { return places[place] }, set)
	return true
}

// scanFieldAddr records the place of fa as set when fa stores a value
// other than nil or its address goes elsewhere than to loads and stores.
// It reports false for a store through a field a type parameter reaches.
func (e *exits) scanFieldAddr(fa *ssa.FieldAddr, memo map[*types.Struct]string, set func(string)) bool {
	refs := fa.Referrers()
	if refs == nil {
		return true
	}
	st, named, ok := structOf(deref(fa.X.Type()))
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.UnOp:
			if r.Op == token.MUL {
				continue
			}
		case *ssa.Store:
			if r.Addr == fa && isNilConst(r.Val) {
				continue
			}
		case *ssa.FieldAddr, *ssa.IndexAddr:
			continue // a place inside the field, judged as its own
		case *ssa.DebugRef:
			continue
		}
		if !ok {
			return false
		}
		if fa.Field < st.NumFields() {
			set(fieldKeyOf(st, named != nil, fa.Field, memo))
		}
	}
	return true
}

// placeClasses are the classes of fields conversions copy into each other
// (a union-find over their places).
type placeClasses struct{ parent map[string]string }

func newPlaceClasses() *placeClasses { return &placeClasses{parent: make(map[string]string)} }

// find returns the representative of k's class.
func (c *placeClasses) find(k string) string {
	for {
		p, ok := c.parent[k]
		if !ok || p == k {
			return k
		}
		k = p
	}
}

func (c *placeClasses) union(a, b string) {
	ra, rb := c.find(a), c.find(b)
	c.parent[ra] = ra
	c.parent[rb] = ra
	if a != ra {
		c.parent[a] = ra
	}
	if b != ra {
		c.parent[b] = ra
	}
}

// add records a conversion from x to y (values or pointers): field i of
// one struct and field i of the other are one class. It reports false
// when a type parameter's value that may be a struct is converted to or
// from what may be one.
func (c *placeClasses) add(x, y types.Type, memo map[*types.Struct]string) bool {
	x, y = deref(x), deref(y)
	sx, nx, okx := structOf(x)
	sy, ny, oky := structOf(y)
	if !okx || !oky {
		return !mayBeStruct(x) || !mayBeStruct(y)
	}
	if sx == sy {
		return true
	}
	for i := 0; i < sx.NumFields() && i < sy.NumFields(); i++ {
		if kx, ky := fieldKeyOf(sx, nx != nil, i, memo), fieldKeyOf(sy, ny != nil, i, memo); kx != ky {
			c.union(kx, ky)
		}
	}
	return true
}

// spread sets every place of a class one of whose places isSet.
func (c *placeClasses) spread(isSet func(string) bool, set func(string)) {
	setRoots := make(map[string]bool)
	for k := range c.parent {
		if isSet(k) {
			setRoots[c.find(k)] = true
		}
	}
	for k := range c.parent {
		if setRoots[c.find(k)] {
			set(k)
		}
	}
}

// mayBeStruct reports whether t (or what it points to) is a struct, or a
// type parameter some of whose types may be.
func mayBeStruct(t types.Type) bool {
	return termMayBeStruct(t, 0)
}

func termMayBeStruct(t types.Type, depth int) bool {
	t = deref(t)
	if tp, ok := types.Unalias(t).(*types.TypeParam); ok {
		t = tp.Constraint()
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		return true
	case *types.Interface:
		if u.IsMethodSet() || depth > 4 {
			return true // any type
		}
		for i := 0; i < u.NumEmbeddeds(); i++ {
			emb := u.EmbeddedType(i)
			union, ok := emb.(*types.Union)
			if !ok {
				if termMayBeStruct(emb, depth+1) {
					return true
				}
				continue
			}
			for j := 0; j < union.Len(); j++ {
				if termMayBeStruct(union.Term(j).Type(), depth+1) {
					return true
				}
			}
		}
	}
	return false
}

// isNilConst reports whether v is the nil constant.
func isNilConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}

// packageFuncs returns the functions of pkg with a body or declared to
// have one: package-level functions (init among them), the methods
// declared on its named types, and the functions nested in those.
func packageFuncs(pkg *ssa.Package) []*ssa.Function {
	var funcs []*ssa.Function
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		if fn == nil {
			return
		}
		funcs = append(funcs, fn)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	for _, mem := range pkg.Members {
		switch mem := mem.(type) {
		case *ssa.Function:
			add(mem)
		case *ssa.Type:
			named, ok := types.Unalias(mem.Type()).(*types.Named)
			if !ok || named.Obj() != mem.Object() {
				continue
			}
			for i := 0; i < named.NumMethods(); i++ {
				if m := named.Method(i); m.Pkg() == pkg.Pkg {
					add(pkg.Prog.FuncValue(m))
				}
			}
		}
	}
	return funcs
}
