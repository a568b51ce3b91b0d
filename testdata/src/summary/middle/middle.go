package middle

import "summary/upstream"

// Start sends once on ch, on a goroutine, through upstream.Send.
func Start(ch chan<- int) { // want Start:`chanuse\(param0:send=1,async\)`
	go upstream.Send(ch, 1)
}

// Consume drains ch through upstream.Drain.
func Consume(ch <-chan int) { // want Consume:`chanuse\(param0:recv=all,drains\)`
	upstream.Drain(ch)
}

// Numbers returns upstream's generator.
func Numbers(n int) <-chan int { // want Numbers:`chanuse\(result0:made,send=0\+,close=1,async\)`
	return upstream.Gen(n)
}

// Keep hands ch to a function that keeps it.
func Keep(ch chan int) { // want Keep:`chanuse\(param0:escapes\)`
	upstream.Keep(ch)
}
