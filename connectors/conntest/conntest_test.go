package conntest

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pipeline-dev/pipeline/connectors"
)

// memReader yields recs; flaw names one way of breaking the contract.
type memReader struct {
	recs   []connectors.Record
	i      int
	flaw   string
	buf    []byte
	closed int
}

func (r *memReader) Read(ctx context.Context) (connectors.Record, error) {
	if err := ctx.Err(); err != nil && r.flaw != "reader ignores context" {
		return connectors.Record{}, err
	}
	if r.i >= len(r.recs) {
		r.i++
		if r.flaw == "reader restarts after EOF" && r.i > len(r.recs)+1 {
			r.i = 0
		}
		return connectors.Record{}, io.EOF
	}
	rec := r.recs[r.i]
	r.i++
	if r.flaw == "reader reuses its buffer" {
		if r.buf == nil {
			r.buf = make([]byte, 0, 256) // roomy, so appending never moves it
		}
		r.buf = append(r.buf[:0], rec.Raw...)
		rec.Raw = r.buf
	}
	return rec, nil
}

func (r *memReader) Close() error {
	r.closed++
	if r.closed > 1 && r.flaw == "reader fails second Close" {
		return errors.New("already closed")
	}
	return nil
}

// memWriter appends to *out; flaw as for memReader.
type memWriter struct {
	out    *[]connectors.Record
	flaw   string
	closed bool
}

func (w *memWriter) Write(ctx context.Context, rec connectors.Record) error {
	if err := ctx.Err(); err != nil && w.flaw != "writer ignores context" {
		return err
	}
	if w.closed && w.flaw != "writer writes after Close" {
		return errors.New("closed")
	}
	if w.flaw != "writer drops records" {
		*w.out = append(*w.out, rec)
	}
	return nil
}

func (w *memWriter) Close() error { w.closed = true; return nil }

var testRecords = []connectors.Record{
	{Raw: []byte(`{"id":1}`), Origin: "mem:1"},
	{Raw: []byte(`{"id":2,"n":1.50}`), Origin: "mem:2"},
}

type goodConfig struct {
	Path  string   `hcl:"path"`
	Limit int      `hcl:"limit,optional"`
	Tags  []string `hcl:"tags,optional"`
	Token string   `hcl:"token,optional" pipeline:"secret"`
}

func goodSpec() connectors.Spec {
	return connectors.Spec{
		Name:      "mem_store",
		Summary:   "Keeps records in memory.",
		NewConfig: func() any { return new(goodConfig) },
		NewReader: func(_ context.Context, cfg any, _ connectors.Options) (connectors.Reader, error) {
			if _, ok := cfg.(*goodConfig); !ok {
				return nil, errors.New("wrong config")
			}
			return &memReader{recs: testRecords}, nil
		},
	}
}

func runKit(t *testing.T, flaw string) {
	TestReader(t, func(t *testing.T) connectors.Reader {
		return &memReader{recs: testRecords, flaw: flaw}
	}, len(testRecords))
	TestWriter(t, func(t *testing.T) WriterTarget {
		var out []connectors.Record
		return WriterTarget{
			Writer:   &memWriter{out: &out, flaw: flaw},
			ReadBack: func(t *testing.T) []connectors.Record { return out },
		}
	}, testRecords)
	spec := goodSpec()
	switch flaw {
	case "spec shares its config":
		shared := new(goodConfig)
		spec.NewConfig = func() any { return shared }
	case "spec has an untagged field":
		spec.NewConfig = func() any { return new(struct{ Path string }) }
	case "spec panics on a wrong config":
		spec.NewReader = func(_ context.Context, cfg any, _ connectors.Options) (connectors.Reader, error) {
			_ = cfg.(*goodConfig)
			return nil, nil
		}
	}
	TestSpec(t, spec)
}

func TestKitPassesConformingConnector(t *testing.T) {
	runKit(t, "")
}

// Each flaw must make the kit fail. The kit runs in a child process, since
// a failing subtest would fail this test too.
func TestKitCatchesFlaws(t *testing.T) {
	if flaw := os.Getenv("CONNTEST_FLAW"); flaw != "" {
		runKit(t, flaw)
		return
	}
	for flaw, want := range map[string]string{
		"reader restarts after EOF":     "Read #2 after io.EOF: got <nil>, want io.EOF",
		"reader reuses its buffer":      "record 1 (mem:1) changed after later reads",
		"reader ignores context":        "Read with a cancelled context: got <nil>, want context.Canceled",
		"reader fails second Close":     "second Close: already closed",
		"writer ignores context":        "Write with a cancelled context: got <nil>, want context.Canceled",
		"writer writes after Close":     "Write after Close succeeded",
		"writer drops records":          "read back wrong records",
		"spec shares its config":        "NewConfig returned the same pointer twice",
		"spec has an untagged field":    "field Path: no hcl tag",
		"spec panics on a wrong config": "NewReader with a config of the wrong type panicked",
	} {
		t.Run(flaw, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestKitCatchesFlaws$")
			cmd.Env = append(os.Environ(), "CONNTEST_FLAW="+flaw)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the kit passed a connector whose %s:\n%s", flaw, out)
			}
			if !strings.Contains(string(out), want) {
				t.Errorf("the kit failed without saying %q:\n%s", want, out)
			}
		})
	}
}

func TestTagProblems(t *testing.T) {
	type block struct {
		Name string `hcl:"Name"`
	}
	type config struct {
		A      string `hcl:"a"`
		B      string `hcl:"a,optional"`
		C      int    `hcl:"c,weird"`
		Secret []byte `hcl:"secret,optional" pipeline:"secret"`
		Sub    *block `hcl:"sub,block"`
		hidden string `hcl:"hidden"`
	}
	_ = config{}.hidden
	want := []string{
		`field B: attribute name "a" used twice`,
		`field C: hcl tag kind "weird" is not one a config uses`,
		`field Secret: a secret must be a string, is []uint8`,
		`field Sub.Name: attribute name "Name" is not a lower-case identifier`,
		`field hidden: unexported fields cannot be decoded`,
	}
	if diff := cmp.Diff(want, tagProblems(reflect.TypeFor[config](), "")); diff != "" {
		t.Errorf("wrong result (-want +got):\n%s", diff)
	}
}

func TestDecodeConfig(t *testing.T) {
	cfg, err := DecodeConfig(goodSpec(), "path = \"x\"\ntags = [\"a\"]")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&goodConfig{Path: "x", Tags: []string{"a"}}, cfg); diff != "" {
		t.Errorf("wrong result (-want +got):\n%s", diff)
	}
	if _, err := DecodeConfig(goodSpec(), `limit = "many"`); err == nil {
		t.Error("DecodeConfig accepted a body without path and with a bad limit")
	}
}
