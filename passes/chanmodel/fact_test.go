package chanmodel

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"
)

// samples covers every field of every fact type.
var samples = []*FuncFact{
	{},
	{Exit: Forever},
	{Exit: EndsGoroutine},
	{EndsVia: []MethodCall{{Param: 0, Method: "FailNow"}, {Param: 2, Method: "Fatal"}}},
	{Params: []ParamUse{{Index: 0, Escapes: true}}},
	{Params: []ParamUse{
		{Index: 1, Sends: Count{1, 1}, Recvs: Count{0, Many}, Closes: Count{0, 1}, Drains: true, Async: true, WayOut: true, Line: 42},
		{Index: 3, Sends: Count{2, 2}},
	}},
	{Results: []ResultChan{{Index: 0, Made: true, Sends: Count{0, Many}, Closes: Count{1, 1}, Async: true, WayOut: false, Cap: -1, Line: 7}}},
	{Results: []ResultChan{{Index: 1, Made: true, Escapes: true, Cap: 16}}, Params: []ParamUse{{Index: 2}}},
}

// TestFactGob checks that every fact survives the round trip through gob
// (the form facts take in go vet's files) and encodes to the same bytes
// every time: no maps, nothing that depends on iteration order.
func TestFactGob(t *testing.T) {
	for _, f := range samples {
		var first []byte
		for i := 0; i < 3; i++ {
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(f); err != nil {
				t.Fatalf("encode %v: %v", f, err)
			}
			if first == nil {
				first = buf.Bytes()
			} else if !bytes.Equal(first, buf.Bytes()) {
				t.Errorf("%v: encodings differ", f)
			}
			var back FuncFact
			if err := gob.NewDecoder(&buf).Decode(&back); err != nil {
				t.Fatalf("decode %v: %v", f, err)
			}
			if !reflect.DeepEqual(normalize(f), normalize(&back)) {
				t.Errorf("round trip changed the fact:\n got %#v\nwant %#v", back, *f)
			}
		}
	}
}

// normalize makes nil and empty slices compare equal (gob does not keep
// the difference, and it carries no meaning).
func normalize(f *FuncFact) FuncFact {
	g := *f
	if len(g.Params) == 0 {
		g.Params = nil
	}
	if len(g.Results) == 0 {
		g.Results = nil
	}
	if len(g.EndsVia) == 0 {
		g.EndsVia = nil
	}
	return g
}

func TestCountString(t *testing.T) {
	for c, want := range map[Count]string{{0, 0}: "0", {1, 1}: "1", {0, 1}: "0-1", {2, Many}: "2+", {Many, Many}: "all"} {
		if got := c.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", c, got, want)
		}
	}
}
