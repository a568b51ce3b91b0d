// Package main: goroutines main leaves waiting on a context that is never
// done are no leak, since the process ends when main returns (the same
// goroutine left by a library function is one: deadlock/ctx's Background).
package main

import "context"

func main() {
	ctx := context.Background()
	go func() {
		<-ctx.Done()
	}()
}
