package engine

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/schemas"
)

// compileEndpoint resolves a source or target block: the connector from the
// registry, its settings decoded into the connector's own config type and
// checked, and the schema.
func compileEndpoint(ep *dsl.Endpoint, kind string, opts Options, vars map[string]cty.Value) (endpoint, hcl.Diagnostics) {
	var out endpoint
	if ep == nil {
		return out, nil
	}
	out.decl, out.validate = ep.DeclRange, ep.Validate
	schema, diags := endpointSchema(ep, opts)
	out.schema = schema

	spec, ok := opts.Connectors.Lookup(ep.Connector)
	if !ok {
		return out, append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown connector",
			Detail: fmt.Sprintf("There is no connector %q; `pipeline connectors` lists them.%s", ep.Connector,
				dsl.DidYouMean(ep.Connector, opts.Connectors.Names())),
			Subject: ep.ConnectorRange.Ptr()})
	}
	if (kind == "source" && spec.NewReader == nil) || (kind == "target" && spec.NewWriter == nil) {
		verb := map[string]string{"source": "read from", "target": "write to"}[kind]
		return out, append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Connector cannot be a " + kind,
			Detail: fmt.Sprintf("The %q connector cannot %s.", ep.Connector, verb), Subject: ep.ConnectorRange.Ptr()})
	}
	out.spec = spec
	cfg := spec.NewConfig()
	ctx := configEvalContext(opts, vars)
	more := dropUnknownEchoes(gohcl.DecodeBody(ep.Config, ctx, cfg))
	diags = append(diags, more...)
	for _, part := range ep.ConfigParts() {
		diags = append(diags, checkSecrets(part, cfg)...)
	}
	if more.HasErrors() {
		return out, diags
	}
	if d, ok := cfg.(connectors.Defaulter); ok {
		d.Defaults()
	}
	if v, ok := cfg.(connectors.Validator); ok {
		if err := v.Validate(); err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid " + ep.Connector + " settings",
				Detail: err.Error() + ".", Subject: ep.DeclRange.Ptr()})
		}
	}
	out.config = cfg
	return out, diags
}

func endpointSchema(ep *dsl.Endpoint, opts Options) (*schemas.Schema, hcl.Diagnostics) {
	if ep == nil || ep.Schema == "" || opts.Schemas == nil {
		return nil, nil
	}
	s, ok := opts.Schemas.Lookup(ep.Schema)
	if !ok {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Unknown schema",
			Detail: fmt.Sprintf("There is no schema %q; `pipeline schemas` lists them.%s", ep.Schema,
				dsl.DidYouMean(ep.Schema, opts.Schemas.Refs())),
			Subject: ep.SchemaRange.Ptr()}}
	}
	return s, nil
}

// configEvalContext offers env("NAME") to connector settings, so that
// connections and secrets come from the environment, and var.<name> so that
// paths and settings can differ per run.
func configEvalContext(opts Options, vars map[string]cty.Value) *hcl.EvalContext {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.LookupEnv
	}
	env := function.New(&function.Spec{
		Params: []function.Parameter{{Name: "name", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			name := args[0].AsString()
			if v, ok := getenv(name); ok {
				return cty.StringVal(v), nil
			}
			if opts.Validating {
				// Checking a file needs no secrets: a placeholder lets the
				// connector's own checks see that a value will be there.
				return cty.StringVal("$" + name), nil
			}
			return cty.NilVal, fmt.Errorf("the environment variable %s is not set", name)
		},
	})
	return &hcl.EvalContext{
		Functions: map[string]function.Function{"env": env},
		Variables: map[string]cty.Value{"var": cty.ObjectVal(vars)},
	}
}

// dropUnknownEchoes leaves out the "value must be known" errors that echo
// an error already reported at the same place. A failed call (env("NAME")
// with NAME unset) evaluates to an unknown value next to its own clear
// error, and decoding that unknown into the connector's config then fails
// again, saying nothing the user can act on.
func dropUnknownEchoes(diags hcl.Diagnostics) hcl.Diagnostics {
	var failed []hcl.Range
	for _, d := range diags {
		if d.Severity == hcl.DiagError && d.Subject != nil && !isUnknownEcho(d) {
			failed = append(failed, *d.Subject)
		}
	}
	out := diags[:0:0]
	for _, d := range diags {
		if isUnknownEcho(d) && d.Subject != nil && slices.ContainsFunc(failed, func(r hcl.Range) bool { return within(r, *d.Subject) }) {
			continue
		}
		out = append(out, d)
	}
	return out
}

// within reports whether inner lies inside outer: the failed call inside
// the expression ("${env("DIR")}/out") whose value could not be decoded.
func within(inner, outer hcl.Range) bool {
	return inner.Filename == outer.Filename && outer.Start.Byte <= inner.Start.Byte && inner.End.Byte <= outer.End.Byte
}

func isUnknownEcho(d *hcl.Diagnostic) bool {
	return d.Severity == hcl.DiagError && strings.Contains(d.Detail, "value must be known")
}

// checkSecrets refuses literal values for config fields tagged
// `pipeline:"secret"`: a secret written into a pipeline file ends up in git.
func checkSecrets(body hcl.Body, cfg any) hcl.Diagnostics {
	sb, ok := body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	t := reflect.TypeOf(cfg)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var diags hcl.Diagnostics
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Tag.Get("pipeline") != "secret" {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("hcl"), ",")
		attr, ok := sb.Attributes[name]
		if !ok {
			continue
		}
		if _, isCall := attr.Expr.(*hclsyntax.FunctionCallExpr); !isCall {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Secret written in the pipeline file",
				Detail:  fmt.Sprintf("%s is a secret; read it from the environment with env(\"NAME\") so it never lands in git.", name),
				Subject: attr.Expr.Range().Ptr(), Extra: dsl.Redacted{}})
		}
	}
	return diags
}
