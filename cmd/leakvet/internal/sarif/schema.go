// Package sarif holds the official SARIF 2.1.0 JSON schema (embedded, so
// that tests validate offline) and a validator, for tests. The logs
// themselves are written by package sariflog.
package sarif

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Schema is the SARIF 2.1.0 JSON schema (OASIS, errata 01), as shipped in
// the test data of github.com/securego/gosec/v2@v2.29.0.
//
//go:embed sarif-schema-2.1.0.json
var Schema []byte

// schemaURL is the schema's id.
const schemaURL = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// Validate checks that data is a SARIF 2.1.0 log.
func Validate(data []byte) error {
	schemaDoc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema))
	if err != nil {
		return fmt.Errorf("embedded schema: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaURL, schemaDoc); err != nil {
		return err
	}
	sch, err := c.Compile(schemaURL)
	if err != nil {
		return fmt.Errorf("embedded schema: %v", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not JSON: %v", err)
	}
	if err := sch.Validate(doc); err != nil {
		return err
	}
	// The schema allows an empty object; a log has a version and runs.
	var head struct {
		Version string            `json:"version"`
		Runs    []json.RawMessage `json:"runs"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return err
	}
	if head.Version != "2.1.0" || head.Runs == nil {
		return fmt.Errorf("not a SARIF 2.1.0 log: version %q, %d runs", head.Version, len(head.Runs))
	}
	return nil
}
