package dsl

import (
	"strings"
	"testing"
)

func TestDuplicatePipelineNamesAcrossFiles(t *testing.T) {
	l := NewLoader()
	src := func(name string) []byte {
		return []byte(`pipeline "` + name + `" {
  source "ndjson" {
    path = "in.ndjson"
  }
  target "ndjson" {
    path = "out.ndjson"
  }
  map {
    a = "source.a"
  }
}
`)
	}
	a, _ := l.LoadSource("pairs/one/orders.hcl", src("orders"))
	b, _ := l.LoadSource("pairs/two/orders.hcl", src("orders"))
	c, _ := l.LoadSource("pairs/two/stock.hcl", src("stock"))
	diags := DuplicatePipelines([]*File{a, b, c, nil})
	if len(diags) != 1 {
		t.Fatalf("diags = %v, want one duplicate", diags)
	}
	d := diags[0]
	if d.Subject.Filename != "pairs/two/orders.hcl" || d.Subject.Start.Line != 1 ||
		!strings.Contains(d.Detail, "pairs/one/orders.hcl:1") || !strings.Contains(d.Detail, `"two_orders"`) {
		t.Errorf("diagnostic = %s at %v: %s", d.Summary, d.Subject, d.Detail)
	}
	if diags := DuplicatePipelines([]*File{a, c}); len(diags) != 0 {
		t.Errorf("distinct names reported: %v", diags)
	}
}
