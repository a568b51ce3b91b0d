// Package unpairedoff is analysed with the unpaired check turned off: the
// leaks unpaired would report at their blocked operation are noexit's to
// report then, at the go statement.
package unpairedoff

// Positive: select {} at the end of a helper run per call.
func Wait(id string) {
	go wait(id) // want `goroutine started here never ends: the empty select at unpairedoff.go:\d+ blocks forever, and Wait can be called again and again`
}

func wait(id string) {
	_ = id
	select {}
}

// Positive: a range over a channel nothing closes, per call.
func Drain(v int) {
	ch := make(chan int)
	go func() { // want `goroutine started here never ends: the range over ch at unpairedoff.go:\d+ never ends`
		for range ch {
		}
	}()
	ch <- v
}

// Negative: the goroutine ends when ch is closed, which the caller may do.
func Serve(ch chan int) {
	go func() {
		for range ch {
		}
	}()
}
