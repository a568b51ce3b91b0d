//go:build linux

package main_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// unitsUnder returns the processes (Linux: from /proc) whose arguments
// name a .cfg file under dir: the units of a driver whose TMPDIR is dir.
func unitsUnder(dir string) []int {
	var pids []int
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		for _, arg := range strings.Split(string(data), "\x00") {
			if strings.HasPrefix(arg, dir+string(filepath.Separator)) && strings.HasSuffix(arg, ".cfg") {
				if pid, err := strconv.Atoi(filepath.Base(filepath.Dir(p))); err == nil {
					pids = append(pids, pid)
				}
				break
			}
		}
	}
	return pids
}

// stopUnit stops one of the units (SIGSTOP) and returns it, or 0 if each
// had ended already: a stopped unit cannot end before it is killed.
func stopUnit(pids []int) int {
	for _, pid := range pids {
		if syscall.Kill(pid, syscall.SIGSTOP) != nil {
			continue
		}
		for range 100 {
			data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
			if err != nil {
				break
			}
			// pid (comm) state ...
			if _, rest, ok := strings.Cut(string(data), ") "); ok && rest[0] == 'T' {
				return pid
			} else if !ok || rest[0] == 'Z' || rest[0] == 'X' {
				break
			}
			time.Sleep(time.Millisecond)
		}
	}
	return 0
}

// TestTempDirRemovedOnSignal: the driver's temporary directory is gone,
// and no unit is left running, after a unit is killed (the run goes on
// and fails) and after SIGTERM or SIGINT to the driver, which kills its
// units, removes the directory and dies of the signal (as a shell sees
// it: 143, 130).
func TestTempDirRemovedOnSignal(t *testing.T) {
	bin := buildLeakvet(t)
	// A module whose dependencies (net/http's, in std) keep units busy
	// for a while, so that a signal comes while they run.
	heavy := t.TempDir()
	write(t, filepath.Join(heavy, "go.mod"), "module example.com/heavy\n\ngo 1.26\n")
	write(t, filepath.Join(heavy, "h.go"), "package h\n\nimport \"net/http\"\n\nvar _ = http.Get\n")
	for _, tc := range []struct {
		name      string
		ignoreINT bool      // start leakvet with SIGINT ignored, send it SIGINT, then sig
		sig       os.Signal // to the driver; nil: SIGKILL to a unit
		code      int
		want      string
	}{
		{"unit killed", false, nil, 1, "analysis failed: signal: killed"},
		{"SIGTERM", false, syscall.SIGTERM, 143, "leakvet: terminated"},
		{"SIGINT", false, os.Interrupt, 130, "leakvet: interrupt"},
		// Started with SIGINT ignored (nohup, a background job of a
		// script), it goes on after one.
		{"SIGINT ignored", true, syscall.SIGTERM, 143, "leakvet: terminated"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			cmd := exec.Command(bin, "./...")
			if tc.ignoreINT {
				cmd = exec.Command("sh", "-c", `trap "" INT; exec "$0" ./...`, bin)
			}
			cmd.Dir = heavy
			cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod", "TMPDIR="+tmp, "LEAKVET_CACHE=off")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			// Wait for a unit to run (a bound, not a timing: a
			// driver that never starts one fails here).
			var units []int
			var err error
			deadline := time.Now().Add(3 * time.Minute)
			for len(units) == 0 {
				select {
				case err = <-exited:
					t.Fatalf("exited (%v) before a unit was seen\n%s", err, stderr.String())
				case <-time.After(20 * time.Millisecond):
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatalf("no unit started\n%s", stderr.String())
				}
				units = unitsUnder(tmp)
			}
			if len(leftTemp(t, tmp)) != 1 {
				t.Errorf("while units run, %s holds %v; want the driver's directory", tmp, leftTemp(t, tmp))
			}
			if tc.ignoreINT {
				// Ignored: the driver goes on and starts other units.
				cmd.Process.Signal(os.Interrupt)
				before := unitsUnder(tmp)
				for again := false; !again; {
					select {
					case err = <-exited:
						t.Fatalf("exited (%v) after an ignored SIGINT\n%s", err, stderr.String())
					case <-time.After(20 * time.Millisecond):
					}
					if time.Now().After(deadline) {
						cmd.Process.Kill()
						t.Fatalf("no unit started after an ignored SIGINT\n%s", stderr.String())
					}
					for _, pid := range unitsUnder(tmp) {
						again = again || !slices.Contains(before, pid)
					}
				}
			}
			if tc.sig == nil {
				// Kill a unit that is still running: stopped first,
				// it cannot end on its own meanwhile.
				for pid := 0; pid == 0; units = unitsUnder(tmp) {
					if pid = stopUnit(units); pid != 0 {
						syscall.Kill(pid, syscall.SIGKILL)
					} else if time.Now().After(deadline) {
						cmd.Process.Kill()
						t.Fatalf("no unit could be stopped\n%s", stderr.String())
					}
				}
			} else {
				cmd.Process.Signal(tc.sig)
			}
			select {
			case err = <-exited:
			case <-time.After(3 * time.Minute):
				cmd.Process.Kill()
				t.Fatalf("still running after the signal\n%s", stderr.String())
			}
			code := cmd.ProcessState.ExitCode()
			if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				code = 128 + int(ws.Signal())
			}
			if code != tc.code || !strings.Contains(stderr.String(), tc.want) || tc.ignoreINT && strings.Contains(stderr.String(), "interrupt") {
				t.Errorf("exit %d (%v), stderr:\n%s\nwant %d and %q", code, err, lastLines(stderr.String(), 5), tc.code, tc.want)
			}
			if left := leftTemp(t, tmp); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
			if left := unitsUnder(tmp); len(left) > 0 {
				t.Errorf("units still running: %v", left)
			}
		})
	}
}
