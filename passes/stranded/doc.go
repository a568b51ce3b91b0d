// Package stranded defines an Analyzer that reports goroutines left
// blocked forever because their partner leaves early.
//
// # Analyzer stranded
//
// stranded: report goroutines stranded when their partner returns early
//
// A function starts goroutines that send their results on a channel, then
// takes fewer values than they send on some path: it returns early on an
// error, a select takes the time.After or ctx.Done() case, the first
// result wins and the rest are dropped, a loop of receives returns at the
// first error, a range loop stops early, or one goroutine sends twice. The
// counterpart exists, so nothing looks unpaired; but on that path the
// goroutines that are still sending block forever. stranded follows every
// path of the function that makes the channel, from each go statement to
// each return, and reports the send that blocks, saying which path skips
// the receive. A channel made anew on each iteration of a loop is followed
// to the end of its iteration: the next iteration makes another channel.
//
// It also reports a reply channel handed over in a request: a function
// makes an unbuffered channel, sends it to a server loop inside a request
// (reqs <- request{key, reply}), and waits for the answer in a select
// with a way out. When it leaves through the timer or context case, the
// server's reply send blocks forever, and the server with it: every later
// request waits too. A buffer of one, or a reply the server sends with a
// select that has a way out, fixes it.
//
// It also reports the callers of a generator: a function that makes a
// channel on each call, feeds it only from goroutines it starts and returns
// it, the channel going nowhere else (not kept in a field, not received by
// the function itself). It may be of the same package or, by its summary,
// of another. Each call is a channel of its own: where a caller can stop
// receiving from it (a return, a break out of the receive loop, t.Fatal,
// the end of the function) while that call's goroutine still has values to
// send, the report is at that statement.
//
// It also reports the receiving side: a goroutine ranging over (or waiting
// on) a channel that the function closes on some paths but not on another;
// and the reverse, a function waiting for a goroutine it starts to close a
// channel, when the goroutine can return without closing it (an early
// return the close does not cover: defer close(done) fixes it).
//
// stranded stays silent when the sending goroutine has a way out (a select
// with a ctx.Done(), timer or done case), when the buffer covers every send
// on every path (make(chan T, 1) for one send, make(chan T, len(xs)) for one
// send per element), when a buffer of more than one may cover goroutines
// started in a loop of unknown length, when the skipped path drains the
// channel, and when the channel is handed to code it cannot see. A timer
// case cannot win against a goroutine that reaches its one send without
// waiting (no channel operation, lock, sleep, loop, or call into code it
// cannot see on the way): when the timer is of a millisecond or more and
// armed after the go statement, the value is ready first, and that case is
// not a path that strands the send. A goroutine that first waits for the
// function's signal (a receive from a channel only the function sends on
// or closes, after the go statement) is, on a path that never signals,
// still at that wait: the path strands the wait, not the send. The same
// holds for a goroutine that polls for the signal in a select (with a
// default case, or other cases) and sends only in the branch of that
// case: without the signal it keeps polling and never sends. A goroutine
// that waits for a signal on each iteration of its loop, before that
// iteration's sends, sends no more than the signals it got allow: a
// governor that signals once per value it took strands no send. In the same
// way a goroutine that sends only after it accepted a connection on a
// listener the function made gets one only on the function's paths past a
// successful dial of that listener's address (when the address goes to
// nothing else): a test that ends because its dial failed leaves the
// goroutine in Accept, not at its send.
//
// When a buffer provably removes the leak, the diagnostic carries a
// suggested fix: make(chan T) becomes make(chan T, 1) for one send, or
// make(chan T, n) where n is the number of goroutines started in a loop
// over xs (len(xs)) or up to a bound known at the make. When a goroutine
// can return without the close its starter waits for, and that close is
// the last statement of its body, the fix defers it instead.
//
// Bad:
//
//	func Last(ctx context.Context) (Quote, error) {
//		ch := make(chan Quote)
//		go func() { ch <- fetch() }() // blocks forever after a timeout
//		select {
//		case q := <-ch:
//			return q, nil
//		case <-ctx.Done():
//			return Quote{}, ctx.Err()
//		}
//	}
//
// Fixed:
//
//	func Last(ctx context.Context) (Quote, error) {
//		ch := make(chan Quote, 1) // the send never blocks
//		go func() { ch <- fetch() }()
//		select {
//		case q := <-ch:
//			return q, nil
//		case <-ctx.Done():
//			return Quote{}, ctx.Err()
//		}
//	}
//
// One leak, one report: an operation the unpaired check reports (a send
// nothing ever receives) is its report; stranded says nothing more there,
// unless unpaired is turned off.
//
// Since v0.1.0. Suppress one report with //lint:ignore leakvet.stranded <reason>.
package stranded
