package chanmodel

// Constant folding, in one place, for the evaluators that decide branches
// (callresults.go here, flow's over a calling context): an operation on
// constants gives the value the program computes, or nothing when the
// result depends on what constants do not say (an integer result that
// overflows its type wraps at run time; floats and strings are not
// folded).

import (
	"go/constant"
	"go/token"
	"go/types"
)

// FoldUnary folds op x for a value of type t: ! on a bool, - and ^ on an
// integer that fits t.
func FoldUnary(op token.Token, x constant.Value, t types.Type) (constant.Value, bool) {
	switch {
	case op == token.NOT && x.Kind() == constant.Bool:
		return constant.UnaryOp(op, x, 0), true
	case (op == token.SUB || op == token.XOR) && x.Kind() == constant.Int:
		var prec uint
		if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsUnsigned != 0 {
			prec = uint(8 * gcSizes.Sizeof(b))
		}
		r := constant.UnaryOp(op, x, prec)
		return r, Fits(r, t)
	}
	return nil, false
}

// FoldBinary folds x op y, an operation of type t: a comparison of two
// constants of one kind, or integer arithmetic whose result fits t.
func FoldBinary(op token.Token, x, y constant.Value, t types.Type) (constant.Value, bool) {
	if x.Kind() != y.Kind() {
		return nil, false
	}
	switch op {
	case token.EQL, token.NEQ:
		return constant.MakeBool(constant.Compare(x, op, y)), true
	case token.LSS, token.LEQ, token.GTR, token.GEQ:
		if x.Kind() == constant.Bool {
			return nil, false
		}
		return constant.MakeBool(constant.Compare(x, op, y)), true
	case token.ADD, token.SUB, token.MUL, token.AND, token.OR, token.XOR, token.AND_NOT:
		if x.Kind() != constant.Int {
			return nil, false
		}
		r := constant.BinaryOp(x, op, y)
		return r, Fits(r, t)
	}
	return nil, false
}

// gcSizes are the sizes of the gc compiler on a 64-bit target.
var gcSizes = types.SizesFor("gc", "amd64")

// Fits reports whether the integer constant c is a value of type t.
func Fits(c constant.Value, t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsInteger == 0 || c.Kind() != constant.Int {
		return false
	}
	bits := 8 * gcSizes.Sizeof(b)
	if b.Info()&types.IsUnsigned != 0 {
		return constant.Sign(c) >= 0 && constant.BitLen(c) <= int(bits)
	}
	lo := constant.Shift(constant.MakeInt64(-1), token.SHL, uint(bits-1))
	hi := constant.BinaryOp(constant.Shift(constant.MakeInt64(1), token.SHL, uint(bits-1)), token.SUB, constant.MakeInt64(1))
	return constant.Compare(c, token.GEQ, lo) && constant.Compare(c, token.LEQ, hi)
}
