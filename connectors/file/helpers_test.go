package file

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
)

// rec is a record as tests compare it.
type rec struct {
	Origin string
	Raw    string
}

func recs(rs []connectors.Record) []rec {
	var out []rec
	if len(rs) > 0 {
		out = make([]rec, len(rs))
	}
	for i, r := range rs {
		out[i] = rec{Origin: r.Origin, Raw: string(r.Raw)}
	}
	return out
}

func specNamed(t testing.TB, name string) connectors.Spec {
	t.Helper()
	s, ok := connectors.Default().Lookup(name)
	if !ok {
		t.Fatalf("connector %q not registered", name)
	}
	return s
}

// decode builds a connector config from HCL source, as the engine would.
func decode(t testing.TB, connector, src string) any {
	t.Helper()
	cfg, err := conntest.DecodeConfig(specNamed(t, connector), src)
	if err != nil {
		t.Fatalf("config %q: %v", src, err)
	}
	return cfg
}

func writeFile(t testing.TB, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t testing.TB, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func openReader(t testing.TB, connector, src string, opts connectors.Options) connectors.Reader {
	t.Helper()
	r, err := specNamed(t, connector).NewReader(context.Background(), decode(t, connector, src), opts)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	return r
}

func openWriter(t testing.TB, connector, src string, opts connectors.Options) connectors.Writer {
	t.Helper()
	w, err := specNamed(t, connector).NewWriter(context.Background(), decode(t, connector, src), opts)
	if err != nil {
		t.Fatalf("NewWriter: %v", err)
	}
	return w
}

// writeAll writes raws as records and closes w.
func writeAll(t testing.TB, w connectors.Writer, raws ...string) {
	t.Helper()
	for i, raw := range raws {
		if err := w.Write(context.Background(), connectors.Record{Raw: []byte(raw)}); err != nil {
			t.Fatalf("Write record %d: %v", i+1, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

// readUntilError reads until the first error and returns the records and
// that error (io.EOF at a clean end). It leaves r open and closes it when
// the test ends.
func readUntilError(t testing.TB, r connectors.Reader) ([]connectors.Record, error) {
	t.Helper()
	t.Cleanup(func() { r.Close() })
	var out []connectors.Record
	for range 1_000_000 {
		rec, err := r.Read(context.Background())
		if err != nil {
			return out, err
		}
		out = append(out, rec)
	}
	t.Fatal("reader never stopped")
	return nil, nil
}

// entries lists the names in dir, to find temporary files left behind.
func entries(t testing.TB, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}
