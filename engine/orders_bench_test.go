package engine_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/engine/internal/handmap"
	"github.com/pipeline-dev/pipeline/internal/ordergen"
	"github.com/pipeline-dev/pipeline/schemas"
)

const ordersPipeline = "../pipelines/webshop_orders_to_exact/pipeline.hcl"

// ordersPlan compiles the shipped webshop → Exact pipeline against stub
// file connectors (the benchmark feeds and drains records in memory).
func ordersPlan(tb testing.TB) *engine.Plan {
	tb.Helper()
	set, err := schemas.Default()
	if err != nil {
		tb.Fatal(err)
	}
	reg := connectors.NewRegistry()
	type fileConfig struct {
		Path string `hcl:"path"`
		Mode string `hcl:"mode,optional"`
	}
	reg.MustRegister(connectors.Spec{
		Name:      "ndjson",
		NewConfig: func() any { return &fileConfig{} },
		NewReader: func(context.Context, any, connectors.Options) (connectors.Reader, error) {
			return nil, errors.New("stub")
		},
		NewWriter: func(context.Context, any, connectors.Options) (connectors.Writer, error) {
			return nil, errors.New("stub")
		},
	})
	_, plans, diags := engine.CompileFile(dsl.NewLoader(), ordersPipeline, engine.Options{
		Connectors: reg, Schemas: set, Now: func() time.Time { return time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC) },
	})
	if diags.HasErrors() {
		tb.Fatal(diags)
	}
	return plans[0]
}

// handMapper is the hand-written twin of the pipeline, with the same
// settings and lookup tables.
func handMapper(tb testing.TB) *handmap.Mapper {
	zone, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		tb.Fatal(err)
	}
	items := map[string]string{}
	for _, s := range ordergen.SKUs {
		items[s] = ordergen.ItemID(s)
	}
	return &handmap.Mapper{
		Statuses: map[string]bool{"paid": true, "processing": true},
		Debtors: map[string]string{
			"lena.müller0@example.com": "6f1c1b2a-0d5e-4c1e-9a3b-2f8e7d6c5b4a",
			"julia.boer1@example.com":  "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d",
			"anna.vries2@example.com":  "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f",
		},
		Items:         items,
		DefaultDebtor: "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a",
		ShippingItem:  "5a5a5a5a-1111-4111-8111-000000000001",
		DiscountItem:  "5a5a5a5a-1111-4111-8111-000000000002",
		Zone:          zone,
	}
}

func genOrders(n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		out[i] = ordergen.Order(7, i)
	}
	return out
}

// cycleReader hands out the same records over and over, limit in total.
type cycleReader struct {
	recs  [][]byte
	n     int
	limit int
}

func (r *cycleReader) Read(context.Context) (connectors.Record, error) {
	if r.n >= r.limit {
		return connectors.Record{}, io.EOF
	}
	rec := r.recs[r.n%len(r.recs)]
	r.n++
	return connectors.Record{Raw: rec, Origin: "orders"}, nil
}

func (r *cycleReader) Close() error { return nil }

type countWriter struct{ n, bytes int }

func (w *countWriter) Write(_ context.Context, rec connectors.Record) error {
	w.n++
	w.bytes += len(rec.Raw)
	return nil
}

func (w *countWriter) Close() error { return nil }

// BenchmarkOrdersPipeline runs the shipped pipeline's filter and mapping
// over generated orders, the same work BenchmarkOrdersHandwritten does;
// schema validation is measured separately below.
func BenchmarkOrdersPipeline(b *testing.B) {
	benchPipeline(b, true)
}

// BenchmarkOrdersPipelineValidated adds the source and target schema
// checks every real run does.
func BenchmarkOrdersPipelineValidated(b *testing.B) {
	benchPipeline(b, false)
}

func benchPipeline(b *testing.B, skipValidation bool) {
	plan := ordersPlan(b)
	recs := genOrders(1000)
	b.SetBytes(int64(avgSize(recs)))
	b.ReportAllocs()
	b.ResetTimer()
	w := &countWriter{}
	_, err := plan.Run(context.Background(), engine.RunOptions{
		Reader: &cycleReader{recs: recs, limit: b.N}, Writer: w, SkipValidation: skipValidation,
		Rejects: engine.RejectFunc(func(context.Context, engine.Reject) error { return nil }),
	})
	var tooMany *engine.TooManyRejectsError
	if err != nil && !errors.As(err, &tooMany) {
		b.Fatal(err)
	}
}

func BenchmarkOrdersHandwritten(b *testing.B) {
	m := handMapper(b)
	recs := genOrders(1000)
	b.SetBytes(int64(avgSize(recs)))
	b.ReportAllocs()
	b.ResetTimer()
	var dst []byte
	for i := 0; i < b.N; i++ {
		var err error
		dst, err = m.Map(dst[:0], recs[i%len(recs)])
		if err != nil && !errors.Is(err, handmap.ErrFiltered) {
			continue
		}
	}
}

func avgSize(recs [][]byte) int {
	n := 0
	for _, r := range recs {
		n += len(r)
	}
	return n / len(recs)
}

// TestHandwrittenMatchesPipeline proves the benchmark compares equal work:
// the hand-written mapper and the pipeline produce the same bytes for the
// same orders, and set aside the same ones.
func TestHandwrittenMatchesPipeline(t *testing.T) {
	plan := ordersPlan(t)
	m := handMapper(t)
	recs := genOrders(3000)
	for i, raw := range recs {
		var out bytes.Buffer
		var rejected bool
		_, err := plan.Run(context.Background(), engine.RunOptions{
			Reader: &cycleReader{recs: [][]byte{raw}, limit: 1}, Writer: &bufWriter{buf: &out},
			Rejects: engine.RejectFunc(func(context.Context, engine.Reject) error { rejected = true; return nil }),
		})
		var tooMany *engine.TooManyRejectsError
		if err != nil && !errors.As(err, &tooMany) {
			t.Fatal(err)
		}
		hand, herr := m.Map(nil, raw)
		switch {
		case errors.Is(herr, handmap.ErrFiltered):
			if out.Len() != 0 || rejected {
				t.Fatalf("order %d: hand-written filters it out, pipeline wrote %q (rejected %v)", i, out.String(), rejected)
			}
		case herr != nil:
			if !rejected {
				t.Fatalf("order %d: hand-written rejects it (%v), pipeline wrote %q", i, herr, out.String())
			}
		default:
			if got := bytes.TrimSuffix(out.Bytes(), []byte("\n")); !bytes.Equal(got, hand) {
				t.Fatalf("order %d differs:\npipeline:    %s\nhand-written: %s", i, got, hand)
			}
		}
	}
}
