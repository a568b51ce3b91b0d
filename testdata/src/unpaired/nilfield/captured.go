package nilfield

// Negative: a goroutine tests a captured copy of the field.
func (b *broker) SubscribeAsync(done chan<- struct{}) {
	waitCh := b.waitCh
	go func() {
		if waitCh != nil {
			<-waitCh
		}
		done <- struct{}{}
	}()
}

// Positive: the copy is set again, to a channel nobody feeds, before the
// goroutine starts.
func (b *broker) SubscribeReset(done chan<- struct{}) {
	waitCh := b.waitCh
	waitCh = make(chan struct{})
	go func() {
		if waitCh != nil {
			<-waitCh // want `receive from waitCh blocks forever: nothing sends on or closes it`
		}
		done <- struct{}{}
	}()
}

func source() chan int {
	ch := make(chan int)
	go func() {
		ch <- 1
		close(ch)
	}()
	return ch
}

// Negative: the goroutine sets its captured variable to nil itself (a
// drained input turned off), so its loop does end and its close runs.
func Forward(out chan<- int) {
	in := source()
	stopped := make(chan struct{})
	go func() {
		for {
			if in == nil {
				break
			}
			v, ok := <-in
			if !ok {
				in = nil
				continue
			}
			out <- v
		}
		close(stopped)
	}()
	<-stopped
}
