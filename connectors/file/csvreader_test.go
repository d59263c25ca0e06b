package file

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
)

func TestCSVReaderConformance(t *testing.T) {
	opts := conntest.Options(t)
	writeFile(t, opts.BaseDir, "in.csv", "id,name\n1,Ann\n2,\"Bob, Jr.\"\n3,Cy\n")
	conntest.TestReader(t, func(t *testing.T) connectors.Reader {
		return openReader(t, "csv", `path = "in.csv"`, opts)
	}, 3)
}

// readCSV reads input with the given config body and field types.
func readCSV(t *testing.T, config, input string, types map[string]string) []rec {
	t.Helper()
	opts := conntest.Options(t)
	opts.FieldType = func(f string) string { return types[f] }
	writeFile(t, opts.BaseDir, "in.csv", input)
	return recs(conntest.ReadAll(t, openReader(t, "csv", `path = "in.csv"`+"\n"+config, opts)))
}

func TestCSVTyping(t *testing.T) {
	types := map[string]string{"s": "string", "n": "number", "i": "integer", "b": "boolean"}
	input := "s,n,i,b,x\n" +
		"abc,12.50,007,yes,\n" +
		"\"a \"\"q\"\", b\",-1e5,12345678901234567890,NO,x\n" +
		" 1 , 1.,  42 ,maybe,  \n" +
		",,,,\n" +
		",0,-0,0,\n" +
		"\"tab\there\",1E+2,1.0,TRUE,\x01\n"
	want := []rec{
		{"in.csv:2", `{"s":"abc","n":12.50,"i":"007","b":true}`},
		{"in.csv:3", `{"s":"a \"q\", b","n":-1e5,"i":12345678901234567890,"b":false,"x":"x"}`},
		{"in.csv:4", `{"s":" 1 ","n":" 1.","i":42,"b":"maybe","x":"  "}`},
		{"in.csv:6", `{"n":0,"i":-0,"b":false}`},
		{"in.csv:7", `{"s":"tab\there","n":1E+2,"i":1.0,"b":true,"x":"\u0001"}`},
	}
	if diff := cmp.Diff(want, readCSV(t, "", input, types)); diff != "" {
		t.Errorf("wrong result (-want +got):\n%s", diff)
	}

	wantNull := []rec{{"in.csv:2", `{"s":null,"n":1,"i":null,"b":null,"x":null}`}}
	if diff := cmp.Diff(wantNull, readCSV(t, `empty = "null"`, "s,n,i,b,x\n,1,,,\n", types)); diff != "" {
		t.Errorf(`empty = "null": wrong result (-want +got):`+"\n%s", diff)
	}
}

func TestCSVNestedColumns(t *testing.T) {
	input := "id, customer.email ,customer.name,customer.address.city,total\n" +
		"1,a@example.com,Ann,Delft,9.99\n" +
		"2,,,,\n" +
		"3,,,Leiden,\n"
	want := []rec{
		{"in.csv:2", `{"id":1,"customer":{"email":"a@example.com","name":"Ann","address":{"city":"Delft"}},"total":"9.99"}`},
		{"in.csv:3", `{"id":2}`},
		{"in.csv:4", `{"id":3,"customer":{"address":{"city":"Leiden"}}}`},
	}
	got := readCSV(t, "", input, map[string]string{"id": "integer", "customer.email": "number"})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("wrong result (-want +got):\n%s", diff)
	}
}

func TestCSVColumnsDelimiterAndBOM(t *testing.T) {
	for name, tc := range map[string]struct {
		config, input string
		want          []rec
	}{
		"header = false": {
			config: "header = false\ncolumns = [\"id\", \"name\"]",
			input:  "1,Ann\n2,Bob\n",
			want:   []rec{{"in.csv:1", `{"id":"1","name":"Ann"}`}, {"in.csv:2", `{"id":"2","name":"Bob"}`}},
		},
		"columns rename the header": {
			config: `columns = ["code", "label"]`,
			input:  "ID,Name\n1,Ann\n",
			want:   []rec{{"in.csv:2", `{"code":"1","label":"Ann"}`}},
		},
		"semicolons and a byte-order mark": {
			config: `delimiter = ";"`,
			input:  "\ufeff\"id\";name\n1;Ann, Jr.\n",
			want:   []rec{{"in.csv:2", `{"id":"1","name":"Ann, Jr."}`}},
		},
		"header only": {input: "id,name\n"},
	} {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, readCSV(t, tc.config, tc.input, nil)); diff != "" {
				t.Errorf("wrong result (-want +got):\n%s", diff)
			}
		})
	}
}

