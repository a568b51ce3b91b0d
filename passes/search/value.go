package search

import (
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"
	"unsafe"

	"golang.org/x/tools/go/ssa"
)

// vkind is the kind of an abstract value.
type vkind uint8

const (
	vUnknown vkind = iota // anything: data the search does not track
	vInt                  // an integer constant (n)
	vBool                 // a boolean constant (n is 0 or 1)
	vNil                  // the nil pointer, channel, function, map, slice or interface
	vPtr                  // a pointer into object n at path
	vChan                 // channel object n
	vFunc                 // function fn with closure bindings sub
	vIface                // an interface holding sub[0] of dynamic type typ (m 1: RWMutex.RLocker's, typ the *RWMutex)
	vTuple                // the results of a call or comma-ok form: sub
	// Cell states of the sync objects (stored in memory cells).
	vMutex // n: 1 when locked; g: holder; pos: where it was locked
	vRW    // n: readers; m: writer (0 none, 1 waiting, 2 holding); g, pos: writer
	vWG    // n: counter
	vCond  // n: next ticket
	vOnce  // n: 0 fresh, 1 running, 2 done
	// vNonNil is a map or slice the scope made: its contents are unknown,
	// but it is not nil.
	vNonNil
	// vCtx is a context.Context the scope made: object n (its done
	// channel), or n < 0 for one that is never done (Background, TODO,
	// WithoutCancel).
	vCtx
	// vCancel is the cancel function of the context of object n.
	vCancel
	// vSlice is a slice of the array at path of object n: its elements
	// from index lo, m of them, g its capacity (-1: unknown, after an
	// append the runtime grew).
	vSlice
	// vStr is a constant string: path.
	vStr
	// vMap is a map the scope made: object n.
	vMap
	// vIter is a range over map object n: sub[0] the tuple of the keys
	// present when it started, sub[1] of those it produced.
	vIter
	// vAgg is a struct or array value (a copy, not memory): sub holds its
	// fields or elements, in order. Values of types holding a sync object
	// are never copied into one (the copy would be a new, unused object).
	vAgg
)

// Value is an abstract value. Values are immutable once built.
type Value struct {
	k    vkind
	n, m int64
	g    int
	lo   int64
	pos  token.Pos
	path string
	fn   *ssa.Function
	typ  types.Type
	sub  []Value
}

var unknown = Value{}

func intVal(n int64) Value { return Value{k: vInt, n: n} }
func boolVal(b bool) Value {
	if b {
		return Value{k: vBool, n: 1}
	}
	return Value{k: vBool}
}

// hasRefs reports whether v holds a reference to an object of the scope
// through which it can act on it. A context is not one: code holding it can
// only wait for it (its cancel function is).
func (v Value) hasRefs() bool {
	switch v.k {
	case vPtr, vChan, vCancel, vSlice, vMap:
		return true
	case vIter:
		return v.n >= 0 // n < 0: a range over a nil map
	case vFunc, vIface, vTuple, vAgg:
		for _, s := range v.sub {
			if s.hasRefs() {
				return true
			}
		}
	}
	return false
}

// refs calls f for every reference v holds, contexts included.
func (v Value) refs(f func(Value)) {
	switch v.k {
	case vPtr, vChan, vCtx, vCancel, vSlice, vMap:
		f(v)
	case vIter:
		if v.n >= 0 {
			f(v)
		}
	case vFunc, vIface, vTuple, vAgg:
		for _, s := range v.sub {
			s.refs(f)
		}
	}
}

func (v Value) write(b *strings.Builder) {
	b.WriteByte(byte('a' + v.k))
	switch v.k {
	case vUnknown, vNonNil, vAgg:
	case vNil:
		writeInt(b, v.m) // 1: the Done channel of a context never done
	case vInt, vBool, vWG, vCond, vOnce, vChan, vCtx, vCancel, vMap, vIter:
		writeInt(b, v.n)
	case vStr:
		writeInt(b, int64(len(v.path)))
		b.WriteByte(':')
		b.WriteString(v.path)
	case vMutex, vRW:
		writeInt(b, v.n)
		b.WriteByte(',')
		writeInt(b, v.m)
		b.WriteByte(',')
		writeInt(b, int64(v.g))
		b.WriteByte(',')
		writeInt(b, int64(v.pos))
	case vPtr:
		writeInt(b, v.n)
		b.WriteString(v.path)
	case vSlice:
		writeInt(b, v.n)
		b.WriteString(v.path)
		b.WriteByte(',')
		writeInt(b, v.lo)
		b.WriteByte(',')
		writeInt(b, v.m)
		b.WriteByte(',')
		writeInt(b, int64(v.g))
	case vFunc:
		// The function's identity: equal keys only within one search.
		writeInt(b, int64(uintptr(unsafe.Pointer(v.fn))))
	case vIface:
		b.WriteString(v.typ.String())
		writeInt(b, v.m)
	}
	if len(v.sub) > 0 {
		b.WriteByte('(')
		for _, s := range v.sub {
			s.write(b)
			b.WriteByte(' ')
		}
		b.WriteByte(')')
	}
}

