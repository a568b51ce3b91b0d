package stranded

// Replies: a function makes a channel, hands it over in a request sent on
// another channel (reqs <- request{n, reply}), and waits for the answer in
// a select with a way out (a timer, a context). Whoever took the request —
// a server loop started anywhere — sends its answer on the channel the
// request carried. When the function leaves through the other case, the
// reply channel is unbuffered and nobody else holds it, that send blocks
// forever: the server loop is stuck on a client that is gone, and every
// later request with it.

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/chanmodel"
	"github.com/leakvet/leakvet/passes/explain"
	"github.com/leakvet/leakvet/passes/flow"
)

// isReply reports whether op is a plain send on a channel the sending
// function got out of a value it received from a channel: the reply field
// of a request.
func isReply(op *chanmodel.Op) bool {
	if op.Kind != chanmodel.Send || op.Select != nil || op.Remote != nil {
		return false
	}
	return fromReceive(op.Value, 0)
}

// fromReceive reports whether v is, or is a field of (a pointer to), a
// value received from a channel.
func fromReceive(v ssa.Value, depth int) bool {
	if depth > 6 {
		return false
	}
	switch v := v.(type) {
	case *ssa.UnOp:
		if v.Op == token.ARROW {
			return true
		}
		if v.Op == token.MUL {
			return fromReceive(v.X, depth+1)
		}
	case *ssa.Extract:
		if u, ok := v.Tuple.(*ssa.UnOp); ok && u.Op == token.ARROW {
			return true
		}
	case *ssa.Alloc:
		// A local the received value is stored in (for r := range reqs).
		stored := false
		for _, r := range *v.Referrers() {
			if st, ok := r.(*ssa.Store); ok && st.Addr == v {
				if !fromReceive(st.Val, depth+1) {
					return false
				}
				stored = true
			}
		}
		return stored
	case *ssa.FieldAddr:
		return fromReceive(v.X, depth+1)
	case *ssa.Field:
		return fromReceive(v.X, depth+1)
	}
	return false
}

// checkReply judges a channel the owner made and hands over in a
// request: every other operation on it is the owner's own receive (replies
// are the sends of those who took the request). From the hand-off, the
// owner must take the reply on every path.
func (c *checker) checkReply(o *owner, replies []*chanmodel.Op) {
	ch, p := o.ch, o.p
	if ch.Cap != 0 {
		return // a buffer of one takes the late reply
	}
	for _, op := range o.parent {
		if op.Fn != p || !op.Kind.Receives() || op.Kind == chanmodel.Range {
			return // the owner sends, closes, or receives elsewhere too
		}
	}
	if len(o.parent) == 0 {
		return
	}
	handoff := c.handoff(o)
	if handoff == nil {
		return
	}
	recv := o.cnt.Weigh(p, flow.RoleRecv, nil, c.cfg.MaxCallDepth)
	if recv.Unknown {
		return
	}
	gr := flow.NewGraph(p, flow.ConstLive(p, nil), recv)
	gr.Renew = o.renew
	supply, path := gr.MinSupply(handoff, 1, flow.Counted)
	if supply >= 1 || path == nil {
		return
	}
	w := c.witness(o, path, recv)
	if w.endsProcess || w.how == "" {
		return
	}
	name := explain.FuncName(p)
	for _, op := range replies {
		if c.reported[op.Pos] {
			continue
		}
		c.reported[op.Pos] = true
		pos, end := c.m.Extent(op)
		related := c.x.Makes([]*chanmodel.Chan{ch})
		related = append(related, analysis.RelatedInformation{Pos: handoff.Pos(), End: handoff.Pos(), Message: "the channel is handed over here, in a request"})
		related = append(related, w.related...)
		c.r.Report(analysis.Diagnostic{
			Pos:     pos,
			End:     end,
			Message: fmt.Sprintf("send on %s blocks forever if %s %s: the channel came in its request (%s), and no one else receives from it", c.m.ChanName(op), name, w.how, c.x.Short(handoff.Pos())),
			Related: related,
		})
	}
}

// handoff returns the owner's one send that carries the channel in the
// value it sends (the channel itself, a struct holding it, or a pointer
// to one), when there is exactly one and it runs before every receive of
// the reply; else nil.
func (c *checker) handoff(o *owner) *ssa.Send {
	mk := o.ch.Make
	var found *ssa.Send
	for _, b := range o.p.SSA.Blocks {
		for _, instr := range b.Instrs {
			s, ok := instr.(*ssa.Send)
			if !ok || !chanmodel.Carries(s.X, mk, s) {
				continue
			}
			if found != nil {
				return nil
			}
			found = s
		}
	}
	if found == nil {
		return nil
	}
	for _, op := range o.parent {
		if op.Instr == nil || !chanmodel.RunsBefore(found, op.Instr) {
			return nil
		}
	}
	return found
}
