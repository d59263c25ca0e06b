package asperion

import (
	"encoding/json"
	"io/fs"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
	"github.com/pipeline-dev/pipeline/connectors/internal/testkit"
	"github.com/pipeline-dev/pipeline/schemas"
)

func TestSpecConforms(t *testing.T) {
	conntest.TestSpec(t, Spec())
	if _, ok := connectors.Default().Lookup("asperion"); !ok {
		t.Error("asperion is not registered")
	}
}

func TestConfig(t *testing.T) {
	cfg, err := conntest.DecodeConfig(Spec(), `
		connection     = "asperion_prod"
		client_id      = "partner-app"
		administration = 1001
	`)
	if err != nil {
		t.Fatal(err)
	}
	c := cfg.(*Config)
	if c.BaseURL != DefaultBaseURL || c.IdentityURL != DefaultIdentityURL || c.Language != DefaultLanguage || c.Administration != 1001 {
		t.Errorf("decoded %+v", c)
	}
	sb, err := conntest.DecodeConfig(Spec(), `connection = "s"`+"\nclient_id = \"x\"\nbase_url = \"https://api-sandbox.asperion.nl/\"")
	if err != nil || sb.(*Config).IdentityURL != "https://identity-sandbox.asperion.nl" {
		t.Errorf("sandbox identity: %+v, %v", sb, err)
	}
	local, err := conntest.DecodeConfig(Spec(), `connection = "emu"`+"\nclient_id = \"x\"\nbase_url = \"http://127.0.0.1:8080/\"\ncalls_per_minute = 6000")
	if err != nil || local.(*Config).IdentityURL != "http://127.0.0.1:8080" {
		t.Errorf("loopback: %+v, %v", local, err)
	}
	testkit.ConfigErrors(t, Spec(), map[string]string{
		`connection = "a b"` + "\nclient_id = \"x\"": "connection",
		`connection = "p"`:                           "client_id is required",
		`connection = "p"` + "\nclient_id = \"x\"\nbase_url = \"http://asperion.nl\"": "use https",
		`connection = "p"` + "\nclient_id = \"x\"\nadministration = -1":               "administration -1",
		`connection = "p"` + "\nclient_id = \"x\"\nlanguage = \"dutch please\"":       "language",
		`connection = "p"` + "\nclient_id = \"x\"\ncalls_per_minute = 500":            "calls_per_minute 500",
		`connection = "p"` + "\nclient_id = \"x\"\nrequest_timeout = \"soon\"":        "request_timeout",
	})
}

// The table agrees with the schemas: every entity has a schema whose
// x-key is the table's key and whose natural keys the table knows.
func TestTableMatchesSchemas(t *testing.T) {
	set := schemaSet(t)
	for _, e := range entities {
		keys, key := naturalKeys(t, set, e.ref())
		if key != e.Key {
			t.Errorf("%s: schema key %q, table key %q", e.Name, key, e.Key)
		}
		for _, nk := range e.NaturalKeys {
			if !keys[nk] {
				t.Errorf("%s: table natural key %q is not x-natural-key in the schema", e.Name, nk)
			}
		}
		for f := range e.Filters {
			if _, ok := keys[f]; !ok {
				t.Errorf("%s: filter field %q is not in the schema", e.Name, f)
			}
		}
	}
}

// schemaSet is the embedded schema files.
func schemaSet(t *testing.T) fs.FS {
	t.Helper()
	return schemas.Embedded()
}

// naturalKeys reads a schema's top-level properties: each one maps to
// whether it is x-natural-key; key is the x-key property.
func naturalKeys(t *testing.T, set fs.FS, ref string) (map[string]bool, string) {
	t.Helper()
	b, err := fs.ReadFile(set, ref+".schema.json")
	if err != nil {
		t.Fatalf("%s: %v", ref, err)
	}
	var s struct {
		Properties map[string]struct {
			Natural bool `json:"x-natural-key"`
			Key     bool `json:"x-key"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("%s: %v", ref, err)
	}
	out, key := map[string]bool{}, ""
	for name, p := range s.Properties {
		out[name] = p.Natural
		if p.Key {
			key = name
		}
	}
	return out, key
}

// The engine keys cross-references by the administration, except for the
// user's default one (0), whose state predates scopes.
func TestConfigScope(t *testing.T) {
	var s connectors.Scoper = &Config{Administration: 7}
	if got := s.Scope(); got != "administration=7" {
		t.Errorf("Scope() = %q, want administration=7", got)
	}
	if got := (&Config{}).Scope(); got != "" {
		t.Errorf("Scope() of administration 0 = %q, want empty", got)
	}
}
