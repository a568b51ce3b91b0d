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
