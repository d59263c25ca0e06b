package exprenv

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/expr-lang/expr"
	"github.com/tidwall/gjson"
)

// testConfig is the configuration the documented examples assume: a pinned
// clock, Europe/Amsterdam as the pipeline zone and a "countries" table.
func testConfig(t testing.TB) *Config {
	t.Helper()
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	countries := map[string]any{"NL": "Netherlands", "DE": "Germany"}
	return &Config{
		Now:      func() time.Time { return time.Date(2024, 3, 15, 10, 30, 0, 0, time.UTC) },
		Location: ams,
		Lookup: func(table string, key any) (any, error) {
			if table != "countries" {
				return nil, errors.New("unknown table")
			}
			k, ok := key.(string)
			if !ok {
				return nil, fmt.Errorf("key must be text")
			}
			return countries[k], nil
		},
	}
}

// recordEnv is the env the engine builds for one record: the record as a
// value under "source" and its raw JSON under RecordVar.
func recordEnv(source string) map[string]any {
	if source == "" {
		source = "{}"
	}
	return map[string]any{"source": FromJSON(gjson.Parse(source)), RecordVar: []byte(source)}
}

// evalJSON compiles expression with the library, runs it against source
// and returns the result as JSON.
func evalJSON(cfg *Config, expression, source string) (string, error) {
	vars := recordEnv(source)
	opts := append(Options(cfg), expr.Env(vars))
	prog, err := expr.Compile(expression, opts...)
	if err != nil {
		return "", err
	}
	out, err := expr.Run(prog, vars)
	if err != nil {
		return "", err
	}
	b, err := AppendJSON(nil, out)
	return string(b), err
}