func writeBool(b *strings.Builder, v bool) {
	if v {
		b.WriteByte('t')
	} else {
		b.WriteByte('f')
	}
}

func writeInt(b *strings.Builder, n int64) {
	var buf [20]byte
	b.Write(strconv.AppendInt(buf[:0], n, 10))
}

// object is one allocation: memory (an ssa.Alloc, a NewCond) or a channel.
type object struct {
	isChan bool
	site   ssa.Value
	typ    types.Type // of the memory, or of the channel
	// cells holds the values stored in the memory, by path ("" is the
	// whole; ".2" field 2; "[1]" element 1). A missing cell holds the
	// zero value, unless a prefix of its path holds an aggregate stored
	// as a whole (then it is unknown).
	cells map[string]Value
	// lost: the memory was handed to code the search cannot see; it holds
	// no reference nor sync object, so the search only forgets its
	// contents.
	lost bool
	// stale: the array of a slice that an append of unknown capacity
	// grew: the runtime may have copied it or written into it, so the
	// search no longer reads or writes it.
	stale bool
	// Maps (isMap): the keys and their values, in the order of their
	// first insertion.
	isMap bool
	mkeys []Value
	mvals []Value
	// Channels.
	cap    int64
	buf    []Value
	closed bool
	// timer: how the runtime acts on the channel, at times of its
	// choosing (see the tXxx constants); fired: a one-shot timer's value
	// was sent; stopped: a timer or ticker was stopped.
	timer   uint8
	fired   bool
	stopped bool
	// Contexts: ctx is set on the done channel of a cancellable context
	// (the channel is the context); parent is the object of its parent
	// context, or -1; ctxLost: the context was handed to code the search
	// cannot see, so the search no longer says what its Done and Err
	// return.
	ctx     bool
	parent  int
	ctxLost bool
	// Timers (memory of a time.Timer or time.Ticker): tchan is its
	// channel's object plus one (0: not a timer).
	tchan int
	// afn is the function a time.AfterFunc timer (its channel object)
	// runs.
	afn Value
}

// What the runtime does with a channel, at times of its choosing.
const (
	tNone      uint8 = iota
	tAfter           // time.After: sends one value
	tTick            // time.Tick: sends whenever the buffer is empty
	tTimer           // time.NewTimer: sends one value unless stopped (Reset re-arms)
	tTicker          // time.NewTicker: sends whenever the buffer is empty, until stopped
	tDeadline        // the done channel of WithTimeout, WithDeadline: closed
	tTestEnd         // the done channel of a test's Context: closed once the test function returned
	tAfterFunc       // time.AfterFunc: starts a goroutine running afn once unless stopped (Reset re-arms); never sent on
)

func (o *object) clone() *object {
	c := *o
	if o.cells != nil {
		c.cells = make(map[string]Value, len(o.cells))
		for k, v := range o.cells {
			c.cells[k] = v
		}
	}
	c.buf = append([]Value(nil), o.buf...)
	c.mkeys = append([]Value(nil), o.mkeys...)
	c.mvals = append([]Value(nil), o.mvals...)
	return &c
}

func (o *object) write(b *strings.Builder) {
	if o.isChan {
		b.WriteByte('c')
		writeInt(b, o.cap)
		b.WriteByte(':')
		writeBool(b, o.closed)
		writeInt(b, int64(o.timer))
		writeBool(b, o.fired)
		writeBool(b, o.stopped)
		if o.timer == tAfterFunc {
			o.afn.write(b)
		}
		if o.ctx {
			b.WriteByte('x')
			writeInt(b, int64(o.parent))
			writeBool(b, o.ctxLost)
		}
		b.WriteByte('[')
		for _, v := range o.buf {
			v.write(b)
		}
		b.WriteByte(']')
		return
	}
	b.WriteByte('m')
	writeBool(b, o.lost)
	writeBool(b, o.stale)
	if o.isMap {
		b.WriteByte('{')
		for i, k := range o.mkeys {
			k.write(b)
			b.WriteByte('=')
			o.mvals[i].write(b)
			b.WriteByte(';')
		}
		b.WriteByte('}')
	}
	writeInt(b, int64(o.tchan))
	b.WriteByte('{')
	keys := make([]string, 0, len(o.cells))
	for k := range o.cells {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte('=')
		o.cells[k].write(b)
		b.WriteByte(';')
	}
	b.WriteByte('}')
}

// zero returns the zero value of type t as the search tracks it.
func zero(t types.Type) Value {
	if n, ok := types.Unalias(t).(*types.Named); ok {
		if o := n.Obj(); o.Pkg() != nil && o.Pkg().Path() == "sync" {
			switch o.Name() {
			case "Mutex":
				return Value{k: vMutex}
			case "RWMutex":
				return Value{k: vRW}
			case "WaitGroup":
				return Value{k: vWG}
			case "Cond":
				return Value{k: vCond}
			case "Once":
				return Value{k: vOnce}
			}
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return boolVal(false)
		case u.Info()&types.IsInteger != 0:
			return intVal(0)
		case u.Info()&types.IsString != 0:
			return Value{k: vStr}
		case u.Kind() == types.UnsafePointer:
			return Value{k: vNil}
		}
	case *types.Pointer, *types.Chan, *types.Signature, *types.Map, *types.Slice, *types.Interface:
		return Value{k: vNil}
	case *types.Struct, *types.Array:
		if leaves(t, 0) <= maxLeaves {
			var sub []Value
			for _, e := range elems(t) {
				sub = append(sub, zero(e))
			}
			return Value{k: vAgg, sub: sub}
		}
	}
	return unknown
}

