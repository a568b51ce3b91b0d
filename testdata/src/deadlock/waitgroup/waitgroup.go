// Package waitgroup: wg.Wait() before the receive that would let the
// goroutine call Done.
package waitgroup

import "sync"

func Collect() int {
	var wg sync.WaitGroup
	results := make(chan int)
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- i // want `send on results blocks forever: every receiver that could come is blocked or finished: the goroutine running Collect is blocked at Wait of wg \(waitgroup.go:17\)`
		}()
	}
	wg.Wait() // want `Wait of wg blocks forever: its counter stays at 2: no goroutine that can still run calls Done`
	return <-results + <-results
}

// CollectFixed receives first, then waits.
func CollectFixed() int {
	var wg sync.WaitGroup
	results := make(chan int)
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- i
		}()
	}
	n := <-results + <-results
	wg.Wait()
	return n
}

// Forgotten adds one more than it starts.
func Forgotten() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { wg.Done() }()
	wg.Wait() // want `Wait of wg blocks forever: its counter stays at 1`
}

// ForgottenFixed adds one per goroutine.
func ForgottenFixed() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { wg.Done() }()
	wg.Wait()
}
