// Command patchgopls adds leakvet's checks to the analyzer list of a copy
// of gopls's source, so that a gopls built from it reports leakvet's
// diagnostics next to its own. gopls cannot load third-party analyzers
// (golang/go#59869): its list is in an internal package,
// gopls/internal/settings, so the patch edits that package in a copy of
// the gopls module (editors/build-gopls.sh makes the copy, edits its
// go.mod and builds it).
//
// Usage:
//
//	patchgopls -version v0.23.0 DIR
//
// DIR is the root of the copy (the directory holding gopls's go.mod).
// The patch edits DIR/internal/settings/analysis.go: it imports
// github.com/leakvet/leakvet/analyzer and appends analyzer.Checks() to the
// list initAnalyzers returns, before staticcheck's analyzers. The checks
// are on by default, report warnings, and offer their suggested fixes as
// quick fixes. The config pseudo-analyzer and the summary pass are not
// added: they reach gopls through the checks' Requires, which gopls runs
// (facts included) without showing them as analyzers.
//
// When a gopls version no longer has the places this patch edits, or the
// file is already patched, patchgopls fails with a message naming the
// version and the file, and changes nothing.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	version := flag.String("version", "", "the gopls version being patched (for messages)")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: patchgopls -version VERSION DIR\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || *version == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := patchDir(flag.Arg(0), *version); err != nil {
		fmt.Fprintf(os.Stderr, "patchgopls: %v\n", err)
		os.Exit(1)
	}
}

func patchDir(dir, version string) error {
	path := filepath.Join(dir, filepath.FromSlash(SettingsFile))
	src, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("gopls %s: %v", version, err)
	}
	out, err := Patch(src, version)
	if err != nil {
		return err
	}
	return os.WriteFile(path, out, 0o644)
}
