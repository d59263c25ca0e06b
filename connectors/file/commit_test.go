package file

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
)

func asTx(t *testing.T, w connectors.Writer) connectors.Transactional {
	t.Helper()
	tx, ok := w.(connectors.Transactional)
	if !ok {
		t.Fatalf("%T is not connectors.Transactional", w)
	}
	return tx
}

// TestAppendCheckpointRollback: a checkpoint makes the records so far part
// of the file; a later writer handed that mark cuts off what was appended
// after it (by a run killed before recording it) and appends after it.
func TestAppendCheckpointRollback(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	opts := connectors.Options{BaseDir: dir}
	writeFile(t, dir, "out.ndjson", "{\"n\":0}\n")
	tx := asTx(t, openWriter(t, "ndjson", `path = "out.ndjson"
mode = "append"`, opts))
	tx.Write(ctx, connectors.Record{Raw: []byte(`{"n":1}`)})
	mark, ok, err := tx.Checkpoint(ctx)
	if err != nil || !ok {
		t.Fatalf("Checkpoint = %q, %v, %v; want a mark", mark, ok, err)
	}
	if got := readFile(t, dir, "out.ndjson"); got != "{\"n\":0}\n{\"n\":1}\n" {
		t.Fatalf("after the checkpoint the file holds %q", got)
	}
	writeAll(t, tx, `{"n":2}`) // recorded nowhere: a crash would lose the state of it
	tx2 := asTx(t, openWriter(t, "ndjson", `path = "out.ndjson"
mode = "append"`, opts))
	if err := tx2.Rollback(ctx, mark); err != nil {
		t.Fatalf("Rollback: %v", err)
	}
	writeAll(t, tx2, `{"n":3}`)
	if got := readFile(t, dir, "out.ndjson"); got != "{\"n\":0}\n{\"n\":1}\n{\"n\":3}\n" {
		t.Errorf("after the rollback the file holds %q, want n 0, 1, 3", got)
	}

	// A mark of another file leaves this one alone.
	tx3 := asTx(t, openWriter(t, "ndjson", `path = "other.ndjson"
mode = "append"`, opts))
	if err := tx3.Rollback(ctx, "0 /elsewhere/out.ndjson"); err != nil {
		t.Fatalf("Rollback of another file's mark: %v", err)
	}
	writeAll(t, tx3, `{"n":4}`)
	if err := asTx(t, openWriter(t, "ndjson", `path = "out.ndjson"
mode = "append"`, opts)).Rollback(ctx, "not a mark"); err == nil {
		t.Error("Rollback accepted an unreadable mark")
	}
}

// TestCSVRollbackToEmptyWritesHeader: cut back to nothing, a CSV file gets
// its header row again.
func TestCSVRollbackToEmptyWritesHeader(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	opts := connectors.Options{BaseDir: dir}
	cfg := `path = "out.csv"
mode = "append"
columns = ["n"]`
	tx := asTx(t, openWriter(t, "csv", cfg, opts))
	mark, _, err := tx.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, tx, `{"n":1}`)
	tx2 := asTx(t, openWriter(t, "csv", cfg, opts))
	_, path, _ := strings.Cut(mark, " ")
	if err := tx2.Rollback(ctx, "0 "+path); err != nil { // the mark of the file when it was empty
		t.Fatal(err)
	}
	writeAll(t, tx2, `{"n":2}`)
	if got := readFile(t, dir, "out.csv"); got != "n\n2\n" {
		t.Errorf("file holds %q, want the header and row 2", got)
	}
}

// TestCreateModeCommitsOnClose: a file replaced as a whole has nothing in
// the target before Close, and standard output cannot be taken back.
func TestCreateModeCommitsOnClose(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	tx := asTx(t, openWriter(t, "json", `path = "out.json"`, connectors.Options{BaseDir: dir}))
	tx.Write(ctx, connectors.Record{Raw: []byte(`{"n":1}`)})
	if mark, ok, err := tx.Checkpoint(ctx); ok || err != nil || mark != "" {
		t.Errorf("Checkpoint in create mode = %q, %v, %v; want none", mark, ok, err)
	}
	if names := entries(t, dir); len(names) != 1 || names[0] == "out.json" {
		t.Errorf("before Close the folder holds %v, want only the temporary file", names)
	}
	tx.Close()
	var out bytes.Buffer
	w := openWriter(t, "ndjson", `path = "-"`, connectors.Options{Stdout: &out})
	if _, ok := w.(connectors.Transactional); ok {
		t.Error("a writer to standard output claims to be Transactional")
	}
	writeAll(t, w, `{"n":1}`)
	if out.String() != "{\"n\":1}\n" {
		t.Errorf("stdout got %q", out.String())
	}
}
