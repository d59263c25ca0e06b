package asperion

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/asperion/emulator"
)

// A run of 429s is waited out: each answer asks for 60 s.
func TestRateLimitStorm(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultRateLimit, PathPrefix: "/v1/debtors", Count: 5})
	start := f.clock.Now()
	if recs := readAll(t, f.reader("debtor", "", nil)); len(recs) != 3 {
		t.Fatalf("read %d debtors, want 3", len(recs))
	}
	if n := f.statuses()[429]; n != 5 {
		t.Errorf("%d answers 429, want the 5 injected", n)
	}
	if waited := f.clock.Now().Sub(start); waited < 5*time.Minute {
		t.Errorf("waited %s, want at least the 5 minutes the 429s asked for", waited)
	}
}

func TestServerErrorsOnReadsAreRetried(t *testing.T) {
	f := newFixture(t, seedWith(t, map[string][]map[string]any{"debtors": debtors(150)}), emulator.Options{})
	for _, k := range []emulator.FaultKind{emulator.FaultServerError, emulator.FaultUnavailable, emulator.FaultServerError} {
		f.emu.InjectFault(emulator.Fault{Kind: k, PathPrefix: "/v1/debtors", Method: "GET"})
	}
	if recs := readAll(t, f.reader("debtor", "", nil)); len(recs) != 153 {
		t.Fatalf("read %d debtors, want 153", len(recs))
	}
	if st := f.statuses(); st[500] != 2 || st[503] != 1 || st[200] != 2 {
		t.Errorf("statuses %v, want the injected 500, 503, 500 then two pages", st)
	}
}

// 150 orders at the assumed real limit (100 a minute), the emulator
// enforcing it on the same virtual clock: not one 429 and no minute with
// more than 100 calls.
func TestSteadyRunAtTheLimit(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	var at []time.Time
	opts := f.options("sales_order", "")
	observe := opts.Observe
	opts.Observe = func(x connectors.Exchange) {
		observe(x)
		at = append(at, f.clock.Now())
	}
	cw, err := openWriter(context.Background(), f.config(nil), opts, f.deps)
	if err != nil {
		t.Fatal(err)
	}
	w := cw.(*writer)
	ctx := context.Background()
	for i := range 150 {
		d, err := w.Lookup(ctx, connectors.LookupQuery{Entity: "asperion/debtor", Field: "number", Value: fmt.Sprint(10001 + i%3)})
		if err != nil || len(d) != 1 {
			t.Fatalf("debtor lookup: %v, %v", d, err)
		}
		if err := w.Write(ctx, connectors.Record{Raw: order(fmt.Sprintf("RUN-%03d", i), 1+i%3, articleRoos)}); err != nil {
			t.Fatal(err)
		}
	}
	if st := f.statuses(); st[429] != 0 {
		t.Fatalf("%d answers 429 at the limit", st[429])
	}
	for i := range at {
		j := i
		for j < len(at) && at[j].Sub(at[i]) < time.Minute {
			j++
		}
		if j-i > minuteLimit {
			t.Fatalf("%d calls in the minute from %s", j-i, at[i].Format(time.TimeOnly))
		}
	}
	if len(at) != 153 {
		t.Errorf("%d calls for 150 orders and 3 debtors, want 153", len(at))
	}
}
