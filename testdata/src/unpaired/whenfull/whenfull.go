// Package whenfull: a sender that stops once the buffer is full sends no
// more than the buffer holds.
package whenfull

const total = 100

type msg struct{}

// Negative: the loop leaves as soon as the buffer is full.
func Collect(in <-chan msg) chan msg {
	out := make(chan msg, total)
	go func() {
		for m := range in {
			out <- m
			if len(out) == total {
				return
			}
		}
	}()
	return nil
}

// Negative: the same against cap(out), with >=.
func CollectCap(in <-chan msg) chan msg {
	out := make(chan msg, total)
	go func() {
		for m := range in {
			out <- m
			if len(out) >= cap(out) {
				break
			}
		}
	}()
	return nil
}

// Positive: the test is of another size: the loop may go on past the
// buffer.
func Short(in <-chan msg) chan msg {
	out := make(chan msg, total)
	go func() {
		for m := range in {
			out <- m // want `send on out blocks forever once its buffer of 100 is full: nothing receives from it`
			if len(out) == total+1 {
				return
			}
		}
	}()
	return nil
}

// Positive: a second sender can fill the buffer between the test and the
// send.
func Two(in <-chan msg) chan msg {
	out := make(chan msg, total)
	go func() { out <- msg{} }()
	go func() {
		for m := range in {
			out <- m // want `send on out blocks forever once its buffer of 100 is full: nothing receives from it`
			if len(out) == total {
				return
			}
		}
	}()
	return nil
}
