// Package unpaired defines an Analyzer that reports channel operations no
// live code can ever pair: the goroutine that reaches one parks forever.
//
// # Analyzer unpaired
//
// unpaired: report channel operations that nothing can ever pair
//
// A send blocks until some goroutine receives, and a receive blocks until
// some goroutine sends or closes the channel. For every channel made in the
// package whose every use the package can see, unpaired reports:
//
//   - a send with no live receive, range or select receive on the channel
//     (for a buffered channel, when the sends outnumber its capacity: a
//     constant count above it, or sends that go on without bound),
//     even when the channel is closed somewhere: the send then blocks, or
//     panics if the close comes first (a close that runs before the send on
//     every path only makes it panic, and is not reported);
//   - a receive or range with no live send and no close;
//   - a receive whose only counterpart is a close its own function defers
//     on the channel it made: the close runs when the function returns,
//     which it cannot do while it waits;
//   - a range over a channel that nothing closes, in code that runs again
//     and again (each run leaves one more goroutine behind);
//   - a send, receive or range on a nil channel;
//   - a select without default whose every case is one of the above, and an
//     empty select in a goroutine started again and again.
//
// A receive from a channel made for it alone, <-make(chan struct{}), on a
// goroutine the package does not start (main's, a test's) is how a program
// waits to be killed: not reported.
//
// Code behind a constant-false condition (if false, const debug = false),
// after a call that never returns, in unexported functions nothing live
// calls, and in exported methods of unexported types that no other package
// can reach, is dead: it pairs nothing. A channel handed to code the package
// cannot see (another package, an interface, an exported field or global)
// may be paired there, so unpaired says nothing about it.
//
// The goroutine parked on such an operation never ends: its stack and all
// it references stay alive, and started once per request it grows until
// the process dies.
//
// Bad:
//
//	outCh := make(chan int)
//	go func() {
//		if false {
//			<-outCh // dead code: the only receive never runs
//		}
//		select {}
//	}()
//	for range time.Tick(time.Second / 100) {
//		go func() { outCh <- 0 }() // each goroutine parks here forever
//	}
//
// Fixed:
//
//	outCh := make(chan int)
//	go func() {
//		for range outCh {
//		}
//	}()
//	for range time.Tick(time.Second / 100) {
//		go func() { outCh <- 0 }()
//	}
//
// Since v0.1.0. Suppress one report with //lint:ignore leakvet.unpaired <reason>.
package unpaired
