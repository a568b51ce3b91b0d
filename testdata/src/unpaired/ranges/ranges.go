package ranges

// Positive: a range over a channel nothing feeds.
func Empty() {
	ch := make(chan int)
	go func() {
		for v := range ch { // want `range over ch blocks forever: nothing sends on or closes it`
			_ = v
		}
	}()
}

// Positive: workers per call range over a channel nothing closes.
func Fanout(jobs []int) {
	ch := make(chan int)
	go func() {
		for v := range ch { // want `range over ch never ends: nothing closes it, and its goroutine is started again and again`
			_ = v
		}
	}()
	for _, j := range jobs {
		ch <- j
	}
}

// Positive: a per-call consumer in a helper, never closed.
func Consume(xs []int) {
	ch := make(chan int)
	go sum(ch)
	for _, x := range xs {
		ch <- x
	}
}

func sum(ch <-chan int) {
	t := 0
	for v := range ch { // want `range over ch never ends: nothing closes it`
		t += v
	}
	_ = t
}

// Negative: the twin of Fanout, closed by the producer.
func FanoutClosed(jobs []int) {
	ch := make(chan int)
	go func() {
		for v := range ch {
			_ = v
		}
	}()
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
}

// Negative: the consumer leaves the loop on its own.
func Until(jobs []int) {
	ch := make(chan int)
	go func() {
		for v := range ch {
			if v < 0 {
				return
			}
		}
	}()
	for _, j := range jobs {
		ch <- j
	}
	ch <- -1
}

var jobs = make(chan int)

// Negative: a daemon worker pool started once, from init.
func init() {
	for i := 0; i < 4; i++ {
		go worker()
	}
}

func worker() {
	for j := range jobs {
		_ = j
	}
}

func Submit(j int) { jobs <- j }

// Positive: started once, the workers still block forever once the bounded
// list of items is sent: nothing closes the channel.
func processOnce(items []string, workers int) {
	ch := make(chan string)
	for i := 0; i < workers; i++ {
		go func() {
			for it := range ch { // want `range over ch never ends: nothing closes it, so it blocks forever after the last send`
				_ = it
			}
		}()
	}
	for _, it := range items {
		ch <- it
	}
}

func init() {
	processOnce([]string{"a", "b"}, 2)
}

// Negative: started once, fed forever by an unbounded loop: a daemon.
func feedForever(next func() int) {
	ch := make(chan int)
	go func() {
		for v := range ch {
			_ = v
		}
	}()
	for {
		ch <- next()
	}
}

func init() {
	go feedForever(func() int { return 1 })
}
