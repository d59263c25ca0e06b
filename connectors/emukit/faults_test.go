package emukit

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestFaultInjectDefaults(t *testing.T) {
	var s Faults
	s.Inject(Fault{Kind: FaultServerError, Method: "post"})
	s.Inject(Fault{Kind: FaultLatency, LatencyMS: 15})
	s.Inject(Fault{Kind: FaultLatency, Latency: 2 * time.Second, Count: 3})
	want := []Fault{
		{Kind: FaultServerError, Method: "POST", Count: 1},
		{Kind: FaultLatency, Latency: 15 * time.Millisecond, LatencyMS: 15},
		{Kind: FaultLatency, Latency: 2 * time.Second, LatencyMS: 2000, Count: 3},
	}
	if diff := cmp.Diff(want, s.List()); diff != "" {
		t.Errorf("wrong result (-want +got)\n%s", diff)
	}
	s.Clear()
	if n := len(s.List()); n != 0 {
		t.Errorf("%d faults after Clear", n)
	}
}

func TestFaultTake(t *testing.T) {
	var s Faults
	s.Inject(Fault{Kind: FaultLatency, Latency: 10 * time.Millisecond})                       // every request, until cleared
	s.Inject(Fault{Kind: FaultLatency, Latency: 5 * time.Millisecond, PathPrefix: "/orders"}) // orders only
	s.Inject(Fault{Kind: FaultUnavailable, PathPrefix: "/v1/{tenant}/orders", Method: "POST", Count: 2})
	s.Inject(Fault{Kind: FaultServerError, PathPrefix: "/v1/7/"})
	s.Inject(Fault{Kind: FaultRateLimit, Count: -1})

	type hit struct {
		latency time.Duration
		kind    FaultKind
	}
	take := func(method, path, route string) hit {
		d, f := s.Take(method, path, route)
		h := hit{latency: d}
		if f != nil {
			h.kind = f.Kind
		}
		return h
	}
	steps := []struct {
		name                string
		method, path, route string
		want                hit
	}{
		{"GET of another path: only the catch-alls", "GET", "/v1/8/items", "/v1/{tenant}/items", hit{10 * time.Millisecond, FaultRateLimit}},
		{"POST matched by its route", "POST", "/v1/8/orders", "/v1/{tenant}/orders", hit{10 * time.Millisecond, FaultUnavailable}},
		{"raw-path prefix beats the later catch-all", "GET", "/v1/7/items", "/v1/{tenant}/items", hit{10 * time.Millisecond, FaultServerError}},
		{"the 500 was single-use", "GET", "/v1/7/items", "/v1/{tenant}/items", hit{10 * time.Millisecond, FaultRateLimit}},
		{"second POST spends the 503", "POST", "/v1/8/orders", "/v1/{tenant}/orders", hit{10 * time.Millisecond, FaultUnavailable}},
		{"third POST falls through", "POST", "/v1/8/orders", "/v1/{tenant}/orders", hit{10 * time.Millisecond, FaultRateLimit}},
		{"latencies add up", "GET", "/orders/1", "/orders/{id}", hit{15 * time.Millisecond, FaultRateLimit}},
	}
	for _, st := range steps {
		if got := take(st.method, st.path, st.route); got != st.want {
			t.Errorf("%s: got %+v, want %+v", st.name, got, st.want)
		}
	}
	var kinds []FaultKind
	for _, f := range s.List() {
		kinds = append(kinds, f.Kind)
	}
	if diff := cmp.Diff([]FaultKind{FaultLatency, FaultLatency, FaultRateLimit}, kinds); diff != "" {
		t.Errorf("pending faults: wrong result (-want +got)\n%s", diff)
	}
}

func TestFaultTakeReturnsCopy(t *testing.T) {
	var s Faults
	s.Inject(Fault{Kind: FaultServerError, Count: 2})
	_, f := s.Take("GET", "/", "/")
	f.Count = 99
	if got := s.List()[0].Count; got != 1 {
		t.Errorf("pending count %d, want 1 (Take must hand out a copy)", got)
	}
}

func TestFaultSleepAndRelease(t *testing.T) {
	var s Faults
	if !s.Sleep(context.Background(), time.Millisecond) {
		t.Error("a short Sleep did not complete")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if s.Sleep(ctx, time.Hour) {
		t.Error("Sleep ignored a cancelled context")
	}

	hung := make(chan struct{})
	slept := make(chan bool)
	go func() { s.Hang(context.Background()); close(hung) }()
	go func() { slept <- s.Sleep(context.Background(), time.Hour) }()
	s.Release()
	s.Release() // idempotent
	select {
	case <-hung:
	case <-time.After(5 * time.Second):
		t.Fatal("Release did not end Hang")
	}
	select {
	case ok := <-slept:
		if ok {
			t.Error("a released Sleep reported completion")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Release did not end Sleep")
	}
	if s.Sleep(context.Background(), time.Hour) {
		t.Error("Sleep after Release waited")
	}
}

func TestDecodeFaults(t *testing.T) {
	got, err := DecodeFaults(strings.NewReader(`[{"kind":"503","path":"/a","count":2},{"kind":"latency","latency_ms":7,"method":"GET"}]`))
	if err != nil {
		t.Fatal(err)
	}
	want := []Fault{{Kind: FaultUnavailable, PathPrefix: "/a", Count: 2}, {Kind: FaultLatency, LatencyMS: 7, Method: "GET"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("wrong result (-want +got)\n%s", diff)
	}
	if got, err := DecodeFaults(strings.NewReader(` {"kind":"timeout"}`)); err != nil || len(got) != 1 || got[0].Kind != FaultTimeout {
		t.Errorf("single object: %v %v", got, err)
	}
	errs := map[string]string{
		`{"kind":"explode"}`:            `faults[0].kind: "explode" is not one of`,
		`[{"kind":"500"},{"kind":""}]`:  `faults[1].kind: "" is not one of`,
		`{"kind":"latency"}`:            "faults[0].latency_ms: a latency fault needs a positive delay",
		`{"kind":"500","count":"many"}`: "faults: json: cannot unmarshal",
		`not json`:                      "faults: invalid character",
	}
	for body, want := range errs {
		if _, err := DecodeFaults(strings.NewReader(body)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one containing %q", body, err, want)
		}
	}
}
