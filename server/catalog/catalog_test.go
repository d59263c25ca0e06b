package catalog

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	_ "github.com/pipeline-dev/pipeline/connectors/all"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/schemas"
)

const copyHCL = `pipeline "%s" {
  source "ndjson" {
    path = "in.ndjson"
  }
  target "ndjson" {
    path = "out/x.ndjson"
  }
  map {
    id = "source.id"
  }
}
`

func newCatalog(t *testing.T, files map[string]string) (*Catalog, string) {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644)
	}
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	c := New(dir, func() engine.Options {
		return engine.Options{Connectors: connectors.Default(), Schemas: set, Getenv: func(string) (string, bool) { return "", false }}
	})
	return c, dir
}

func TestDuplicateNamesAcrossFiles(t *testing.T) {
	c, _ := newCatalog(t, map[string]string{
		"a/one.hcl": strings.Replace(copyHCL, "%s", "orders", 1),
		"b/two.hcl": strings.Replace(copyHCL, "%s", "orders", 1),
	})
	ch, err := c.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Added) != 1 {
		t.Fatalf("added %v", ch.Added)
	}
	p, _ := c.Get("orders")
	if !strings.HasSuffix(p.File, "a/one.hcl") {
		t.Fatalf("orders from %s, want the first file", p.File)
	}
	files := c.Files()
	if files[1].Valid || len(files[1].Diagnostics) != 1 || files[1].Diagnostics[0].Summary != "Duplicate pipeline name" {
		t.Fatalf("second file = %+v", files[1])
	}
}

// TestWatchReloadsOnChange edits a file and checks Watch reports the
// change once, and not again while nothing changes.
func TestWatchReloadsOnChange(t *testing.T) {
	c, dir := newCatalog(t, map[string]string{"p.hcl": strings.Replace(copyHCL, "%s", "first", 1)})
	if _, err := c.Load(); err != nil {
		t.Fatal(err)
	}
	c.Remember()
	changes := make(chan Change, 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go c.Watch(ctx, 10*time.Millisecond, func(ch Change) { changes <- ch })
	// An output file the pipeline writes does not count as a change.
	os.MkdirAll(filepath.Join(dir, "out"), 0o755)
	os.WriteFile(filepath.Join(dir, "out", "x.ndjson"), []byte("{}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "p.hcl"), []byte(strings.Replace(copyHCL, "%s", "second", 1)), 0o644)
	select {
	case ch := <-changes:
		if len(ch.Added) != 1 || ch.Added[0] != "second" || len(ch.Removed) != 1 || ch.Removed[0] != "first" {
			t.Fatalf("change = %+v", ch)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no reload")
	}
	select {
	case ch := <-changes:
		t.Fatalf("reloaded again without a change: %+v", ch)
	case <-time.After(100 * time.Millisecond):
	}
}
