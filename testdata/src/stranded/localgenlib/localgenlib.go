// Package localgenlib has generators its own code also calls: what a
// caller in the package does with the channel of its call is not what
// the generator does, and importers get the generator's summary all the
// same (stranded/localgen uses them).
package localgenlib

// Numbers sends 0 to n-1 and closes the channel.
func Numbers(n int) <-chan int {
	ch := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			ch <- i
		}
		close(ch)
	}()
	return ch
}

// Sum drains a channel of Numbers.
func Sum(n int) int {
	s := 0
	for v := range Numbers(n) {
		s += v
	}
	return s
}

var kept []chan int

// Kept also keeps the channel: code the call graph does not order may
// take from it.
func Kept(v int) <-chan int {
	ch := make(chan int)
	kept = append(kept, ch)
	go func() { ch <- v }()
	return ch
}

// Flush drains what Kept kept.
func Flush() {
	for _, ch := range kept {
		<-ch
	}
}
