package buffered

// Positive: sends in a loop outnumber a buffer of one; nothing receives.
func Loop(xs []int) {
	ch := make(chan int, 1)
	for _, x := range xs {
		ch <- x // want `send on ch blocks forever once its buffer of 1 is full: nothing receives from it`
	}
}

// Positive: two sends in a row on a buffer of one.
func Twice() {
	ch := make(chan error, 1)
	ch <- nil
	ch <- nil // want `send on ch blocks forever once its buffer of 1 is full`
}

// Positive: one goroutine per item, each sending once, buffer of two.
func PerItem(xs []int) {
	ch := make(chan int, 2)
	for _, x := range xs {
		go func() {
			ch <- x // want `send on ch blocks forever once its buffer of 2 is full`
		}()
	}
}

// Negative: one send on a buffer of one, nothing receives, nothing blocks.
func Once() {
	ch := make(chan error, 1)
	go func() {
		ch <- nil
	}()
}

// Negative: the buffer is as big as the number of sends.
func Sized(xs []int) {
	ch := make(chan int, len(xs))
	for _, x := range xs {
		ch <- x
	}
}

// Negative: two sends on exclusive paths, buffer of one.
func EitherOr(err error) {
	ch := make(chan error, 1)
	go func() {
		if err != nil {
			ch <- err
			return
		}
		ch <- nil
	}()
}

// Negative: two sends, buffer of two.
func Two() {
	ch := make(chan int, 2)
	ch <- 1
	ch <- 2
}

// Negative: a fresh channel per iteration.
func FreshEach(xs []int) {
	for range xs {
		ch := make(chan int, 1)
		ch <- 1
	}
}
