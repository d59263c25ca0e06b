package file

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
)

func TestJSONReaderConformance(t *testing.T) {
	opts := conntest.Options(t)
	writeFile(t, opts.BaseDir, "in.json", "[\n  {\"a\": 1},\n  {\"a\": 2}\n]\n")
	conntest.TestReader(t, func(t *testing.T) connectors.Reader {
		return openReader(t, "json", `path = "in.json"`, opts)
	}, 2)
}

func TestJSONWriterConformance(t *testing.T) {
	conntest.TestWriter(t, func(t *testing.T) conntest.WriterTarget {
		opts := conntest.Options(t)
		return conntest.WriterTarget{
			Writer: openWriter(t, "json", `path = "out.json"`, opts),
			ReadBack: func(t *testing.T) []connectors.Record {
				return conntest.ReadAll(t, openReader(t, "json", `path = "out.json"`, opts))
			},
		}
	}, []connectors.Record{
		{Raw: []byte(`{"id":1,"total":12.50}`)},
		{Raw: []byte("{\n  \"id\": 2\n}")},
		{Raw: []byte(`{"id":3,"n":12345678901234567890}`)},
	})
}

// Each record's Origin is the line its element starts on, wherever the
// elements sit and however many lines they span.
func TestJSONOrigins(t *testing.T) {
	opts := conntest.Options(t)
	writeFile(t, opts.BaseDir, "orders.json", "\ufeff\n\n[{\"id\":1},\n"+
		"  {\n"+
		"    \"id\": 2,\n"+
		"    \"note\": \"a [ , { \\\" tricky\\nstring\"\n"+
		"  },\n"+
		"\n"+
		"  {\"id\":3}, {\"id\":4}\r\n"+
		"  ,\n"+
		"  [1,\n2]\n"+
		"]\n\n")
	got := recs(conntest.ReadAll(t, openReader(t, "json", `path = "orders.json"`, opts)))
	want := []rec{
		{"orders.json:3", `{"id":1}`},
		{"orders.json:4", "{\n    \"id\": 2,\n    \"note\": \"a [ , { \\\" tricky\\nstring\"\n  }"},
		{"orders.json:9", `{"id":3}`},
		{"orders.json:9", `{"id":4}`},
		{"orders.json:11", "[1,\n2]"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("wrong result (-want +got):\n%s", diff)
	}
}

func TestJSONSingleObjectAndEmptyArray(t *testing.T) {
	opts := conntest.Options(t)
	opts.Stdin = strings.NewReader("\n  {\"id\": 7}\n")
	got := recs(conntest.ReadAll(t, openReader(t, "json", `path = "-"`, opts)))
	if diff := cmp.Diff([]rec{{"stdin:2", `{"id": 7}`}}, got); diff != "" {
		t.Errorf("single object: wrong result (-want +got):\n%s", diff)
	}
	opts.Stdin = strings.NewReader(" [ \n ] ")
	if got := conntest.ReadAll(t, openReader(t, "json", `path = "-"`, opts)); len(got) != 0 {
		t.Errorf("empty array: got %d records", len(got))
	}
}

// Damage that leaves the rest of the file unreadable ends the stream with
// an error naming file, line and column; the records before it are read.
func TestJSONErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		input   string
		records int
		wantErr string
	}{
		"bad value mid-file": {
			input:   "[\n{\"id\":1},\n{\"id\":2},\n{\"id\": x},\n{\"id\":4}\n]",
			records: 2,
			wantErr: "in.json:4:8: invalid character 'x' looking for beginning of value",
		},
		"bad value inside a nested element": {
			input:   "[{\"id\":1},\n  {\"lines\": [\n    {\"qty\": 1,},\n  ]}]",
			records: 1,
			wantErr: "in.json:3:15: invalid character '}' looking for beginning of object key string",
		},
		"missing comma": {
			input:   "[\n{\"id\":1}\n  {\"id\":2}\n]",
			records: 1,
			wantErr: "in.json:3:3: expected comma after array element",
		},
		"truncated": {
			input:   "[\n{\"id\":1},\n{\"id\":",
			records: 1,
			wantErr: "in.json:3:7: unexpected end of input inside the JSON value",
		},
		"array not closed": {
			input:   "[\n{\"id\":1}\n",
			records: 1,
			wantErr: "in.json:3:1: unexpected end of input inside the JSON value",
		},
		"wrong closing bracket": {
			input:   "[{\"id\":1}\n}",
			records: 1,
			wantErr: "in.json:2:1: invalid character '}' after array element",
		},
		"data after the array": {
			input:   "[{\"id\":1}]\n\n  [2]",
			records: 1,
			wantErr: "in.json:3:3: unexpected [ after the top-level JSON value",
		},
		"documents one per line": {
			input:   "{\"id\":1}\n{\"id\":2}\n",
			records: 1,
			wantErr: "in.json:2:1: unexpected { after the top-level JSON value (for one JSON document per line, use the ndjson connector)",
		},
		"not an array or object": {
			input:   "\n  42",
			wantErr: "in.json:2:3: want a JSON array or object, found '4'",
		},
		"empty": {
			input:   " \n ",
			wantErr: "in.json: empty input, want a JSON array or object",
		},
	} {
		t.Run(name, func(t *testing.T) {
			opts := conntest.Options(t)
			writeFile(t, opts.BaseDir, "in.json", tc.input)
			r := openReader(t, "json", `path = "in.json"`, opts)
			got, err := readUntilError(t, r)
			if len(got) != tc.records || err == nil || err.Error() != tc.wantErr {
				t.Fatalf("got %d records and error %v\nwant %d and %s", len(got), err, tc.records, tc.wantErr)
			}
			if _, again := r.Read(context.Background()); again == nil || again.Error() != err.Error() {
				t.Errorf("Read after the error: %v, want the same error", again)
			}
		})
	}
}

