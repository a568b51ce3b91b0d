// Package structval: struct values copied, returned and stored by value
// carry the mutexes and channels they point to; a zero composite literal
// of a sync type is a fresh object.
package structval

import "sync"

// conn is passed and returned by value: its fields point to the objects.
type conn struct {
	mu   *sync.Mutex
	data chan int
}

func newConn() conn {
	return conn{mu: &sync.Mutex{}, data: make(chan int)}
}

func (c conn) write(v int) {
	c.mu.Lock() // want `Lock of c.mu blocks forever: the goroutine running ByValue holds it \(locked at structval.go:26\) and is blocked at receive from c.data \(structval.go:29\)`
	c.data <- v
	c.mu.Unlock()
}

func ByValue() int {
	c := newConn()
	c.mu.Lock()
	defer c.mu.Unlock()
	go c.write(1)
	return <-c.data // want `receive from c.data blocks forever: every sender that could come is blocked or finished: the goroutine started at structval.go:28 is blocked at Lock of c.mu`
}

func ByValueFixed() int {
	c := newConn()
	go c.write(1)
	v := <-c.data // the lock is taken after the value came
	c.mu.Lock()
	defer c.mu.Unlock()
	return v
}

// holder keeps a conn by value in a field: a copy of the struct.
type holder struct {
	c conn
}

func Field() int {
	h := &holder{}
	h.c = newConn()
	local := h.c
	h.c.mu.Lock()
	go func() {
		local.mu.Lock() // want `Lock of local.mu blocks forever: the goroutine running Field holds it`
		local.data <- 1
		local.mu.Unlock()
	}()
	v := <-h.c.data // want `receive from h.c.data blocks forever`
	h.c.mu.Unlock()
	return v
}

func FieldFixed() int {
	h := &holder{}
	h.c = newConn()
	local := h.c
	go func() {
		local.mu.Lock()
		local.data <- 1
		local.mu.Unlock()
	}()
	v := <-h.c.data
	h.c.mu.Lock()
	h.c.mu.Unlock()
	return v
}

// A value copied before its field is reassigned keeps the old value.
func CopyBefore() {
	h := &holder{}
	h.c = newConn()
	old := h.c
	h.c = newConn()
	old.mu.Lock()
	h.c.mu.Lock() // another mutex: no deadlock
	h.c.mu.Unlock()
	old.mu.Unlock()
}

// guarded embeds its mutex and sets it with a composite literal.
type guarded struct {
	mu   sync.Mutex
	wg   sync.WaitGroup
	done chan struct{}
}

func ZeroLiteral() {
	g := &guarded{mu: sync.Mutex{}, wg: sync.WaitGroup{}, done: make(chan struct{})}
	g.wg.Add(1)
	go func() {
		g.mu.Lock()
		<-g.done // want `receive from g.done blocks forever: every sender that could come is blocked or finished: the goroutine running ZeroLiteral is blocked at Lock of g.mu`
		g.mu.Unlock()
		g.wg.Done()
	}()
	g.mu.Lock() // want `Lock of g.mu blocks forever: the goroutine started at structval.go:98 holds it \(locked at structval.go:99\) and is blocked at receive from g.done \(structval.go:100\)`
	close(g.done)
	g.mu.Unlock()
	g.wg.Wait()
}

func ZeroLiteralFixed() {
	g := &guarded{mu: sync.Mutex{}, wg: sync.WaitGroup{}, done: make(chan struct{})}
	g.wg.Add(1)
	go func() {
		g.mu.Lock()
		<-g.done
		g.mu.Unlock()
		g.wg.Done()
	}()
	close(g.done)
	g.wg.Wait()
}

// Overwriting a mutex that is held is not a fresh mutex: the search stops
// following the goroutine.
func ZeroOverHeld() {
	var mu sync.Mutex
	mu.Lock()
	mu = sync.Mutex{}
	mu.Lock()
	mu.Unlock()
}
