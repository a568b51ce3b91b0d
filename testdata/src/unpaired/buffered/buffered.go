package buffered

// Positive: sends in a loop without bound outnumber a buffer of one;
// nothing receives.
func Loop(next func() int) {
	ch := make(chan int, 1)
	for {
		ch <- next() // want `send on ch blocks forever once its buffer of 1 is full: nothing receives from it`
	}
}

// Negative: how many sends the loop makes depends on len(xs), which
// leakvet does not know: it may never fill the buffer.
func LoopOverSlice(xs []int) {
	ch := make(chan int, 1)
	for _, x := range xs {
		ch <- x
	}
}

// Negative: a counted loop sends twice into a buffer of ten (a channel
// used as an event counter, read through len).
func Counted() int {
	ch := make(chan struct{}, 10)
	for i := 0; i < 2; i++ {
		ch <- struct{}{}
	}
	return len(ch)
}

// Negative: one closure started twice sends into a buffer of ten.
func TwoGoroutines() {
	ch := make(chan struct{}, 10)
	send := func() { ch <- struct{}{} }
	go send()
	go send()
}

type recorder struct {
	events chan string
}

// NewRecorder hands callers a *recorder, whose exported methods they may call.
func NewRecorder() *recorder { return &recorder{events: make(chan string, 16)} }

// Positive: the channel lives in a field, and the exported method that
// sends may be called any number of times; nothing receives.
func (r *recorder) Record(e string) {
	r.events <- e // want `send on r.events blocks forever once its buffer of 16 is full`
}

// Positive: two sends in a row on a buffer of one.
func Twice() {
	ch := make(chan error, 1)
	ch <- nil
	ch <- nil // want `send on ch blocks forever once its buffer of 1 is full`
}

// Positive: a goroutine per tick, each sending once, buffer of two.
func PerTick(tick <-chan int) {
	ch := make(chan int, 2)
	for x := range tick {
		go func() {
			ch <- x // want `send on ch blocks forever once its buffer of 2 is full`
		}()
	}
}

// Negative: one goroutine per item: len(xs) may not exceed the buffer.
func PerItem(xs []int) {
	ch := make(chan int, 2)
	for _, x := range xs {
		go func() {
			ch <- x
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

// Positive: the capacity is a parameter, and every caller passes 1.
func Callers() {
	fill(1)
	fill(1)
}

func fill(n int) {
	ch := make(chan int, n)
	ch <- 1
	ch <- 2 // want `send on ch blocks forever once its buffer of 1 is full`
}

// Negative: one caller passes a capacity computed at run time.
func SomeCallerDynamic(xs []int) {
	fill2(1)
	fill2(len(xs))
}

func fill2(n int) {
	ch := make(chan int, n)
	ch <- 1
	ch <- 2
}

// Negative, a miss by design: fill3(1) blocks, but the model is not
// context-sensitive and judges the largest capacity callers pass, which
// covers both sends.
func LargestCovers() {
	fill3(1)
	fill3(2)
}

func fill3(n int) {
	ch := make(chan int, n)
	ch <- 1
	ch <- 2
}

// Negative: an exported function: callers outside the package may pass
// any capacity.
func Fill(n int) {
	ch := make(chan int, n)
	ch <- 1
	ch <- 2
}
