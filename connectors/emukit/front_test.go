package emukit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// frontFixture is a Front before a toy system: GET answers 200, POST
// "creates" (counts) and answers 201. Errors come as {"msg": …} with an
// X-System header, so tests can tell the system's body from the kit's.
type frontFixture struct {
	front   *Front
	srv     *httptest.Server
	created atomic.Int32
	called  atomic.Int32
}

func newFrontFixture(t *testing.T) *frontFixture {
	t.Helper()
	f := &frontFixture{}
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.called.Add(1)
		if r.Method == http.MethodPost {
			f.created.Add(1)
			WriteJSON(w, http.StatusCreated, map[string]string{"id": "1"})
			return
		}
		WriteJSON(w, http.StatusOK, map[string]string{"path": r.URL.Path})
	})
	f.front = NewFront(next, FrontConfig{
		// /v1/<tenant>/things/<id> counts as /v1/{tenant}/things.
		Route: func(p string) string {
			parts := strings.Split(p, "/")
			if len(parts) >= 4 && parts[1] == "v1" {
				return "/v1/{tenant}/" + parts[3]
			}
			return p
		},
		WriteError: func(w http.ResponseWriter, status int, msg string) {
			w.Header().Set("X-System", "toy")
			WriteJSON(w, status, map[string]string{"msg": msg})
		},
		FaultHeaders: func(h http.Header, kind FaultKind) {
			if kind == FaultRateLimit {
				h.Set("X-Toy-Remaining", "0")
			}
		},
		Admin: map[string]Methods{
			AdminPrefix + "seed": {http.MethodPost: func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }},
		},
	})
	f.srv = httptest.NewServer(f.front)
	t.Cleanup(func() { f.front.Faults.Release(); f.srv.Close() })
	return f
}

type answer struct {
	status int
	header http.Header
	body   map[string]any
}

func (f *frontFixture) do(t *testing.T, method, path, body string) answer {
	t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, header: resp.Header}
	if len(bytes.TrimSpace(raw)) > 0 && raw[0] == '{' {
		if err := json.Unmarshal(raw, &a.body); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, raw)
		}
	}
	return a
}

func TestFrontCounts(t *testing.T) {
	f := newFrontFixture(t)
	f.do(t, "GET", "/v1/7/things/1", "")
	f.do(t, "GET", "/v1/8/things", "")
	f.do(t, "POST", "/v1/7/things", "{}")
	f.do(t, "GET", "/health", "")
	f.do(t, "GET", "/__emulator/faults", "") // admin calls are not counted
	want := map[string]int{"GET /v1/{tenant}/things": 2, "POST /v1/{tenant}/things": 1, "GET /health": 1}
	if diff := cmp.Diff(want, f.front.Counters.Snapshot()); diff != "" {
		t.Errorf("wrong result (-want +got)\n%s", diff)
	}
	got := f.do(t, "GET", "/__emulator/counts", "")
	if got.status != 200 || got.body["GET /v1/{tenant}/things"] != 2.0 {
		t.Errorf("GET counts: %d %v", got.status, got.body)
	}
	if got := f.do(t, "DELETE", "/__emulator/counts/", ""); got.status != 204 {
		t.Errorf("DELETE counts: %d", got.status)
	}
	if n := len(f.front.Counters.Snapshot()); n != 0 {
		t.Errorf("%d counters after DELETE", n)
	}
}

func TestFrontFaultAnswers(t *testing.T) {
	tests := map[FaultKind]struct {
		status int
		msg    string
	}{
		FaultRateLimit:   {429, "Too many requests (injected fault)"},
		FaultServerError: {500, "Internal server error (injected fault)"},
		FaultUnavailable: {503, "Service unavailable (injected fault)"},
	}
	for kind, tc := range tests {
		t.Run(string(kind), func(t *testing.T) {
			f := newFrontFixture(t)
			f.front.Faults.Inject(Fault{Kind: kind, PathPrefix: "/v1/{tenant}/things", Method: "get"})
			got := f.do(t, "GET", "/v1/3/things", "")
			if got.status != tc.status || got.body["msg"] != tc.msg || got.header.Get("X-System") != "toy" {
				t.Errorf("got %d %v %v, want %d in the system's body", got.status, got.header, got.body, tc.status)
			}
			if limited := got.header.Get("X-Toy-Remaining") == "0"; limited != (kind == FaultRateLimit) {
				t.Errorf("FaultHeaders applied: %v, want only on 429", limited)
			}
			if f.called.Load() != 0 {
				t.Error("the system handled a failed request")
			}
			if got := f.do(t, "GET", "/v1/3/things", ""); got.status != 200 {
				t.Errorf("after the fault: %d", got.status)
			}
		})
	}
}

