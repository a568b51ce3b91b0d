package flow

// Positive: two helper calls deep.
func Deep() {
	ch := make(chan int)
	go first(ch)
}

func first(ch chan int) { second(ch) }

func second(ch chan int) {
	ch <- 1 // want `send on ch blocks forever: nothing receives from it`
}

// Helpers shared by the paired twin below.
func firstP(ch chan int)  { secondP(ch) }
func secondP(ch chan int) { ch <- 1 }

type worker struct {
	results chan int
}

func newWorker() *worker { return &worker{results: make(chan int)} }

func (w *worker) run() {
	w.results <- 42 // want `send on w.results blocks forever: nothing receives from it`
}

// Positive: a method value started as a goroutine; the field is unexported
// and nothing receives from it.
func Start() {
	w := newWorker()
	f := w.run
	go f()
}

// Positive: generics.
func sendOne[T any](c chan T, v T) {
	c <- v // want `send on c blocks forever: nothing receives from it`
}

func Generic() {
	ch := make(chan string)
	go sendOne(ch, "x")
}

// Positive: a channel of channels whose reply channel nobody sends on.
func Request() {
	reqs := make(chan chan int)
	go func() {
		r := <-reqs
		_ = r // the server forgets to reply
	}()
	reply := make(chan int)
	reqs <- reply
	<-reply // want `receive from reply blocks forever: nothing sends on or closes it`
}

// Positive: channels in a slice.
func Slice(n int) {
	chs := make([]chan int, n)
	for i := range chs {
		chs[i] = make(chan int)
	}
	for i := range chs {
		go func() {
			chs[i] <- i // want `send on chs\[i\] blocks forever`
		}()
	}
}

// Positive: a channel in a map.
func Map() {
	m := map[string]chan bool{"a": make(chan bool)}
	go func() {
		<-m["a"] // want `receive from m\["a"\] blocks forever`
	}()
}

// Positive: a channel returned by an unexported constructor.
func Constructed() {
	ch := mk()
	go func() { ch <- 1 }() // want `send on ch blocks forever`
}

func mk() chan int { return make(chan int) }

// Positive: a closure called directly (not as a goroutine) from a goroutine.
func Closure() {
	ch := make(chan int)
	go func() {
		send := func() { ch <- 1 } // want `send on ch blocks forever`
		send()
	}()
}

// Negative: the helper chain receives.
func DeepPaired() {
	ch := make(chan int)
	go firstP(ch)
	go recvVia(ch)
}

func recvVia(ch chan int) { third(ch) }
func third(ch chan int)   { <-ch }

type pair struct{ c chan int }

// Negative: the field is received in a method.
func (p *pair) recv() int { return <-p.c }

func Fields() {
	p := &pair{c: make(chan int)}
	go func() { p.c <- 1 }()
	p.recv()
}

// Negative: the receiver is a function value called dynamically.
func Dynamic() {
	ch := make(chan int)
	var f func(chan int)
	f = third
	go f(ch)
	ch <- 1
}

// Negative: the receive is in a generic function.
func recvOne[T any](c chan T) T { return <-c }

func GenericPaired() {
	ch := make(chan int)
	go func() { ch <- 1 }()
	recvOne(ch)
}

// Negative: the reply pattern done right.
func RequestPaired() {
	reqs := make(chan chan int)
	go func() {
		r := <-reqs
		r <- 1
	}()
	reply := make(chan int)
	reqs <- reply
	<-reply
}

// Negative: channels in a slice, each received.
func SlicePaired(n int) {
	chs := make([]chan int, n)
	for i := range chs {
		chs[i] = make(chan int)
		go func() { chs[i] <- i }()
	}
	for _, c := range chs {
		<-c
	}
}

// Negative: through an anonymous struct type written twice.
func AnonStruct() {
	s := struct{ c chan int }{c: make(chan int)}
	go anonRecv(s)
	s.c <- 1
}

func anonRecv(s struct{ c chan int }) { <-s.c }

type endpoint struct {
	recvc chan int
}

// conn has the same underlying struct: (*conn)(e).recvc is e.recvc.
type conn endpoint

func (c *conn) read() int { return <-c.recvc }

// Negative: the receive goes through a pointer converted to another named
// type with the same underlying struct.
func Converted() int {
	e := &endpoint{recvc: make(chan int)}
	go func() { e.recvc <- 1 }()
	return (*conn)(e).read()
}