// maxLeaves bounds the fields and elements of a struct or array value the
// search tracks as a vAgg: larger ones are unknown.
const maxLeaves = 32

// leaves counts the non-aggregate values inside a value of type t, up to
// more than maxLeaves (depth bounds recursion).
func leaves(t types.Type, depth int) int {
	if !aggregate(t) {
		return 1
	}
	if depth > 4 {
		return maxLeaves + 1
	}
	if a, ok := t.Underlying().(*types.Array); ok && a.Len() > maxLeaves {
		return maxLeaves + 1
	}
	n := 0
	for _, e := range elems(t) {
		if n += leaves(e, depth+1); n > maxLeaves {
			break
		}
	}
	return n
}

// elems returns the types of the fields of struct type t, or of the
// elements of array type t (at most maxLeaves+1 of them).
func elems(t types.Type) []types.Type {
	var out []types.Type
	switch u := t.Underlying().(type) {
	case *types.Struct:
		for i := range u.NumFields() {
			out = append(out, u.Field(i).Type())
		}
	case *types.Array:
		for range min(u.Len(), maxLeaves+1) {
			out = append(out, u.Elem())
		}
	}
	return out
}

// elemPath is the path of field or element i inside a value of type t at
// path.
func elemPath(t types.Type, path string, i int) string {
	if _, ok := t.Underlying().(*types.Array); ok {
		return path + "[" + strconv.Itoa(i) + "]"
	}
	return path + "." + strconv.Itoa(i)
}

// under reports whether cell k lies strictly inside the value at path.
func under(k, path string) bool {
	return len(k) > len(path) && k[:len(path)] == path && (k[len(path)] == '.' || k[len(path)] == '[')
}

// syncKind returns the sync type t is (Mutex, RWMutex, WaitGroup, Cond,
// Once), or "".
func syncKind(t types.Type) string {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" {
		return ""
	}
	switch n.Obj().Name() {
	case "Mutex", "RWMutex", "WaitGroup", "Cond", "Once":
		return n.Obj().Name()
	}
	return ""
}

// holdsSync reports whether a value of type t holds, by value, a sync
// object the search models (depth bounds recursion through arrays and
// structs).
func holdsSync(t types.Type, depth int) bool {
	if depth > 4 {
		return false
	}
	if k := syncKind(t); k != "" && k != "Once" {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		for i := range u.NumFields() {
			if holdsSync(u.Field(i).Type(), depth+1) {
				return true
			}
		}
	case *types.Array:
		return holdsSync(u.Elem(), depth+1)
	}
	return false
}

// holdsState reports whether memory of type t may hold a sync object, a
// channel, a pointer or a function: what makes a lost object matter.
func holdsState(t types.Type, depth int) bool {
	if depth > 4 {
		return true
	}
	if syncKind(t) != "" {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Kind() == types.UnsafePointer
	case *types.Struct:
		for i := range u.NumFields() {
			if holdsState(u.Field(i).Type(), depth+1) {
				return true
			}
		}
		return false
	case *types.Array:
		return holdsState(u.Elem(), depth+1)
	}
	return true
}

// typeAt returns the type at path inside a value of type t, or nil.
func typeAt(t types.Type, path string) types.Type {
	for path != "" {
		switch path[0] {
		case '.':
			j := 1
			for j < len(path) && path[j] >= '0' && path[j] <= '9' {
				j++
			}
			i, _ := strconv.Atoi(path[1:j])
			st, ok := t.Underlying().(*types.Struct)
			if !ok || i >= st.NumFields() {
				return nil
			}
			t, path = st.Field(i).Type(), path[j:]
		case '[':
			j := strings.IndexByte(path, ']')
			if j < 0 {
				return nil
			}
			at, ok := t.Underlying().(*types.Array)
			if !ok {
				return nil
			}
			t, path = at.Elem(), path[j+1:]
		default:
			return nil
		}
	}
	return t
}

// fieldName returns the source name of the field at path in t ("mu",
// "s.mu"), for messages.
func fieldName(t types.Type, path string) string {
	var parts []string
	for path != "" {
		if path[0] != '.' {
			return strings.Join(parts, ".")
		}
		j := 1
		for j < len(path) && path[j] >= '0' && path[j] <= '9' {
			j++
		}
		i, _ := strconv.Atoi(path[1:j])
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return strings.Join(parts, ".")
		}
		parts = append(parts, st.Field(i).Name())
		t, path = st.Field(i).Type(), path[j:]
	}
	return strings.Join(parts, ".")
}
