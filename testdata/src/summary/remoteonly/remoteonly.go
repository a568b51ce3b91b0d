// Package remoteonly starts no goroutine of its own: the one that leaks is
// started by a function of another package, as its summary says.
package remoteonly

import "summary/middle"

// Positive (stranded): middle.Start sends on ch from a goroutine; the early
// return leaves it blocked.
func Fetch(fail bool) (int, error) {
	ch := make(chan int)
	middle.Start(ch) // want `the goroutine middle.Start starts blocks forever sending on ch if Fetch returns at remoteonly.go:13: no one receives after that`
	if fail {
		return 0, nil
	}
	return <-ch, nil
}
