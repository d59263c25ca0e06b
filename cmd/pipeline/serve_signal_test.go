package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	exactemu "github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/engine/state/sqlitestore"
	"github.com/pipeline-dev/pipeline/internal/ordergen"
)

// TestServeSIGTERMMidRun starts `pipeline serve` as a child process, starts
// a long run into a rate-limited Exact Online emulator, and sends SIGTERM
// while orders are being written. The server must exit 0 promptly, record
// the run as ended, and leave the state such that a later run sends each
// remaining order once: Exact then holds every order exactly once.
func TestServeSIGTERMMidRun(t *testing.T) {
	const n = 120
	f := startExact(t, exactemu.Options{})
	dir := t.TempDir()
	var buf bytes.Buffer
	for i := 0; i < n; i++ {
		buf.Write(ordergen.Order(11, i))
		buf.WriteByte('\n')
	}
	input := filepath.Join(t.TempDir(), "orders.ndjson")
	os.WriteFile(input, buf.Bytes(), 0o644)
	pipeline := exactPipelineCopy(t, dir, map[string]string{"input": strconv.Quote(input),
		"exact_url": strconv.Quote(f.emu.URL()), "calls_per_minute": "1200",
		"statuses": `["pending","paid","processing","shipped","completed","cancelled","refunded"]`}, "")
	stateFile := filepath.Join(t.TempDir(), "state.db")

	cmd := exec.Command(os.Args[0], "serve", "-addr", "127.0.0.1:0", "-state", stateFile, "-shutdown-grace", "0s", dir)
	cmd.Env = append(os.Environ(), "PIPELINE_TEST_AS_CLI=1", "EXACT_CLIENT_ID="+exactemu.DefaultClientID,
		httpx.CredentialsEnv+"="+os.Getenv(httpx.CredentialsEnv), "PIPELINE_SERVE_TOKENS="+serveToken)
	stderr := &lockedBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	exited := false
	defer func() {
		if !exited {
			cmd.Process.Kill()
			<-done
		}
	}()
	var url string
	waitUntil(t, func() bool {
		m := listenURL.FindStringSubmatch(stderr.String())
		if m != nil {
			url = m[1]
		}
		return m != nil
	})
	req, _ := http.NewRequest("POST", url+"/api/pipelines/webshop_orders_to_exactonline/runs", nil)
	req.Header.Set("Authorization", "Bearer "+serveToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	waitUntil(t, func() bool { return f.posts() >= 10 })
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		exited = true
		if err != nil {
			t.Fatalf("serve exited with %v:\n%s", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not stop within 30 s of SIGTERM:\n%s", stderr.String())
	}
	log := stderr.String()
	if !strings.Contains(log, "status=interrupted") || !strings.Contains(log, "msg=stopped") {
		t.Fatalf("log does not show an interrupted run and a clean stop:\n%s", log)
	}
	if strings.Contains(log, serveToken) {
		t.Fatal("the token is in the log")
	}
	st, err := sqlitestore.Open(stateFile)
	if err != nil {
		t.Fatal(err)
	}
	runs, err := st.Runs(context.Background(), state.RunQuery{})
	st.Close()
	if err != nil || len(runs) != 1 || runs[0].Status == "running" || runs[0].Written >= n {
		t.Fatalf("runs = %+v (%v); want one ended, partial run", runs, err)
	}
	interrupted := runs[0].Written
	// Resume with a plain run on the same state.
	f.state = stateFile
	code, errs := f.runFile(t, pipeline, "-var", "calls_per_minute=100000")
	if code != exitOK {
		t.Fatalf("resuming run: exit %d\n%s", code, errs)
	}
	orders := f.orders(t)
	if len(orders) != n {
		t.Fatalf("Exact has %d orders, want %d", len(orders), n)
	}
	for ref, c := range orders {
		if c != 1 {
			t.Errorf("order %s exists %d times", ref, c)
		}
	}
	t.Logf("SIGTERM after %d orders written (run %s); the resumed run sent the rest", interrupted, runs[0].Status)
}

// runFile runs a pipeline file (its variables set in the file) on the
// fixture's state.
func (f *exactFixture) runFile(t *testing.T, path string, flags ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &cliEnv{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(name string) (string, bool) { v, ok := f.env[name]; return v, ok }}
	args := append([]string{"run", "-quiet", "-state", f.state, "-rejects", filepath.Join(t.TempDir(), "r.ndjson")}, flags...)
	code := runCLI(context.Background(), env, append(args, path))
	return code, errb.String()
}
