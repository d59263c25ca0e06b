package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	exactemu "github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/internal/ordergen"
	"github.com/pipeline-dev/pipeline/internal/pgtest"
)

// clusterCopy is a scheduled file-to-file pipeline; NAME is replaced.
const clusterCopy = `pipeline "NAME" {
  schedule = "every 1s"
  source "ndjson" {
    path = "in.ndjson"
  }
  target "ndjson" {
    path = "out.ndjson"
  }
  map {
    id = "source.id"
  }
}
`

// serveProc is one `pipeline serve` child process.
type serveProc struct {
	cmd    *exec.Cmd
	stderr *lockedBuffer
	done   chan error
	node   string // its cluster node id: host name and pid
}

// startServeProc starts `pipeline serve` on the PostgreSQL state at url.
func startServeProc(t *testing.T, url, dir string) *serveProc {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve", "-addr", "127.0.0.1:0", "-state", url, "-shutdown-grace", "5s", dir)
	cmd.Env = append(os.Environ(), "PIPELINE_TEST_AS_CLI=1", "EXACT_CLIENT_ID="+exactemu.DefaultClientID,
		httpx.CredentialsEnv+"="+os.Getenv(httpx.CredentialsEnv), "PIPELINE_SERVE_TOKENS="+serveToken,
		"PIPELINE_RUN_TIMEOUT=10s") // a dead process's run is rescued 11 s after it began
	p := &serveProc{cmd: cmd, stderr: &lockedBuffer{}, done: make(chan error, 1)}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	p.node = fmt.Sprintf("%s-%d", host, cmd.Process.Pid)
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-p.done
		}
	})
	waitUntil(t, func() bool { return listenURL.MatchString(p.stderr.String()) })
	return p
}

