package server

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/internal/pgtest"
	"github.com/pipeline-dev/pipeline/server/alert"
)

// gate stands in for the work of a run or retry: every run and retry
// passes it (through Config.Emulate, which both call with the pipeline's
// lock held), and once armed, the next one to pass waits until release.
type gate struct {
	mu      sync.Mutex
	armed   bool
	entered chan string
	release chan struct{}
	opened  sync.Once
}

func newGate() *gate { return &gate{entered: make(chan string, 100), release: make(chan struct{})} }

// open lets the waiting run or retry go on. Tests register it as a
// cleanup after their servers, so it runs before their shutdown.
func (g *gate) open() { g.opened.Do(func() { close(g.release) }) }

func (g *gate) hook(server string) func(*engine.Plan, string) (func(), error) {
	return func(*engine.Plan, string) (func(), error) {
		g.mu.Lock()
		armed := g.armed
		g.armed = false
		g.mu.Unlock()
		g.entered <- server
		if armed {
			<-g.release
		}
		return func() {}, nil
	}
}

func (g *gate) arm() {
	for len(g.entered) > 0 {
		<-g.entered
	}
	g.mu.Lock()
	g.armed = true
	g.mu.Unlock()
}

// setAsideIDs lists the ids of pipeline's set-aside records whose record
// mentions text ("" = all).
func (f *fixture) setAsideIDs(pipeline, text string) []int64 {
	f.t.Helper()
	var aside struct {
		SetAside []struct {
			ID     int64
			Record json.RawMessage
		} `json:"set_aside"`
	}
	f.do("GET", "/api/set-aside?pipeline="+pipeline, "", &aside)
	var ids []int64
	for _, sa := range aside.SetAside {
		if strings.Contains(string(sa.Record), text) {
			ids = append(ids, sa.ID)
		}
	}
	return ids
}

