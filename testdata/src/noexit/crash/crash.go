// Package crash: a goroutine that panics with nothing to recover it crashes
// the process; the goroutine that started it does not go on blocking.
package crash

import "errors"

// die starts a goroutine that panics, then waits forever: the process
// crashes first.
func die(err error) {
	go panic(err)
	select {}
}

// boom always panics, and recovers nothing.
func boom(err error) { panic(err) }

// dieVia does the same through a function that always panics.
func dieVia(err error) {
	go boom(err)
	select {}
}

// park waits forever, and nothing crashes.
func park() {
	select {}
}

// Negative: each call's goroutine crashes the process.
func Fail() {
	go func() { die(errors.New("fatal")) }()
}

// Negative: the same through boom.
func FailVia() {
	go func() { dieVia(errors.New("fatal")) }()
}

// Positive: each call leaves a goroutine parked forever.
func Park() {
	go func() { park() }() // want `goroutine started here never ends: park, called at crash.go:40, never returns, and Park can be called again and again`
}
