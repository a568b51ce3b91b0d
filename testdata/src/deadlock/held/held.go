// Package held: a function returning nothing that leaves a mutex locked on
// one path while its other paths unlock it.
package held

import (
	"errors"
	"sync"
)

type Queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
	done  int
}

// Positive: on an empty queue Drain returns holding the lock; the next
// Put blocks forever.
func (q *Queue) Drain() {
	q.mu.Lock()
	if len(q.items) == 0 {
		return // want `\(\*Queue\)\.Drain returns here with q\.mu still locked \(held\.go:20\), though its other paths unlock it \(held\.go:26\)`
	}
	q.done += len(q.items)
	q.items = nil
	q.mu.Unlock()
}

func (q *Queue) Put(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
}

type Table struct {
	mu   sync.RWMutex
	rows map[string]int
	hits int
}

// Positive: a read lock left held: the next Lock waits forever.
func (t *Table) Count(key string, out *int) {
	t.mu.RLock()
	n, ok := t.rows[key]
	if !ok {
		return // want `returns here with t\.mu still locked`
	}
	*out = n
	t.mu.RUnlock()
}

var (
	cacheMu sync.Mutex
	cache   map[string]int
)

// Positive: a package-level mutex.
func Reset(keep string) {
	cacheMu.Lock()
	v, ok := cache[keep]
	if !ok {
		return // want `Reset returns here with cacheMu still locked`
	}
	cache = map[string]int{keep: v}
	cacheMu.Unlock()
}

// Negative: a deferred Unlock covers every return.
func (q *Queue) DrainDeferred() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		return
	}
	q.items = nil
}

// Negative: every path unlocks.
func (q *Queue) DrainBoth() {
	q.mu.Lock()
	if len(q.items) == 0 {
		q.mu.Unlock()
		return
	}
	q.items = nil
	q.mu.Unlock()
}

// Negative: a result tells the caller it holds the lock (a lock handed
// over on success).
func (q *Queue) lockIfAny() bool {
	q.mu.Lock()
	if len(q.items) == 0 {
		q.mu.Unlock()
		return false
	}
	return true
}

// Negative: a helper handed the queue may unlock it.
func (q *Queue) DrainVia() {
	q.mu.Lock()
	if len(q.items) == 0 {
		q.unlockEmpty()
		return
	}
	q.items = nil
	q.mu.Unlock()
}

func (q *Queue) unlockEmpty() { q.mu.Unlock() }

// Negative: a lock helper: no path unlocks.
func (q *Queue) lock() { q.mu.Lock() }

// Negative: the other way out is a panic, not a return.
func (q *Queue) MustDrain() {
	q.mu.Lock()
	if len(q.items) == 0 {
		panic(errors.New("empty"))
	}
	q.items = nil
	q.mu.Unlock()
}

// Negative: waiting on a condition variable over the mutex keeps it
// locked, and every return unlocks it.
func (q *Queue) Take(out *int) {
	q.mu.Lock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	*out = q.items[0]
	q.items = q.items[1:]
	q.mu.Unlock()
}

// Negative: a goroutine handed the queue may unlock it.
func (q *Queue) DrainLater() {
	q.mu.Lock()
	if len(q.items) == 0 {
		go func() { q.mu.Unlock() }()
		return
	}
	q.items = nil
	q.mu.Unlock()
}

var _ = (*Queue).lockIfAny
var _ = (*Queue).lock

func unlockCache() { cacheMu.Unlock() }

// Negative: a function of the package may unlock a package mutex.
func ResetVia(keep string) {
	cacheMu.Lock()
	if _, ok := cache[keep]; !ok {
		unlockCache()
		return
	}
	cache = nil
	cacheMu.Unlock()
}

// Negative: so may a deferred closure.
func ResetDeferred(keep string) {
	cacheMu.Lock()
	if _, ok := cache[keep]; !ok {
		defer func() { cacheMu.Unlock() }()
		return
	}
	cache = nil
	cacheMu.Unlock()
}
