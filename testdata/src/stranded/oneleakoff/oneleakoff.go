// Package oneleakoff is oneleak analysed with the unpaired check turned
// off: stranded reports the leak itself.
package oneleakoff

func work() {}

func fire(done chan<- bool) {
	work()
	done <- true // want `send on done blocks forever: 2 goroutines \(oneleakoff.go:\d+, oneleakoff.go:\d+\) send 2 values, but Fire takes only 0 values before it returns`
}

func Fire() {
	done := make(chan bool)
	go fire(done)
	go fire(done)
}
