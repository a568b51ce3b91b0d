package main

// The -sarif mode: leakvet -sarif [-flag] [package...] analyses the
// packages as the standalone driver does (with their tests, unless
// -test=false), with the checks the -NAME flags select and the analyzer
// flags given (-config.max-blocks=...), and writes a SARIF 2.1.0 log to
// stdout. Package errors and analysis errors are printed to stderr and
// make it fail, with nothing on stdout: a partial log uploaded to code
// scanning would close the alerts of the packages that were not
// analysed.

import (
	"bufio"
	"io"
	"os"
	"runtime/debug"

	"github.com/leakvet/leakvet/cmd/leakvet/internal/sariflog"
)

const informationURI = "https://github.com/leakvet/leakvet"

// writeSARIF writes the SARIF log of res to w. The rules are the checks
// that ran.
func writeSARIF(w io.Writer, res *results) error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	log := sariflog.Convert(sariflog.Options{
		Name:           "leakvet",
		Version:        version(),
		InformationURI: informationURI,
		Root:           root,
	}, res.checks, res.sarifDiagnostics())
	bw := bufio.NewWriter(w)
	if err := log.Encode(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// version is the version of the binary from its build information: the
// module version (v1.2.3, a pseudo-version) when there is one, otherwise
// "devel" and the VCS revision it was built from, if known.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+dirty"
			}
		}
	}
	if rev == "" {
		return "devel"
	}
	return "devel-" + rev + modified
}

// versionLine is what leakvet version prints after "leakvet ": the
// module version and the Go version it was built with.
func versionLine() string {
	gov := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		gov = bi.GoVersion
	}
	return version() + " (" + gov + ")"
}
