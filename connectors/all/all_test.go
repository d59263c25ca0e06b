package all

import (
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
)

// TestRegisteredSpecs holds every connector linked in by this package to
// the conformance rules for specs.
func TestRegisteredSpecs(t *testing.T) {
	reg := connectors.Default()
	names := reg.Names()
	for _, want := range []string{"csv", "json", "ndjson"} {
		if _, ok := reg.Lookup(want); !ok {
			t.Errorf("connector %q is not registered; registered: %v", want, names)
		}
	}
	for _, name := range names {
		spec, _ := reg.Lookup(name)
		t.Run(name, func(t *testing.T) {
			if spec.Name != name {
				t.Errorf("registered under %q but named %q", name, spec.Name)
			}
			conntest.TestSpec(t, spec)
		})
	}
}
