// Package deadlock defines an Analyzer that reports goroutines blocked
// forever on a lock, a wait group, a condition variable, a context or a
// timer, found by searching the interleavings of the goroutines that share
// them.
//
// # Analyzer deadlock
//
// deadlock: report lock-order cycles, lost wake-ups and waits that can never end
//
// A function makes a sync.Mutex, RWMutex, WaitGroup or Cond (alone, or in
// a struct it allocates) and starts goroutines that share it with the
// channels it makes. deadlock explores every interleaving of those
// goroutines, with Go's rules for each object: a Lock blocks while the
// mutex is held, an RLock blocks while a writer holds or waits for the
// RWMutex, a WaitGroup's Wait blocks while its counter is above zero, a
// Cond's Wait sleeps until a Signal or Broadcast that comes after it, an
// unbuffered send waits for its receiver. When it reaches a state where no
// goroutine can move again although some have not finished, it reports
// each goroutine blocked there on a lock, wait group or condition
// variable, at the operation a goroutine dump would show, saying what it
// waits for and why nothing can come: two goroutines taking two mutexes in
// opposite orders, a send made while holding the mutex its receiver needs,
// a wg.Wait() before the receive that would let the goroutine call Done, a
// Signal sent before anybody waits, a reader queued behind a waiting
// writer while it holds a read lock the writer waits for, a Lock of a
// mutex the goroutine already holds. A channel operation blocked in such a
// state is reported too when the cause involves a lock, wait group,
// condition variable, context or timer (the other checks report channels
// alone).
//
// Without a search, in any function: one that returns nothing and, on some
// path to a return, leaves a sync.Mutex or RWMutex locked that its other
// paths from the same Lock unlock (`mu.Lock(); if len(q) == 0 { return };
// ...; mu.Unlock()`) is reported at that return. Returning nothing, it
// cannot tell its caller it still holds the lock, so the next Lock of that
// mutex blocks forever. It is silent when a deferred Unlock covers the
// returns, when a call on the way is handed the mutex or what holds it (a
// method of the receiver, a goroutine or closure over it), on a panic or
// t.Fatal, and for a function with results (a lock handed over on
// success: `if !ok { mu.Unlock(); return false }; return true`).
//
// Contexts and timers the function makes are objects of the search too. A
// context from context.Background, TODO or WithoutCancel is never done
// (its Done channel is nil); one from WithCancel or WithCancelCause is done
// when its cancel function is called (twice is fine, a deferred cancel runs
// at return) or its parent is; one from WithTimeout or WithDeadline also
// when the runtime chooses; a test's t.Context(), asked for by the test
// function itself, once that function has returned. Err is nil until the
// context is done. A goroutine receiving from, or selecting only on, the
// Done channel of a context that can no longer be done is reported: a
// cancel function nobody who can still run calls, or one called only on a
// path the constants never take. A time.NewTimer fires once, unless
// stopped first; Stop reports whether it stopped it; Reset re-arms it; a
// time.NewTicker fires until stopped. A receive from the channel of a
// timer whose value was already received, or that was stopped, blocks
// forever: the `if !t.Stop() { <-t.C }` drain after the value was taken.
// Where Go's timer semantics differ (a Stop or Reset while the value is
// sent and not yet received: since go1.23, chosen by the main module's go
// line, it is discarded and Stop returns true; before, it stays), the
// search does not decide. A context handed to code the search cannot see
// keeps its state, but the search no longer says what its Done returns; a
// cancel function handed to such code (t.Cleanup(cancel)) may be called
// at any time, so the scope is given up (time.AfterFunc(d, f) is known: the
// runtime starts f on a goroutine of its own, once, unless it is stopped);
// a context derived from one the search does not know (a parameter, a
// WithValue) is not known either.
//
// Goroutines left blocked when main.main returns are no leak (the process
// ends): they are reported only when main itself can never return.
//
// The search only follows what it can decide: a branch on data it does not
// track (a parameter, a result of another package) makes that goroutine
// count as able to move, so nothing is claimed unless every branch on the
// way is decided by constants, counted loops or the channel operations
// themselves. It stays silent when an object reaches code it cannot see
// (a call of another package, a global, the function's results), and when
// a budget on states, goroutines, objects, memory or steps cuts the search
// before it reaches a stuck state (a stuck state reached before the cut is
// reported: an execution reaches it). A time.Sleep orders nothing: a goroutine may run at any time
// (the Signal a sleeping goroutine sends later may still come first under
// load); inside a testing/synctest bubble, where time is virtual and
// sleeps do order goroutines, the check does not search. The channels of
// time.After and time.Tick are fed by the runtime at times of its
// choosing; other channels from outside the scope (the Done of a context
// the function is given) stop the search of the goroutine that waits on
// them.
//
// Bad:
//
//	func Transfer() {
//		var a, b sync.Mutex
//		done := make(chan bool)
//		go func() {
//			b.Lock()
//			a.Lock() // blocks forever: the caller holds a and waits for b
//			a.Unlock()
//			b.Unlock()
//			done <- true
//		}()
//		a.Lock()
//		b.Lock()
//		b.Unlock()
//		a.Unlock()
//		<-done
//	}
//
// Fixed:
//
//	func Transfer() {
//		var a, b sync.Mutex
//		done := make(chan bool)
//		go func() {
//			a.Lock() // both goroutines take a before b
//			b.Lock()
//			b.Unlock()
//			a.Unlock()
//			done <- true
//		}()
//		a.Lock()
//		b.Lock()
//		b.Unlock()
//		a.Unlock()
//		<-done
//	}
//
// Bad (a context whose cancel is never called):
//
//	func Serve(jobs []int) {
//		ctx, cancel := context.WithCancel(context.Background())
//		_ = cancel
//		work := make(chan int)
//		go func() {
//			for {
//				select { // blocks forever once the jobs are sent: ctx is never done
//				case <-ctx.Done():
//					return
//				case j := <-work:
//					process(j)
//				}
//			}
//		}()
//		for _, j := range jobs {
//			work <- j
//		}
//	}
//
// Fixed:
//
//	func Serve(jobs []int) {
//		ctx, cancel := context.WithCancel(context.Background())
//		defer cancel() // the worker leaves when Serve returns
//		...
//	}
//
// Bad (a timer drained after its value was taken):
//
//	t := time.NewTimer(d)
//	<-t.C
//	if !t.Stop() {
//		<-t.C // blocks forever: the value was already received
//	}
//
// Fixed:
//
//	if !t.Stop() {
//		select {
//		case <-t.C:
//		default:
//		}
//	}
//
// One leak, one report: an operation the unpaired or stranded check
// reports is theirs; deadlock says nothing more there, unless they are
// turned off.
//
// Since v0.2.0. Suppress one report with //lint:ignore leakvet.deadlock <reason>.
package deadlock
