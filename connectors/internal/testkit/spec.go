package testkit

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
)

// ConfigErrors decodes each source in cases with spec the way the engine
// does and checks that it is refused with an error containing the text the
// case names.
func ConfigErrors(t testing.TB, spec connectors.Spec, cases map[string]string) {
	t.Helper()
	for src, want := range cases {
		_, err := conntest.DecodeConfig(spec, src)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one saying %q", src, err, want)
		}
	}
}

// Keys is the set of the records' keys: what a system held before a
// writer test, to be left out of its read-back.
func Keys(recs []connectors.Record) map[string]bool {
	out := make(map[string]bool, len(recs))
	for _, r := range recs {
		out[r.Key] = true
	}
	return out
}

// Written projects what a system stores after conntest.TestWriter onto the
// fields each record wrote, so that what the system adds (keys, numbers,
// dates) is not held against the writer. stored is everything read back;
// records whose key is in before were there already. The system must keep
// creation order: the n-th new record is compared with the n-th written.
func Written(t testing.TB, written, stored []connectors.Record, before map[string]bool) []connectors.Record {
	t.Helper()
	var out []connectors.Record
	for _, r := range stored {
		if before[r.Key] {
			continue
		}
		wrote := Decode(t, written[min(len(out), len(written)-1)].Raw)
		got := Decode(t, r.Raw)
		kept := map[string]any{}
		for k := range wrote {
			kept[k] = got[k]
		}
		b, err := json.Marshal(kept)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, connectors.Record{Raw: b, Origin: r.Origin})
	}
	return out
}
