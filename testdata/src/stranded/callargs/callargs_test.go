// Package callargs: a callee that fails only for arguments the call does
// not pass never fails there; the failure branch after it is no path.
package callargs

import (
	"errors"
	"testing"
	"time"
)

type Config struct {
	Version  int
	Interval time.Duration
	Timeout  time.Duration
	Disabled bool
}

func DefaultConfig() *Config {
	return &Config{Version: 1, Interval: 10 * time.Second, Timeout: 30 * time.Second}
}

func Verify(c *Config) error {
	if !(c.Version == 1 || c.Version == 2) {
		return errors.New("unsupported version")
	}
	if !c.Disabled {
		if c.Interval == 0 {
			return errors.New("interval must be positive")
		}
		if c.Timeout < c.Interval {
			return errors.New("timeout shorter than interval")
		}
	}
	return nil
}

type Session struct{ c *Config }

// Open takes the defaults for a nil config and checks what it is given.
func Open(config *Config) (*Session, error) {
	if config == nil {
		config = DefaultConfig()
	}
	if err := Verify(config); err != nil {
		return nil, err
	}
	return &Session{c: config}, nil
}

func checkKey(key []byte) error {
	switch len(key) {
	case 16, 24, 32:
		return nil
	}
	return errors.New("key must be 16, 24 or 32 bytes")
}

func tweak(c *Config) { c.Version++ }

var version int

// Negative: a nil config takes the defaults, which Verify accepts.
func TestDefaults(t *testing.T) {
	results := make(chan int)
	go func() { results <- 1 }()
	s, err := Open(nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = s
	<-results
}

// Negative: a literal config Verify accepts (the interval is not
// checked when disabled).
func TestLiteral(t *testing.T) {
	results := make(chan int)
	go func() { results <- 1 }()
	if _, err := Open(&Config{Version: 2, Disabled: true}); err != nil {
		t.Fatal(err)
	}
	<-results
}

// Negative: keys of a length checkKey accepts.
func TestKeys(t *testing.T) {
	results := make(chan int)
	go func() { results <- 1 }()
	if err := checkKey(make([]byte, 16)); err != nil {
		t.Fatal(err)
	}
	if err := checkKey([]byte("0123456789abcdef01234567")); err != nil {
		t.Fatal(err)
	}
	<-results
}

// Positive: a version Verify refuses.
func TestBadVersion(t *testing.T) {
	results := make(chan int)
	go func() { results <- 1 }() // want `send on results blocks forever if TestBadVersion ends its goroutine at callargs_test.go:\d+ \(t.Fatal\)`
	if _, err := Open(&Config{Version: 3}); err != nil {
		t.Fatal(err)
	}
	<-results
}

// Positive: the defaults changed by a call before Open: what Verify sees
// is not known.
func TestTweaked(t *testing.T) {
	results := make(chan int)
	go func() { results <- 1 }() // want `send on results blocks forever if TestTweaked ends its goroutine at callargs_test.go:\d+ \(t.Fatal\)`
	c := DefaultConfig()
	tweak(c)
	if _, err := Open(c); err != nil {
		t.Fatal(err)
	}
	<-results
}

// Positive: a field of the defaults set from a variable.
func TestStored(t *testing.T) {
	results := make(chan int)
	go func() { results <- 1 }() // want `send on results blocks forever if TestStored ends its goroutine at callargs_test.go:\d+ \(t.Fatal\)`
	c := DefaultConfig()
	c.Version = version
	if _, err := Open(c); err != nil {
		t.Fatal(err)
	}
	<-results
}

// Positive: a key of a length checkKey refuses.
func TestShortKey(t *testing.T) {
	results := make(chan int)
	go func() { results <- 1 }() // want `send on results blocks forever if TestShortKey ends its goroutine at callargs_test.go:\d+ \(t.Fatal\)`
	if err := checkKey(make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	<-results
}