// A row that cannot become an object is returned with its own text and
// line, and the rows after it are read as usual.
func TestCSVBadRows(t *testing.T) {
	opts := conntest.Options(t)
	writeFile(t, opts.BaseDir, "in.csv", "id,name,note\n"+
		"1,Ann,\"multi\nline\"\n"+
		"2,Bob\n"+
		"\n"+
		"3,Cy,ok\r\n"+
		"4,\"bad\"quote,x\n"+
		"42\n"+
		"5,Di,\"last\"")
	r := openReader(t, "csv", `path = "in.csv"`, opts)
	defer r.Close()
	type result struct {
		Rec         rec
		RecordError bool
	}
	var got []result
	for {
		rc, err := r.Read(context.Background())
		if err == io.EOF {
			break
		}
		_, isRecErr := connectors.AsRecordError(err)
		if err != nil && !isRecErr {
			t.Fatalf("Read: %v", err)
		}
		got = append(got, result{rec{rc.Origin, string(rc.Raw)}, isRecErr})
	}
	want := []result{
		{Rec: rec{"in.csv:2", `{"id":"1","name":"Ann","note":"multi\nline"}`}},
		{Rec: rec{"in.csv:4", `2,Bob`}},
		{Rec: rec{"in.csv:6", `{"id":"3","name":"Cy","note":"ok"}`}},
		{Rec: rec{"in.csv:7", `4,"bad"quote,x`}},
		// "42" is valid JSON, so a RecordError keeps it from passing as data.
		{Rec: rec{"in.csv:8", `42`}, RecordError: true},
		{Rec: rec{"in.csv:9", `{"id":"5","name":"Di","note":"last"}`}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("wrong result (-want +got):\n%s", diff)
	}
}

func TestCSVHeaderErrors(t *testing.T) {
	for name, tc := range map[string]struct{ input, wantErr string }{
		"duplicate":     {"a,b,a\n1,2,3\n", `in.csv: column 3 "a": clashes with an earlier column for "a"`},
		"leaf and tree": {"a,a.b\n1,2\n", `in.csv: column 2 "a.b": clashes with an earlier column for "a"`},
		"tree and leaf": {"a.b,a\n1,2\n", `in.csv: column 2 "a": clashes with an earlier column for "a"`},
		"no name":       {"a,,b\n1,2,3\n", `in.csv:1: header column 2 has no name`},
		"empty segment": {"a..b\n1\n", `in.csv: column 1 "a..b": empty name segment`},
		"empty file":    {"", `in.csv: empty input, want a header row`},
		"broken header": {"a,\"b\n", `in.csv: header row: parse error on line 1, column 6: extraneous or missing " in quoted-field`},
	} {
		t.Run(name, func(t *testing.T) {
			opts := conntest.Options(t)
			writeFile(t, opts.BaseDir, "in.csv", tc.input)
			got, err := readUntilError(t, openReader(t, "csv", `path = "in.csv"`, opts))
			if len(got) != 0 || err == nil || err.Error() != tc.wantErr {
				t.Fatalf("got %d records and %v, want 0 and %s", len(got), err, tc.wantErr)
			}
		})
	}
}

// The tap that keeps row text must not grow with the file.
func TestCSVRawTapStaysSmall(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,name\n")
	for range 20_000 {
		b.WriteString("12345,some customer name\n")
	}
	opts := conntest.Options(t)
	opts.Stdin = strings.NewReader(b.String())
	r := openReader(t, "csv", `path = "-"`, opts)
	got := conntest.ReadAll(t, r)
	if len(got) != 20_000 {
		t.Fatalf("read %d records, want 20000", len(got))
	}
	if held := cap(r.(*csvReader).tap.buf); held > 64<<10 {
		t.Errorf("tap holds %d bytes after a %d-byte input, want at most 64 KiB", held, b.Len())
	}
}
