// Package decided: conditions on the constant arguments of the call being
// followed are decided, not taken both ways.
package decided

const (
	modeRead  = 1 << 0
	modeWrite = 1 << 1
	modeAll   = modeRead | modeWrite
)

// serve returns early for a mode it does not know, before it sends.
func serve(out chan int, mode int, limit int) {
	if mode&^modeAll != 0 {
		return
	}
	if limit > 64 {
		return
	}
	out <- mode
}

// Negative: the mode and the limit passed here pass both checks: the
// goroutine always sends.
func Read() int {
	out := make(chan int)
	go serve(out, modeRead, 8)
	return <-out
}

// Negative: the same with a mode built from two constants.
func ReadWrite() int {
	out := make(chan int)
	go serve(out, modeRead|modeWrite, 64)
	return <-out
}

// Positive: a mode from the caller may be one serve refuses.
func Mode(mode int) int {
	out := make(chan int)
	go serve(out, mode, 8)
	return <-out // want `receive from out blocks forever if the goroutine started at decided.go:40 returns at decided.go:14: it sends on out only on other paths`
}
