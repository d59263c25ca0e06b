package conntest

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/pipeline-dev/pipeline/connectors"
)

var identifier = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// TestSpec checks what every registered connector must get right: a name
// users can write as a block label, a one-line summary, a NewConfig that
// returns a fresh zero-valued struct pointer each call whose fields all
// carry hcl tags the engine's decoder accepts, an empty config body that
// fails on required attributes only, and constructors that refuse a config
// of another type with an error instead of a panic.
func TestSpec(t *testing.T, spec connectors.Spec) {
	t.Helper()
	if !identifier.MatchString(spec.Name) {
		t.Errorf("name %q is not a lower-case identifier", spec.Name)
	}
	if s := strings.TrimSpace(spec.Summary); s == "" || strings.Contains(s, "\n") {
		t.Errorf("summary %q: want one non-empty line", spec.Summary)
	}
	if spec.NewReader == nil && spec.NewWriter == nil {
		t.Error("neither NewReader nor NewWriter is set")
	}
	if spec.NewConfig == nil {
		t.Fatal("NewConfig is nil")
	}
	a, b := spec.NewConfig(), spec.NewConfig()
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if va.Kind() != reflect.Pointer || va.IsNil() || va.Elem().Kind() != reflect.Struct {
		t.Fatalf("NewConfig returned %T, want a non-nil pointer to a struct", a)
	}
	if va.Pointer() == vb.Pointer() {
		t.Error("NewConfig returned the same pointer twice; configs of two blocks would share state")
	}
	if !va.Elem().IsZero() {
		t.Errorf("NewConfig returned a non-zero %T; defaults belong in Defaults()", a)
	}
	for _, problem := range tagProblems(va.Elem().Type(), "") {
		t.Error(problem)
	}
	checkEmptyBody(t, spec)
	checkWrongConfig(t, spec)
}

// tagProblems lists exported fields the engine's decoder would silently
// ignore or reject, recursing into nested blocks.
func tagProblems(ty reflect.Type, prefix string) []string {
	var problems []string
	seen := map[string]bool{}
	for i := range ty.NumField() {
		f := ty.Field(i)
		tag, ok := f.Tag.Lookup("hcl")
		if !f.IsExported() {
			if ok {
				problems = append(problems, fmt.Sprintf("field %s%s: unexported fields cannot be decoded", prefix, f.Name))
			}
			continue
		}
		if !ok {
			problems = append(problems, fmt.Sprintf("field %s%s: no hcl tag, so no attribute sets it", prefix, f.Name))
			continue
		}
		name, kind, _ := strings.Cut(tag, ",")
		switch {
		case !identifier.MatchString(name):
			problems = append(problems, fmt.Sprintf("field %s%s: attribute name %q is not a lower-case identifier", prefix, f.Name, name))
		case seen[name]:
			problems = append(problems, fmt.Sprintf("field %s%s: attribute name %q used twice", prefix, f.Name, name))
		}
		seen[name] = true
		switch kind {
		case "", "attr", "optional", "label", "remain":
		case "block":
			elem := f.Type
			for elem.Kind() == reflect.Pointer || elem.Kind() == reflect.Slice {
				elem = elem.Elem()
			}
			if elem.Kind() == reflect.Struct {
				problems = append(problems, tagProblems(elem, prefix+f.Name+".")...)
			}
		default:
			problems = append(problems, fmt.Sprintf("field %s%s: hcl tag kind %q is not one a config uses", prefix, f.Name, kind))
		}
		if f.Tag.Get("pipeline") == "secret" && f.Type.Kind() != reflect.String {
			problems = append(problems, fmt.Sprintf("field %s%s: a secret must be a string, is %s", prefix, f.Name, f.Type))
		}
	}
	return problems
}

// checkEmptyBody decodes an empty block body as the engine would; the only
// acceptable complaints are missing required attributes.
func checkEmptyBody(t *testing.T, spec connectors.Spec) {
	t.Helper()
	cfg := spec.NewConfig()
	file, diags := hclsyntax.ParseConfig(nil, "empty.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("parsing an empty body: %v", diags)
	}
	for _, d := range gohcl.DecodeBody(file.Body, nil, cfg) {
		if d.Summary != "Missing required argument" {
			t.Errorf("decoding an empty body: %s: %s", d.Summary, d.Detail)
		}
	}
	if d, ok := cfg.(connectors.Defaulter); ok {
		d.Defaults()
	}
}

type wrongConfig struct{ Path string }

func checkWrongConfig(t *testing.T, spec connectors.Spec) {
	t.Helper()
	ctx := context.Background()
	try := func(what string, open func() (closer, error)) {
		defer func() {
			if p := recover(); p != nil {
				t.Errorf("%s with a config of the wrong type panicked: %v", what, p)
			}
		}()
		c, err := open()
		if err == nil {
			c.Close()
			t.Errorf("%s accepted a config of the wrong type", what)
		}
	}
	opts := Options(t)
	if spec.NewReader != nil {
		try("NewReader", func() (closer, error) { return spec.NewReader(ctx, &wrongConfig{Path: "-"}, opts) })
	}
	if spec.NewWriter != nil {
		try("NewWriter", func() (closer, error) { return spec.NewWriter(ctx, &wrongConfig{Path: "-"}, opts) })
	}
}

// DecodeConfig decodes src, the body of a source or target block, into a
// new config of spec the way the engine does: gohcl, then Defaults and
// Validate when the config has them.
func DecodeConfig(spec connectors.Spec, src string) (any, error) {
	cfg := spec.NewConfig()
	file, diags := hclsyntax.ParseConfig([]byte(src), spec.Name+".hcl", hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	if diags := gohcl.DecodeBody(file.Body, nil, cfg); diags.HasErrors() {
		return nil, diags
	}
	if d, ok := cfg.(connectors.Defaulter); ok {
		d.Defaults()
	}
	if v, ok := cfg.(connectors.Validator); ok {
		if err := v.Validate(); err != nil {
			return nil, err
		}
	}
	return cfg, nil
}

// Options returns Options for tests: a temporary BaseDir, an empty stdin,
// a discarded stdout, no field types and a clock pinned in UTC.
func Options(t testing.TB) connectors.Options {
	return connectors.Options{
		BaseDir:   t.TempDir(),
		Stdin:     strings.NewReader(""),
		Stdout:    io.Discard,
		FieldType: func(string) string { return "" },
		Now:       func() time.Time { return time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC) },
	}
}
