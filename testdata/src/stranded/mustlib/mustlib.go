// Package mustlib is shaped like testify's require: assertions take the
// test as a small interface and end it through FailNow when they fail.
package mustlib

// TestingT is what an assertion needs of a test.
type TestingT interface {
	Errorf(format string, args ...any)
	FailNow()
}

type helper interface{ Helper() }

// NoError ends the test when err is not nil.
func NoError(t TestingT, err error) {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	if err == nil {
		return
	}
	t.Errorf("unexpected error: %v", err)
	t.FailNow()
}

// Equal ends the test when a and b differ, through NoError.
func Equal(t TestingT, a, b int) {
	if a != b {
		NoError(t, errorf("%d != %d", a, b))
	}
}

// Check only reports: it never ends the test.
func Check(t TestingT, err error) {
	if err != nil {
		t.Errorf("unexpected error: %v", err)
	}
}

type strErr string

func (e strErr) Error() string { return string(e) }

func errorf(format string, args ...any) error { return strErr(format) }
