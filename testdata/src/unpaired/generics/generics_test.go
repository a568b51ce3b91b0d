package generics

import "testing"

type fake struct{ ch chan int }

func (f *fake) Send() { f.ch <- 1 }

type fakeToo struct{ ch chan int }

func (f *fakeToo) Send() { f.ch <- 2 }

// Negative: the send is reached through the instantiation
// ViaInterface[*fake], made only here.
func TestViaInterface(t *testing.T) {
	f := &fake{ch: make(chan int)}
	go ViaInterface(f)
	<-f.ch
}

// Negative: the same through a call on the type parameter.
func TestViaTypeParam(t *testing.T) {
	f := &fakeToo{ch: make(chan int)}
	go ViaTypeParam(f)
	<-f.ch
}
