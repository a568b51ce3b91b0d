// Package generics: the model of generic code, through its instantiations.
// generic code, those made in test files included. A method called only
// through a type parameter, or through an interface the type argument is
// converted to inside generic code, is live.
package generics

// Sender is implemented by the test's fakes.
type Sender interface{ Send() }

// ViaInterface converts its type argument to Sender, then calls it.
func ViaInterface[T Sender](v T) {
	var s Sender = v
	s.Send()
}

// ViaTypeParam calls the method on the type parameter directly.
func ViaTypeParam[T Sender](v T) { v.Send() } // want ViaTypeParam:`chanuse\(ends-via:param0.Send\)`

type box[T any] struct{ ch chan T }

// put and take are generic methods instantiated by the code below.
func (b *box[T]) put(v T) { b.ch <- v }
func (b *box[T]) take() T { return <-b.ch }

// Negative: a generic box whose put runs on a goroutine and whose take
// runs here.
func RoundTrip() int {
	b := &box[int]{ch: make(chan int)}
	go b.put(1)
	return b.take()
}

// emit sends v on ch: a generic helper, judged through its instantiations.
func emit[T any](ch chan T, v T) { // want emit:`chanuse\(param0:escapes\)`
	ch <- v
}

// Positive: nothing receives from the channel emit[string] is handed.
func Drop() {
	go emit(make(chan string), "x")
}

// Negative: emit[int]'s send is received.
func Keep() int {
	ch := make(chan int)
	go emit(ch, 1)
	return <-ch
}
