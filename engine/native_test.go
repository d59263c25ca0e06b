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
	checkNativeMatchesVM(t, "sortBy", "cannot compare", `
    Asc   = "sort(source.prices)"
    Desc  = "sort(source.prices, 'desc')"
    Uniq  = "uniq(source.prices)"
    Max   = "max(source.prices)"
    ByPrice = "map(sortBy(source.lines, .price), .sku)"
    ByTime  = "map(sortBy(source.lines, parseDate(.at, 'rfc3339'), 'desc'), .sku)"`,
		[]nativeCase{
			{`{"prices":[12.50,0.99,3,3.00,-1],"lines":[{"sku":"A","price":12.50,"at":"2024-03-02T10:00:00+01:00"},{"sku":"B","price":0.99,"at":"2024-03-01T10:00:00Z"},{"sku":"C","price":3,"at":"2024-03-02T08:30:00Z"}]}`,
				`{"Asc":[-1,0.99,3,3.00,12.50],"Desc":[12.50,3,3.00,0.99,-1],"Uniq":[12.50,0.99,3,-1],"Max":12.50,"ByPrice":["B","C","A"],"ByTime":["A","C","B"]}`},
			{`{"prices":[1,"x"],"lines":[]}`, ""},
			{`{"prices":[],"lines":[{"sku":"A","price":1},{"sku":"B","price":"1"}]}`, ""},
		})
}

// TestStatsNativeMatchesVM averages and groups decimals of different scales
// with mean and median (native calls) and groupBy (which needs the VM for
// its key), and requires the same records, the expected values and the same
// errors both ways.
func TestStatsNativeMatchesVM(t *testing.T) {
	checkNativeMatchesVM(t, "groupBy", "not a number", `
    Mean   = "mean(source.prices)"
    Median = "median(source.prices)"
    Groups = "len(groupBy(source.lines, .price))"
    Cheap  = "map(groupBy(source.lines, .price)[1.5 + 0] ?? [], .sku)"`,
		[]nativeCase{
			{`{"prices":[12.50,0.99,3,3.10],"lines":[{"sku":"A","price":1.50},{"sku":"B","price":2},{"sku":"C","price":1.5}]}`,
				`{"Mean":4.8975,"Median":3.05,"Groups":2,"Cheap":["A","C"]}`},
			{`{"prices":[1,null,2.00],"lines":[]}`, `{"Mean":1.50,"Median":1.50,"Groups":0,"Cheap":[]}`},
			{`{"prices":[1,"x"],"lines":[]}`, ""},
		})
}

// nativeCase is a record and the record it maps to; want "" means the
// record is rejected.
type nativeCase struct{ in, want string }

// checkNativeMatchesVM compiles a pipeline with the given map fields, in
// which exactly the fields calling vmFunc need the VM, and maps each case
// with native calls and with the VM only: both must give the same record or
// the same rejection, the record must be want, and a rejection must name
// wantErr.
func checkNativeMatchesVM(t *testing.T, vmFunc, wantErr, fields string, tests []nativeCase) {
	t.Helper()
	src := "pipeline \"p\" {\n  source \"ndjson\" {\n    path = \"in\"\n  }\n  target \"ndjson\" {\n    path = \"out\"\n  }\n  map {" +
		fields + "\n  }\n}\n"
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
		// vmFunc's key is a closure, which needs the VM; the rest is native.
		if native, want := f.prog.native != nil, !strings.Contains(f.prog.expr.Src, vmFunc); native != want {
			t.Errorf("%s: native = %v, want %v", f.path, native, want)
		}
	}
	native, vm := newRunner(p), newRunner(p)
	vm.vmOnly = true
	for _, tt := range tests {
		a, errA := run1(native, p, []byte(tt.in))
		b, errB := run1(vm, p, []byte(tt.in))
		if !bytes.Equal(a, b) || errA != errB {
			t.Errorf("%s differs:\nnative: %s %s\nvm:     %s %s", tt.in, a, errA, b, errB)
		}
		if tt.want == "" && (errA == "" || !strings.Contains(errA, wantErr)) {
			t.Errorf("%s: error %q, want one containing %q", tt.in, errA, wantErr)
		}
		if tt.want != "" && string(a) != tt.want {
			t.Errorf("%s:\n got %s %s\nwant %s", tt.in, a, errA, tt.want)
		}
	}
}
