// Package lockorder: two goroutines take two mutexes in opposite orders.
package lockorder

import "sync"

func Transfer() {
	var a, b sync.Mutex
	done := make(chan bool)
	go func() {
		b.Lock()
		a.Lock() // want `Lock of a blocks forever: the goroutine running Transfer holds it \(locked at lockorder.go:16\) and is blocked at Lock of b \(lockorder.go:17\)`
		a.Unlock()
		b.Unlock()
		done <- true
	}()
	a.Lock()
	b.Lock() // want `Lock of b blocks forever: the goroutine started at lockorder.go:9 holds it \(locked at lockorder.go:10\) and is blocked at Lock of a \(lockorder.go:11\)`
	b.Unlock()
	a.Unlock()
	<-done
}

// TransferFixed takes the mutexes in one order everywhere.
func TransferFixed() {
	var a, b sync.Mutex
	done := make(chan bool)
	go func() {
		a.Lock()
		b.Lock()
		b.Unlock()
		a.Unlock()
		done <- true
	}()
	a.Lock()
	b.Lock()
	b.Unlock()
	a.Unlock()
	<-done
}

type account struct {
	mu      sync.Mutex
	balance int
}

func move(from, to *account, n int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock() // want `Lock of to.mu blocks forever`
	defer to.mu.Unlock()
	from.balance -= n
	to.balance += n
}

// Swap moves money both ways at once: each goroutine holds one account
// and waits for the other.
func Swap() {
	x, y := &account{balance: 1}, &account{balance: 2}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); move(x, y, 1) }()
	go func() { defer wg.Done(); move(y, x, 1) }()
	wg.Wait() // want `Wait of wg blocks forever: its counter stays at 2`
}

// SwapFixed moves money one way after the other.
func SwapFixed() {
	x, y := &account{balance: 1}, &account{balance: 2}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); move(x, y, 1) }()
	wg.Wait()
	wg.Add(1)
	go func() { defer wg.Done(); move(y, x, 1) }()
	wg.Wait()
}
