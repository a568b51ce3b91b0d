// Package chanmodel is the channel model of a package: every channel made
// in it, where each one flows, every operation that may act on it, the
// goroutines that run those operations, and which code is live. The
// summary pass builds it (Build) and hands it to the checks as its Result;
// functions of other packages are known through the facts it exports
// (FuncFact).
//
// The model is built from SSA by a field-based, flow-insensitive
// points-to analysis restricted to the package: channel values are followed
// through Phi nodes, conversions, variables captured by closures, arguments
// and results of the package's own functions, methods, closures and method
// values, unexported struct fields (keyed by type and field), unexported
// globals, the elements of slices, arrays and maps, and the elements of
// channels of channels. A channel that reaches code the package cannot see
// (another package, an interface, an exported field or global, reflection)
// is escaped, and the checks claim nothing about it.
//
// Liveness: functions are live when they are reachable from the package's
// API (exported functions and methods), main, init, tests, or a function
// value that escapes; blocks are live when they are reachable from the
// entry once branches on constant conditions are cut. Code after calls
// that never return is removed by the SSA builder (ctrlflow facts).
package chanmodel