func TestFrontCreatedButError(t *testing.T) {
	f := newFrontFixture(t)
	f.front.Faults.Inject(Fault{Kind: FaultCreatedButError, Method: "POST"})
	got := f.do(t, "POST", "/v1/1/things", "{}")
	if got.status != 500 || !strings.Contains(got.body["msg"].(string), "after the change was applied") {
		t.Errorf("created-500: %d %v", got.status, got.body)
	}
	if got.body["id"] != nil {
		t.Error("the system's own answer leaked through")
	}
	if f.created.Load() != 1 {
		t.Errorf("the POST behind the 500 ran %d times, want once", f.created.Load())
	}
}

func TestFrontLatencyAndTimeout(t *testing.T) {
	f := newFrontFixture(t)
	f.front.Faults.Inject(Fault{Kind: FaultLatency, Latency: 60 * time.Millisecond, Count: 1})
	start := time.Now()
	if got := f.do(t, "GET", "/v1/1/things", ""); got.status != 200 {
		t.Fatalf("latency: %d", got.status)
	}
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Errorf("answered after %v, want at least 60ms", d)
	}

	f.front.Faults.Inject(Fault{Kind: FaultTimeout})
	ctx, cancel := context.WithTimeout(context.Background(), 80*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", f.srv.URL+"/v1/1/things", nil)
	if _, err := http.DefaultClient.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("timeout fault: %v, want the client's deadline", err)
	}
	if f.called.Load() != 1 {
		t.Errorf("system called %d times, want once (the latency request only)", f.called.Load())
	}
}

func TestFrontFaultsOverHTTP(t *testing.T) {
	f := newFrontFixture(t)
	got := f.do(t, "POST", "/__emulator/faults", `[{"kind":"503","path":"/v1/{tenant}/things"},{"kind":"latency","latency_ms":1,"count":-1}]`)
	if got.status != 201 {
		t.Fatalf("POST faults: %d %v", got.status, got.body)
	}
	if bad := f.do(t, "POST", "/__emulator/faults", `{"kind":"explode"}`); bad.status != 400 || bad.header.Get("X-System") != "toy" {
		t.Errorf("unknown kind: %d %v", bad.status, bad.body)
	}
	if got := f.do(t, "GET", "/v1/1/things", ""); got.status != 503 {
		t.Errorf("fault from HTTP: %d", got.status)
	}
	resp, err := http.Get(f.srv.URL + "/__emulator/faults")
	if err != nil {
		t.Fatal(err)
	}
	var pending []Fault
	if err := json.NewDecoder(resp.Body).Decode(&pending); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(pending) != 1 || pending[0].Kind != FaultLatency || pending[0].LatencyMS != 1 || pending[0].Count != -1 {
		t.Errorf("pending faults %+v", pending)
	}
	if got := f.do(t, "DELETE", "/__emulator/faults", ""); got.status != 204 || len(f.front.Faults.List()) != 0 {
		t.Errorf("DELETE faults: %d, %d left", got.status, len(f.front.Faults.List()))
	}
}

func TestFrontAdminRouting(t *testing.T) {
	f := newFrontFixture(t)
	if got := f.do(t, "POST", "/__emulator/seed", "{}"); got.status != 204 {
		t.Errorf("system admin endpoint: %d", got.status)
	}
	tests := map[string]struct {
		method, path string
		status       int
		allow        string
	}{
		"counts by PUT": {"PUT", "/__emulator/counts", 405, "GET, DELETE"},
		"faults by PUT": {"PUT", "/__emulator/faults", 405, "GET, POST, DELETE"},
		"seed by GET":   {"GET", "/__emulator/seed", 405, "POST"},
		"unknown":       {"GET", "/__emulator/nope", 404, ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := f.do(t, tc.method, tc.path, "")
			if got.status != tc.status || got.header.Get("Allow") != tc.allow || got.body["msg"] == nil {
				t.Errorf("got %d Allow %q %v, want %d Allow %q with the system's body", got.status, got.header.Get("Allow"), got.body, tc.status, tc.allow)
			}
		})
	}
	if f.called.Load() != 0 {
		t.Error("admin requests reached the system")
	}
}

func TestFrontDefaults(t *testing.T) {
	front := NewFront(http.NotFoundHandler(), FrontConfig{})
	front.Faults.Inject(Fault{Kind: FaultServerError})
	w := httptest.NewRecorder()
	front.ServeHTTP(w, httptest.NewRequest("GET", "/x/1", nil))
	var body map[string]string
	if w.Code != 500 || json.Unmarshal(w.Body.Bytes(), &body) != nil || !strings.Contains(body["error"], "injected") {
		t.Errorf("default error body: %d %s", w.Code, w.Body)
	}
	if got := front.Counters.Snapshot(); got["GET /x/1"] != 1 {
		t.Errorf("default route keeps the path: %v", got)
	}
}