// TestRetryWaitsForARunOnAnotherServer: with two servers on one
// PostgreSQL, a retry asked of one waits while a run of the same pipeline
// goes on on the other (the cluster's run lock, not a mutex of one
// process), and goes ahead once that run ends.
func TestRetryWaitsForARunOnAnotherServer(t *testing.T) {
	url := pgtest.Start(t)
	files := map[string]string{"copy.hcl": copyPipeline, "in.ndjson": inputs}
	g := newGate()
	a := newFixture(t, files, onCluster(t, url, func(c *Config) { c.Emulate = g.hook("a") }))
	b := newFixture(t, files, onCluster(t, url, func(c *Config) { c.Emulate = g.hook("b") }))
	t.Cleanup(g.open)
	servers := map[string]*fixture{"a": a, "b": b}

	a.do("POST", "/api/pipelines/copy/runs", "", nil)
	a.waitRuns("copy", 1)
	ids := a.setAsideIDs("copy", "three")
	if len(ids) != 1 {
		t.Fatalf("set aside: %v, want the record named three", ids)
	}

	// A run that holds the pipeline until released, on either server.
	g.arm()
	a.do("POST", "/api/pipelines/copy/runs", "", nil)
	var runner string
	select {
	case runner = <-g.entered:
	case <-time.After(20 * time.Second):
		t.Fatal("the run did not start")
	}
	other := "a"
	if runner == "a" {
		other = "b"
	}

	type answer struct {
		code int
		body []byte
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		code, body, err := servers[other].rawCall(testToken, "POST", "/api/set-aside/retry", fmt.Sprintf(`{"pipeline":"copy","ids":[%d]}`, ids[0]))
		done <- answer{code, body, err}
	}()
	select {
	case s := <-g.entered:
		t.Fatalf("the retry on server %s started while a run on server %s holds the pipeline", s, runner)
	case ans := <-done:
		t.Fatalf("the retry on server %s ended while a run on server %s holds the pipeline: %d %s", other, runner, ans.code, ans.body)
	case <-time.After(1500 * time.Millisecond):
	}
	g.open()
	select {
	case s := <-g.entered:
		if s != other {
			t.Fatalf("server %s passed the gate, want the retry on %s", s, other)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the retry did not start after the run ended")
	}
	ans := <-done
	var res struct{ Retried int }
	if ans.err != nil || ans.code != 200 || json.Unmarshal(ans.body, &res) != nil || res.Retried != 1 {
		t.Fatalf("retry: %d %s %v", ans.code, ans.body, ans.err)
	}
}

// alertsOf merges the alerts sent by servers, oldest first.
func alertsOf(fs ...*fixture) []alert.Alert {
	var out []alert.Alert
	for _, f := range fs {
		out = append(out, f.sent.list()...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// TestRetryOnAnotherServerKeepsTheStreak: a retry that leaves records set
// aside does not end a failure streak, not even for the other server of
// the cluster; one that clears them all ends it with one recovery, and
// the next good run sends nothing more.
func TestRetryOnAnotherServerKeepsTheStreak(t *testing.T) {
	url := pgtest.Start(t)
	files := map[string]string{"copy.hcl": copyPipeline,
		"in.ndjson": inputs + `{"id":4,"name":"four"}` + "\n"}
	a := newFixture(t, files, onCluster(t, url, nil))
	b := newFixture(t, files, onCluster(t, url, nil))
	ended := func(n int) {
		t.Helper()
		waitFor(t, fmt.Sprintf("%d runs to end", n), func() bool {
			return strings.Count(a.log.String()+b.log.String(), `msg="run ended"`) >= n
		})
	}
	// mapping rewrites the mapping on both servers and waits for it to load.
	mapping := func(n string) {
		t.Helper()
		for _, f := range []*fixture{a, b} {
			p, _ := f.srv.cat.Get("copy")
			before := p.LoadedAt
			write(t, f.dir+"/copy.hcl", strings.Replace(copyPipeline, `"integer(source.name)"`, n, 1))
			waitFor(t, "the new mapping", func() bool {
				p, _ := f.srv.cat.Get("copy")
				return p != nil && p.LoadedAt.After(before)
			})
		}
	}

	a.do("POST", "/api/pipelines/copy/runs", "", nil)
	ended(1)
	if got := alertsOf(a, b); len(got) != 1 || got[0].Kind != alert.KindFailure {
		t.Fatalf("after a run setting two records aside: %+v", got)
	}

	// "three" can be written now, "four" not yet: a retry of "three" on b
	// leaves "four" set aside, and the streak goes on for a as well.
	mapping(`"source.name == 'three' ? 3 : integer(source.name)"`)
	three := b.setAsideIDs("copy", "three")
	code, body, err := b.rawCall(testToken, "POST", "/api/set-aside/retry", fmt.Sprintf(`{"pipeline":"copy","ids":%d}`, three))
	if err != nil || code != 200 || !strings.Contains(string(body), `"written": 1`) {
		t.Fatalf("retry of three: %d %s %v", code, body, err)
	}
	if pb := a.srv.previousBad("copy", 0); pb == nil || !*pb {
		t.Fatalf("server a after b's partial retry: the streak is off (%v), want on", pb != nil)
	}
	a.do("POST", "/api/pipelines/copy/runs", "", nil)
	ended(2)
	if got := alertsOf(a, b); len(got) != 1 {
		t.Fatalf("a run still setting four aside after a partial retry alerted again: %+v", got)
	}

	// Every record can be written: a retry of all of them on a clears the
	// pipeline and ends the streak.
	mapping(`"source.name == 'three' ? 3 : source.name == 'four' ? 4 : integer(source.name)"`)
	var res struct {
		RunID   int64 `json:"run_id"`
		Retried int
		Again   int `json:"set_aside_again"`
	}
	if code := a.do("POST", "/api/set-aside/retry", `{"pipeline":"copy"}`, &res); code != 200 || res.Retried == 0 || res.Again != 0 {
		t.Fatalf("retry of all: %d %+v", code, res)
	}
	got := alertsOf(a, b)
	if len(got) != 2 || got[1].Kind != alert.KindRecovery || got[1].RunID != res.RunID {
		t.Fatalf("after the retry that cleared every record: %+v, want a recovery for run %d", got, res.RunID)
	}
	a.do("POST", "/api/pipelines/copy/runs", "", nil)
	ended(3)
	if got := alertsOf(a, b); len(got) != 2 {
		t.Fatalf("a good run after the clearing retry alerted: %+v", got)
	}
}
