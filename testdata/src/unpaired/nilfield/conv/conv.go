// Package conv converts between two struct types declared alike (but for
// a tag): field i of one is copied into field i of the other, so a field is
// set if its counterpart is.
package conv

type plain struct {
	ch   chan int
	gate chan int
}

type other struct {
	ch   chan int `json:"ch"`
	gate chan int
}

func NewOther() *other { return &other{ch: make(chan int)} }

// Convert makes a plain of an other.
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

// Negative: neither plain's gate nor other's is ever set.
func (p *plain) Gate() {
	if p.gate != nil {
		<-p.gate
	}
}