// TestServeClusterEveryRunOnceWhenAServerDies runs three `pipeline serve`
// processes on one PostgreSQL state. Server A starts alone, so it leads,
// and is SIGKILLed in the middle of a rate-limited run into Exact Online;
// B and C carry on. Every finished run must be one engine run (no slot or
// run executed twice), at least a hundred scheduled runs must finish, A's
// run must be finished by B or C, runs of a pipeline must never overlap,
// and Exact must hold every order exactly once.
func TestServeClusterEveryRunOnceWhenAServerDies(t *testing.T) {
	url := pgtest.Start(t)
	const orders = 30
	f := startExact(t, exactemu.Options{})
	dir := t.TempDir()
	var buf bytes.Buffer
	for i := 0; i < orders; i++ {
		buf.Write(ordergen.Order(7, i))
		buf.WriteByte('\n')
	}
	input := filepath.Join(t.TempDir(), "orders.ndjson")
	os.WriteFile(input, buf.Bytes(), 0o644)
	exactPipelineCopy(t, dir, map[string]string{"input": strconv.Quote(input),
		"exact_url": strconv.Quote(f.emu.URL()), "calls_per_minute": "600",
		"statuses": `["pending","paid","processing","shipped","completed","cancelled","refunded"]`}, "every 2s")
	for i := range 6 {
		sub := filepath.Join(dir, fmt.Sprintf("copy%d", i))
		os.MkdirAll(sub, 0o755)
		os.WriteFile(filepath.Join(sub, "pipeline.hcl"), []byte(strings.Replace(clusterCopy, "NAME", fmt.Sprintf("copy%d", i), 1)), 0o644)
		os.WriteFile(filepath.Join(sub, "in.ndjson"), []byte(`{"id":"1"}`+"\n"+`{"id":"2"}`+"\n"), 0o644)
	}
	ctx := context.Background()
	db, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	query := func(sql string, args ...any) int {
		var n int
		if err := db.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
			return -1 // tables not there yet
		}
		return n
	}

	a := startServeProc(t, url, dir)
	// A's Exact run, some orders in: its job id.
	var victim int64
	waitUntil(t, func() bool {
		err := db.QueryRow(ctx, `SELECT id FROM river_job WHERE state = 'running'
			AND args->>'pipeline' = 'webshop_orders_to_exactonline' AND attempted_by[array_upper(attempted_by, 1)] = $1`, a.node).Scan(&victim)
		return err == nil && f.posts() >= 3
	})
	b := startServeProc(t, url, dir)
	c := startServeProc(t, url, dir)
	if f.posts() >= orders {
		t.Fatal("A's run ended before the kill; the test proves nothing (make it slower)")
	}
	a.cmd.Process.Signal(syscall.SIGKILL)
	<-a.done
	killed := time.Now()

	deadline := time.Now().Add(50 * time.Second)
	for query("SELECT count(*) FROM pipeline_cluster_runs WHERE job_id = $1", victim) != 1 ||
		query("SELECT count(*) FROM pipeline_cluster_runs") < 100 {
		if time.Now().After(deadline) {
			var st string
			var errs []byte
			var attempt int
			db.QueryRow(ctx, "SELECT state, attempt, errors::text FROM river_job WHERE id = $1", victim).Scan(&st, &attempt, &errs)
			var leader string
			db.QueryRow(ctx, "SELECT leader_id FROM river_leader").Scan(&leader)
			t.Logf("victim %d: %s attempt %d errors %s; leader %s; a=%s b=%s c=%s\nB: %s", victim, st, attempt, errs, leader, a.node, b.node, c.node, lastLine(b.stderr.String()))
			t.Fatalf("after %s: victim finished %d times, %d runs finished", time.Since(killed).Round(time.Second),
				query("SELECT count(*) FROM pipeline_cluster_runs WHERE job_id = $1", victim), query("SELECT count(*) FROM pipeline_cluster_runs"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("A's run was finished by another server %s after the kill", time.Since(killed).Round(100*time.Millisecond))
	for _, p := range []*serveProc{b, c} {
		p.cmd.Process.Signal(syscall.SIGTERM)
	}
	for _, p := range []*serveProc{b, c} {
		if err := <-p.done; err != nil {
			t.Errorf("server %s after SIGTERM: %v\n%s", p.node, err, lastLine(p.stderr.String()))
		}
	}

	if n := query("SELECT count(*) FROM pipeline_cluster_runs WHERE job_id = $1 AND node <> $2 AND attempt >= 2", victim, a.node); n != 1 {
		t.Errorf("A's run was not finished by another server on a later attempt (%d rows)", n)
	}
	if n := query("SELECT count(*) - count(DISTINCT (pipeline, slot)) FROM pipeline_cluster_runs"); n != 0 {
		t.Errorf("%d slots ran more than once", n)
	}
	// One finished run of the cluster is one successful engine run, per
	// pipeline: a slot or run executed twice would show as more.
	rows, err := db.Query(ctx, `SELECT p, coalesce(c, 0), coalesce(r, 0) FROM
		(SELECT pipeline AS p, count(*) AS c FROM pipeline_cluster_runs GROUP BY 1) cl
		FULL JOIN (SELECT pipeline AS p, count(*) AS r FROM runs WHERE status = 'ok' GROUP BY 1) en USING (p)`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var p string
		var cl, en int
		rows.Scan(&p, &cl, &en)
		if cl != en {
			t.Errorf("%s: %d finished cluster runs but %d successful engine runs", p, cl, en)
		}
	}
	rows.Close()
	if n := query(`SELECT count(*) FROM runs x JOIN runs y ON x.pipeline = y.pipeline AND x.id < y.id
		AND x.started_at < coalesce(y.ended_at, $1) AND y.started_at < coalesce(x.ended_at, $1)`, killed); n != 0 {
		t.Errorf("%d pairs of runs of one pipeline overlapped", n)
	}
	for ref, n := range f.orders(t) {
		if n != 1 {
			t.Errorf("order %s is in Exact %d times", ref, n)
		}
	}
	if got := len(f.orders(t)); got != orders {
		t.Errorf("Exact holds %d orders, want %d", got, orders)
	}
}
