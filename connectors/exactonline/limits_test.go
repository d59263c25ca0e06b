package exactonline

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
)

// A run of 429s (the minutely limit hit by another app of the same user,
// say) is waited out: each answer says the minute resets in 60 s.
func TestRateLimitStorm(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultRateLimit, PathPrefix: "/api/v1/{division}/sync/CRM/Accounts", Count: 5})
	start := f.clock.Now()
	recs := readAll(t, f.reader("account", "", nil))
	if len(recs) != 3 {
		t.Fatalf("read %d accounts, want 3", len(recs))
	}
	if n := f.statuses()[429]; n != 5 {
		t.Errorf("%d answers 429, want the 5 injected", n)
	}
	if waited := f.clock.Now().Sub(start); waited < 5*time.Minute {
		t.Errorf("waited %s in total, want at least the 5 minutes the 429s asked for", waited)
	}
}

func TestServerErrorsOnReadsAreRetried(t *testing.T) {
	f := newFixture(t, seedWith(t, map[string][]map[string]any{"Accounts": accounts(70)}), emulator.Options{})
	for _, k := range []emulator.FaultKind{emulator.FaultServerError, emulator.FaultUnavailable, emulator.FaultServerError} {
		f.emu.InjectFault(emulator.Fault{Kind: k, PathPrefix: "/api/v1/{division}/crm/Accounts", Method: "GET"})
	}
	recs := readAll(t, f.reader("account", "", func(c *Config) { c.Filter = "Name ne ''" }))
	if len(recs) != 73 {
		t.Fatalf("read %d accounts, want 73", len(recs))
	}
	if st := f.statuses(); st[500] != 2 || st[503] != 1 || st[200] < 2 {
		t.Errorf("statuses %v, want the injected 500, 503, 500 then success", st)
	}
}

// A run of 200 orders at Exact's real limits (60 a minute, 5,000 a day),
// with the emulator enforcing them on the same virtual clock as the
// client's limiter: not a single 429, no 60-second window with more than
// 60 calls, and not much slower than the limit allows.
func TestSteadyRunAtRealLimits(t *testing.T) {
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
	start := f.clock.Now()
	const orders = 200
	for i := range orders {
		acct, err := w.Lookup(ctx, connectors.LookupQuery{Entity: "exactonline/account", Field: "Code", Value: fmt.Sprint(1 + i%3)})
		if err != nil || len(acct) != 1 {
			t.Fatalf("account lookup: %v, %v", acct, err)
		}
		item, err := w.Lookup(ctx, connectors.LookupQuery{Entity: "exactonline/item", Field: "Code", Value: []string{"WIDGET-001", "GADGET-002"}[i%2]})
		if err != nil || len(item) != 1 {
			t.Fatalf("item lookup: %v, %v", item, err)
		}
		if err := w.Write(ctx, connectors.Record{Raw: order(fmt.Sprintf("RUN-%03d", i), acct[0].Key, item[0].Key)}); err != nil {
			t.Fatal(err)
		}
	}
	elapsed := f.clock.Now().Sub(start)
	st := f.statuses()
	if st[429] != 0 {
		t.Fatalf("%d answers 429 at the real limits", st[429])
	}
	calls := len(at)
	for i := range at {
		j := i
		for j < len(at) && at[j].Sub(at[i]) < time.Minute {
			j++
		}
		if j-i > minuteLimit {
			t.Fatalf("%d calls in the minute from %s", j-i, at[i].Format(time.TimeOnly))
		}
	}
	// The bucket lets minuteBurst go at once and refills the rest of each
	// minute's 60 evenly.
	least := time.Duration(float64(calls-1-minuteBurst) / float64(minuteLimit-minuteBurst) * float64(time.Minute))
	if elapsed < least || elapsed > least+time.Minute {
		t.Errorf("%d calls took %s of API time, want between %s and a minute more", calls, elapsed, least)
	}
	t.Logf("%d orders, %d calls (%d lookups), %s of API time, no 429", orders, calls, calls-orders-1, elapsed.Round(time.Second))
}
