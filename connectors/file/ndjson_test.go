package file

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
)

func TestNDJSONReaderConformance(t *testing.T) {
	opts := conntest.Options(t)
	writeFile(t, opts.BaseDir, "in.ndjson", "{\"a\":1}\n\n{\"a\":2}\n{\"a\":3}")
	conntest.TestReader(t, func(t *testing.T) connectors.Reader {
		return openReader(t, "ndjson", `path = "in.ndjson"`, opts)
	}, 3)
}

func TestNDJSONWriterConformance(t *testing.T) {
	conntest.TestWriter(t, func(t *testing.T) conntest.WriterTarget {
		opts := conntest.Options(t)
		return conntest.WriterTarget{
			Writer: openWriter(t, "ndjson", `path = "out.ndjson"`, opts),
			ReadBack: func(t *testing.T) []connectors.Record {
				return conntest.ReadAll(t, openReader(t, "ndjson", `path = "out.ndjson"`, opts))
			},
		}
	}, []connectors.Record{
		{Raw: []byte(`{"id":1,"total":"12.50"}`)},
		{Raw: []byte(`{"id":2,"lines":[{"qty":3}]}`)},
	})
}

// A line that is not JSON comes back as it is, with its line number, and
// the lines after it are read as usual.
func TestNDJSONBadLineInTheMiddle(t *testing.T) {
	opts := conntest.Options(t)
	writeFile(t, opts.BaseDir, "orders.ndjson", "\ufeff{\"id\":1}\r\n"+
		"\n"+
		"   \t\n"+
		"{\"id\":2\n"+
		"{\"id\":3}\r\n"+
		"not json at all\n"+
		"{\"id\":4}")
	got := recs(conntest.ReadAll(t, openReader(t, "ndjson", `path = "orders.ndjson"`, opts)))
	want := []rec{
		{"orders.ndjson:1", `{"id":1}`},
		{"orders.ndjson:4", `{"id":2`},
		{"orders.ndjson:5", `{"id":3}`},
		{"orders.ndjson:6", `not json at all`},
		{"orders.ndjson:7", `{"id":4}`},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("wrong result (-want +got):\n%s", diff)
	}
}

func TestNDJSONStdinStdout(t *testing.T) {
	opts := conntest.Options(t)
	opts.Stdin = strings.NewReader("{\"a\":1}\n{\"a\":2}\n")
	got := recs(conntest.ReadAll(t, openReader(t, "ndjson", `path = "-"`, opts)))
	want := []rec{{"stdin:1", `{"a":1}`}, {"stdin:2", `{"a":2}`}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stdin: wrong result (-want +got):\n%s", diff)
	}

	var out bytes.Buffer
	opts.Stdout = &out
	writeAll(t, openWriter(t, "ndjson", `path = "-"`, opts), `{"a":1}`, "{\n  \"b\": [1, 2]\n}")
	if got, want := out.String(), "{\"a\":1}\n{\"b\":[1,2]}\n"; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
}

func TestNDJSONLineLimit(t *testing.T) {
	for name, tc := range map[string]struct {
		line    string
		wantErr string
	}{
		"at the limit":   {line: `"` + strings.Repeat("x", 14) + `"`},
		"just over":      {line: `"` + strings.Repeat("x", 15) + `"`, wantErr: "big.ndjson:2: line longer than 16 bytes"},
		"far over":       {line: `"` + strings.Repeat("x", 500) + `"`, wantErr: "big.ndjson:2: line longer than 16 bytes"},
		"far over, CRLF": {line: strings.Repeat("y", 500) + "\r", wantErr: "big.ndjson:2: line longer than 16 bytes"},
	} {
		t.Run(name, func(t *testing.T) {
			src := &source{r: strings.NewReader("1\n" + tc.line + "\n3\n"), name: "big.ndjson"}
			got, err := readUntilError(t, newNDJSONReader(src, 16))
			if tc.wantErr == "" {
				if err.Error() != "EOF" || len(got) != 3 {
					t.Fatalf("got %d records and %v, want 3 and EOF", len(got), err)
				}
				return
			}
			if len(got) != 1 || err == nil || err.Error() != tc.wantErr {
				t.Fatalf("got %d records and %v, want 1 and %q", len(got), err, tc.wantErr)
			}
		})
	}
}

func TestNDJSONWriterRefusesInvalidRecord(t *testing.T) {
	opts := conntest.Options(t)
	w := openWriter(t, "ndjson", `path = "out.ndjson"`, opts)
	ctx := context.Background()
	err := w.Write(ctx, connectors.Record{Raw: []byte(`{"a":`)})
	if _, ok := connectors.AsRecordError(err); !ok {
		t.Fatalf("Write of broken JSON: got %v, want a RecordError", err)
	}
	writeAll(t, w, `{"a":2}`)
	if got, want := readFile(t, opts.BaseDir, "out.ndjson"), "{\"a\":2}\n"; got != want {
		t.Errorf("file = %q, want %q", got, want)
	}
}

// makeLines writes n NDJSON lines of about 80 bytes and returns the path.
func makeLines(t testing.TB, dir string, n int) string {
	t.Helper()
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, `{"id":%d,"email":"customer%06d@example.com","total":"%d.95","tags":["a","b"]}`+"\n", i, i, i%1000)
	}
	path := filepath.Join(dir, "big.ndjson")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Reading a 100k-line file costs the same few allocations per record from
// the first line to the last, and the heap does not grow with the file.
func TestNDJSONConstantMemory(t *testing.T) {
	const lines = 100_000
	opts := conntest.Options(t)
	makeLines(t, opts.BaseDir, lines)
	r := openReader(t, "ndjson", `path = "big.ndjson"`, opts)
	defer r.Close()
	ctx := context.Background()
	read := 0
	next := func() {
		if _, err := r.Read(ctx); err != nil {
			t.Fatalf("Read %d: %v", read+1, err)
		}
		read++
	}

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	// AllocsPerRun calls next once to warm up, then runs times.
	allocs := testing.AllocsPerRun(lines-1, next)
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)

	if read != lines {
		t.Fatalf("read %d records, want %d", read, lines)
	}
	// One allocation for Raw and one for Origin.
	if allocs > 2 {
		t.Errorf("%.2f allocations per record, want at most 2", allocs)
	}
	// The file is about 8 MB; a reader that kept records would hold it all.
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 1<<20 {
		t.Errorf("heap grew by %d bytes over %d records, want under 1 MiB", grew, lines)
	}
}

func BenchmarkNDJSONRead(b *testing.B) {
	opts := conntest.Options(b)
	makeLines(b, opts.BaseDir, 10_000)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		r := openReader(b, "ndjson", `path = "big.ndjson"`, opts)
		for {
			if _, err := r.Read(ctx); err != nil {
				break
			}
		}
		r.Close()
	}
}
