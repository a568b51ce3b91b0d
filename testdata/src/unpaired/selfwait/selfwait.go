// Package selfwait holds receives whose only counterpart is a close the
// waiting function defers: it runs when that function returns, which it
// cannot do while it waits.
package selfwait

// Positive: the function waits on the channel it closes on return.
func Simple() {
	stop := make(chan struct{})
	defer close(stop)
	<-stop // want `receive from stop blocks forever: its only close is deferred \(selfwait.go:\d+\) and runs when Simple returns, which it cannot do while waiting here`
}

func wait(done <-chan struct{}, f func(done <-chan struct{})) {
	f(done)
}

// Positive: the channel comes back through a callback into a local.
func ThroughCallback() {
	stop := make(chan struct{})
	defer close(stop)
	var got <-chan struct{}
	wait(stop, func(d <-chan struct{}) { got = d })
	<-got // want `receive from got blocks forever: its only close is deferred`
}

// Negative: a goroutine the function starts waits, and the deferred close
// releases it when the function returns.
func ReleasesChild() {
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		<-stop
	}()
}

// Negative: a goroutine also closes the channel.
func AlsoClosedElsewhere() {
	stop := make(chan struct{})
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(stop)
		<-done
	}()
	<-stop
}

type server struct {
	quit chan struct{}
}

// Negative: the channel is kept in a struct field, where another call of
// the method (or another method) may close it first.
func (s *server) run() {
	s.quit = make(chan struct{})
	defer close(s.quit)
	<-s.quit
}

func (s *server) stop() { close(s.quit) }

// Serve and Stop make run and stop live.
func Serve(s *server) { go s.run() }
func Stop(s *server)  { s.stop() }

// Negative: a send from a goroutine feeds the receive.
func Fed() {
	ch := make(chan int)
	defer close(ch)
	go func() { ch <- 1 }()
	<-ch
}
