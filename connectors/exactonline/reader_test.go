package exactonline

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
	"github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
)

func TestReadSyncPagesAndNormalises(t *testing.T) {
	f := newFixture(t, seedWith(t, map[string][]map[string]any{"Accounts": accounts(1100)}), emulator.Options{})
	r := f.reader("account", "", nil)
	cr, ok := r.(connectors.CursorReader)
	if !ok {
		t.Fatalf("a read of an entity with a sync endpoint is a %T, want a CursorReader", r)
	}
	recs := readAll(t, r)
	if len(recs) != 1103 {
		t.Fatalf("read %d accounts, want 1103", len(recs))
	}
	if n := f.count("GET", "sync/CRM/Accounts"); n != 2 {
		t.Errorf("%d sync calls for 1103 rows, want 2 (1000 a page)", n)
	}
	if n := f.count("GET", "crm/Accounts"); n != 0 {
		t.Errorf("%d CRUD calls on a full read of a sync entity, want 0", n)
	}
	var maxTS int64
	seen := map[string]bool{}
	for _, rec := range recs {
		m := decode(t, rec.Raw)
		if _, bad := m["__metadata"]; bad {
			t.Fatalf("%s still has __metadata", rec.Origin)
		}
		if rec.Key == "" || rec.Key != m["ID"] || rec.Origin != "exactonline/account/"+rec.Key {
			t.Fatalf("key %q, origin %q for ID %v", rec.Key, rec.Origin, m["ID"])
		}
		if seen[rec.Key] {
			t.Fatalf("%s read twice", rec.Key)
		}
		seen[rec.Key] = true
		created, _ := m["Created"].(string)
		if !strings.HasPrefix(created, "2026-03-02T09:00:00") || !strings.HasSuffix(created, "Z") {
			t.Fatalf("Created = %q, want RFC 3339 UTC of the emulator's clock", created)
		}
		ts, err := strconv.ParseInt(string(m["Timestamp"].(json.Number)), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		maxTS = max(maxTS, ts)
	}
	if got, want := cr.Cursor(), strconv.FormatInt(maxTS, 10); got != want {
		t.Errorf("Cursor() = %s, want the highest Timestamp %s", got, want)
	}
}

func TestReadCRUDPagesWithFilter(t *testing.T) {
	f := newFixture(t, seedWith(t, map[string][]map[string]any{"Accounts": accounts(160)}), emulator.Options{})
	r := f.reader("account", "", func(c *Config) { c.Filter = "City eq 'Utrecht'" })
	if _, ok := r.(connectors.CursorReader); ok {
		t.Error("a filtered read offers a cursor; it cannot be resumed")
	}
	recs := readAll(t, r)
	if len(recs) != 162 { // 160 + the two seed accounts in Utrecht
		t.Fatalf("read %d accounts, want 162", len(recs))
	}
	if n := f.count("GET", "crm/Accounts"); n != 3 {
		t.Errorf("%d CRUD pages for 162 rows, want 3 (60 a page)", n)
	}
}

func TestReadBulkWithSelect(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	recs := readAll(t, f.reader("gl_account", "", func(c *Config) {
		c.Filter = "Code ne ''"
		c.Select = []string{"Code", "Description"}
	}))
	if len(recs) != 4 || f.count("GET", "bulk/Financial/GLAccounts") != 1 {
		t.Fatalf("read %d GL accounts in %d bulk calls, want 4 in 1", len(recs), f.count("GET", "bulk/Financial/GLAccounts"))
	}
	m := decode(t, recs[0].Raw)
	if len(m) != 3 || m["ID"] == nil || m["Code"] == nil || m["Description"] == nil {
		t.Errorf("selected record = %v, want ID, Code and Description", m)
	}
}

func TestReadRefusals(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	for name, tc := range map[string]struct {
		entity, since, filter, want string
	}{
		"no schema":          {"", "", "", "the block has no schema"},
		"other system":       {"webshop/order", "", "", "not an Exact Online entity"},
		"per item":           {"exactonline/stock_position", "", "", "look it up by ItemId"},
		"cursor and filter":  {"exactonline/account", "123", "Name eq 'x'", "cannot be read incrementally"},
		"cursor and no sync": {"exactonline/warehouse", "123", "", "no sync endpoint"},
		"bad cursor":         {"exactonline/account", "yesterday", "", "not an Exact Timestamp"},
		"sync only filtered": {"exactonline/warehouse_stock_position", "", "ID ne null", "remove the filter"},
	} {
		t.Run(name, func(t *testing.T) {
			o := f.options("", tc.since)
			o.Entity = tc.entity
			_, err := openReader(context.Background(), f.config(func(c *Config) { c.Filter = tc.filter }), o, f.deps)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
	if n := f.apiCalls(); n != 0 {
		t.Errorf("refused reads made %d calls", n)
	}
}

func TestReaderContract(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	conntest.TestReader(t, func(t *testing.T) connectors.Reader { return f.reader("account", "", nil) }, 3)
	conntest.TestReader(t, func(t *testing.T) connectors.Reader { return f.reader("sales_order", "", nil) }, 0)
}
