// Package oneleak: a send nothing ever receives is unpaired's report;
// stranded, which sees the same leak (the goroutines send more than the
// function starting them takes), says nothing more (oneleakoff: the same
// with unpaired turned off).
package oneleak

func work() {}

func fire(done chan<- bool) {
	work()
	done <- true
}

// Nothing receives from done: unpaired reports the send, stranded not.
func Fire() {
	done := make(chan bool)
	go fire(done)
	go fire(done)
}