// Positions stay right far into a file, after the decoder has refilled and
// slid its buffer many times.
func TestJSONErrorPositionDeepInFile(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("[\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "  {\"id\": %d,\n   \"name\": \"customer %d\"},\n", i, i)
	}
	b.WriteString("  {\"id\": 5000,\n   \"name\": tru}\n]\n")
	opts := conntest.Options(t)
	writeFile(t, opts.BaseDir, "big.json", b.String())
	got, err := readUntilError(t, openReader(t, "json", `path = "big.json"`, opts))
	want := "big.json:10003:15: invalid character '}' in literal true (expecting 'e')"
	if len(got) != 5000 || err == nil || err.Error() != want {
		t.Fatalf("got %d records and %v, want 5000 and %s", len(got), err, want)
	}
	if got[4999].Origin != "big.json:10000" {
		t.Errorf("last good record at %s, want big.json:10000", got[4999].Origin)
	}
}

func TestJSONWriterOutput(t *testing.T) {
	opts := conntest.Options(t)
	var out bytes.Buffer
	opts.Stdout = &out
	writeAll(t, openWriter(t, "json", `path = "-"`, opts), ` {"a":1} `, "{\"b\":\n2}")
	if got, want := out.String(), "[\n{\"a\":1},\n{\"b\":\n2}\n]\n"; got != want {
		t.Errorf("output = %q, want %q", got, want)
	}
	out.Reset()
	writeAll(t, openWriter(t, "json", `path = "-"`, opts))
	if got, want := out.String(), "[]\n"; got != want {
		t.Errorf("empty output = %q, want %q", got, want)
	}

	w := openWriter(t, "json", `path = "-"`, opts)
	if _, ok := connectors.AsRecordError(w.Write(context.Background(), connectors.Record{Raw: []byte("nope")})); !ok {
		t.Error("Write of invalid JSON did not return a RecordError")
	}
	w.Close()
}

// Reading an array costs the same few allocations per element however long
// it is: the decoder streams, it does not load the file.
func TestJSONReadAllocations(t *testing.T) {
	const n = 20_000
	var b bytes.Buffer
	b.WriteString("[\n")
	for i := range n {
		fmt.Fprintf(&b, "{\"id\":%d,\"email\":\"c%d@example.com\"},\n", i, i)
	}
	b.WriteString("{\"id\":-1}\n]\n")
	opts := conntest.Options(t)
	opts.Stdin = &b
	r := openReader(t, "json", `path = "-"`, opts)
	defer r.Close()
	ctx := context.Background()
	allocs := testing.AllocsPerRun(n-1, func() {
		if _, err := r.Read(ctx); err != nil {
			t.Fatal(err)
		}
	})
	// Raw, Origin, and what encoding/json allocates per Decode call.
	if allocs > 4 {
		t.Errorf("%.2f allocations per element, want at most 4", allocs)
	}
}
