package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/internal/ordergen"
	"github.com/pipeline-dev/pipeline/schemas"
)

// TestNativeCallsMatchTheVM maps generated orders (and broken variants of
// them) through the shipped pipeline twice, once with native calls and
// once with the VM only, and requires identical records and errors.
func TestNativeCallsMatchTheVM(t *testing.T) {
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	_, plans, diags := CompileFile(dsl.NewLoader(), "../pipelines/webshop_orders_to_exact/pipeline.hcl", Options{
		Connectors: fileRegistry(), Schemas: set, Now: func() time.Time { return time.Unix(0, 0) }})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	p := plans[0]
	native, vm := newRunner(p), newRunner(p)
	vm.vmOnly = true
	var nativeCalls int
	for i := 0; i < 500; i++ {
		raw := ordergen.Order(3, i)
		for _, variant := range [][]byte{raw,
			bytes.Replace(raw, []byte(`"quantity":`), []byte(`"quantity":"x",`+"\"q\":"), 1),
			bytes.Replace(raw, []byte(`"discount_percent":`), []byte(`"discount_percent":null,"d":`), 1),
			bytes.Replace(raw, []byte(`"company":`), []byte(`"company":"",`+"\"c\":"), 1),
			bytes.Replace(raw, []byte(`"status":"`), []byte(`"status":"paid","s":"`), 1),
		} {
			a, errA := run1(native, p, variant)
			b, errB := run1(vm, p, variant)
			if !bytes.Equal(a, b) || errA != errB {
				t.Fatalf("order %d differs:\nnative: %s %s\nvm:     %s %s\ninput: %s", i, a, errA, b, errB, variant)
			}
		}
	}
	for _, f := range p.out.fields {
		if f.prog != nil && f.prog.native != nil {
			nativeCalls++
		}
	}
	if nativeCalls == 0 {
		t.Error("no expression of the shipped pipeline runs natively; the test proves nothing")
	}
}

// fileRegistry registers a stand-in "ndjson" connector: these tests call
// the plan's stages directly and never open it.
func fileRegistry() *connectors.Registry {
	reg := connectors.NewRegistry()
	type fileConfig struct {
		Path string `hcl:"path"`
		Mode string `hcl:"mode,optional"`
	}
	reg.MustRegister(connectors.Spec{Name: "ndjson", NewConfig: func() any { return &fileConfig{} },
		NewReader: func(context.Context, any, connectors.Options) (connectors.Reader, error) {
			return nil, errors.New("not opened in tests")
		},
		NewWriter: func(context.Context, any, connectors.Options) (connectors.Writer, error) {
			return nil, errors.New("not opened in tests")
		}})
	return reg
}

func run1(r *runner, p *Plan, raw []byte) ([]byte, string) {
	out, rj := p.process(r, connectors.Record{Raw: raw, Origin: "x"}, false)
	if rj != nil {
		return nil, fmt.Sprintf("%s %s %s %s", rj.Stage, rj.Field, rj.Reason, rj.At)
	}
	return append([]byte(nil), out...), ""
}

// TestSortingNativeMatchesVM sorts decimals, text and instants with sort,
// uniq, max (native calls) and sortBy (which needs the VM for its key),
// and requires the same records, the expected order and the same errors
// both ways: every JSON number is a Decimal, which expr's own sort
// helpers cannot compare.
func TestSortingNativeMatchesVM(t *testing.T) {
	src := `pipeline "p" {
  source "ndjson" {
    path = "in"
  }
  target "ndjson" {
    path = "out"
  }
  map {
    Asc   = "sort(source.prices)"
    Desc  = "sort(source.prices, 'desc')"
    Uniq  = "uniq(source.prices)"
    Max   = "max(source.prices)"
    ByPrice = "map(sortBy(source.lines, .price), .sku)"
    ByTime  = "map(sortBy(source.lines, parseDate(.at, 'rfc3339'), 'desc'), .sku)"
  }
}
`
	file := filepath.Join(t.TempDir(), "p.hcl")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	_, plans, diags := CompileFile(dsl.NewLoader(), file, Options{Connectors: fileRegistry(), Schemas: set,
		Now: func() time.Time { return time.Unix(0, 0) }})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	p := plans[0]
	for _, f := range p.out.fields {
		// sortBy's key is a closure, which needs the VM; the rest is native.
		if native, want := f.prog.native != nil, !strings.Contains(f.prog.expr.Src, "sortBy"); native != want {
			t.Errorf("%s: native = %v, want %v", f.path, native, want)
		}
	}
	native, vm := newRunner(p), newRunner(p)
	vm.vmOnly = true
	tests := []struct{ in, want string }{
		{`{"prices":[12.50,0.99,3,3.00,-1],"lines":[{"sku":"A","price":12.50,"at":"2024-03-02T10:00:00+01:00"},{"sku":"B","price":0.99,"at":"2024-03-01T10:00:00Z"},{"sku":"C","price":3,"at":"2024-03-02T08:30:00Z"}]}`,
			`{"Asc":[-1,0.99,3,3.00,12.50],"Desc":[12.50,3,3.00,0.99,-1],"Uniq":[12.50,0.99,3,-1],"Max":12.50,"ByPrice":["B","C","A"],"ByTime":["A","C","B"]}`},
		{`{"prices":[1,"x"],"lines":[]}`, ""},
		{`{"prices":[],"lines":[{"sku":"A","price":1},{"sku":"B","price":"1"}]}`, ""},
	}
	for _, tt := range tests {
		a, errA := run1(native, p, []byte(tt.in))
		b, errB := run1(vm, p, []byte(tt.in))
		if !bytes.Equal(a, b) || errA != errB {
			t.Errorf("%s differs:\nnative: %s %s\nvm:     %s %s", tt.in, a, errA, b, errB)
		}
		if tt.want == "" && (errA == "" || !strings.Contains(errA, "cannot compare")) {
			t.Errorf("%s: error %q, want a comparison error", tt.in, errA)
		}
		if tt.want != "" && string(a) != tt.want {
			t.Errorf("%s:\n got %s %s\nwant %s", tt.in, a, errA, tt.want)
		}
	}
}
