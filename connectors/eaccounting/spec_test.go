package eaccounting

import (
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
	"github.com/pipeline-dev/pipeline/connectors/eaccounting/emulator"
	"github.com/pipeline-dev/pipeline/connectors/internal/testkit"
)

func TestSpecConforms(t *testing.T) {
	conntest.TestSpec(t, Spec())
	if _, ok := connectors.Default().Lookup("eaccounting"); !ok {
		t.Error("eaccounting is not registered")
	}
}

func TestConfig(t *testing.T) {
	cfg, err := conntest.DecodeConfig(Spec(), `
		connection = "visma_prod"
		client_id  = "pipeline-app"
		scopes     = ["ea:sales_readonly"]
	`)
	if err != nil {
		t.Fatal(err)
	}
	c := cfg.(*Config)
	if c.BaseURL != DefaultBaseURL || c.IdentityURL != DefaultIdentityURL || c.PageSize != 500 ||
		strings.Join(c.scopes(), " ") != "ea:api offline_access ea:sales_readonly" {
		t.Errorf("decoded %+v", c)
	}
	testkit.ConfigErrors(t, Spec(), map[string]string{
		`connection = "visma prod"` + "\nclient_id = \"x\"": "connection",
		`connection = "p"`: "client_id is required",
		`connection = "p"` + "\nclient_id = \"x\"\nbase_url = \"http://visma.example\"": "use https",
		`connection = "p"` + "\nclient_id = \"x\"\nscopes = [\"ea:everything\"]":        "not an eAccounting scope",
		`connection = "p"` + "\nclient_id = \"x\"\npage_size = 1000":                    "page_size 1000",
		`connection = "p"` + "\nclient_id = \"x\"\ncalls_per_minute = 5000":             "calls_per_minute 5000",
		`connection = "p"` + "\nclient_id = \"x\"\nrequest_timeout = \"soon\"":          "request_timeout",
	})
	for base, identity := range map[string]string{
		"http://127.0.0.1:8080/v2/":                           "http://127.0.0.1:8080",
		"https://eaccountingapi-sandbox.test.vismaonline.com": "https://identity-sandbox.test.vismaonline.com",
	} {
		c, err := conntest.DecodeConfig(Spec(), "connection = \"emu\"\nclient_id = \"x\"\nbase_url = \""+base+"\"")
		if err != nil || c.(*Config).IdentityURL != identity {
			t.Errorf("base %s: %v, %v; want identity %s", base, c, err, identity)
		}
	}
	fast, err := conntest.DecodeConfig(Spec(), "connection = \"emu\"\nclient_id = \"x\"\ncalls_per_minute = 100000\nbase_url = \"http://localhost:9/\"")
	if err != nil || fast.(*Config).BaseURL != "http://localhost:9" {
		t.Errorf("emulator without limits: %v, %v", fast, err)
	}
}

// The writer contract, with a read-back of the fields written.
func TestWriterContract(t *testing.T) {
	records := []connectors.Record{
		{Raw: []byte(`{"Name":"Conntest Eén","InvoicePostalCode":"2611 AA","InvoiceCity":"Delft","TermsOfPaymentId":"` + seedTerms30 + `","IsPrivatePerson":false,"IsActive":true}`)},
		{Raw: []byte(`{"Name":"Conntest Twee","InvoicePostalCode":"2801 AA","InvoiceCity":"Gouda","TermsOfPaymentId":"` + seedTerms30 + `","IsPrivatePerson":true,"IsActive":true,"EmailAddress":"twee@example.com"}`)},
	}
	conntest.TestWriter(t, func(t *testing.T) conntest.WriterTarget {
		f := newFixture(t, nil, emulator.Options{})
		seeded := testkit.Keys(readAll(t, f.reader("customer", "", nil)))
		return conntest.WriterTarget{
			Writer: f.writer("customer", nil),
			ReadBack: func(t *testing.T) []connectors.Record {
				return testkit.Written(t, records, readAll(t, f.reader("customer", "", nil)), seeded)
			},
		}
	}, records)
}
