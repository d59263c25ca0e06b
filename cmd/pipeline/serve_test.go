package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

const serveToken = "serve-test-token-0123456789"

// lockedBuffer is a stderr the test reads while the server writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

var listenURL = regexp.MustCompile(`url=(https?://\S+)`)

// served is a `pipeline serve` running in-process.
type served struct {
	t      *testing.T
	url    string
	stderr *lockedBuffer
	stop   func() int
}

// startServe runs `pipeline serve args...` in-process with the token in
// its environment and waits until it listens.
func startServe(t *testing.T, getenv map[string]string, args ...string) *served {
	t.Helper()
	s := &served{t: t, stderr: &lockedBuffer{}}
	env := &cliEnv{stdin: strings.NewReader(""), stdout: io.Discard, stderr: s.stderr,
		getenv: func(name string) (string, bool) {
			if name == "PIPELINE_SERVE_TOKENS" {
				return serveToken, true
			}
			v, ok := getenv[name]
			return v, ok
		}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- runCLI(ctx, env, append([]string{"serve", "-addr", "127.0.0.1:0"}, args...)) }()
	var once sync.Once
	code := -1
	s.stop = func() int { once.Do(func() { cancel(); code = <-done }); return code }
	t.Cleanup(func() { s.stop() })
	deadline := time.Now().Add(30 * time.Second)
	for {
		if m := listenURL.FindStringSubmatch(s.stderr.String()); m != nil {
			s.url = m[1]
			return s
		}
		select {
		case c := <-done:
			t.Fatalf("pipeline serve exited %d:\n%s", c, s.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("pipeline serve did not listen:\n%s", s.stderr.String())
		}
	}
}

// call sends a request with the token; out receives a JSON answer.
func (s *served) call(method, path string, out any) int {
	s.t.Helper()
	req, _ := http.NewRequest(method, s.url+path, nil)
	req.Header.Set("Authorization", "Bearer "+serveToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil && resp.StatusCode < 300 {
			s.t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
	return resp.StatusCode
}

// callText GETs path with the token into out.
func (s *served) callText(path string, out *strings.Builder) int {
	s.t.Helper()
	req, _ := http.NewRequest("GET", s.url+path, nil)
	req.Header.Set("Authorization", "Bearer "+serveToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	out.Write(b)
	return resp.StatusCode
}

type serveRun struct {
	ID        int64
	Status    string
	Read      int
	Written   int
	StartedAt time.Time `json:"started_at"`
	EndedAt   time.Time `json:"ended_at"` // zero (null) while running
}

func (s *served) runs(pipeline string) []serveRun {
	var ra struct{ Runs []serveRun }
	s.call("GET", "/api/runs?pipeline="+pipeline, &ra)
	return ra.Runs
}

// waitEnded waits until pipeline has n runs that ended.
func (s *served) waitEnded(pipeline string, n int) []serveRun {
	s.t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		runs := s.runs(pipeline)
		ended := 0
		for _, r := range runs {
			if r.Status != "running" {
				ended++
			}
		}
		if ended >= n {
			return runs
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%s: %d of %d runs ended:\n%s", pipeline, ended, n, s.stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// exactPipelineCopy writes the shipped Exact Online pipeline into dir with
// its variable defaults replaced (every pipeline of a served folder gets
// the same -var flags, so per-pipeline values go into the file).
func exactPipelineCopy(t *testing.T, dir string, defaults map[string]string, schedule string) string {
	t.Helper()
	src, err := os.ReadFile(exactPipeline)
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	for name, value := range defaults {
		re := regexp.MustCompile(`variable "` + name + `" \{[^}]*?default\s*=\s*([^\n]*)`)
		m := re.FindStringSubmatchIndex(text)
		if m == nil {
			t.Fatalf("no variable %s", name)
		}
		text = text[:m[2]] + value + text[m[3]:]
	}
	if schedule != "" {
		text = strings.Replace(text, `pipeline "webshop_orders_to_exactonline" {`,
			"pipeline \"webshop_orders_to_exactonline\" {\n  schedule = \""+schedule+"\"", 1)
	}
	path := filepath.Join(dir, "orders", "pipeline.hcl")
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func absSample(t *testing.T) string {
	p, err := filepath.Abs("../../pipelines/webshop_orders_to_exact/sample/orders.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	return p
}
