package exitsoverride

import (
	"errors"
	"testing"
)

func work() error { return errors.New("failed") }

// notFatal embeds testing.TB but overrides Fatalf so that it returns.
type notFatal struct{ testing.TB }

func (notFatal) Fatalf(string, ...any) {}

// Negative: a type of this package implements testing.TB with a Fatalf that
// returns: a call of Fatalf through the interface, in this package, may
// return. (The same test without notFatal is TestTB in stranded/exits.)
func TestTBOverridden(t *testing.T) {
	var tb testing.TB = notFatal{t}
	done := make(chan error)
	go func() { done <- work() }()
	if err := work(); err != nil {
		tb.Fatalf("setup: %v", err)
	}
	<-done
}
