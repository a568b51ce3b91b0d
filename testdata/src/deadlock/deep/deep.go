// Package deep: a lock taken twelve calls down from the goroutine's
// function, through callbacks and methods, is followed there.
package deep

import "sync"

type layer struct {
	mu   sync.Mutex
	next func()
}

func (l *layer) run()  { l.next() }
func (l *layer) lock() { l.mu.Lock() } // want `Lock of l.mu blocks forever: this goroutine already holds it`

func call(f func()) { f() }
func c1(l *layer)   { call(l.run) }
func c2(l *layer)   { c1(l) }
func c3(l *layer)   { c2(l) }
func c4(l *layer)   { c3(l) }
func c5(l *layer)   { c4(l) }
func c6(l *layer)   { c5(l) }
func c7(l *layer)   { c6(l) }

func Deep() {
	l := &layer{}
	l.next = func() { call(l.lock) }
	l.mu.Lock()
	c7(l)
	l.mu.Unlock()
}

func DeepFixed() {
	l := &layer{}
	l.next = func() { call(l.lock) }
	c7(l)
	l.mu.Unlock()
}
