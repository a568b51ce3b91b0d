// Package exitlib has helpers that end the goroutine or the process, for
// stranded/exits: their exit kinds reach it as facts.
package exitlib

import (
	"fmt"
	"os"
	"testing"
)

// Fail always ends the test's goroutine (t.Fatal, through another call).
// (Through testing.TB, an interface, the call would not be seen as ending.)
func Fail(t *testing.T, format string, args ...any) {
	t.Helper()
	fail(t, fmt.Sprintf(format, args...))
}

func fail(t *testing.T, msg string) { t.Fatal(msg) }

// FailNow ends the goroutine of a concrete *testing.T.
func FailNow(t *testing.T) { t.FailNow() }

// Die ends the process.
func Die(msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(2)
}
