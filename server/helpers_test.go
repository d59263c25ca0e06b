package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	_ "github.com/pipeline-dev/pipeline/connectors/all"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/engine/state/sqlitestore"
	"github.com/pipeline-dev/pipeline/schemas"
	"github.com/pipeline-dev/pipeline/server/alert"
)

const testToken = "test-token-0123456789abcdef"

// syncBuffer is a log sink tests read while the server writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// copyPipeline copies in.ndjson to out/copy.ndjson; a record whose name
// is not a whole number is set aside.
const copyPipeline = `pipeline "copy" {
  max_rejects = 10
  trigger "hubspot" {
    events = ["deal.creation"]
  }
  source "ndjson" {
    path = "in.ndjson"
  }
  target "ndjson" {
    path = "out/copy.ndjson"
  }
  map {
    id = "source.id"
    n  = "integer(source.name)"
  }
}
`

type fixture struct {
	t    *testing.T
	dir  string
	srv  *Server
	http *httptest.Server
	log  *syncBuffer
	sent *alertRecorder
}

type alertRecorder struct {
	mu     sync.Mutex
	alerts []alert.Alert
}

func (r *alertRecorder) Name() string { return "test" }
func (r *alertRecorder) Send(_ context.Context, a alert.Alert) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.alerts = append(r.alerts, a)
	return nil
}
func (r *alertRecorder) list() []alert.Alert {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]alert.Alert(nil), r.alerts...)
}

// newFixture serves a folder holding files (name → content).
func newFixture(t *testing.T, files map[string]string, mod func(*Config)) *fixture {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		write(t, filepath.Join(dir, name), body)
	}
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlitestore.Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{t: t, dir: dir, log: &syncBuffer{}, sent: &alertRecorder{}}
	cfg := Config{
		Dir: dir,
		CompileOptions: func() engine.Options {
			return engine.Options{Connectors: connectors.Default(), Schemas: set, Getenv: func(string) (string, bool) { return "", false }}
		},
		Store: st, Tokens: []string{testToken}, ReloadEvery: 50 * time.Millisecond,
		AlertSenders: []alert.Sender{f.sent}, HubSpotWebhookSecret: "hs-secret-for-tests",
		Log: slog.New(slog.NewTextHandler(f.log, nil)),
	}
	if mod != nil {
		mod(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.srv = srv
	ctx, cancel := context.WithCancel(context.Background())
	if err := srv.Start(ctx); err != nil {
		t.Fatal(err)
	}
	f.http = httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		f.http.Close()
		cancel()
		srv.Shutdown(context.Background())
	})
	return f
}

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// do sends a request with the token and decodes a JSON answer into out.
func (f *fixture) do(method, path, body string, out any) int {
	f.t.Helper()
	return f.doWith(testToken, method, path, body, out)
}

func (f *fixture) doWith(token, method, path, body string, out any) int {
	f.t.Helper()
	req, err := http.NewRequest(method, f.http.URL+path, strings.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			f.t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
	return resp.StatusCode
}

type runsAnswer struct {
	Runs []struct {
		ID       int64
		Status   string
		Read     int
		Written  int
		Rejected int
	} `json:"runs"`
}

// waitRuns waits until pipeline has at least n ended runs.
func (f *fixture) waitRuns(pipeline string, n int) runsAnswer {
	f.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var ra runsAnswer
		f.do("GET", "/api/runs?pipeline="+pipeline, "", &ra)
		ended := 0
		for _, r := range ra.Runs {
			if r.Status != "running" {
				ended++
			}
		}
		if ended >= n {
			return ra
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("%s: %d runs ended, want %d; log:\n%s", pipeline, ended, n, f.log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func removeFile(t *testing.T, path string) {
	t.Helper()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
}
