// Command golangci-leakvet is golangci-lint v2 with leakvet built in as a
// module plugin: what `golangci-lint custom` builds from the repository's
// .custom-gcl.yml, but built with nothing but the Go module proxy (no clone
// of golangci-lint from GitHub).
//
//	cd cmd/golangci-leakvet && go build -o $(go env GOPATH)/bin/golangci-leakvet .
//
// Then enable the linter in .golangci.yml (see example.golangci.yml at the
// root of the repository) and run it as golangci-lint:
//
//	golangci-leakvet run ./...
//
// main mirrors golangci-lint's cmd/golangci-lint/main.go; the blank import
// of the plugin is what `golangci-lint custom` writes into plugins.go.
package main

import (
	"cmp"
	"fmt"
	"os"
	"regexp"
	"runtime/debug"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	// The leakvet module plugin: registers the linter "leakvet".
	_ "github.com/leakvet/leakvet/analyzer/plugin"
)

const golangciModule = "github.com/golangci/golangci-lint/v2"

var (
	goVersion = "unknown"

	// Set with -ldflags "-X main.version=... -X main.date=...", as
	// goreleaser and golangci-lint custom do.
	version = "unknown"
	commit  = "?"
	date    = ""
)

func main() {
	info := createBuildInfo()

	if err := commands.Execute(info); err != nil {
		_, _ = fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}

func createBuildInfo() commands.BuildInfo {
	info := commands.BuildInfo{
		Commit:    commit,
		Version:   version,
		GoVersion: goVersion,
		Date:      date,
	}

	buildInfo, available := debug.ReadBuildInfo()
	if !available {
		return info
	}

	info.GoVersion = buildInfo.GoVersion

	if date != "" {
		return info
	}

	// This module is not golangci-lint: its version is that of the
	// golangci-lint it embeds, marked as custom the way golangci-lint
	// custom marks its builds (v2.15.0-custom-gcl-...).
	for _, dep := range buildInfo.Deps {
		if dep.Path != golangciModule {
			continue
		}
		matched, _ := regexp.MatchString(`v\d+\.\d+\.\d+`, dep.Version)
		if matched {
			info.Version = dep.Version + "-custom-gcl-leakvet"
		}
	}

	var revision string
	var modified string
	for _, setting := range buildInfo.Settings {
		// The `vcs.xxx` information is only available with `go build`.
		// This information is not available with `go install` or `go run`.
		switch setting.Key {
		case "vcs.time":
			info.Date = setting.Value
		case "vcs.revision":
			revision = setting.Value
		case "vcs.modified":
			modified = setting.Value
		}
	}

	info.Date = cmp.Or(info.Date, "(unknown)")

	info.Commit = fmt.Sprintf("(%s, modified: %s, mod sum: %q)",
		cmp.Or(revision, "unknown"), cmp.Or(modified, "?"), buildInfo.Main.Sum)

	return info
}
