package main

import (
	"slices"
	"testing"
)

// TestUnitEnvGOGC: a unit collects garbage less often (GOGC=400) unless
// its package is big or the user set GOGC.
func TestUnitEnvGOGC(t *testing.T) {
	t.Setenv("GOGC", "")
	if env := unitEnv(1 << 20); !slices.Contains(env, "GOGC=400") {
		t.Errorf("a 1 MiB unit: no GOGC=400 in its environment")
	}
	if env := unitEnv(bigUnit + 1); slices.Contains(env, "GOGC=400") {
		t.Errorf("a unit over bigUnit: GOGC=400 in its environment")
	}
	t.Setenv("GOGC", "50")
	if env := unitEnv(1 << 20); slices.Contains(env, "GOGC=400") || !slices.Contains(env, "GOGC=50") {
		t.Errorf("GOGC=50 set: the unit's environment has GOGC=400 or lacks GOGC=50")
	}
}
