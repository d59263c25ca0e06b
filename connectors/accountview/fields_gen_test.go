package accountview

import (
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestFieldTable derives the field table from schemas/accountview the way
// fields_gen.go was made (type letter from each description's "Type X",
// * for readOnly) and checks that the committed table equals it.
func TestFieldTable(t *testing.T) {
	typeRE := regexp.MustCompile(`Type ([CMNYIBDTL])\b`)
	spec := func(props map[string]json.RawMessage, order []string) string {
		var out []string
		for _, k := range order {
			var p struct {
				Description string
				ReadOnly    bool
			}
			_ = json.Unmarshal(props[k], &p)
			m := typeRE.FindStringSubmatch(p.Description)
			if m == nil {
				continue
			}
			tok := k + ":" + m[1]
			if p.ReadOnly {
				tok += "*"
			}
			out = append(out, tok)
		}
		sort.Strings(out)
		return strings.Join(out, " ")
	}
	load := func(name string) map[string]any {
		b, err := os.ReadFile("../../schemas/accountview/" + name + ".schema.json")
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	propsOf := func(m map[string]any) (map[string]json.RawMessage, []string) {
		b, _ := json.Marshal(m["properties"])
		var props map[string]json.RawMessage
		_ = json.Unmarshal(b, &props)
		var keys []string
		for k := range props {
			keys = append(keys, k)
		}
		return props, keys
	}
	sorted := func(s string) string {
		f := strings.Fields(s)
		sort.Strings(f)
		return strings.Join(f, " ")
	}
	for _, e := range entities {
		s := load(e.Name)
		props, keys := propsOf(s)
		if got, want := sorted(schemaFields[e.Table]), spec(props, keys); got != want {
			t.Errorf("%s (%s): table differs from the schema\n got  %s\n want %s", e.Name, e.Table, got, want)
		}
		if e.Detail != "" && e.Detail != "DEL_ADDR" {
			defs, _ := s["$defs"].(map[string]any)
			lp, lk := propsOf(defs["line"].(map[string]any))
			if got, want := sorted(schemaFields[e.Detail]), spec(lp, lk); got != want {
				t.Errorf("%s lines (%s): table differs from the schema", e.Name, e.Detail)
			}
		}
		for _, k := range append(append([]string{}, e.NaturalKeys...), e.Key) {
			if _, ok := e.field(k); !ok && !isRowID(k) {
				t.Errorf("%s: key %s is not a field of %s", e.Name, k, e.Table)
			}
		}
	}
}

func TestFieldOf(t *testing.T) {
	so := entityByName["sales_order"]
	cases := map[string]string{
		`SO_LINE row 2 (RowId 2): article "X" does not exist (ART_CODE)`:   "SO_LINE.1.ART_CODE",
		`SO_HDR row 1 (RowId 1): field RPL_INV (Debiteur) is mandatory`:    "RPL_INV",
		`SO_HDR row 1: field COMMENT1: "x" is longer than 10 characters`:   "COMMENT1",
		`SO_HDR row 1 (RowId 1): a SO_HDR needs at least 1 SO_LINE row(s)`: "SO_LINE",
		`SO_HDR has no field COLOUR`:                                       "COLOUR",
		`something went wrong`:                                             "",
	}
	for msg, want := range cases {
		if got := fieldOf(so, msg); got != want {
			t.Errorf("fieldOf(%q) = %q, want %q", msg, got, want)
		}
	}
}
