package accountview

import (
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
)

func TestSpec(t *testing.T) { conntest.TestSpec(t, Spec()) }

// The engine keys cross-references by the company the block names, as
// Defaults leaves it (trimmed).
func TestConfigScope(t *testing.T) {
	cfg, err := conntest.DecodeConfig(Spec(), `
		connection = "av_prod"
		company    = " ACME1 "
		client_id  = "app-1"
	`)
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.(connectors.Scoper).Scope(); got != "company=ACME1" {
		t.Errorf("Scope() = %q, want company=ACME1", got)
	}
}
