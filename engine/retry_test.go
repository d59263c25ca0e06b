package engine_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/engine"
)

// sourceSystem is a source whose reader also looks records up, like the
// API connectors: related blocks with in = "source" ask it.
type sourceSystem struct {
	input    string
	products []string // records of exactonline/item
	opened   int      // readers opened
	reads    int      // Read calls over all readers
}

type sourceReader struct {
	sys   *sourceSystem
	lines *lines
}

func (r *sourceReader) Read(ctx context.Context) (connectors.Record, error) {
	r.sys.reads++
	return r.lines.Read(ctx)
}

func (r *sourceReader) Close() error { return nil }

func (r *sourceReader) Lookup(_ context.Context, q connectors.LookupQuery) ([]connectors.Record, error) {
	var out []connectors.Record
	for _, p := range r.sys.products {
		if gjson.Get(p, q.Field).String() == q.Value {
			out = append(out, connectors.Record{Raw: []byte(p)})
		}
	}
	return out, nil
}

const sourceLookupPipeline = `
pipeline "orders" {
  source "src" {}
  target "sys" {}
  max_rejects = 5

  related "product" {
    in      = "source"
    entity  = "exactonline/item"
    by      = "Code"
    missing = "error"
  }

  map {
    Ref  = "source.ref"
    Item = "related('product', source.sku).Description"
  }
}
`

// TestRetryLooksUpInSource: a record set aside because the source lacked
// its product goes through on retry once the product exists. The retry
// opens the source connection to answer the related lookups, as a run
// does, but reads no records from it.
func TestRetryLooksUpInSource(t *testing.T) {
	sys := newFakeSystem()
	src := &sourceSystem{input: `{"ref":"A1","sku":"X"}` + "\n" + `{"ref":"A2","sku":"Y"}` + "\n",
		products: []string{`{"Code":"X","Description":"Ex"}`}}
	reg := sys.registry()
	type srcConfig struct{}
	reg.MustRegister(connectors.Spec{
		Name:      "src",
		NewConfig: func() any { return &srcConfig{} },
		NewReader: func(context.Context, any, connectors.Options) (connectors.Reader, error) {
			src.opened++
			return &sourceReader{sys: src, lines: newLines([]byte(src.input))}, nil
		},
	})
	plan := compileWith(t, reg, sourceLookupPipeline)
	st := openState(t)

	stats, err := plan.Run(context.Background(), engine.RunOptions{State: st})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Written != 1 || stats.Rejected != 1 {
		t.Fatalf("run: %+v, want A1 written and A2 set aside", stats)
	}

	src.products = append(src.products, `{"Code":"Y","Description":"Why"}`)
	readsBefore := src.reads
	stats, err = plan.Retry(context.Background(), engine.RunOptions{State: st})
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	if stats.Written != 1 || stats.Rejected != 0 || len(sys.orders) != 2 || !strings.Contains(string(sys.orders[1]), `"Item":"Why"`) {
		t.Fatalf("retry: %+v, orders %q", stats, sys.orders)
	}
	if src.opened != 2 || src.reads != readsBefore {
		t.Errorf("the retry opened the source %d times in all and read %d records from it; want it opened for lookups only", src.opened, src.reads-readsBefore)
	}
	if left, err := st.SetAside(context.Background(), "orders"); err != nil || len(left) != 0 {
		t.Errorf("still set aside after the retry: %v %+v", err, left)
	}
}
