package exprenv

import (
	"fmt"

	"github.com/tidwall/gjson"
)

// fnGet is the hidden function that get(path) is rewritten into; it receives
// the whole env ($env) and the path, so get works without the engine
// declaring RecordVar in its expr.Env.
const fnGet = "__get"

var recordFuncs = []fn{
	{
		Function: Function{Name: "get", Signature: "get(path)",
			Description: "Reads a gjson path from the whole current record (also inside an each block, where the element has its own variable): " +
				"numbers come back as exact decimals, arrays and objects as values, a missing path as null. " +
				"Paths may use gjson queries and counts (lines.#.sku, lines.#(qty>1)#.sku, lines.#). expr's two-argument get(map, key) is unchanged.",
			Examples: []Example{
				exSrc(`get("customer.email")`, `{"customer":{"email":"info@acme.nl"}}`, `"info@acme.nl"`),
				exSrc(`get("line_items.#.sku")`, `{"line_items":[{"sku":"A-1"},{"sku":"B-2"}]}`, `["A-1","B-2"]`),
				exSrc(`get("line_items.#")`, `{"line_items":[{"sku":"A-1"},{"sku":"B-2"}]}`, `2`),
				exSrc(`get("address." + get("kind"))`, `{"kind":"billing","address":{"billing":"Damrak 1"}}`, `"Damrak 1"`),
				exSrc(`get("missing.field")`, `{}`, `null`),
			}},
		register: fnGet,
		types:    []any{sigGet},
		call:     getFunc,
	},
	{
		Function: Function{Name: "lookup", Signature: "lookup(table, key)",
			Description: "Looks key up in a named table provided by the pipeline (Config.Lookup): mapping tables, cross-references to the target system. " +
				"A null key gives null without a lookup. The examples run with a table \"countries\" mapping NL to Netherlands and DE to Germany.",
			Examples: []Example{
				exSrc(`lookup("countries", get("country"))`, `{"country":"NL"}`, `"Netherlands"`),
				exSrc(`lookup("countries", get("country")) ?? "Unknown"`, `{"country":"BE"}`, `"Unknown"`),
			}},
		types: []any{sig2},
		call: func(e *env, args []any) (any, error) {
			table, err := stringArg("lookup", "table", args[0])
			if err != nil {
				return nil, err
			}
			if args[1] == nil {
				return nil, nil
			}
			if e.lookup == nil {
				return nil, fmt.Errorf("lookup(%q): no lookup tables are configured for this pipeline", table)
			}
			v, err := e.lookup(table, args[1])
			if err != nil {
				return nil, fmt.Errorf("lookup(%q, %s): %w", table, describe(args[1]), err)
			}
			return v, nil
		},
	},
}

// getFunc implements get(path) over env[RecordVar].
func getFunc(_ *env, args []any) (any, error) {
	path, ok := args[1].(string)
	if !ok {
		return nil, fmt.Errorf("get: path must be text, got %s", describe(args[1]))
	}
	vars, ok := args[0].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("get(%q): the expression environment is not a map", path)
	}
	switch raw := vars[RecordVar].(type) {
	case []byte:
		return FromJSON(gjson.GetBytes(raw, path)), nil
	case string:
		return FromJSON(gjson.Get(raw, path)), nil
	case nil:
		return nil, fmt.Errorf("get(%q): no current record (env key %s is not set)", path, RecordVar)
	default:
		return nil, fmt.Errorf("get(%q): env key %s holds %T, want raw JSON", path, RecordVar, raw)
	}
}
