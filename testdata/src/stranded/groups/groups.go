package groups

import (
	"errors"
	"sync"
	"time"
)

// group is a hand-written errgroup.
type group struct {
	wg   sync.WaitGroup
	once sync.Once
	err  error
}

func (g *group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.once.Do(func() { g.err = err })
		}
	}()
}

func (g *group) Wait() error {
	g.wg.Wait()
	return g.err
}

func get(u string) string { return u }

// Positive: goroutines started by the group's Go, first result wins.
func Fastest(urls []string) string {
	var g group
	ch := make(chan string)
	for _, u := range urls {
		g.Go(func() error {
			ch <- get(u) // want `send on ch blocks forever in all but one of the goroutines started in the loop`
			return nil
		})
	}
	return <-ch
}

// Positive: a goroutine started by the group's Go, and a timeout.
func WithTimeout(u string, d time.Duration) (string, error) {
	var g group
	ch := make(chan string)
	g.Go(func() error {
		ch <- get(u) // want `send on ch blocks forever if WithTimeout returns through the time.After\(d\) case`
		return nil
	})
	select {
	case s := <-ch:
		return s, nil
	case <-time.After(d):
		return "", errors.New("timeout")
	}
}

type cache struct {
	mu sync.Mutex
	m  map[string]string
}

// NewCache hands callers a *cache, whose exported methods they may call.
func NewCache() *cache { return &cache{m: map[string]string{}} }

// Positive: a method, an early return.
func (c *cache) Fill(key string) (string, error) {
	ch := make(chan string)
	go func() { ch <- get(key) }() // want `send on ch blocks forever if \(\*cache\).Fill returns at`
	c.mu.Lock()
	v, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return v, nil
	}
	return <-ch, nil
}

// Negative: the fixed twin of Fastest.
func FastestFixed(urls []string) string {
	var g group
	ch := make(chan string, len(urls))
	for _, u := range urls {
		g.Go(func() error {
			ch <- get(u)
			return nil
		})
	}
	return <-ch
}

// Negative: every result is collected.
func All(urls []string) []string {
	var g group
	ch := make(chan string)
	for _, u := range urls {
		g.Go(func() error {
			ch <- get(u)
			return nil
		})
	}
	var out []string
	for range urls {
		out = append(out, <-ch)
	}
	return out
}

// Negative: the fixed twin of Fill.
func (c *cache) FillFixed(key string) (string, error) {
	ch := make(chan string, 1)
	go func() { ch <- get(key) }()
	c.mu.Lock()
	v, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return v, nil
	}
	return <-ch, nil
}
