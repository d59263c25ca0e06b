package main

import (
	"bufio"
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/internal/ordergen"
)

const fileCrashPipeline = "../../pipelines/webshop_orders_to_exact"

// TestKilledAtRandomFileTargetOnce runs the webshop → NDJSON pipeline over
// many orders, SIGKILLs it at random moments and restarts it until a run
// completes. The output file must then hold exactly the orders a run that
// was never killed writes, each once: a killed run's records are neither
// lost (cross-references committed ahead of the file) nor written twice
// (records in the file the state never recorded).
func TestKilledAtRandomFileTargetOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts a child process many times")
	}
	for _, mode := range []string{"append", "create"} {
		t.Run(mode, func(t *testing.T) { killFileRuns(t, mode) })
	}
}

func killFileRuns(t *testing.T, mode string) {
	n := 6000
	dir := t.TempDir()
	for _, name := range []string{"debtors.csv", "items.csv"} {
		b, err := os.ReadFile(filepath.Join(fileCrashPipeline, name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	src, err := os.ReadFile(filepath.Join(fileCrashPipeline, "pipeline.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.Replace(src, []byte("max_rejects = 5"), []byte("max_rejects = 1000000"), 1)
	src = bytes.Replace(src, []byte(`mode      = "append"`), []byte(`mode      = "`+mode+`"`), 1)
	pipeline := filepath.Join(dir, "pipeline.hcl")
	os.WriteFile(pipeline, src, 0o644)
	var buf bytes.Buffer
	for i := range n {
		buf.Write(ordergen.Order(5, i))
		buf.WriteByte('\n')
	}
	input := filepath.Join(dir, "orders.ndjson")
	os.WriteFile(input, buf.Bytes(), 0o644)

	run := func(out, state string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "run", "-quiet", "-state", state, "-rejects", filepath.Join(dir, "r.ndjson"),
			"-var", "input="+input, "-var", "output="+out,
			"-var", `statuses=["pending","paid","processing","shipped","completed","cancelled","refunded"]`, pipeline)
		cmd.Env = append(os.Environ(), "PIPELINE_TEST_AS_CLI=1")
		return cmd
	}
	// The reference: one run that nobody kills.
	ref := filepath.Join(dir, "ref.ndjson")
	if b, err := run(ref, filepath.Join(dir, "ref-state", "state.db")).CombinedOutput(); err != nil {
		t.Fatalf("reference run: %v: %s", err, b)
	}
	want := refCounts(t, ref)

	out := filepath.Join(dir, "out.ndjson")
	state := filepath.Join(dir, "state", "state.db")
	kills, midway := 0, 0
	deadline := time.Now().Add(3 * time.Minute)
	for attempt := 1; ; attempt++ {
		if time.Now().After(deadline) {
			t.Fatalf("no run completed in time after %d kills", kills)
		}
		cmd := run(out, state)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		before, temps := fileSize(out), tempFiles(t, dir)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		// Early kills land in start-up and the first groups, later ones
		// anywhere, so that a run eventually completes.
		delay := time.Duration(20+rand.IntN(250*attempt)) * time.Millisecond
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("run %d failed by itself: %v: %s", attempt, err, lastLine(stderr.String()))
			}
			t.Logf("%s: run %d completed after %d kills, %d of them after the output grew", mode, attempt, kills, midway)
			goto check
		case <-time.After(delay):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			kills++
			if fileSize(out) != before || tempFiles(t, dir) != temps {
				midway++
			}
		}
	}
check:
	got := refCounts(t, out)
	if len(got) != len(want) {
		t.Errorf("%s: the output holds %d distinct orders, a run never killed writes %d", mode, len(got), len(want))
	}
	bad := 0
	for ref := range want {
		if c := got[ref]; c != 1 && bad < 10 {
			bad++
			t.Errorf("%s: order %s is in the output %d times, want once", mode, ref, c)
		}
	}
	if midway == 0 {
		t.Error("no run was killed while writing; the test proves nothing")
	}
}

// refCounts counts the YourRef of every line of an NDJSON file.
func refCounts(t *testing.T, path string) map[string]int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	counts := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		if !gjson.ValidBytes(sc.Bytes()) {
			t.Fatalf("%s: a broken line: %.80s", path, sc.Bytes())
		}
		counts[gjson.GetBytes(sc.Bytes(), "YourRef").String()]++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return counts
}

func fileSize(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return -1
	}
	return info.Size()
}

// tempFiles counts the temporary output files killed create-mode runs
// left: one more after a kill means the run had begun writing.
func tempFiles(t *testing.T, dir string) int {
	m, err := filepath.Glob(filepath.Join(dir, ".out.ndjson.tmp-*"))
	if err != nil {
		t.Fatal(err)
	}
	return len(m)
}
