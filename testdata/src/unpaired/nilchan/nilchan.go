package nilchan

// Positive: a send on a channel variable that is never assigned.
func SendNil() {
	var ch chan int
	go func() {
		ch <- 1 // want `send on nil channel ch blocks forever: no channel is ever assigned to it`
	}()
}

// Positive: a receive on a nil channel.
func RecvNil() int {
	var ch chan int
	return <-ch // want `receive from nil channel ch blocks forever`
}

// Positive: a range over a nil channel.
func RangeNil() {
	var ch <-chan int
	for range ch { // want `range over nil channel ch blocks forever`
	}
}

type server struct {
	quit chan struct{} // never made anywhere in the package
	reqs chan int
}

func newServer() *server { return &server{reqs: make(chan int)} }

// NewServer hands callers a *server, whose exported methods they may call.
func NewServer() *server { return newServer() }

// Positive: a field that no code ever assigns a channel to.
func (s *server) Wait() {
	<-s.quit // want `receive from nil channel s.quit blocks forever`
}

// Negative: the field that is made.
func (s *server) Serve() {
	for r := range s.reqs {
		_ = r
	}
}

func Run() {
	s := newServer()
	go s.Serve()
	s.reqs <- 1
	close(s.reqs)
}

// Negative: a nil channel that is assigned on some path.
func MaybeNil(b bool) {
	var ch chan int
	if b {
		ch = make(chan int, 1)
	}
	ch <- 1
}

// Negative: a nil channel disables a select case: the idiom.
func Disable(in <-chan int, stop bool) {
	var out chan int
	for v := range in {
		select {
		case out <- v:
		case <-in:
		}
		if stop {
			return
		}
	}
}

// Negative: the variable is assigned a channel later through a pointer.
func ViaPointer() {
	var ch chan int
	set(&ch)
	go func() { ch <- 1 }()
	<-ch
}

func set(p *chan int) { *p = make(chan int) }

type item interface{ isItem() }

type ping struct{}

func (*ping) isItem() {}

// request is never made by this package (only by its tests, say): no
// value of it exists, so the case below never runs.
type request struct {
	resp chan int
}

func (*request) isItem() {}

// Negative: the nil field belongs to a type the package never creates.
func Loop(in <-chan item) {
	for it := range in {
		switch i := it.(type) {
		case *request:
			i.resp <- 1
		case *ping:
		}
	}
}
