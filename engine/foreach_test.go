package engine_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/engine"
)

const variantsPipeline = `
pipeline "variants" {
  source "mem" {
    schema = "webshop/product"
  }
  target "mem" {
    schema     = "exactonline/item"
    key_field  = "Code"
    source_key = "item.sku"
  }
  for_each = "len(source.variants ?? []) > 0 ? source.variants : [source]"
  lookup "colour" {
    values = { red = "R", none = "-" %s }
  }
  map {
    Code        = "item.sku"
    Description = "source.name + ' ' + lookup('colour', item.attributes?.colour ?? 'none')"
  }
}
`

// TestForEachRetryMapsTheElementOnly sets a variant aside, fixes the
// mapping and retries: only that variant is mapped again (its siblings were
// written and are not touched), under the same origin, and it leaves the
// set-aside list.
func TestForEachRetryMapsTheElementOnly(t *testing.T) {
	st := openState(t)
	compile := func(extra string) *engine.Plan {
		return compileWith(t, testRegistry(), strings.Replace(variantsPipeline, "%s", extra, 1))
	}
	input := `{"id":1,"sku":"TS","name":"T-shirt","price_excl_vat":10,"vat_rate":21,"active":true,"variants":[{"sku":"TS-R","name":"r","attributes":{"colour":"red"}},{"sku":"TS-G","name":"g","attributes":{"colour":"green"}},{"sku":"TS-N","name":"n"}]}
{"id":2,"sku":"MUG","name":"Mug","price_excl_vat":5,"vat_rate":21,"active":true}
`
	var out bytes.Buffer
	var origins []string
	sink := engine.RejectFunc(func(_ context.Context, r engine.Reject) error {
		origins = append(origins, r.Origin)
		return nil
	})
	stats, err := compile("").Run(context.Background(), engine.RunOptions{Reader: newLines([]byte(input)),
		Writer: &bufWriter{buf: &out}, State: st, Rejects: sink})
	if _, tooMany := err.(*engine.TooManyRejectsError); err != nil && !tooMany {
		t.Fatal(err)
	}
	if stats.Read != 2 || stats.Written != 3 || stats.Rejected != 1 || strings.Join(origins, ",") != "input.ndjson:1#1" {
		t.Fatalf("first run: %+v, rejects %v\n%s", stats, origins, out.String())
	}

	out.Reset()
	var decided []string
	stats, err = compile(`, green = "G"`).Retry(context.Background(), engine.RunOptions{Writer: &bufWriter{buf: &out}, State: st,
		Decisions: func(d engine.Decision) { decided = append(decided, d.Origin+" "+d.Decision) }})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Written != 1 || strings.TrimSpace(out.String()) != `{"Code":"TS-G","Description":"T-shirt G"}` {
		t.Fatalf("retry: %+v\n%s", stats, out.String())
	}
	if got := strings.Join(decided, ","); got != "input.ndjson:1#1 create" {
		t.Errorf("retry decided %q, want the one variant under its own origin", got)
	}
	left, err := st.SetAside(context.Background(), "variants")
	if err != nil || len(left) != 0 {
		t.Errorf("still set aside after the retry: %v %+v", err, left)
	}
}
