// Package worker starts goroutines that nothing stops.
package worker

// Start starts a worker that sends its result on a channel nobody reads.
func Start() {
	done := make(chan bool)
	go func() {
		done <- true
	}()
}

// Poll starts a goroutine that never ends, each time it is called.
func Poll() {
	go func() {
		select {}
	}()
}

// Wait waits for a value or for quit: both come from the caller.
func Wait(in <-chan int, quit <-chan bool) int {
	select {
	case v := <-in:
		return v
	case <-quit:
		return 0
	}
}
