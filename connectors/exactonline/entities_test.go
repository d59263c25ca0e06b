package exactonline

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/schemas"
)

// The entity table agrees with the schemas: one entry per schema, the
// same endpoint, verbs, key, natural keys and line entity.
func TestEntitiesMatchSchemas(t *testing.T) {
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, ref := range set.Refs() {
		if strings.HasPrefix(ref, "exactonline/") {
			refs = append(refs, ref)
		}
	}
	if len(refs) != len(entities) {
		t.Errorf("%d Exact schemas, %d entities", len(refs), len(entities))
	}
	for _, ref := range refs {
		e, err := lookupEntity(ref)
		if err != nil {
			t.Errorf("%s: %v", ref, err)
			continue
		}
		s, _ := set.Lookup(ref)
		root := s.Root()
		endpoint := e.Path
		if endpoint == "" {
			endpoint = e.Sync
		}
		if !strings.Contains(root.Description, "/api/v1/{division}/"+endpoint+" (") {
			t.Errorf("%s: the schema describes another endpoint than %s", ref, endpoint)
		}
		if verbs := "(" + strings.ReplaceAll(e.Methods, " ", ", ") + ")"; !strings.Contains(root.Description, verbs) {
			t.Errorf("%s: schema lists other verbs than %s", ref, verbs)
		}
		var keys, natural []string
		for _, n := range root.Names() {
			f, _ := root.Child(n)
			if f.Key {
				keys = append(keys, n)
			}
			if f.NaturalKey {
				natural = append(natural, n)
			}
		}
		if len(keys) != 1 || keys[0] != e.Key {
			t.Errorf("%s: schema keys %v, table key %s", ref, keys, e.Key)
		}
		want := slices.Clone(e.NaturalKeys)
		sort.Strings(want)
		if fmt.Sprint(natural) != fmt.Sprint(want) {
			t.Errorf("%s: schema natural keys %v, table %v", ref, natural, want)
		}
		for _, f := range slices.Concat(e.Unique, e.Padded) {
			if _, ok := e.field(f); !ok {
				t.Errorf("%s: unique or padded field %s is not in the schema", ref, f)
			}
		}
		if e.Lines != "" {
			f, ok := root.Child(e.Lines)
			if !ok || entityByName[e.LineEntity] == nil || !strings.Contains(f.Description, "exactonline/"+e.LineEntity) {
				t.Errorf("%s: %s is not a collection of %s", ref, e.Lines, e.LineEntity)
			}
		}
	}
	if f, _ := set.Lookup("exactonline/account"); f != nil {
		if code, _ := f.Root().Child("Code"); code.MaxLength != 18 {
			t.Errorf("Account.Code has max length %d; the padding rule assumes 18", code.MaxLength)
		}
	}
}

// Every entity the emulator serves can be read in full, and the gaps are
// the ones known: endpoints of Exact the emulator does not have.
func TestEveryEntityReadsFromTheEmulator(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	for name, raw := range writable {
		if err := f.writer(name, nil).Write(context.Background(), connectors.Record{Raw: []byte(raw)}); err != nil {
			t.Fatal(err)
		}
	}
	probe := f.writer("account", nil).c
	served := func(path string) bool {
		if path == "" {
			return false
		}
		q := map[string][]string{"$top": {"1"}}
		if strings.HasPrefix(path, "bulk/") {
			q["$select"] = []string{"ID"}
		}
		if path == "read/logistics/StockPosition" {
			q = map[string][]string{"itemId": {"guid'" + seedWidget + "'"}}
		}
		_, err := probe.client.Do(context.Background(), &httpx.Request{Path: probe.path(path), Query: q, Scope: probe.scope})
		var ae *httpx.APIError
		if err != nil && !(errors.As(err, &ae) && ae.Status == 404) {
			t.Fatalf("probing %s: %v", path, err)
		}
		return err == nil
	}
	var missing []string
	for _, e := range entities {
		crud, sync := served(e.Path), served(e.Sync)
		if !crud && e.Path != "" {
			missing = append(missing, e.Name)
		}
		if !sync && e.Sync != "" {
			missing = append(missing, e.Sync)
		}
		if e.ByItem || (!crud && !sync) {
			continue
		}
		t.Run(e.Name, func(t *testing.T) {
			mod := func(c *Config) {}
			if !sync {
				mod = func(c *Config) { c.Filter = e.Key + " ne null" }
			}
			recs := readAll(t, f.reader(e.Name, "", mod))
			if len(recs) == 0 {
				t.Fatal("read nothing")
			}
			for _, r := range recs {
				if r.Key == "" || !strings.HasPrefix(r.Origin, e.ref()+"/") {
					t.Fatalf("record without key: %s %s", r.Origin, r.Raw)
				}
			}
		})
	}
	sort.Strings(missing)
	want := []string{"goods_delivery", "goods_delivery_line", "journal", "sync/Financial/GLAccounts",
		"sync/Financial/TransactionLines", "sync/SalesInvoice/SalesInvoices", "sync/SalesOrder/GoodsDeliveries",
		"sync/SalesOrder/GoodsDeliveryLines", "transaction_line", "unit", "vat_percentage"}
	if fmt.Sprint(missing) != fmt.Sprint(want) {
		t.Errorf("endpoints the emulator lacks: %v\nwant the known gaps %v", missing, want)
	}
}
