// Package unsafeptr imports unsafe: any place may be written through a
// pointer, so none is judged never set.
package unsafeptr

import "unsafe"

type broker struct {
	waitCh chan int
	n      int
}

func NewBroker() *broker { return &broker{} }

// Set writes waitCh through an unsafe.Pointer.
func (b *broker) Set() {
	p := (*chan int)(unsafe.Pointer(b))
	*p = make(chan int)
}

// Positive: waitCh is set through unsafe.
func (b *broker) Wait() {
	if b.waitCh != nil {
		block := make(chan int)
		block <- 1 // want `send on block blocks forever: nothing receives from it`
	}
}
