// Package asm declares a function whose body is in assembly: it may set any
// package variable, so none is judged never set.
package asm

var gate chan int

// setGate is written in assembly.
func setGate()

// Positive: gate may be set by setGate.
func Wait() {
	setGate()
	if gate != nil {
		block := make(chan int)
		block <- 1 // want `send on block blocks forever: nothing receives from it`
	}
}
