// Package nilcase: a select case on a channel that is nil for the
// arguments a call passes never proceeds.
package nilcase

import "errors"

func work() error { return errors.New("x") }
