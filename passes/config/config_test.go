package config

import "testing"

func TestBudgetsMustBePositive(t *testing.T) {
	for _, name := range []string{"max-blocks", "max-call-depth", "max-paths"} {
		f := Lookup(name)
		before := f.Value.String()
		for _, bad := range []string{"0", "-1", "many", ""} {
			if err := Set(name, bad); err == nil {
				t.Errorf("-%s=%q accepted", name, bad)
			}
			if got := f.Value.String(); got != before {
				t.Errorf("-%s=%q changed the value to %s", name, bad, got)
			}
		}
		if err := Set(name, "7"); err != nil || f.Value.String() != "7" {
			t.Errorf("-%s=7: %v, value %s", name, err, f.Value.String())
		}
		if err := Set(name, before); err != nil {
			t.Fatal(err)
		}
	}
	if got := Lookup("max-blocks").DefValue; got != "2000" {
		t.Errorf("max-blocks default %q", got)
	}
}
