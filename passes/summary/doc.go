// Package summary defines the infrastructure Analyzer that builds the
// channel model of each package and exports, as facts, what its functions
// do with channels, so that leaks that cross packages are found.
//
// # Analyzer summary
//
// summary: summarize what functions do with channels, across packages
//
// For every function and method that takes or returns a channel, summary
// exports a fact (chanmodel.FuncFact) saying, per channel parameter,
// whether the function sends on it, receives from it, drains it or closes
// it (how many times, on which paths), whether it does so on a goroutine it
// starts, whether those operations have a way out (a select with a
// context or done case), or whether the channel escapes to code the
// summary cannot see; per channel result, whether it is made inside and
// fed by a goroutine the function starts (a generator), and whether that
// goroutine can stop when the caller stops reading; and whether the
// function can return at all.
//
// The model of a package reads the facts of the functions it calls in
// other packages: a channel handed to a summarized function no longer
// escapes, and the function's operations count as the channel's
// counterparts.
//
// It is the only leakvet pass with facts. It builds SSA itself, and only
// for packages that mention channels or start goroutines: the packages a
// program depends on cost little.
//
// The analyzer reports nothing; its Result is the *chanmodel.Model of the
// package.
package summary
