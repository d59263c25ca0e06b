package file

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
)

func TestConfigValidation(t *testing.T) {
	for name, tc := range map[string]struct {
		connector, body, wantErr string
	}{
		"ndjson ok":              {"ndjson", `path = "a.ndjson"`, ""},
		"path missing":           {"ndjson", `mode = "create"`, `Missing required argument`},
		"path empty":             {"ndjson", `path = ""`, `path: must not be empty`},
		"unknown mode":           {"ndjson", "path = \"a\"\nmode = \"overwrite\"", `mode: must be "create" or "append", got "overwrite"`},
		"json append":            {"json", "path = \"a\"\nmode = \"append\"", `mode: "append" is not possible for a JSON array`},
		"csv tab":                {"csv", "path = \"a\"\ndelimiter = \"\\t\"", ""},
		"csv two-char delimiter": {"csv", "path = \"a\"\ndelimiter = \";;\"", `delimiter: must be one character`},
		"csv quote delimiter":    {"csv", "path = \"a\"\ndelimiter = \"\\\"\"", `delimiter: must be one character`},
		"csv unknown empty":      {"csv", "path = \"a\"\nempty = \"zero\"", `empty: must be "omit" or "null", got "zero"`},
		"csv no header, no cols": {"csv", "path = \"a\"\nheader = false", `columns: required when header = false`},
		"csv column twice":       {"csv", "path = \"a\"\ncolumns = [\"a\", \"a\"]", `columns[1]: "a" listed twice`},
		"csv empty column":       {"csv", "path = \"a\"\ncolumns = [\"a\", \"\"]", `columns[1]: empty column name`},
		"unknown attribute":      {"csv", "path = \"a\"\nsheet = 1", `Unsupported argument`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := conntest.DecodeConfig(specNamed(t, tc.connector), tc.body)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("error = %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestCSVConfigDefaults(t *testing.T) {
	no, yes := false, true
	for body, want := range map[string]*CSVConfig{
		`path = "a"`: {Path: "a", Mode: ModeCreate, Delimiter: ",", Header: &yes, Empty: EmptyOmit},
		"path = \"a\"\nheader = false\ncolumns = [\"x\"]\ndelimiter = \";\"\nmode = \"append\"\nempty = \"null\"": {
			Path: "a", Mode: ModeAppend, Columns: []string{"x"}, Delimiter: ";", Header: &no, Empty: EmptyNull,
		},
	} {
		if diff := cmp.Diff(want, decode(t, "csv", body)); diff != "" {
			t.Errorf("%s: wrong result (-want +got):\n%s", body, diff)
		}
	}
}

// Constructors default a copy, leaving the caller's config as it was, and
// refuse a config of another connector.
func TestConstructorsCheckConfig(t *testing.T) {
	opts := conntest.Options(t)
	opts.Stdin = strings.NewReader("a\n1\n")
	opts.FieldType = nil // the contract says never nil; a direct caller may still forget
	cfg := &CSVConfig{Path: "-"}
	got := recs(conntest.ReadAll(t, mustReader(t, "csv", cfg, opts)))
	if diff := cmp.Diff([]rec{{"stdin:2", `{"a":"1"}`}}, got); diff != "" {
		t.Errorf("wrong result (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(&CSVConfig{Path: "-"}, cfg); diff != "" {
		t.Errorf("constructor changed the caller's config (-want +got):\n%s", diff)
	}

	_, err := specNamed(t, "ndjson").NewReader(context.Background(), cfg, opts)
	if want := "ndjson: config is *file.CSVConfig, want *file.NDJSONConfig"; err == nil || err.Error() != want {
		t.Errorf("wrong config type: %v, want %s", err, want)
	}
	_, err = specNamed(t, "csv").NewReader(context.Background(), &CSVConfig{Path: "-", Delimiter: "::"}, opts)
	if err == nil || !strings.HasPrefix(err.Error(), "csv: delimiter:") {
		t.Errorf("invalid config: %v, want a delimiter error", err)
	}
}

func mustReader(t *testing.T, connector string, cfg any, opts connectors.Options) connectors.Reader {
	t.Helper()
	r, err := specNamed(t, connector).NewReader(context.Background(), cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Relative paths are taken from BaseDir, absolute ones as they are; the
// Origin shows the path as written either way.
func TestPaths(t *testing.T) {
	data := conntest.Options(t)
	writeFile(t, data.BaseDir, "in.ndjson", "{}\n")
	abs := filepath.Join(data.BaseDir, "in.ndjson")

	elsewhere := conntest.Options(t)
	got := conntest.ReadAll(t, mustReader(t, "ndjson", &NDJSONConfig{Path: abs}, elsewhere))
	if len(got) != 1 || got[0].Origin != abs+":1" {
		t.Errorf("absolute path: got %v", recs(got))
	}
	_, err := specNamed(t, "ndjson").NewReader(context.Background(), &NDJSONConfig{Path: "in.ndjson"}, elsewhere)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(elsewhere.BaseDir, "in.ndjson")) {
		t.Errorf("relative path outside BaseDir: %v, want not found in BaseDir", err)
	}
	elsewhere.Stdin = nil
	if _, err := specNamed(t, "json").NewReader(context.Background(), &JSONConfig{Path: "-"}, elsewhere); err == nil {
		t.Error("reader on stdin without Options.Stdin succeeded")
	}
}
