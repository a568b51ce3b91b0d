package lonely

import "summary/upstream"

// Positive (unpaired): upstream.Len only looks at the channel: nothing
// receives what the goroutine sends.
func Lonely() {
	ch := make(chan int)
	go func() { ch <- 1 }() // want `send on ch blocks forever: nothing receives from it`
	upstream.Len(ch)
}

// Positive (unpaired): upstream.Send sends, nothing receives.
func Orphan() {
	ch := make(chan int)
	go upstream.Send(ch, 1) // want `send on ch \(in upstream.Send\) blocks forever: nothing receives from it`
}

// Negative: upstream.Drain receives.
func Drained() {
	ch := make(chan int)
	go upstream.Drain(ch)
	ch <- 1
	close(ch)
}
