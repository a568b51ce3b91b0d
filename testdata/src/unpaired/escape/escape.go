package escape

import (
	"context"
	"fmt"
	"time"
)

// Negative: the channel is returned to callers outside the package.
func Events() <-chan int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	return ch
}

// Negative: the channel is handed to code in another package.
func Printed() {
	ch := make(chan int)
	go func() { ch <- 1 }()
	fmt.Println(ch)
}

// Negative: stored in an exported field.
type Server struct {
	Done chan struct{}
}

func NewServer() *Server {
	s := &Server{Done: make(chan struct{})}
	go func() { <-s.Done }()
	return s
}

// Negative: stored in an exported global.
var Ready = make(chan bool)

func WaitReady() { <-Ready }

// Negative: converted to an interface.
func Boxed() any {
	ch := make(chan int)
	go func() { ch <- 1 }()
	return any(ch)
}

// Negative: a parameter of an exported function may be fed by the caller.
func Feed(ch chan int) {
	<-ch
}

// Negative: a method of an exported type on a parameter.
type Pool struct{}

func (Pool) Put(ch chan<- int) { ch <- 1 }

// Negative: context and timer channels are fed by the runtime.
func Ctx(ctx context.Context) {
	<-ctx.Done()
	<-time.After(time.Second)
	t := time.NewTimer(time.Second)
	<-t.C
}

// Negative: the receive runs in a closure handed to another package, which
// may call it.
func Callback(register func(func())) {
	ch := make(chan int)
	register(func() { <-ch })
	go func() { ch <- 1 }()
}

// Negative: a channel stored in an unexported global that an exported
// function receives from.
var queue = make(chan string, 10)

func Enqueue(s string) { queue <- s }
func Dequeue() string  { return <-queue }
