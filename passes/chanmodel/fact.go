package chanmodel

import (
	"fmt"
	"strings"
)

// FuncFact is what a function does with the channels it is given and the
// channels it returns, as the summary pass exports it for the packages
// that import it. It is small and gob-encodes deterministically (no maps).
type FuncFact struct {
	// Params describes the channel-typed parameters (the receiver, if any,
	// is parameter 0), in order.
	Params []ParamUse
	// Results describes the channel-typed results, in order.
	Results []ResultChan
	// Exit is how a run of the function ends when it never returns (see
	// ExitKind): Forever when every path loops or blocks forever,
	// EndsGoroutine for t.Fatal-like functions, EndsProcess for
	// log.Fatal-like ones. Returns (the zero value) when it may return.
	Exit ExitKind
	// EndsVia lists the interface parameters whose methods the function
	// may call and so end the goroutine, when those methods do: testify's
	// require.NoError(t, err) ends the test's goroutine through
	// t.FailNow() when t is a *testing.T. Sorted, no duplicates.
	EndsVia []MethodCall
}

// MethodCall is a call of a method on a parameter.
type MethodCall struct {
	Param  uint8
	Method string
}

func (*FuncFact) AFact() {}

// Count is how many times something happens in one call: at least Min, at
// most Max (Many for any number).
type Count struct {
	Min, Max uint8
}

// Many is the Max of a count without bound (and the Min of a drain: every
// value, until the channel is closed).
const Many = 255

func (c Count) String() string {
	switch {
	case c.Min == Many:
		return "all" // until the channel is closed
	case c.Max == 0:
		return "0"
	case c.Min == c.Max:
		return fmt.Sprint(c.Min)
	case c.Max == Many:
		return fmt.Sprintf("%d+", c.Min)
	}
	return fmt.Sprintf("%d-%d", c.Min, c.Max)
}

// ParamUse is what a function does with one channel parameter.
type ParamUse struct {
	Index uint8 // the parameter's index
	// Escapes: the channel may reach code the summary cannot see (stored,
	// handed to an unknown function, used later by other functions). The
	// other fields then say nothing.
	Escapes bool
	Sends   Count
	Recvs   Count
	Closes  Count
	// Drains: it receives until the channel is closed (a range).
	Drains bool
	// Async: the operations run on a goroutine the function starts, not
	// before it returns.
	Async bool
	// WayOut: its sends and receives sit in selects with another case that
	// may fire (a context, a timer, a done channel): they never strand.
	WayOut bool
	// Line is the line of its first operation on the channel.
	Line uint32
}

// ResultChan is what a function does with a channel it returns.
type ResultChan struct {
	Index uint8
	// Made: the channel is made inside, fresh on every call. If not, the
	// other fields say nothing.
	Made bool
	// Escapes: the function also lets it reach code the summary cannot see.
	Escapes bool
	Sends   Count
	Closes  Count
	// Async: the sends (and close) run on a goroutine the function starts,
	// which keeps sending after it returns (a generator).
	Async bool
	// WayOut: the sends sit in selects with another case that may fire.
	WayOut bool
	Cap    int64 // the channel's constant capacity, or -1
	Line   uint32
}

func (f *FuncFact) String() string {
	var parts []string
	for _, p := range f.Params {
		parts = append(parts, "param"+fmt.Sprint(p.Index)+":"+p.String())
	}
	for _, r := range f.Results {
		parts = append(parts, "result"+fmt.Sprint(r.Index)+":"+r.String())
	}
	if f.Exit != Returns {
		parts = append(parts, "exit:"+strings.ReplaceAll(f.Exit.String(), " ", "-"))
	}
	for _, m := range f.EndsVia {
		parts = append(parts, fmt.Sprintf("ends-via:param%d.%s", m.Param, m.Method))
	}
	return "chanuse(" + strings.Join(parts, " ") + ")"
}

func (p ParamUse) String() string {
	if p.Escapes {
		return "escapes"
	}
	var s []string
	add := func(name string, c Count) {
		if c.Max > 0 {
			s = append(s, name+"="+c.String())
		}
	}
	add("send", p.Sends)
	add("recv", p.Recvs)
	add("close", p.Closes)
	if p.Drains {
		s = append(s, "drains")
	}
	if p.Async {
		s = append(s, "async")
	}
	if p.WayOut {
		s = append(s, "wayout")
	}
	if len(s) == 0 {
		return "unused"
	}
	return strings.Join(s, ",")
}

func (r ResultChan) String() string {
	if !r.Made {
		return "unknown"
	}
	if r.Escapes {
		return "made,escapes"
	}
	s := []string{"made"}
	if r.Sends.Max > 0 {
		s = append(s, "send="+r.Sends.String())
	}
	if r.Closes.Max > 0 {
		s = append(s, "close="+r.Closes.String())
	}
	if r.Async {
		s = append(s, "async")
	}
	if r.WayOut {
		s = append(s, "wayout")
	}
	return strings.Join(s, ",")
}
