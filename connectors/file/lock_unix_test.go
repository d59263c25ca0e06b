//go:build unix

package file

import (
	"context"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
)

// Two writers appending to one file at once are refused: the second fails
// at once, naming the file, and may open once the first has closed.
func TestAppendRefusesSecondWriter(t *testing.T) {
	dir := t.TempDir()
	opts := connectors.Options{BaseDir: dir}
	const cfg = `path = "out.ndjson"
mode = "append"`
	first := openWriter(t, "ndjson", cfg, opts)
	// Any format of this package: the lock is on the file, not the writer.
	for connector, src := range map[string]string{"ndjson": cfg, "csv": cfg + "\ncolumns = [\"n\"]"} {
		second, err := specNamed(t, connector).NewWriter(context.Background(), decode(t, connector, src), opts)
		if err == nil {
			second.Close()
			t.Fatalf("a second %s writer opened the file the first one is appending to", connector)
		}
		if msg := err.Error(); !strings.Contains(msg, "out.ndjson") || !strings.Contains(msg, "another run is writing") {
			t.Errorf("second %s writer: %q; want the file named and why", connector, msg)
		}
	}
	writeAll(t, first, `{"n":1}`)
	writeAll(t, openWriter(t, "ndjson", cfg, opts), `{"n":2}`)
	if got := readFile(t, dir, "out.ndjson"); got != "{\"n\":1}\n{\"n\":2}\n" {
		t.Errorf("the file holds %q, want n 1 then 2", got)
	}
}
