package pipelinetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/connectors"
)

// FixtureLookuper answers the related blocks of a test case from files
// instead of a live system: dir/<system>/<entity>.ndjson holds the records
// of entity "<system>/<entity>" (for example lookups/exactonline/account.ndjson),
// and a lookup returns those whose field equals the key. A missing file
// means the system has no such records.
func FixtureLookuper(dir string) connectors.Lookuper {
	return &fixtureLookuper{dir: dir, loaded: map[string][][]byte{}}
}

type fixtureLookuper struct {
	dir    string
	loaded map[string][][]byte
}

func (f *fixtureLookuper) Lookup(_ context.Context, q connectors.LookupQuery) ([]connectors.Record, error) {
	recs, err := f.records(q.Entity)
	if err != nil {
		return nil, err
	}
	var out []connectors.Record
	for i, r := range recs {
		if fieldEquals(r, q.Field, q.Value) {
			out = append(out, connectors.Record{Raw: r, Origin: fmt.Sprintf("%s.ndjson:%d", q.Entity, i+1)})
		}
	}
	return out, nil
}

// fieldEquals matches a field named by a dotted path (key_field =
// "properties.hs_sku" looks into nested objects), or by a name that holds
// dots itself.
func fieldEquals(rec []byte, field, value string) bool {
	if v := gjson.GetBytes(rec, escapePath(field)); v.Exists() && v.String() == value {
		return true
	}
	if !strings.Contains(field, ".") {
		return false
	}
	v := gjson.GetBytes(rec, strings.NewReplacer("*", `\*`, "?", `\?`).Replace(field))
	return v.Exists() && v.String() == value
}

func escapePath(field string) string {
	return strings.NewReplacer(".", `\.`, "*", `\*`, "?", `\?`).Replace(field)
}

// records loads the fixture of entity once.
func (f *fixtureLookuper) records(entity string) ([][]byte, error) {
	if recs, ok := f.loaded[entity]; ok {
		return recs, nil
	}
	path := filepath.Join(f.dir, filepath.FromSlash(entity)+".ndjson")
	data, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	recs := splitLines(data)
	for i, r := range recs {
		if !gjson.ValidBytes(r) {
			return nil, fmt.Errorf("%s:%d: not valid JSON", path, i+1)
		}
	}
	f.loaded[entity] = recs
	return recs, nil
}
