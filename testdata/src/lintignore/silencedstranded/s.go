package silencedstranded

import "time"

// Silenced: the stranded send is excused.
func Timeout(d time.Duration) int {
	ch := make(chan int)
	go func() {
		ch <- 1 //lint:ignore leakvet.stranded the caller drains it later
	}()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		return 0
	}
}

// Not silenced: the same leak.
func Timeout2(d time.Duration) int {
	ch := make(chan int)
	go func() {
		ch <- 1 // want `send on ch blocks forever if Timeout2 returns through the time.After\(d\) case`
	}()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		return 0
	}
}
