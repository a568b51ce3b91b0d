package spin

import "summary/upstream"

// Positive (noexit): a goroutine per call that never ends.
func Spin() {
	go upstream.Forever() // want `goroutine started here never ends: upstream.Forever never returns, and Spin can be called again and again`
}

var started bool

// Negative: started once, from init.
func init() {
	go upstream.Forever()
}
