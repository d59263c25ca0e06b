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
// changed since (plus the boundary instant's records, the parameter being
// inclusive), and a stock movement counts as a change of the article.
func TestIncrementalArticles(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	r := f.reader("article", "", nil)
	all := readAll(t, r)
	cur := r.(connectors.CursorReader).Cursor()
	if len(all) != seedArticles || cur == "" {
		t.Fatalf("full read: %d articles, cursor %q", len(all), cur)
	}
	if _, err := time.Parse(time.RFC3339, cur); err != nil {
		t.Fatalf("cursor %q is not RFC 3339", cur)
	}
	// Nothing changed: the boundary records only.
	again := f.reader("article", cur, nil)
	boundary := readAll(t, again)
	if len(boundary) == 0 {
		t.Error("the inclusive cursor read nothing: the boundary records should come again")
	}
	for _, rec := range boundary {
		if decode(t, rec.Raw)["modifiedAt"] != cur {
			t.Errorf("article %s read from the cursor although unchanged", rec.Key)
		}
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
	var pot bool
	for _, rec := range changed {
		if rec.Key == "2" {
			pot = true
		} else if decode(t, rec.Raw)["modifiedAt"] != cur {
			t.Errorf("article %s read although unchanged", rec.Key)
		}
	}
	cur2 := r2.(connectors.CursorReader).Cursor()
	if !pot || cur2 <= cur {
		t.Fatalf("after an order: articles %v, cursor %q → %q", changed, cur, cur2)
	}
	last := readAll(t, f.reader("article", cur2, nil))
	if len(last) != 1 || last[0].Key != "2" {
		t.Errorf("from the new cursor: %d articles, want the boundary one only", len(last))
	}
	// The cursor travelled as modifiedSince.
	f.mu.Lock()
	u := f.exchanges[len(f.exchanges)-1].URL
	f.mu.Unlock()
	if want := "modifiedSince="; !strings.Contains(u, want) {
		t.Errorf("URL %s has no %s", u, want)
	}
}
