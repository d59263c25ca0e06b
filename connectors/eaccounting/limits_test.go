package eaccounting

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/eaccounting/emulator"
)

// A run of 429s (ErrorCode 4010, "try again in 60 seconds", no
// Retry-After header) is waited out as the body asks.
func TestRateLimitStorm(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultRateLimit, PathPrefix: "/v2/customers", Count: 4})
	start := f.clock.Now()
	recs := readAll(t, f.reader("customer", "", nil))
	if len(recs) != 4 {
		t.Fatalf("read %d customers, want 4", len(recs))
	}
	if n := f.statuses()[429]; n != 4 {
		t.Errorf("%d answers 429, want the 4 injected", n)
	}
	if waited := f.clock.Now().Sub(start); waited < 4*time.Minute {
		t.Errorf("waited %s, want at least the 4 minutes the 429s asked for", waited)
	}
}

func TestServerErrorsOnReadsAreRetried(t *testing.T) {
	f := newFixture(t, seedWith(t, map[string][]map[string]any{"customers": customers(600)}), emulator.Options{})
	for _, k := range []emulator.FaultKind{emulator.FaultServerError, emulator.FaultUnavailable, emulator.FaultServerError} {
		f.emu.InjectFault(emulator.Fault{Kind: k, PathPrefix: "/v2/customers", Method: "GET"})
	}
	recs := readAll(t, f.reader("customer", "", nil))
	if len(recs) != 604 {
		t.Fatalf("read %d customers, want 604", len(recs))
	}
	if st := f.statuses(); st[500] != 2 || st[503] != 1 || st[200] != 2 {
		t.Errorf("statuses %v, want the injected 500, 503, 500 then two pages", st)
	}
}

// 700 lookups and 700 creates at Visma's real limit, with the emulator
// counting per client and endpoint on the same virtual clock: not one 429.
// Lookups and creates share the endpoint /v2/articles, so they are paced
// together; another endpoint is not slowed by them.
func TestSteadyRunAtRealLimits(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	w := f.writer("article", nil)
	ctx := context.Background()
	start := f.clock.Now()
	const n = 700
	for i := range n {
		num := fmt.Sprintf("RUN-%04d", i)
		got, err := w.Lookup(ctx, connectors.LookupQuery{Entity: "eaccounting/article", Field: "Number", Value: num})
		if err != nil || len(got) != 0 {
			t.Fatalf("lookup %s: %v, %v", num, got, err)
		}
		if err := w.Write(ctx, connectors.Record{Raw: article(num, "Run")}); err != nil {
			t.Fatal(err)
		}
	}
	if st := f.statuses(); st[429] != 0 {
		t.Fatalf("%d answers 429 at the real limit", st[429])
	}
	elapsed := f.clock.Now().Sub(start)
	// Per endpoint: 100 at once, then 500 a minute.
	least := time.Duration(float64(2*n-1-minuteBurst) / float64(minuteLimit-minuteBurst) * float64(time.Minute))
	if elapsed < least || elapsed > least+30*time.Second {
		t.Errorf("%d lookups and %d creates took %s of API time, want about %s", n, n, elapsed, least)
	}
	before := f.clock.Now()
	for _, code := range []string{"STK", "UUR", "KG"} {
		if _, err := w.Lookup(ctx, connectors.LookupQuery{Entity: "eaccounting/unit", Field: "Code", Value: code}); err != nil {
			t.Fatal(err)
		}
	}
	if waited := f.clock.Now().Sub(before); waited != 0 {
		t.Errorf("lookups on /v2/units waited %s behind /v2/articles", waited)
	}
	t.Logf("%d lookups + %d creates: %s of API time, no 429", n, n, elapsed.Round(time.Second))
}
