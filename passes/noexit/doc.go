// Package noexit defines an Analyzer that reports goroutines with no way
// to end, started again and again.
//
// # Analyzer noexit
//
// noexit: report goroutines that never end, started again and again
//
// A goroutine that never blocks can still leak. A per-request
// go func() { for { poll(); time.Sleep(d) } }() or a per-connection loop
// with no way out lives until the process dies, and each call adds one
// more. noexit reports a go statement when the goroutine it starts has no
// path to completion, and the statement can run without bound: it is in a
// function code outside the package (a handler, an exported API) or an
// unbounded loop may run again and again. A daemon started once from main,
// an init function or a sync.Once is fine.
//
// A goroutine has no path to completion when, following the package's own
// calls, every path loops forever (for { } with no break or return,
// for range over a time.Ticker or time.Tick channel, select {}), or its
// only ways out wait on channels nothing can ever close or send to. A way
// out that depends on a context or channel from the caller (ctx.Done(), a
// stop parameter) counts: the caller may use it.
//
// One leak, one report: when the goroutine is stuck on an operation the
// unpaired check reports (a range over a channel nothing closes, a
// select {}), the leak is unpaired's report, at that operation, which is
// where a goroutine dump shows it; noexit says nothing more. A
// //lint:ignore directive on either line, the go statement or the
// operation, naming either check, silences that report. With unpaired
// turned off (-unpaired=false), noexit reports such a goroutine itself.
//
// noexit also reports the broken contract of a Start/Stop pair: a function
// starts a goroutine (through a method such as Start) that ends only when
// another function (such as Stop) closes a channel, and then returns on
// some path without calling it. The report is at the call that starts the
// goroutine.
//
// Bad:
//
//	func (s *Server) Touch(id string) {
//		go func() {
//			for {
//				s.refresh(id)
//				time.Sleep(time.Minute)
//			}
//		}()
//	}
//
// Fixed:
//
//	func (s *Server) Touch(ctx context.Context, id string) {
//		go func() {
//			t := time.NewTicker(time.Minute)
//			defer t.Stop()
//			for {
//				s.refresh(id)
//				select {
//				case <-t.C:
//				case <-ctx.Done():
//					return
//				}
//			}
//		}()
//	}
//
// Since v0.1.0. Suppress one report with //lint:ignore leakvet.noexit <reason>.
package noexit
