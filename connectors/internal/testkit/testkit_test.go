package testkit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// fakeEmu is an emulator that answers 204 and remembers being closed.
type fakeEmu struct{ closed bool }

func (e *fakeEmu) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	w.WriteHeader(http.StatusNoContent)
}
func (e *fakeEmu) Counts() map[string]int { return nil }
func (e *fakeEmu) Close() error           { e.closed = true; return nil }

func TestServeClosesAtTheEnd(t *testing.T) {
	emu := &fakeEmu{}
	t.Run("serve", func(t *testing.T) {
		resp, err := http.Get(Serve(t, emu, nil))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent || emu.closed {
			t.Errorf("status %d, closed %v during the test", resp.StatusCode, emu.closed)
		}
	})
	if !emu.closed {
		t.Error("the emulator was not closed when the test ended")
	}
}

func TestCredentialsHoldTheToken(t *testing.T) {
	now := Start.Add(time.Minute)
	path := Credentials(t, "conn", now, Token{Access: "a1", Refresh: "r1", Type: "Bearer", Life: 10 * time.Minute}, nil)
	store, err := httpx.NewFileStore(path)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := store.Load("conn")
	if err != nil || tok.AccessToken != "a1" || tok.RefreshToken != "r1" || !tok.Expiry.Equal(now.Add(10*time.Minute)) {
		t.Errorf("stored %+v, %v", tok, err)
	}
}

func TestOptionsRecordExchanges(t *testing.T) {
	var mu sync.Mutex
	var xs []connectors.Exchange
	o := Options(t, "sys/thing", "2026-01-01", &mu, &xs)
	if o.Entity != "sys/thing" || o.Since != "2026-01-01" {
		t.Errorf("options %+v", o)
	}
	for _, s := range []int{200, 429, 200} {
		o.Observe(connectors.Exchange{Status: s})
	}
	if got := Statuses(&mu, &xs); got[200] != 2 || got[429] != 1 || len(got) != 2 {
		t.Errorf("statuses %v", got)
	}
}

func TestWithLeavesTheBaseAlone(t *testing.T) {
	type cfg struct{ N int }
	base := cfg{N: 1}
	if c := With(base, func(c *cfg) { c.N = 2 }); c.N != 2 || base.N != 1 {
		t.Errorf("changed %d, base %d", c.N, base.N)
	}
	if c := With(base, nil); c.N != 1 {
		t.Errorf("nil mod gave %d", c.N)
	}
}

// memWriter counts its Close calls.
type memWriter struct{ closes int }

func (w *memWriter) Write(context.Context, connectors.Record) error { return nil }
func (w *memWriter) Close() error                                   { w.closes++; return nil }

func TestOpenWriterClosesAtTheEnd(t *testing.T) {
	w := &memWriter{}
	var got any
	open := func(_ context.Context, cfg any, _ connectors.Options, d int) (connectors.Writer, error) {
		got = fmt.Sprintf("%v %d", cfg, d)
		return w, nil
	}
	t.Run("open", func(t *testing.T) {
		if OpenWriter(t, open, "cfg", connectors.Options{}, 7) != w || got != "cfg 7" || w.closes != 0 {
			t.Errorf("opened with %v, closed %d times during the test", got, w.closes)
		}
	})
	if w.closes != 1 {
		t.Errorf("closed %d times after the test, want 1", w.closes)
	}
}

func TestSeedWithAppends(t *testing.T) {
	base := []byte(`{"items":[{"n":1}],"admins":[{"rows":[]}]}`)
	top := string(SeedWith(t, base, map[string][]map[string]any{"items": {{"n": 2}}, "new": {{"n": 3}}}, nil))
	if !strings.Contains(top, `"items":[{"n":1},{"n":2}]`) || !strings.Contains(top, `"new":[{"n":3}]`) {
		t.Errorf("top level: %s", top)
	}
	nested := string(SeedWith(t, base, map[string][]map[string]any{"rows": {{"n": 4}}}, func(doc map[string]any) map[string]any {
		return doc["admins"].([]any)[0].(map[string]any)
	}))
	if !strings.Contains(nested, `"admins":[{"rows":[{"n":4}]}]`) {
		t.Errorf("nested: %s", nested)
	}
}

func TestWrittenProjectsNewRecords(t *testing.T) {
	written := []connectors.Record{{Raw: []byte(`{"Name":"A"}`)}, {Raw: []byte(`{"Name":"B","City":"Gouda"}`)}}
	stored := []connectors.Record{
		{Key: "old", Raw: []byte(`{"Id":"old","Name":"Seed"}`)},
		{Key: "1", Raw: []byte(`{"Id":"1","Name":"A","Created":"today"}`), Origin: "s/1"},
		{Key: "2", Raw: []byte(`{"Id":"2","Name":"B"}`)},
	}
	got := Written(t, written, stored, Keys(stored[:1]))
	if len(got) != 2 || string(got[0].Raw) != `{"Name":"A"}` || got[0].Origin != "s/1" || string(got[1].Raw) != `{"City":null,"Name":"B"}` {
		t.Errorf("read back %q", got)
	}
}

func TestConsentFindsTheURL(t *testing.T) {
	u, done, printed := Consent(t, "/authorize", func(prompt io.Writer) error {
		fmt.Fprintln(prompt, "Redirect: http://127.0.0.1:1/cb")
		fmt.Fprintln(prompt, "  https://id.example/authorize?state=x")
		fmt.Fprintln(prompt, "https://id.example/authorize?state=y")
		return errors.New("refused")
	})
	if u != "https://id.example/authorize?state=x" {
		t.Errorf("consent URL %q", u)
	}
	if err := Wait(t, done); err == nil || err.Error() != "refused" {
		t.Errorf("result %v", err)
	}
	if out := printed(); strings.Count(out, "\n") != 3 {
		t.Errorf("printed %q", out)
	}
}

func TestCountContaining(t *testing.T) {
	counts := map[string]int{"GET /v2/a": 2, "POST /v2/b": 3, "POST /token": 1}
	if n := CountContaining(counts, " /v2/"); n != 5 {
		t.Errorf("%d, want 5", n)
	}
}
