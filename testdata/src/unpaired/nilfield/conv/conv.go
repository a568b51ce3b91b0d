// Package conv converts between two struct types declared alike: a store to
// one's field may be the other's, so no field is judged never set.
package conv

type plain struct{ ch chan int }

type other struct{ ch chan int }

func NewOther() *other { return &other{ch: make(chan int)} }

// Convert makes a plain of an other, whose ch is set.
func (o *other) Convert() *plain {
	p := plain(*o)
	return &p
}

// Positive: plain's ch is never stored to, but other's is.
func (p *plain) Recv() {
	if p.ch != nil {
		block := make(chan int)
		block <- 1 // want `send on block blocks forever: nothing receives from it`
	}
}
