// Package exitsoverride: testing.TB implemented here with a Fatalf that
// returns.
package exitsoverride
