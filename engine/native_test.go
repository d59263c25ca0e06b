package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
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
