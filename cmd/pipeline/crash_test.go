package main

import (
	"bytes"

	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	exactemu "github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/internal/ordergen"
)

// TestMain lets the test binary stand in for the pipeline command, so the
// crash test can run it as a child process and kill it.
func TestMain(m *testing.M) {
	if os.Getenv("PIPELINE_TEST_AS_CLI") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// crashOrders is how many orders the crash test syncs; PIPELINE_CRASH_ORDERS
// overrides it for long local runs.
func crashOrders() int {
	if s := os.Getenv("PIPELINE_CRASH_ORDERS"); s != "" {
		var n int
		for _, c := range s {
			n = n*10 + int(c-'0')
		}
		return n
	}
	return 2000
}

// TestKilledAtRandomEveryOrderOnce syncs orders into the Exact Online
// emulator while the emulator injects faults (429 bursts, 500s, 503s,
// timeouts, creates answered with a 500) and the pipeline process is killed
// with SIGKILL at random moments and restarted, until a run completes.
// Afterwards Exact must hold every order exactly once.
func TestKilledAtRandomEveryOrderOnce(t *testing.T) {
	n := crashOrders()
	f := startExact(t, exactemu.Options{FaultReset: 300 * time.Millisecond})
	dir := t.TempDir()
	input := filepath.Join(dir, "orders.ndjson")
	var buf bytes.Buffer
	for i := 0; i < n; i++ {
		buf.Write(ordergen.Order(11, i))
		buf.WriteByte('\n')
	}
	os.WriteFile(input, buf.Bytes(), 0o644)
	src, _ := os.ReadFile(exactPipeline)
	pipeline := filepath.Join(dir, "pipeline.hcl")
	// Short attempts, so that a hung call (a timeout fault) costs a second.
	os.WriteFile(pipeline, bytes.Replace(src, []byte("calls_per_minute = var.calls_per_minute"),
		[]byte("calls_per_minute = var.calls_per_minute\n    request_timeout  = \"1s\""), 1), 0o644)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if os.Getenv("PIPELINE_CRASH_NO_FAULTS") != "1" {
			injectFaults(f.emu, stop)
		}
	}()
	defer func() { close(stop); wg.Wait() }()

	args := []string{"run", "-quiet", "-state", f.state, "-rejects", filepath.Join(dir, "r.ndjson"),
		"-var", "exact_url=" + f.emu.URL(), "-var", "calls_per_minute=100000",
		"-var", "input=" + input, "-var", `statuses=["pending","paid","processing","shipped","completed","cancelled","refunded"]`,
		pipeline}
	kills, failures := 0, 0
	deadline := time.Now().Add(7 * time.Minute)
	for attempt := 1; ; attempt++ {
		if time.Now().After(deadline) {
			t.Fatalf("no run completed in time after %d kills and %d failed runs", kills, failures)
		}
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), "PIPELINE_TEST_AS_CLI=1", "EXACT_CLIENT_ID="+exactemu.DefaultClientID,
			httpx.CredentialsEnv+"="+os.Getenv(httpx.CredentialsEnv))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err == nil {
				t.Logf("run %d completed after %d kills (%d runs failed on their own)", attempt, kills, failures)
				goto check
			}
			failures++
			t.Logf("run %d failed by itself: %v: %s", attempt, err, lastLine(stderr.String()))
		case <-time.After(killDelay(attempt)):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			kills++
			if testing.Verbose() {
				t.Logf("attempt %d killed; %d order POSTs so far", attempt, f.posts())
			}
		}
	}
check:
	f.emu.ClearFaults()
	orders := f.orders(t)
	if len(orders) != n {
		t.Errorf("Exact has %d distinct orders, want %d", len(orders), n)
	}
	dups := 0
	for ref, c := range orders {
		if c != 1 {
			dups++
			if dups <= 10 {
				t.Errorf("order %s exists %d times", ref, c)
			}
		}
	}
	if kills == 0 {
		t.Error("the process was never killed; the test proves nothing")
	}
}

// posts counts the sales-order POSTs the emulator answered, without a
// request that an injected fault could hold up.
func (f *exactFixture) posts() int {
	n := 0
	for route, c := range f.emu.Counts() {
		if strings.HasPrefix(route, "POST ") && strings.Contains(route, "SalesOrders") {
			n += c
		}
	}
	return n
}

// killDelay picks when to kill the attempt-th run: anywhere in its first
// moments at first, later ones get longer so a run eventually completes.
func killDelay(attempt int) time.Duration {
	if os.Getenv("PIPELINE_CRASH_NO_KILL") == "1" {
		return time.Hour
	}
	span := 1000 + 1000*attempt
	return time.Duration(200+rand.IntN(span)) * time.Millisecond
}

// injectFaults keeps injecting a random fault every few tens of
// milliseconds until stop closes.
func injectFaults(emu *exactemu.Server, stop chan struct{}) {
	kinds := []exactemu.Fault{
		{Kind: exactemu.FaultRateLimit, Count: 3},
		{Kind: exactemu.FaultServerError, Count: 2},
		{Kind: exactemu.FaultUnavailable, Count: 1},
		{Kind: exactemu.FaultTimeout, Count: 1},
		{Kind: exactemu.FaultCreatedButError, Method: "POST", PathPrefix: "/api/v1/123456/salesorder", Count: 1},
		{Kind: exactemu.FaultLatency, Count: 5, Latency: 30 * time.Millisecond},
	}
	for {
		select {
		case <-stop:
			emu.ClearFaults()
			return
		case <-time.After(time.Duration(300+rand.IntN(900)) * time.Millisecond):
			// One fault at a time: while no run is talking to the emulator,
			// faults must not pile up into an endless storm.
			if len(emu.Faults()) == 0 {
				emu.InjectFault(kinds[rand.IntN(len(kinds))])
			}
		}
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
