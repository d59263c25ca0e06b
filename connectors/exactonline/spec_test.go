package exactonline

import (
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
	"github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
	"github.com/pipeline-dev/pipeline/connectors/internal/testkit"
)

func TestSpecConforms(t *testing.T) {
	conntest.TestSpec(t, Spec())
	if _, ok := connectors.Default().Lookup("exactonline"); !ok {
		t.Error("exactonline is not registered")
	}
}

func TestConfig(t *testing.T) {
	cfg, err := conntest.DecodeConfig(Spec(), `
		connection = "exact_prod"
		client_id  = "7c5b7c8e-3b7a-4f0e-9f3c-000000000001"
		division   = 123456
		select     = ["Code", "Name", "SalesOrderLines/Item"]
		expand     = false
	`)
	if err != nil {
		t.Fatal(err)
	}
	c := cfg.(*Config)
	if c.BaseURL != DefaultBaseURL || c.RedirectURL != DefaultRedirectURL || c.Expand == nil || *c.Expand {
		t.Errorf("decoded %+v", c)
	}
	testkit.ConfigErrors(t, Spec(), map[string]string{
		`connection = "exact prod"` + "\nclient_id = \"x\"": "connection",
		`connection = "p"`: "client_id is required",
		`connection = "p"` + "\nclient_id = \"x\"\nbase_url = \"http://exact.nl\"": "use https",
		`connection = "p"` + "\nclient_id = \"x\"\nredirect_url = \"callback\"":    "not an absolute URL",
		`connection = "p"` + "\nclient_id = \"x\"\ndivision = -1":                  "division -1",
		`connection = "p"` + "\nclient_id = \"x\"\nselect = [\"Code,Name\"]":       "not a property name",
	})
	local, err := conntest.DecodeConfig(Spec(), `connection = "emu"`+"\nclient_id = \"x\"\nbase_url = \"http://127.0.0.1:8080/\"")
	if err != nil || local.(*Config).BaseURL != "http://127.0.0.1:8080" {
		t.Errorf("loopback base URL: %v, %v", local, err)
	}
}

// The writer contract, with a read-back of the fields written: what Exact
// adds (keys, codes, dates) is not the writer's business.
func TestWriterContract(t *testing.T) {
	records := []connectors.Record{
		{Raw: []byte(`{"Name":"Conntest Eén","City":"Delft"}`)},
		{Raw: []byte(`{"Name":"Conntest Twee","City":"Gouda","Email":"twee@example.com"}`)},
	}
	conntest.TestWriter(t, func(t *testing.T) conntest.WriterTarget {
		f := newFixture(t, nil, emulator.Options{})
		seeded := testkit.Keys(readAll(t, f.reader("account", "", nil)))
		return conntest.WriterTarget{
			Writer: f.writer("account", nil),
			ReadBack: func(t *testing.T) []connectors.Record {
				return testkit.Written(t, records, readAll(t, f.reader("account", "", nil)), seeded)
			},
		}
	}, records)
}

// The engine keys cross-references by the division, except for division 0
// (the current one), whose state predates scopes.
func TestConfigScope(t *testing.T) {
	var s connectors.Scoper = &Config{Division: 123456}
	if got := s.Scope(); got != "division=123456" {
		t.Errorf("Scope() = %q, want division=123456", got)
	}
	if got := (&Config{}).Scope(); got != "" {
		t.Errorf("Scope() of division 0 = %q, want empty", got)
	}
}
