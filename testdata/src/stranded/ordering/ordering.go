package ordering

import "sync"

// Positive: the parent waits for Done before receiving; Done comes after
// the send.
func Deadlock(v int) int {
	var wg sync.WaitGroup
	ch := make(chan int)
	wg.Add(1)
	go func() {
		defer wg.Done()
		ch <- v // want `send on ch blocks forever: Deadlock waits for wg \(ordering.go:\d+\) before it receives, and the goroutine calls wg.Done only after this send`
	}()
	wg.Wait()
	return <-ch
}

// Positive: the WaitGroup and the channel are parameters of a helper.
func Helper(v int) int {
	var wg sync.WaitGroup
	ch := make(chan int)
	wg.Add(1)
	go produce(&wg, ch, v)
	wg.Wait()
	return <-ch
}

func produce(wg *sync.WaitGroup, out chan<- int, v int) {
	out <- v // want `send on out blocks forever: Helper waits for wg`
	wg.Done()
}

// Negative: the fixed twin: receive first, then wait.
func Ordered(v int) int {
	var wg sync.WaitGroup
	ch := make(chan int)
	wg.Add(1)
	go func() {
		defer wg.Done()
		ch <- v
	}()
	r := <-ch
	wg.Wait()
	return r
}

// Negative: a buffer of one lets Done run.
func Buffered(v int) int {
	var wg sync.WaitGroup
	ch := make(chan int, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		ch <- v
	}()
	wg.Wait()
	return <-ch
}

// Negative: Done comes before the send.
func DoneFirst(v int) int {
	var wg sync.WaitGroup
	ch := make(chan int)
	wg.Add(1)
	go func() {
		wg.Done()
		ch <- v
	}()
	wg.Wait()
	return <-ch
}

// Negative: another WaitGroup.
func OtherGroup(v int) int {
	var wg, other sync.WaitGroup
	ch := make(chan int)
	wg.Add(1)
	other.Add(1)
	go func() {
		defer wg.Done()
		ch <- v
	}()
	go other.Done()
	other.Wait()
	r := <-ch
	wg.Wait()
	return r
}
