// Package budget has a leak that takes several summaries to see (the
// goroutine, then the helper it calls): with -config.max-paths=1 the
// check gives up, silently.
package budget

func send(ch chan<- int) { ch <- 1 } // want `send on ch blocks forever if Early returns`

func Early(fail bool) int {
	ch := make(chan int)
	go func() { send(ch) }()
	if fail {
		return 0
	}
	return <-ch
}
