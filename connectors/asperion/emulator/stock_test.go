package emulator

import (
	"strings"
	"testing"
)

// A stock mutation adds its quantity to the article's current stock, marks
// the article modified and reads back; zero quantities and articles
// without stock are refused, and the stock stays as it was.
func TestStockMutation(t *testing.T) {
	f := newFixture(t, Options{})
	before := str(f.must(200, "GET", "/v1/articles/1", nil)["currentStock"])
	if before != "36" {
		t.Fatalf("seeded stock of article 1 is %s, want 36", before)
	}
	m := f.must(201, "POST", "/v1/stockmutations", map[string]any{"articleId": articleRoos, "quantity": 14, "reference": "SYNC-1"})
	if m["number"] != jsonNum(1) || m["mutationDate"] == nil || m["modifiedAt"] == nil {
		t.Errorf("server-filled mutation fields: %v", m)
	}
	if got := str(f.must(200, "GET", "/v1/articles/1", nil)["currentStock"]); got != "50" {
		t.Errorf("stock after +14: %s, want 50", got)
	}
	f.must(201, "POST", "/v1/stockmutations", map[string]any{"articleId": articleRoos, "quantity": -50.5})
	if got := str(f.must(200, "GET", "/v1/articles/1", nil)["currentStock"]); got != "-0.5" {
		t.Errorf("stock after -50.5: %s, want -0.5", got)
	}
	found := items(t, f.must(200, "GET", "/v1/stockmutations?reference=sync-1", nil))
	if len(found) != 1 || str(found[0]["quantity"]) != "14" {
		t.Errorf("lookup by reference: %v", found)
	}
	for _, bad := range []struct {
		body map[string]any
		want string
	}{
		{map[string]any{"articleId": articleRoos, "quantity": 0}, "quantity"},
		{map[string]any{"articleId": 4, "quantity": 1}, "does not keep stock"},
		{map[string]any{"articleId": 999, "quantity": 1}, "articleId"},
		{map[string]any{"quantity": 1}, "articleId"},
	} {
		r := f.do("POST", "/v1/stockmutations", bad.body, "Accept-Language", "en-US")
		if r.status != 400 || !strings.Contains(string(r.raw), bad.want) {
			t.Errorf("%v: %d %s, want 400 naming %s", bad.body, r.status, r.raw, bad.want)
		}
	}
	if got := str(f.must(200, "GET", "/v1/articles/1", nil)["currentStock"]); got != "-0.5" {
		t.Errorf("refused mutations moved the stock to %s", got)
	}
	r := f.do("PUT", "/v1/stockmutations/1", map[string]any{"articleId": articleRoos, "quantity": 1})
	if r.status != 405 {
		t.Errorf("PUT of a mutation: %d, want 405", r.status)
	}
}
