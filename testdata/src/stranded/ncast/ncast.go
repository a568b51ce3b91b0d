package ncast


// Positive: N senders, the first result wins.
func FirstOf(urls []string) string {
	ch := make(chan string)
	for _, u := range urls {
		go func() {
			ch <- u // want `send on ch blocks forever in all but one of the goroutines started in the loop \(ncast.go:\d+\): FirstOf receives only once after starting them`
		}()
	}
	return <-ch
}

// Positive: a receive loop returns at the first error.
func All(tasks []func() error) error {
	errc := make(chan error)
	for _, t := range tasks {
		go func() {
			errc <- t() // want `send on errc blocks forever if All leaves its receive loop early and returns at ncast.go:\d+: the goroutines started in the loop`
		}()
	}
	for range tasks {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Positive: a buffer of one is not enough for N senders.
func FirstOfBuffered(n int) int {
	ch := make(chan int, 1)
	for i := 0; i < n; i++ {
		go func() { ch <- i }() // want `send on ch blocks forever in all but two of the goroutines`
	}
	return <-ch
}

// Positive: a timeout inside the collecting loop.
func Gather(n int, stop <-chan struct{}) []int {
	ch := make(chan int)
	for i := range n {
		go func() { ch <- i }() // want `send on ch blocks forever if Gather returns through the stop case`
	}
	var out []int
	for range n {
		select {
		case v := <-ch:
			out = append(out, v)
		case <-stop:
			return out
		}
	}
	return out
}

// Negative: the fixed twin of FirstOf: one slot per sender.
func FirstOfFixed(urls []string) string {
	ch := make(chan string, len(urls))
	for _, u := range urls {
		go func() {
			ch <- u
		}()
	}
	return <-ch
}

// Negative: every value is collected.
func AllCollected(tasks []func() error) error {
	errc := make(chan error)
	for _, t := range tasks {
		go func() { errc <- t() }()
	}
	var first error
	for range tasks {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Negative: a counter decides when the loop stops: every value is taken.
func Counted(n int) {
	done := make(chan bool)
	for i := 0; i < n; i++ {
		go func() { done <- true }()
	}
	left := n
	for {
		<-done
		left--
		if left == 0 {
			return
		}
	}
}

// Negative: a constant number of senders and as many receives.
func Two() int {
	ch := make(chan int)
	for i := 0; i < 2; i++ {
		go func() { ch <- i }()
	}
	return <-ch + <-ch
}

// Negative: one receive per goroutine, in the same loop.
func Lockstep(n int) {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() { ch <- i }()
		<-ch
	}
}

// Negative: the buffer is sized by a constant that also bounds how many
// items the loop ranges over; leakvet cannot relate the two, so it stays
// silent for a buffer of more than one.
func SizedByConstant(ids []string) int {
	const max = 3
	if len(ids) > max {
		ids = ids[:max]
	}
	ch := make(chan int, max)
	for i := range ids {
		go func() { ch <- i }()
	}
	return <-ch
}

func scatter(ch chan<- int) {
	for i := 0; i < 8; i++ {
		ch <- i // want `send on ch blocks forever when this goroutine sends 8 times: Gather8 receives only once after starting it`
	}
}

// Positive: a counted loop sends eight values into a buffer of six, and
// the caller takes one before it returns.
func Gather8() int {
	ch := make(chan int, 6)
	go scatter(ch)
	return <-ch
}

func scatterRange(ch chan<- int) {
	for i := range 5 {
		ch <- i // want `send on ch blocks forever when this goroutine sends 5 times: GatherRange receives only twice after starting it`
	}
}

// Positive: a range over an integer sends five values into a buffer of
// two, and the caller takes two.
func GatherRange() int {
	ch := make(chan int, 2)
	go scatterRange(ch)
	return <-ch + <-ch
}
