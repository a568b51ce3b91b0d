// Package workers: a worker that forwards each value it takes
// (for v := range in { out <- f(v) }) sends as many values as it is fed; a
// buffer that holds them all never fills.
package workers

func double(v int) int { return 2 * v }

func next() int { return 1 }

// Negative: three values in, three into a buffer of three.
func Matched() {
	in := make(chan int)
	out := make(chan int, 3)
	go func() {
		for v := range in {
			out <- double(v)
		}
	}()
	for i := range 3 {
		in <- i
	}
	close(in)
}

// Negative: two stages, each forwarding what it takes.
func Pipeline() {
	in := make(chan int)
	mid := make(chan int)
	out := make(chan int, 2)
	go func() {
		for v := range in {
			mid <- v
		}
		close(mid)
	}()
	go func() {
		for v := range mid {
			out <- v
		}
	}()
	in <- 1
	in <- 2
	close(in)
}

// Positive: the feeder never stops, and nothing takes from out.
func Endless() {
	in := make(chan int)
	out := make(chan int, 3)
	go func() {
		for v := range in { // want `range over in never ends: nothing closes it`
			out <- double(v) // want `send on out blocks forever once its buffer of 3 is full: nothing receives from it`
		}
	}()
	for {
		in <- next()
	}
}
