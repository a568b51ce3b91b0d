// Package nilfield: a field or package variable that nothing in the
// package ever sets holds nil, so a branch on it against nil is decided.
package nilfield

import "sync"

// broker is a test double: waitCh and gate are never set.
type broker struct {
	mu      sync.Mutex
	waitCh  chan struct{} // if non-nil, Subscribe blocks until it is closed
	gate    chan int
	cleared chan int // only ever set to nil
}

func NewBroker() *broker { return &broker{} }

// Negative: the guard is on a local copy of the field (centrifuge's
// controllableBroker.Subscribe).
func (b *broker) Subscribe() {
	b.mu.Lock()
	waitCh := b.waitCh
	b.mu.Unlock()
	if waitCh != nil {
		<-waitCh
	}
}

// Negative: the guard is on the field itself.
func (b *broker) Gate() {
	if b.gate != nil {
		<-b.gate
	}
}

// Negative: nil == x, and the code after the early return never runs.
func (b *broker) Block() {
	if nil == b.gate {
		return
	}
	block := make(chan int)
	block <- 1
}

// Negative: a field only ever set to nil.
func (b *broker) Clear() {
	b.cleared = nil
	if b.cleared != nil {
		<-b.cleared
	}
}

// Negative: the field is read through a method that returns it.
func (b *broker) wait() chan struct{} { return b.waitCh }

func (b *broker) WaitVia() {
	if w := b.wait(); w != nil {
		<-w
	}
}

// Negative: a field of a struct value.
func (b *broker) ByValue() {
	c := *b
	if c.gate != nil {
		<-c.gate
	}
}

// Positive: the only receive is in the branch that never runs.
func (b *broker) Results() {
	results := make(chan int)
	go func() {
		results <- 1 // want `send on results blocks forever: its only receive \(nilfield.go:\d+\) is in dead code`
	}()
	if b.waitCh != nil {
		<-results
	}
}

// inner declares stop; outer embeds it: the field is inner's.
type inner struct{ stop chan int }

type outer struct {
	inner
	n int
}

func NewOuter() *outer { return &outer{n: 1} }

// Negative: a promoted field nothing sets.
func (o *outer) Stop() {
	if o.stop != nil {
		<-o.stop
	}
}

// gate is a package variable nothing sets.
var gate chan int

// Negative: a package variable nothing sets.
func Global() {
	if gate != nil {
		<-gate
	}
}

// box is generic; its ch is never set.
type box[T any] struct{ ch chan T }

func NewBox() *box[int] { return &box[int]{} }

// Negative: a field of a generic type nothing sets.
func (b *box[T]) Recv() T {
	var zero T
	if b.ch != nil {
		return <-b.ch
	}
	return zero
}

// server's fields are all set somewhere.
type server struct {
	reqs  chan int
	lit   chan int
	reply chan int
	byPtr chan int
	value chan int
	Exp   chan int // exported: another package may set it
}

func NewServer() *server {
	s := &server{lit: make(chan int)}
	s.start()
	return s
}

func (s *server) start() { s.reqs = make(chan int) }

// Positive: a field set in another function.
func (s *server) Serve() {
	if s.reqs != nil {
		<-s.reqs // want `receive from s.reqs blocks forever: nothing sends on or closes it`
	}
}

// Positive: a field set in a composite literal.
func (s *server) Lit() {
	if s.lit != nil {
		<-s.lit // want `receive from s.lit blocks forever: nothing sends on or closes it`
	}
}

// Positive: a field set through a pointer to it.
func (s *server) Reply() {
	p := &s.reply
	*p = make(chan int)
	if s.reply != nil {
		block := make(chan int)
		block <- 1 // want `send on block blocks forever: nothing receives from it`
	}
}

func setChan(p *chan int) { *p = make(chan int) }

// Positive: a field whose address is handed to a function.
func (s *server) ByPtr() {
	setChan(&s.byPtr)
	if s.byPtr != nil {
		block := make(chan int)
		block <- 1 // want `send on block blocks forever: nothing receives from it`
	}
}

// Positive: a field set in a struct value that is then copied.
func (s *server) Value() {
	v := server{value: make(chan int)}
	*s = v
	if s.value != nil {
		block := make(chan int)
		block <- 1 // want `send on block blocks forever: nothing receives from it`
	}
}

// Positive: an exported field.
func (s *server) Exported() {
	if s.Exp != nil {
		block := make(chan int)
		block <- 1 // want `send on block blocks forever: nothing receives from it`
	}
}

// ready is set in init; escaped's address goes to setChan; Exported is
// exported.
var (
	ready   chan int
	escaped chan int
	Ready   chan int
)

func init() {
	ready = make(chan int)
	setChan(&escaped)
}

// Positive: a package variable set in init.
func Init() {
	if ready != nil {
		<-ready // want `receive from ready blocks forever: nothing sends on or closes it`
	}
}

// Positive: a package variable whose address goes to a function.
func Escaped() {
	if escaped != nil {
		block := make(chan int)
		block <- 1 // want `send on block blocks forever: nothing receives from it`
	}
}

// Positive: an exported package variable.
func ExportedVar() {
	if Ready != nil {
		block := make(chan int)
		block <- 1 // want `send on block blocks forever: nothing receives from it`
	}
}

// pair's ch is set by the generic code.
type pair[T any] struct{ ch chan T }

func NewPair() *pair[int] {
	p := &pair[int]{}
	p.open()
	return p
}

func (p *pair[T]) open() { p.ch = make(chan T) }

// Positive: a field of a generic type set in a generic method.
func (p *pair[T]) Recv() {
	if p.ch != nil {
		block := make(chan int)
		block <- 1 // want `send on block blocks forever: nothing receives from it`
	}
}

// Negative: a field of a struct literal type nothing sets.
func Literal() {
	var s struct{ stop chan int }
	if s.stop != nil {
		<-s.stop
	}
}

// Positive: a field of a struct literal type that is set (in another
// variable of the type).
func LiteralSet() {
	var t struct{ done chan int }
	t.done = make(chan int)
	var u struct{ done chan int }
	if u.done != nil {
		block := make(chan int)
		block <- 1 // want `send on block blocks forever: nothing receives from it`
	}
	_ = t
}
