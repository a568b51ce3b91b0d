package sarif

import "testing"

func TestValidate(t *testing.T) {
	good := `{"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[{"tool":{"driver":{"name":"leakvet"}},"results":[]}]}`
	if err := Validate([]byte(good)); err != nil {
		t.Errorf("a minimal log: %v", err)
	}
	for _, bad := range []string{
		`{"version":"2.1.0","runs":[{"results":[]}]}`,                                  // no tool
		`{"version":"2.1.0","runs":[{"tool":{"driver":{}}}]}`,                          // driver without name
		`{"version":"1.0","runs":[]}`,                                                  // wrong version
		`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{}]}]}`, // result without message
		`not json`,
	} {
		if err := Validate([]byte(bad)); err == nil {
			t.Errorf("Validate(%s) = nil, want an error", bad)
		}
	}
}
