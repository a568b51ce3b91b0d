// Package guards: a condition on values that do not change, tested twice,
// goes the same way both times.
package guards

func sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func log(string) {}

// Negative: the goroutine starts only for a non-empty slice, and the
// receive is under the same test.
func Sum(xs []int) int {
	results := make(chan int)
	if len(xs) > 0 {
		go func() { results <- sum(xs) }()
	}
	log("started")
	if len(xs) > 0 {
		return <-results
	}
	return 0
}

// Negative: a flag parameter tested before the loop and after it.
func Drain(fast bool, in []int) int {
	done := make(chan int)
	if !fast {
		go func() { done <- sum(in) }()
	}
	n := 0
	for _, x := range in {
		n += x
	}
	if !fast {
		n += <-done
	}
	return n
}

// Positive: the second test is another condition.
func Other(xs []int) int {
	results := make(chan int)
	if len(xs) > 0 {
		go func() { results <- sum(xs) }() // want `send on results blocks forever if Other returns at guards.go:\d+`
	}
	if len(xs) > 1 {
		return <-results
	}
	return 0
}

// Positive: the tested value changes between the tests.
func Changed(xs []int) int {
	results := make(chan int)
	if len(xs) > 0 {
		go func() { results <- sum(xs) }() // want `send on results blocks forever if Changed returns at guards.go:\d+`
	}
	xs = xs[:0]
	if len(xs) > 0 {
		return <-results
	}
	return 0
}
