// Package deadlock defines an Analyzer that reports goroutines blocked
// forever on a lock, a wait group or a condition variable, found by
// searching the interleavings of the goroutines that share them.
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
// state is reported too when the cause involves a lock, wait group or
// condition variable (the other checks report channels alone).
//
// The search only follows what it can decide: a branch on data it does not
// track (a parameter, a result of another package) makes that goroutine
// count as able to move, so nothing is claimed unless every branch on the
// way is decided by constants, counted loops or the channel operations
// themselves. It stays silent when an object reaches code it cannot see
// (a call of another package, a global, the function's results), and when
// a budget on states, goroutines, objects, memory or steps cuts the
// search. A time.Sleep orders nothing: a goroutine may run at any time
// (the Signal a sleeping goroutine sends later may still come first under
// load); inside a testing/synctest bubble, where time is virtual and
// sleeps do order goroutines, the check does not search. The channels of
// time.After and time.Tick are fed by the runtime at times of its
// choosing; other channels from outside the scope (a context's Done) stop
// the search of the goroutine that waits on them.
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
// One leak, one report: an operation the unpaired or stranded check
// reports is theirs; deadlock says nothing more there, unless they are
// turned off.
//
// Since v0.2.0. Suppress one report with //lint:ignore leakvet.deadlock <reason>.
package deadlock
