// Package exitlib has helpers that end the goroutine or the process, for
// stranded/exits: their exit kinds reach it as facts.
package exitlib

import (
	"fmt"
	"os"
	"testing"
)

// Fail always ends the test's goroutine: t.Fatal on a testing.TB, through
// another call. Only types of package testing implement testing.TB (it has
// an unexported method), and each one's Fatal ends the goroutine.
func Fail(t testing.TB, format string, args ...any) {
	t.Helper()
	fail(t, fmt.Sprintf(format, args...))
}

func fail(t testing.TB, msg string) { t.Fatal(msg) }

// FailNow ends the goroutine of a concrete *testing.T.
func FailNow(t *testing.T) { t.FailNow() }

// Die ends the process.
func Die(msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(2)
}
