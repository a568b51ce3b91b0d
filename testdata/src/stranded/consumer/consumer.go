package consumer

// Positive: the consumer stops at the first match while the producer keeps
// sending.
func Find(xs []int, want int) bool {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			ch <- x // want `send on ch blocks forever once Find stops receiving: it leaves its receive loop early and returns at consumer.go:\d+ while this goroutine keeps sending`
		}
		close(ch)
	}()
	for v := range ch {
		if v == want {
			return true
		}
	}
	return false
}

// Positive: a generator nobody drains after an early return.
func Head(n int, skip bool) []int {
	ch := make(chan int)
	go func() {
		for i := 0; ; i++ {
			ch <- i // want `send on ch blocks forever if Head returns at consumer.go:\d+: this goroutine keeps sending, and no one receives`
		}
	}()
	if skip {
		return nil
	}
	var out []int
	for v := range ch {
		out = append(out, v)
		if len(out) == n {
			break
		}
	}
	return out
}

// Negative: the fixed twin of Find: the producer stops when asked.
func FindFixed(xs []int, want int) bool {
	ch := make(chan int)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(ch)
		for _, x := range xs {
			select {
			case ch <- x:
			case <-done:
				return
			}
		}
	}()
	for v := range ch {
		if v == want {
			return true
		}
	}
	return false
}

// Negative: everything is consumed.
func Sum(xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			ch <- x
		}
		close(ch)
	}()
	t := 0
	for v := range ch {
		t += v
	}
	return t
}

// Negative: a sentinel ends both sides.
func Sentinel(xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			ch <- x
		}
		ch <- -1
	}()
	t := 0
	for {
		v := <-ch
		if v < 0 {
			return t
		}
		t += v
	}
}

// Negative: a constant number of sends in a loop, as many receives.
func Three() {
	const n = 3
	c := make(chan bool, 1)
	go func() {
		for i := 0; i < n; i++ {
			c <- true
		}
	}()
	for i := 0; i < n; i++ {
		<-c
	}
}
