package asperion

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/asperion/emulator"
)

// A full read leaves a cursor; the next read from it returns only what
// changed since: the boundary instant's records come back from Asperion
// (the parameter is inclusive) and are skipped, since the cursor names
// them. A stock movement counts as a change of the article.
func TestIncrementalArticles(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	r := f.reader("article", "", nil)
	all := readAll(t, r)
	cur := r.(connectors.CursorReader).Cursor()
	stamp, ids, _ := strings.Cut(cur, ";")
	if len(all) != seedArticles || ids == "" {
		t.Fatalf("full read: %d articles, cursor %q", len(all), cur)
	}
	if _, err := time.Parse(time.RFC3339, stamp); err != nil {
		t.Fatalf("cursor %q does not start with an RFC 3339 instant", cur)
	}
	// Nothing changed: nothing is handed over, and the cursor stays.
	again := f.reader("article", cur, nil)
	if boundary := readAll(t, again); len(boundary) != 0 {
		t.Errorf("read %d articles again from the cursor although nothing changed", len(boundary))
	}
	if again.(connectors.CursorReader).Cursor() != cur {
		t.Errorf("cursor moved without changes: %q → %q", cur, again.(connectors.CursorReader).Cursor())
	}

	f.clock.Advance(time.Hour)
	w := f.writer("sales_order", nil)
	if err := w.Write(context.Background(), connectors.Record{Raw: order("WS-INC", debtorGroen, articlePot)}); err != nil {
		t.Fatal(err)
	}
	r2 := f.reader("article", cur, nil)
	changed := readAll(t, r2)
	if len(changed) != 1 || changed[0].Key != "2" {
		t.Fatalf("after an order: %d articles, want the pot only", len(changed))
	}
	cur2 := r2.(connectors.CursorReader).Cursor()
	if cur2 <= cur || !strings.HasSuffix(cur2, ";2") {
		t.Fatalf("after an order: cursor %q → %q", cur, cur2)
	}
	if last := readAll(t, f.reader("article", cur2, nil)); len(last) != 0 {
		t.Errorf("from the new cursor: %d articles, want none", len(last))
	}
	// A cursor written before ids were kept (a bare stamp) still reads,
	// handing the boundary record over once.
	if old := readAll(t, f.reader("article", strings.TrimSuffix(cur2, ";2"), nil)); len(old) != 1 || old[0].Key != "2" {
		t.Errorf("from a bare-stamp cursor: %d articles, want the boundary one", len(old))
	}
	// The cursor travelled as modifiedSince.
	f.mu.Lock()
	u := f.exchanges[len(f.exchanges)-1].URL
	f.mu.Unlock()
	if want := "modifiedSince="; !strings.Contains(u, want) {
		t.Errorf("URL %s has no %s", u, want)
	}
}
