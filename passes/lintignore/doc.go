// Package lintignore defines an Analyzer that checks the directives that
// silence leakvet.
//
// # Analyzer lintignore
//
// lintignore: report leakvet directives that are malformed or silence nothing
//
// leakvet honours staticcheck's directives: //lint:ignore leakvet reason on
// the line (or statement) of a diagnostic silences every leakvet check
// there; //lint:ignore leakvet.unpaired reason silences one check;
// //lint:file-ignore leakvet reason silences a whole file. Several checks
// are separated by commas, and other tools' names may share the list
// (//lint:ignore SA4006,leakvet.stranded reason).
//
// A directive must give a reason. lintignore reports a directive without
// one, a directive naming a check leakvet does not have, and a directive
// that silences nothing (the leak it excused is gone: the directive should
// go too).
//
// Bad:
//
//	//lint:ignore leakvet
//	go func() { ch <- v }()
//
// Fixed:
//
//	//lint:ignore leakvet.unpaired the reader lives in package plugin, loaded at run time
//	go func() { ch <- v }()
//
// Since v0.1.0.
package lintignore
