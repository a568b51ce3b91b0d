// Package correlated: a goroutine and the function starting it that test
// the same thing, on values neither can change, take the same way; a
// witness that needs them to take different ways is no path.
package correlated

func compute(xs []int) int { return len(xs) }

// Negative: the child gives up on the very condition its parent then
// returns on, before receiving.
func Same(items []int) int {
	ch := make(chan int)
	go func() {
		if len(items) == 0 {
			return
		}
		ch <- compute(items)
	}()
	if len(items) == 0 {
		return 0
	}
	return <-ch
}

// Negative: a flag parameter, handed to a named function.
func Flag(items []int, fast bool) int {
	ch := make(chan int)
	go produce(ch, items, fast)
	if fast {
		return 0
	}
	return <-ch
}

func produce(ch chan<- int, items []int, fast bool) {
	if fast {
		return
	}
	ch <- compute(items)
}

// Positive: the parent's test is another one: with many items the child
// sends and the parent has returned; with none, the child has returned
// and the parent waits.
func Different(items []int) int {
	ch := make(chan int)
	go func() {
		if len(items) == 0 {
			return
		}
		ch <- compute(items) // want `send on ch blocks forever if Different returns at correlated.go:\d+: no one receives after that`
	}()
	if len(items) > 5 {
		return 0
	}
	return <-ch // want `receive from ch blocks forever if the goroutine started at correlated.go:\d+ returns at correlated.go:\d+: it sends on ch only on other paths`
}

// Positive: the variable changes after the go statement: the child may
// test the old value and the parent the new one.
func Reassigned(items, more []int) int {
	ch := make(chan int)
	go func() {
		if len(items) == 0 {
			return
		}
		ch <- compute(items) // want `send on ch blocks forever if Reassigned returns at correlated.go:\d+: no one receives after that`
	}()
	items = more
	if len(items) == 0 {
		return 0
	}
	return <-ch // want `receive from ch blocks forever if the goroutine started at correlated.go:\d+ returns at correlated.go:\d+: it sends on ch only on other paths`
}
