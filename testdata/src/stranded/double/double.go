package double

import "errors"

func send(ch chan error, err error) {
	if err != nil {
		ch <- err
		// missing return
	}
	ch <- nil // want `send on ch blocks forever when this goroutine sends twice: Call receives only once after starting it, then returns at double.go:\d+`
}

// Positive: the helper may send twice; the caller takes one value.
func Call() error {
	ch := make(chan error)
	go func() {
		send(ch, errors.New("boom"))
	}()
	return <-ch
}

// Negative: called with a nil error, the helper sends once.
func CallNil() error {
	ch := make(chan error)
	go func() {
		send(ch, nil)
	}()
	return <-ch
}

// Negative: the caller takes both values.
func CallTwice() error {
	ch := make(chan error)
	go func() {
		send(ch, errors.New("boom"))
	}()
	<-ch
	return <-ch
}

// Negative: a buffer of one absorbs the second send.
func CallBuffered() error {
	ch := make(chan error, 1)
	go func() {
		send(ch, errors.New("boom"))
	}()
	return <-ch
}

// Negative: a flag lets the helper send at most once, however often it is
// called.
func Flagged(steps []func() error) error {
	errc := make(chan error, 1)
	go func() {
		defer close(errc)
		sent := false
		report := func(err error) {
			if !sent {
				errc <- err
				sent = true
			}
		}
		for _, s := range steps {
			if err := s(); err != nil {
				report(err)
			}
		}
		report(nil)
	}()
	return <-errc
}
