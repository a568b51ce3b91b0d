package basic

import (
	"context"
	"net"
	"net/http"
	"os"
	"runtime"
	"sync"
	"time"
)

// ErrWork is what work returns: exported, so set elsewhere (nil or not).
var ErrWork error

func poll()                {}
func refresh(id string)    {}
func work() error          { return ErrWork }
func handle(c net.Conn)    {}
func step(s *Server) error { return nil }

// Positive: a per-call goroutine polling forever.
func Touch() {
	go func() { // want `goroutine started here never ends: the loop at basic.go:\d+ has no exit, and Touch can be called again and again`
		for {
			poll()
			time.Sleep(time.Second)
		}
	}()
}

// Positive: a per-call ticker loop.
func Watch(id string) {
	go func() { // want `goroutine started here never ends: the range over time.Tick\(time.Minute\) at basic.go:\d+ never ends \(nothing closes the channel of time.Tick\)`
		for range time.Tick(time.Minute) {
			refresh(id)
		}
	}()
}

// Positive: a time.Ticker's channel is never closed either.
func Beat(id string) {
	t := time.NewTicker(time.Second)
	go func() { // want `goroutine started here never ends: the range over t.C at basic.go:\d+ never ends \(nothing closes the channel of a time.Ticker\)`
		for range t.C {
			refresh(id)
		}
	}()
}

// select {} at the end of a helper run per call: a leak, which unpaired
// reports at the select (one leak, one report; see noexit/unpairedoff).
func Park(id string) {
	go park(id)
}

func park(id string) {
	refresh(id)
	select {}
}

// Positive: the only way out waits on a channel nothing closes.
func Loop() {
	done := make(chan struct{})
	go func() { // want `goroutine started here never ends: the loop at basic.go:\d+ has no exit: its way out, the done case \(basic.go:\d+\), can never fire: nothing closes or sends on done`
		for {
			select {
			case <-done:
				return
			case <-time.After(time.Second):
				poll()
			}
		}
	}()
}

// Positive: a helper that never returns.
func Serve() {
	go func() { // want `goroutine started here never ends: serveForever, called at basic.go:\d+, never returns`
		poll()
		serveForever()
	}()
}

// Positive: the loop is the goroutine's function itself.
func Serve2() {
	go serveForever() // want `goroutine started here never ends: the loop at basic.go:\d+ has no exit, and Serve2 can be called again and again`
}

func serveForever() {
	for {
		poll()
	}
}

// Positive (the helper): called from the goroutine above.
func run() { serveForever() }

// Server is a type with a loop method.
type Server struct{ mu sync.Mutex }

// Positive: a method value started per call.
func (s *Server) Start() {
	go s.loop() // want `goroutine started here never ends: the loop at basic.go:\d+ has no exit, and \(\*Server\).Start can be called again and again`
}

func (s *Server) loop() {
	for {
		_ = step(s)
	}
}

// Positive: a per-connection goroutine that never ends, per accepted conn.
func Accept(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		go func() { // want `goroutine started here never ends: the loop at basic.go:\d+ has no exit, and it is started in a loop that does not end \(basic.go:\d+\)`
			for {
				handle(c)
			}
		}()
	}
}

// Positive: generics.
func Repeat[T any](v T, f func(T)) {
	go func() { // want `goroutine started here never ends: the loop at basic.go:\d+ has no exit`
		for {
			f(v)
		}
	}()
}

// Positive: registered as an HTTP handler, run once per request.
func init() {
	http.HandleFunc("/touch", func(w http.ResponseWriter, r *http.Request) {
		go func() { // want `goroutine started here never ends: the loop at basic.go:\d+ has no exit, and the func literal in init can be called again and again`
			for {
				poll()
				time.Sleep(time.Second)
			}
		}()
	})
}

// Positive: a goroutine started in a loop that never ends.
func Spawner() {
	for range time.Tick(time.Second) {
		go spin() // want `goroutine started here never ends: the loop at basic.go:\d+ has no exit, and`
	}
}

func spin() {
	for {
		runtime.Gosched()
	}
}

// Negative: a loop that breaks under a condition.
func Until(limit int) {
	go func() {
		n := 0
		for {
			n++
			if n > limit {
				break
			}
			poll()
		}
	}()
}

// Negative: a loop that ends when the caller's context is done.
func WithCtx(ctx context.Context) {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				poll()
			}
		}
	}()
}

// Negative: a loop on a stop channel from the caller.
func WithStop(stop <-chan struct{}) {
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
				poll()
			}
		}
	}()
}

// Negative: an accept loop that returns on error.
func AcceptLoop(l net.Listener) {
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go handle(c)
		}
	}()
}

// Negative: a range over a channel the producer closes.
func Consume(xs []int) {
	ch := make(chan int)
	go func() {
		for v := range ch {
			_ = v
		}
	}()
	for _, x := range xs {
		ch <- x
	}
	close(ch)
}

// Negative: an error ends the loop.
func UntilError() {
	go func() {
		for {
			if err := work(); err != nil {
				return
			}
		}
	}()
}

// Negative: a panic ends the goroutine.
func UntilPanic() {
	go func() {
		for {
			if err := work(); err != nil {
				panic(err)
			}
		}
	}()
}

// Negative: the process ends.
func UntilExit() {
	go func() {
		for {
			if err := work(); err != nil {
				os.Exit(1)
			}
		}
	}()
}

// Negative: runtime.Goexit ends the goroutine.
func UntilGoexit() {
	go func() {
		for {
			if err := work(); err != nil {
				runtime.Goexit()
			}
		}
	}()
}

var once sync.Once

// Negative: a daemon started once through sync.Once.
func Lazy() {
	once.Do(func() {
		go func() {
			for range time.Tick(time.Second) {
				poll()
			}
		}()
	})
}

// Negative: a daemon started from init.
func init() {
	go func() {
		for {
			poll()
			time.Sleep(time.Minute)
		}
	}()
}

// Poller has a stop channel closed by an exported Close.
type Poller struct{ quit chan struct{} }

func NewPoller() *Poller { return &Poller{quit: make(chan struct{})} }

// Negative: the loop ends when Close (which callers may call) closes quit.
func (p *Poller) Run() {
	go func() {
		for {
			select {
			case <-p.quit:
				return
			case <-time.After(time.Second):
				poll()
			}
		}
	}()
}

func (p *Poller) Close() { close(p.quit) }

// Negative: the goroutine returns after its work.
func Once() {
	go poll()
}
