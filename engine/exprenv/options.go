package exprenv

import (
	"time"
	_ "time/tzdata" // IANA zones must resolve on hosts without a zoneinfo database.

	"github.com/expr-lang/expr"
)

// RecordVar is the env key under which the engine puts the current record's
// raw JSON ([]byte or string). get(path) reads it: Options installs a patcher
// that rewrites get(path) into a hidden call receiving the whole env.
const RecordVar = "__record"

// ItemVar is the env key reserved for the raw JSON of the current array
// element inside an `each` block. No function of this package reads it:
// get(path) always reads the whole record, also inside `each`; the element
// itself is reached through the variable the engine binds for it.
const ItemVar = "__item"

// Config carries what the function library needs from the running pipeline.
// A nil *Config, and any nil field, falls back to the documented default.
type Config struct {
	// Now backs now(); nil means time.Now. Tests pin it.
	Now func() time.Time
	// Location is the zone for dates written without an explicit offset and
	// the zone dates are rendered in unless a function gets a zone argument.
	// nil means UTC.
	Location *time.Location
	// Lookup backs lookup(table, key); nil makes lookup() return an error.
	Lookup func(table string, key any) (any, error)
}

// env is a Config with its defaults filled in, shared by the closures of one
// compiled pipeline.
type env struct {
	now    func() time.Time
	loc    *time.Location
	lookup func(table string, key any) (any, error)
}

func newEnv(cfg *Config) *env {
	e := &env{now: time.Now, loc: time.UTC}
	if cfg == nil {
		return e
	}
	if cfg.Now != nil {
		e.now = cfg.Now
	}
	if cfg.Location != nil {
		e.loc = cfg.Location
	}
	e.lookup = cfg.Lookup
	return e
}

// fn is one library function: its documentation, the name it is registered
// under (defaults to the documented name), the signatures the checker uses for
// arity checks, and the implementation.
type fn struct {
	Function
	register string // registered name when it differs from Function.Name ("" = same)
	types    []any  // expr type hints, e.g. new(func(any, any) any); nil = variadic any
	call     func(e *env, args []any) (any, error)
}

// Type hints. Parameters are `any` on purpose: a float64 parameter would make
// the checker rewrite integer literals into floats, and record fields are
// `any` anyway. They give compile-time arity errors ("not enough arguments to
// call round") instead of runtime ones.
var (
	sig1   = new(func(any) any)
	sig2   = new(func(any, any) any)
	sig3   = new(func(any, any, any) any)
	sigN   = new(func(...any) any)
	sigB1  = new(func(any) bool)
	sigB2  = new(func(any, any) bool)
	sig0   = new(func() any)
	sigGet = new(func(any, any) any)
)

// library returns every function of the package, documentation included.
func library() []fn {
	var all []fn
	for _, group := range [][]fn{stringFuncs, cutFuncs, moneyFuncs, vatFuncs, numberFuncs, sortFuncs, statsFuncs, dateFuncs, nullFuncs, recordFuncs} {
		all = append(all, group...)
	}
	return all
}

// Options returns the expr options that install the function library, the
// operator overloads and the get/sum/unary-minus patchers for one compiled
// pipeline. The engine appends its own options (expr.Env, expr.AsBool, ...);
// the order does not matter because expr resolves functions and the env only
// when Compile runs.
func Options(cfg *Config) []expr.Option {
	e := newEnv(cfg)
	var opts []expr.Option
	for _, f := range library() {
		if f.call == nil {
			continue
		}
		name := f.Name
		if f.register != "" {
			name = f.register
		}
		call := f.call
		impl := func(args ...any) (any, error) { return call(e, args) }
		opts = append(opts, expr.Function(name, impl, f.types...))
	}
	opts = append(opts, operatorOptions()...)
	opts = append(opts, expr.Patch(&rewriter{}))
	return opts
}
