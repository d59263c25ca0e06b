package dsl

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// TestConnectionMerged checks that an endpoint with use = "name" gets the
// connection's settings and its own in one config, each attribute still at
// its own file and line, and keeps the connection after Resolve decodes
// the block again.
func TestConnectionMerged(t *testing.T) {
	l := NewLoader()
	f, _ := l.LoadFile(filepath.Join("testdata", "settings", "connections", "orders.hcl"))
	if f == nil || len(f.Pipelines) != 1 {
		t.Fatal("orders.hcl did not load")
	}
	src := f.Pipelines[0].Source
	if src.Use != "shop" || src.Connection == nil || src.Connection.Name != "shop" {
		t.Fatalf("source uses %q, connection %v", src.Use, src.Connection)
	}
	attrs, diags := src.Config.JustAttributes()
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	want := map[string]string{"path": "settings.hcl:6", "base_url": "settings.hcl:7"}
	if len(attrs) != len(want) {
		t.Errorf("merged config has %d attributes, want %d (schema and use stay with the engine)", len(attrs), len(want))
	}
	for name, at := range want {
		a, ok := attrs[name]
		if !ok {
			t.Errorf("merged config lacks %s", name)
			continue
		}
		if got := fmt.Sprintf("%s:%d", filepath.Base(a.NameRange.Filename), a.NameRange.Start.Line); got != at {
			t.Errorf("%s at %s, want %s", name, got, at)
		}
	}
	if parts := src.ConfigParts(); len(parts) != 2 {
		t.Errorf("ConfigParts: %d bodies, want the connection's and the block's", len(parts))
	}
	if tgt := f.Pipelines[0].Target; tgt.Connection != nil || len(tgt.ConfigParts()) != 1 {
		t.Error("the target names an unknown connection and must keep its own config only")
	}
}

// TestConnectionKeptByResolve checks that a block re-decoded because a
// policy reads a variable keeps the connection merged at load.
func TestConnectionKeptByResolve(t *testing.T) {
	before := &Endpoint{Connection: &Connection{Name: "c", Body: hcl.EmptyBody()}}
	ep := &Endpoint{ownConfig: hcl.EmptyBody()}
	keepConnection(ep, before)
	if ep.Connection == nil || len(ep.ConfigParts()) != 2 {
		t.Fatal("re-decoded endpoint lost its connection")
	}
}
