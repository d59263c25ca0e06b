package engine

import (
	"time"

	"github.com/expr-lang/expr/vm"
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/dsl/schedule"
	"github.com/pipeline-dev/pipeline/engine/exprenv"
	"github.com/pipeline-dev/pipeline/schemas"
)

// Plan is a compiled pipeline, ready to run any number of times. It is
// immutable and safe to share between goroutines; per-run state lives in
// a runner.
type Plan struct {
	Name     string
	Filename string

	source endpoint
	target endpoint

	filters []*program
	forEach *forEachPlan // nil unless one record gives several target records
	root    *pathSet
	out     *objectPlan
	write   *writePlan // nil when the target has no key_field

	lookups     map[string]*lookupTable
	related     map[string]*relatedPlan
	maxRejects  int
	logPersonal bool
	exprCfg     *exprenv.Config
	wholeUsed   bool       // some expression reads the whole record (get() with a computed path)
	nativeBufs  int        // argument buffers native calls need per runner
	pathSets    []*pathSet // every scope\'s paths, indexed by their id
	disabledBy  string     // the enabled condition that is false, "" when the pipeline runs (enabled.go)
	fingerprint string     // what the mapping depends on, hashed (unchanged.go)

	schedule     schedule.Schedule // nil when the pipeline has none
	scheduleText string
}

// Schedule is when pipeline serve runs the pipeline, decided with the
// variables it was compiled with (schedule = var.orders_schedule), and its
// text; nil and "" when it has no schedule.
func (p *Plan) Schedule() (schedule.Schedule, string) { return p.schedule, p.scheduleText }

// endpoint is a resolved source or target block.
type endpoint struct {
	spec     connectors.Spec
	config   any
	schema   *schemas.Schema // nil when the block names none
	validate bool
	decl     hcl.Range
}

// program is one compiled expression with where it was written.
type program struct {
	prog  *vm.Program
	expr  *dsl.Expr
	field string // target field path it fills, "" for filters
	// copy is set for a plain path copy (source.a.b): the raw JSON is
	// copied without evaluating anything.
	copy *pathRef

	// native is set when the expression is only function calls, which the
	// runner makes without the VM.
	native *nativeCall

	// constant holds the value of an expression that is a constant after
	// optimisation, so it can be checked against the target schema.
	constant    any
	hasConstant bool
}

// HasWriteSemantics reports whether the target declares a key_field, so
// that runs decide per record between create, update, skip and unchanged.
func (p *Plan) HasWriteSemantics() bool { return p.write != nil }

// MaxRejects is how many records may be set aside before a run fails.
func (p *Plan) MaxRejects() int { return p.maxRejects }

// SourceSchema and TargetSchema return the schema references of the plan's
// endpoints, or "".
func (p *Plan) SourceSchema() string { return schemaRef(p.source.schema) }

// TargetSchema returns the target's schema reference, or "".
func (p *Plan) TargetSchema() string { return schemaRef(p.target.schema) }

func schemaRef(s *schemas.Schema) string {
	if s == nil {
		return ""
	}
	return s.Ref
}

// Endpoint returns the connector spec and decoded config of the "source"
// or "target" block, for commands such as `pipeline auth`.
func (p *Plan) Endpoint(which string) (connectors.Spec, any) {
	if which == "source" {
		return p.source.spec, p.source.config
	}
	return p.target.spec, p.target.config
}

// SourceConnector and TargetConnector name the connectors of the plan.
func (p *Plan) SourceConnector() string { return p.source.spec.Name }

// TargetConnector names the target connector.
func (p *Plan) TargetConnector() string { return p.target.spec.Name }

// Options are the inputs of Compile besides the pipeline itself.
type Options struct {
	Connectors *connectors.Registry
	Schemas    *schemas.Set

	// Variables are the file's variable declarations; Vars holds values
	// given for them as text (-var name=value, the environment), VarValues
	// typed ones (test cases). Typed values win over text ones.
	Variables []*dsl.Variable
	Vars      map[string]string
	// EnvVars are values from the environment (PIPELINE_VAR_<name>); they
	// rank below Vars, and values for undeclared names are ignored.
	EnvVars   map[string]string
	VarValues map[string]cty.Value

	// Getenv backs env() in connector settings; nil means os.LookupEnv.
	Getenv func(string) (string, bool)

	// Now pins the clock of now() and of connectors; nil means time.Now.
	Now func() time.Time

	// Validating tolerates what only a run needs: unset environment
	// variables and variables without a value.
	Validating bool

	// SkipEndpoints compiles the mapping without resolving connectors (used
	// by tools that only look at mappings); schemas are still checked.
	SkipEndpoints bool
}
