package chanmodel

import (
	"go/constant"
	"go/token"
	"go/types"
	"testing"
)

func TestFold(t *testing.T) {
	i8, u8, i64 := types.Typ[types.Int8], types.Typ[types.Uint8], types.Typ[types.Int64]
	b, f := types.Typ[types.Bool], types.Typ[types.Float64]
	n := constant.MakeInt64
	for _, c := range []struct {
		name string
		got  func() (constant.Value, bool)
		want constant.Value // nil: not folded
	}{
		{"^uint8(0)", func() (constant.Value, bool) { return FoldUnary(token.XOR, n(0), u8) }, n(255)},
		{"^int8(0)", func() (constant.Value, bool) { return FoldUnary(token.XOR, n(0), i8) }, n(-1)},
		{"-int8(-128) wraps", func() (constant.Value, bool) { return FoldUnary(token.SUB, n(-128), i8) }, nil},
		{"!true", func() (constant.Value, bool) { return FoldUnary(token.NOT, constant.MakeBool(true), b) }, constant.MakeBool(false)},
		{"int8 127+1 wraps", func() (constant.Value, bool) { return FoldBinary(token.ADD, n(127), n(1), i8) }, nil},
		{"int64 127+1", func() (constant.Value, bool) { return FoldBinary(token.ADD, n(127), n(1), i64) }, n(128)},
		{"uint8 1-2 wraps", func() (constant.Value, bool) { return FoldBinary(token.SUB, n(1), n(2), u8) }, nil},
		{"mask", func() (constant.Value, bool) { return FoldBinary(token.AND_NOT, n(7), n(3), i64) }, n(4)},
		{"3 < 4", func() (constant.Value, bool) { return FoldBinary(token.LSS, n(3), n(4), b) }, constant.MakeBool(true)},
		{`"a" == "b"`, func() (constant.Value, bool) {
			return FoldBinary(token.EQL, constant.MakeString("a"), constant.MakeString("b"), b)
		}, constant.MakeBool(false)},
		{"float arithmetic", func() (constant.Value, bool) {
			return FoldBinary(token.ADD, constant.MakeFloat64(1), constant.MakeFloat64(2), f)
		}, nil},
		{"kinds differ", func() (constant.Value, bool) { return FoldBinary(token.EQL, n(1), constant.MakeBool(true), b) }, nil},
		{"division", func() (constant.Value, bool) { return FoldBinary(token.QUO, n(4), n(2), i64) }, nil},
	} {
		got, ok := c.got()
		switch {
		case c.want == nil && ok:
			t.Errorf("%s: folded to %v, want not folded", c.name, got)
		case c.want != nil && (!ok || !constant.Compare(got, token.EQL, c.want)):
			t.Errorf("%s: %v, %v; want %v", c.name, got, ok, c.want)
		}
	}
}
