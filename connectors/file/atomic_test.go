package file

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
)

// Until Close, the target keeps its old content and the new content grows
// in a hidden file beside it; Close renames that file over the target.
func TestCreateReplacesOnClose(t *testing.T) {
	for connector, config := range map[string]string{
		"ndjson": `path = "out"`,
		"json":   `path = "out"`,
		"csv":    "path = \"out\"\ncolumns = [\"id\"]",
	} {
		t.Run(connector, func(t *testing.T) {
			opts := conntest.Options(t)
			writeFile(t, opts.BaseDir, "out", "old content\n")
			if err := os.Chmod(filepath.Join(opts.BaseDir, "out"), 0o600); err != nil {
				t.Fatal(err)
			}
			w := openWriter(t, connector, config, opts)
			if err := w.Write(context.Background(), connectors.Record{Raw: []byte(`{"id":1}`)}); err != nil {
				t.Fatal(err)
			}
			if got := readFile(t, opts.BaseDir, "out"); got != "old content\n" {
				t.Errorf("target changed before Close: %q", got)
			}
			names := entries(t, opts.BaseDir)
			if len(names) != 2 || !strings.HasPrefix(names[0], ".out.tmp-") {
				t.Errorf("folder during the write = %v, want the target and one hidden temporary file", names)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if got := readFile(t, opts.BaseDir, "out"); !strings.Contains(got, "1") || strings.Contains(got, "old") {
				t.Errorf("target after Close = %q", got)
			}
			if names := entries(t, opts.BaseDir); !slices.Equal(names, []string{"out"}) {
				t.Errorf("folder after Close = %v, want only the target", names)
			}
			info, err := os.Stat(filepath.Join(opts.BaseDir, "out"))
			if err != nil || info.Mode().Perm() != 0o600 {
				t.Errorf("target mode after Close = %v (%v), want the old file's 0600", info.Mode(), err)
			}
		})
	}
}

// A run cancelled while writing leaves the target as it was and removes the
// temporary file.
func TestCancelledWriteLeavesTargetAlone(t *testing.T) {
	opts := conntest.Options(t)
	writeFile(t, opts.BaseDir, "out.ndjson", "{\"old\":true}\n")
	w := openWriter(t, "ndjson", `path = "out.ndjson"`, opts)
	ctx, cancel := context.WithCancel(context.Background())
	if err := w.Write(ctx, connectors.Record{Raw: []byte(`{"new":1}`)}); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := w.Write(ctx, connectors.Record{Raw: []byte(`{"new":2}`)}); err == nil {
		t.Fatal("Write with a cancelled context succeeded")
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if got := readFile(t, opts.BaseDir, "out.ndjson"); got != "{\"old\":true}\n" {
		t.Errorf("target = %q, want the old content", got)
	}
	if names := entries(t, opts.BaseDir); !slices.Equal(names, []string{"out.ndjson"}) {
		t.Errorf("folder = %v, want only the target", names)
	}
}

func TestAppendMode(t *testing.T) {
	opts := conntest.Options(t)
	writeFile(t, opts.BaseDir, "log.ndjson", "{\"n\":1}\n")
	writeAll(t, openWriter(t, "ndjson", "path = \"log.ndjson\"\nmode = \"append\"", opts), `{"n":2}`)
	if got, want := readFile(t, opts.BaseDir, "log.ndjson"), "{\"n\":1}\n{\"n\":2}\n"; got != want {
		t.Errorf("file = %q, want %q", got, want)
	}
}

func TestWriterOpenErrors(t *testing.T) {
	opts := conntest.Options(t)
	writeFile(t, opts.BaseDir, "blocker", "a file, not a folder")
	_, err := specNamed(t, "ndjson").NewWriter(context.Background(), decode(t, "ndjson", `path = "blocker/out.ndjson"`), opts)
	if err == nil || !strings.Contains(err.Error(), "blocker/out.ndjson") {
		t.Errorf("writer below a file: %v, want an error naming the path", err)
	}
	opts.Stdout = nil
	_, err = specNamed(t, "ndjson").NewWriter(context.Background(), decode(t, "ndjson", `path = "-"`), opts)
	if err == nil {
		t.Error("writer to stdout without Options.Stdout succeeded")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := specNamed(t, "ndjson").NewWriter(ctx, decode(t, "ndjson", `path = "x"`), conntest.Options(t)); err == nil {
		t.Error("NewWriter with a cancelled context succeeded")
	}
}

func TestWriterCreatesMissingFolders(t *testing.T) {
	opts := conntest.Options(t)
	writeAll(t, openWriter(t, "ndjson", `path = "out/nested/orders.ndjson"`, opts), `{"n":1}`)
	if got := readFile(t, opts.BaseDir, "out/nested/orders.ndjson"); got != "{\"n\":1}\n" {
		t.Errorf("file = %q", got)
	}
}
