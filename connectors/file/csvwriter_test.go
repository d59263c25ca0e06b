package file

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
)

func TestCSVWriterConformance(t *testing.T) {
	const config = "path = \"out.csv\"\ncolumns = [\"id\", \"name\", \"customer.email\", \"paid\"]"
	conntest.TestWriter(t, func(t *testing.T) conntest.WriterTarget {
		opts := conntest.Options(t)
		opts.FieldType = func(f string) string {
			return map[string]string{"id": "integer", "paid": "boolean"}[f]
		}
		return conntest.WriterTarget{
			Writer: openWriter(t, "csv", config, opts),
			ReadBack: func(t *testing.T) []connectors.Record {
				return conntest.ReadAll(t, openReader(t, "csv", `path = "out.csv"`, opts))
			},
		}
	}, []connectors.Record{
		{Raw: []byte(`{"id":1,"name":"Ann, \"the\" first","customer":{"email":"ann@example.com"},"paid":true}`)},
		{Raw: []byte(`{"id":12345678901234567890,"name":"multi\nline","paid":false}`)},
	})
}

func TestCSVWriterValues(t *testing.T) {
	opts := conntest.Options(t)
	var out bytes.Buffer
	opts.Stdout = &out
	w := openWriter(t, "csv", `
		path    = "-"
		columns = ["id", "customer.email", "total", "paid", "tags", "note", "missing", "lines.#"]
	`, opts)
	writeAll(t, w,
		`{"id":12345678901234567890,"customer":{"email":"a@example.com"},"total":1.50,"paid":true,
		  "tags":["a", "b"],"note":"has, comma \"q\"","lines":[{},{}]}`,
		`{"id":2,"customer":null,"total":-0.5e3,"paid":false,"tags":{ "k" : 1 },"note":null}`,
	)
	want := "id,customer.email,total,paid,tags,note,missing,lines.#\n" +
		"12345678901234567890,a@example.com,1.50,true,\"[\"\"a\"\",\"\"b\"\"]\",\"has, comma \"\"q\"\"\",,2\n" +
		"2,,-0.5e3,false,\"{\"\"k\"\":1}\",,,\n"
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestCSVWriterOptions(t *testing.T) {
	opts := conntest.Options(t)
	var out bytes.Buffer
	opts.Stdout = &out
	writeAll(t, openWriter(t, "csv", "path = \"-\"\ncolumns = [\"a\", \"b\"]\nheader = false\ndelimiter = \";\"", opts),
		`{"a":"x;y","b":1}`, `{"a":"plain","b":"x,y"}`)
	if got, want := out.String(), "\"x;y\";1\nplain;x,y\n"; got != want {
		t.Errorf("output = %q, want %q", got, want)
	}

	w := openWriter(t, "csv", "path = \"-\"\ncolumns = [\"a\"]", opts)
	if _, ok := connectors.AsRecordError(w.Write(context.Background(), connectors.Record{Raw: []byte(`{"a":`)})); !ok {
		t.Error("Write of invalid JSON did not return a RecordError")
	}
	w.Close()

	cfg := decode(t, "csv", `path = "x.csv"`)
	_, err := specNamed(t, "csv").NewWriter(context.Background(), cfg, opts)
	if err == nil || !strings.Contains(err.Error(), "columns: required for writing CSV") {
		t.Errorf("NewWriter without columns: %v, want an error about columns", err)
	}
	if got := entries(t, opts.BaseDir); len(got) != 0 {
		t.Errorf("NewWriter that failed left files behind: %v", got)
	}
}

// Appending writes the header only into a new or empty file.
func TestCSVWriterAppendHeader(t *testing.T) {
	opts := conntest.Options(t)
	const config = "path = \"out.csv\"\nmode = \"append\"\ncolumns = [\"id\"]"
	writeAll(t, openWriter(t, "csv", config, opts), `{"id":1}`)
	writeAll(t, openWriter(t, "csv", config, opts), `{"id":2}`)
	if got, want := readFile(t, opts.BaseDir, "out.csv"), "id\n1\n2\n"; got != want {
		t.Errorf("file = %q, want %q", got, want)
	}
	writeFile(t, opts.BaseDir, "empty.csv", "")
	writeAll(t, openWriter(t, "csv", "path = \"empty.csv\"\nmode = \"append\"\ncolumns = [\"id\"]", opts), `{"id":3}`)
	if got, want := readFile(t, opts.BaseDir, "empty.csv"), "id\n3\n"; got != want {
		t.Errorf("empty file appended to = %q, want %q", got, want)
	}
}
