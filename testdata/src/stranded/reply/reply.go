// Package reply: a reply channel handed to a server loop in a request,
// and a client that may stop waiting for it.
package reply

import (
	"errors"
	"time"
)

var errTimeout = errors.New("timeout")

type request struct {
	key   string
	reply chan string
}

type Store struct {
	reqs chan request
	data map[string]string
}

func NewStore() *Store {
	s := &Store{reqs: make(chan request), data: map[string]string{}}
	go s.serve()
	return s
}

func (s *Store) serve() {
	for r := range s.reqs {
		r.reply <- s.data[r.key] // want `send on r.reply blocks forever if \(\*Store\).Get returns through the time.After\(time.Second\) case \(reply.go:\d+\): the channel came in its request \(reply.go:\d+\), and no one else receives from it`
	}
}

// Positive: after the timeout, the server's reply blocks forever, and the
// server with it.
func (s *Store) Get(key string) (string, error) {
	r := request{key: key, reply: make(chan string)}
	s.reqs <- r
	select {
	case v := <-r.reply:
		return v, nil
	case <-time.After(time.Second):
		return "", errTimeout
	}
}

// Negative: a buffer of one takes the late reply.
func (s *Store) GetBuffered(key string) (string, error) {
	r := request{key: key, reply: make(chan string, 1)}
	s.reqs <- r
	select {
	case v := <-r.reply:
		return v, nil
	case <-time.After(time.Second):
		return "", errTimeout
	}
}

// Negative: the client always waits for its reply.
func (s *Store) GetWait(key string) string {
	r := request{key: key, reply: make(chan string)}
	s.reqs <- r
	return <-r.reply
}

type job struct {
	n    int
	done chan int
}

type Pool struct{ jobs chan job }

func NewPool() *Pool {
	p := &Pool{jobs: make(chan job)}
	go p.work()
	return p
}

// work replies without blocking: a client that left misses its answer.
func (p *Pool) work() {
	for j := range p.jobs {
		select {
		case j.done <- j.n * 2:
		default:
		}
	}
}

// Negative: the worker never blocks on the reply.
func (p *Pool) Run(n int) (int, error) {
	j := job{n: n, done: make(chan int)}
	p.jobs <- j
	select {
	case v := <-j.done:
		return v, nil
	case <-time.After(time.Second):
		return 0, errTimeout
	}
}
