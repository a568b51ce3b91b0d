// Package flags: a boolean a function sets to constants on its way says
// which way it came; a branch on it is decided by the path.
package flags

type item struct{ last bool }

func compute() bool { return true }

// Negative: got records the receive; the early way out receives when it
// has not yet.
func Forward(in <-chan item, out chan<- item) {
	done := make(chan bool)
	go func() {
		done <- compute()
	}()
	got := false
	finished := false
	for !finished {
		select {
		case finished = <-done:
			got = true
		case it := <-in:
			if it.last {
				if !got {
					<-done
				}
				return
			}
			out <- it
		}
	}
}

// Negative: the same flag, tested as got == false, after the loop.
func Collect(in <-chan item) int {
	done := make(chan bool)
	go func() {
		done <- compute()
	}()
	got := false
	n := 0
loop:
	for {
		select {
		case <-done:
			got = true
			break loop
		case it := <-in:
			n++
			if it.last {
				break loop
			}
		}
	}
	if got == false {
		<-done
	}
	return n
}

// Positive: the flag is set on the other case, so the way out that skips
// the receive is a real path.
func Wrong(in <-chan item, out chan<- item) {
	done := make(chan bool)
	go func() {
		done <- compute() // want `send on done blocks forever if Wrong returns through the in case`
	}()
	got := false
	finished := false
	for !finished {
		select {
		case finished = <-done:
		case it := <-in:
			got = true
			if it.last {
				if !got {
					<-done
				}
				return
			}
			out <- it
		}
	}
}

// Positive: a flag that starts from a value computed at run time says
// nothing: with got true from the start, the early way out skips the
// receive.
func Unknown(in <-chan item, out chan<- item) {
	done := make(chan bool)
	go func() {
		done <- compute() // want `send on done blocks forever if Unknown returns through the in case`
	}()
	got := len(in) > 0
	finished := false
	for !finished {
		select {
		case finished = <-done:
			got = true
		case it := <-in:
			if it.last {
				if !got {
					<-done
				}
				return
			}
			out <- it
		}
	}
}

// Negative: the received value is unknown, but every way out either took
// it in the done case or takes it now.
func Computed(in <-chan item, out chan<- item) {
	done := make(chan bool)
	go func() {
		done <- compute()
	}()
	got := false
	finished := false
	for !finished {
		select {
		case finished = <-done:
			got = compute()
			if !got {
				return
			}
		case it := <-in:
			if it.last {
				if !got {
					<-done
				}
				return
			}
			out <- it
		}
	}
}
