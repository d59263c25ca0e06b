package main

import (
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/schemas/internal/schemagen/gentest"
)

// miniDumps writes dumps holding the fields the rules name plus a few
// with known facts, in the DCT_FLD shape of the real ones.
func miniDumps(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	type fld struct {
		name, typ string
		length    int
		mand      bool
		format    string
	}
	known := map[string][]fld{
		"CONTACT": {{"SUB_NR", "C", 10, true, "!"}, {"ACCT_NR", "C", 10, false, "!"}, {"ACCT_NAME", "C", 40, true, ""},
			{"MAIL_BUS", "C", 50, false, ""}, {"CNG_DATE", "T", 8, false, ""}, {"VAT_DATE", "D", 8, false, ""},
			{"CRED_LIM", "I", 4, false, ""}, {"REC_BLK", "L", 1, false, ""}, {"COMMENT1", "M", 4, false, ""}},
		"ACCT_REC": {{"ACCT_NR", "C", 10, true, "!"}, {"SUB_NR", "C", 10, true, "!"}},
		"VAT":      {{"VAT_CODE", "C", 2, true, "!"}, {"VAT_NAME", "C", 40, true, ""}, {"VAT_PCT", "N", 7, false, ""}},
		"DJ_PAGE":  {{"DJ_CODE", "C", 3, true, "!"}, {"PAGE_NR", "C", 10, true, "!"}, {"HDR_DESC", "C", 40, true, ""}},
		"DJ_LINE": {{"DJ_CODE", "C", 3, true, "!"}, {"PAGE_NR", "C", 10, true, "!"}, {"ACCT_NR", "C", 10, true, "!"},
			{"AMOUNT", "Y", 8, false, ""}, {"TRN_DATE", "D", 8, true, ""}, {"REC_ID", "C", 10, true, "!"},
			{"SRC_ID", "C", 10, true, "!"}, {"SRC_TYPE", "N", 2, true, ""}},
		"LEDGER": {{"ACCT_NR", "C", 10, true, "!"}, {"ACCT_NAME", "C", 40, true, ""}},
	}
	for name, r := range rules {
		list, dumped := known[name]
		if !dumped {
			continue
		}
		for _, names := range [][]string{r.Assigned, r.ReadOnly, r.Inherited, r.Natural, r.Personal} {
			for _, n := range names {
				if !slices.ContainsFunc(list, func(f fld) bool { return f.name == n }) && n != r.Link && !strings.HasSuffix(n, "_Id") {
					list = append(list, fld{n, "C", 10, false, ""})
				}
			}
		}
		known[name] = list
	}
	files := map[string]string{"CONTACT": "contact", "ACCT_REC": "acct_rec", "VAT": "vat", "DJ_PAGE": "dj_page", "DJ_LINE": "dj_line", "LEDGER": "ledger"}
	for table, list := range known {
		var recs []map[string]any
		for _, f := range list {
			recs = append(recs, map[string]any{"FIELD_NAME": f.name, "FLD_DESC": "Omschrijving " + f.name, "DBF_NAME": table,
				"FIELD_LEN": f.length, "FIELD_TYPE": f.typ, "INP_MAND": f.mand, "FLD_FMT": f.format})
		}
		data, _ := json.Marshal(recs)
		if err := os.WriteFile(filepath.Join(dir, files[table]+".fields.json"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func generateMini(t *testing.T) map[string][]byte {
	t.Helper()
	models, err := load(miniDumps(t))
	if err != nil {
		t.Fatal(err)
	}
	files, err := schemaFiles(models)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func prop(t *testing.T, doc map[string]any, path ...string) map[string]any {
	t.Helper()
	cur := doc
	for _, p := range path {
		next, ok := cur[p].(map[string]any)
		if !ok {
			t.Fatalf("no %s in %v", strings.Join(path, "/"), cur)
		}
		cur = next
	}
	return cur
}

func decode(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	return doc
}

func required(doc map[string]any) string {
	var out []string
	for _, r := range doc["required"].([]any) {
		out = append(out, r.(string))
	}
	return strings.Join(out, ",")
}

func TestDebtorSchema(t *testing.T) {
	doc := decode(t, generateMini(t)["debtor.schema.json"])
	if doc["$id"] != "schema://accountview/debtor" {
		t.Errorf("$id %v", doc["$id"])
	}
	// ACCT_REC makes ACCT_NR mandatory; SUB_NR is assigned when empty.
	if got := required(doc); got != "ACCT_NAME,ACCT_NR" {
		t.Errorf("required %s", got)
	}
	sub := prop(t, doc, "properties", "SUB_NR")
	if sub["maxLength"] != 10.0 || sub["x-key"] != true || sub["x-natural-key"] != true || sub["readOnly"] != nil {
		t.Errorf("SUB_NR %v", sub)
	}
	if !strings.Contains(sub["description"].(string), "Stored in upper case. Assigned by AccountView when left empty.") {
		t.Errorf("SUB_NR description %q", sub["description"])
	}
	if m := prop(t, doc, "properties", "MAIL_BUS"); m["x-personal-data"] != true || m["x-natural-key"] != true {
		t.Errorf("MAIL_BUS %v", m)
	}
	if c := prop(t, doc, "properties", "CNG_DATE"); c["readOnly"] != true || c["pattern"] != datePattern {
		t.Errorf("CNG_DATE %v", c)
	}
	if c := prop(t, doc, "properties", "CRED_LIM"); c["minimum"] != -2147483648.0 || c["maximum"] != 2147483647.0 {
		t.Errorf("CRED_LIM %v", c)
	}
	if id := prop(t, doc, "properties", "CONTACT_Id"); id["readOnly"] != true || id["x-assumed"] != nil || id["type"].([]any)[0] != "integer" {
		t.Errorf("CONTACT_Id %v", id)
	}
	if d := prop(t, doc, "properties", "DEL_ADDR"); prop(t, d, "items")["$ref"] != "schema://accountview/delivery_address#/$defs/inline" {
		t.Errorf("DEL_ADDR %v", d)
	}
}

func TestDetailAndAssumedSchemas(t *testing.T) {
	files := generateMini(t)
	so := decode(t, files["sales_order.schema.json"])
	if got := required(so); got != "RPL_INV,SO_LINE" {
		t.Errorf("sales order required %s", got)
	}
	lines := prop(t, so, "properties", "SO_LINE")
	if lines["minItems"] != 1.0 || prop(t, lines, "items")["$ref"] != "#/$defs/line" {
		t.Errorf("SO_LINE %v", lines)
	}
	line := prop(t, so, "$defs", "line")
	if got := required(line); got != "ART_CODE,ORD_QTY" {
		t.Errorf("line required %s (ORD_NR comes from the header, REC_ID from the server)", got)
	}
	if p := prop(t, line, "properties", "ART_CODE"); p["x-assumed"] != true || !strings.Contains(p["description"].(string), "[AV-PHP]") {
		t.Errorf("ART_CODE %v", p)
	}
	if p := prop(t, line, "properties", "SO_HDR_Id"); p["readOnly"] != true {
		t.Errorf("SO_HDR_Id link %v", p)
	}

	addr := decode(t, files["delivery_address.schema.json"])
	if required(addr) != "DEL_NAME,SUB_NR" || required(prop(t, addr, "$defs", "inline")) != "DEL_NAME" {
		t.Errorf("delivery address required %s, inline %s", required(addr), required(prop(t, addr, "$defs", "inline")))
	}

	je := decode(t, files["journal_entry.schema.json"])
	if required(prop(t, je, "$defs", "line")) != "ACCT_NR,TRN_DATE" {
		t.Errorf("journal line required %s", required(prop(t, je, "$defs", "line")))
	}

	vat := decode(t, files["vat_code.schema.json"])
	if vat["readOnly"] != true || required(vat) != "" || prop(t, vat, "properties", "VAT_NAME")["readOnly"] != true {
		t.Errorf("VA1 takes no writes: %v", vat["required"])
	}
	if p := prop(t, vat, "properties", "VAT_Id"); p["x-assumed"] != true {
		t.Errorf("VAT_Id %v", p)
	}
}

// TestGeneratedSchemasLoad compiles the output with the schemas package,
// which rejects unknown annotations and broken references.
func TestGeneratedSchemasLoad(t *testing.T) {
	set, _ := gentest.Load(t, "accountview", generateMini(t))
	for _, e := range entities {
		if _, ok := set.Lookup("accountview/" + e.File); !ok {
			t.Errorf("accountview/%s missing", e.File)
		}
	}
}

func TestGoTable(t *testing.T) {
	models, err := load(miniDumps(t))
	if err != nil {
		t.Fatal(err)
	}
	src, err := goTable(models)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parser.ParseFile(token.NewFileSet(), "dictionary_gen.go", src, 0); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`{"SUB_NR", 'C', 10, fMandatory | fUpper | fAssigned, "Omschrijving SUB_NR"}`,
		`{"DJ_PAGE_Id", 'I', 4, fReadOnly | fInherited | fSystem, "Rij-id (systeem)"}`,
		`{Code: "SO1", Desc: "Verkooporders", Table: "SO_HDR", Details: []string{"SO_LINE"}, Insert: true, Update: false}`,
	} {
		if !strings.Contains(string(src), want) {
			t.Errorf("table lacks %s", want)
		}
	}
}

func TestDumpAndRuleErrors(t *testing.T) {
	bad := []struct{ dump, want string }{
		{`[]`, "no fields"},
		{`[{"FIELD_NAME":"A","DBF_NAME":"T","FIELD_TYPE":"X","FIELD_LEN":1}]`, "unknown type"},
		{`[{"FIELD_NAME":"a","DBF_NAME":"T","FIELD_TYPE":"C","FIELD_LEN":1}]`, "upper-case"},
		{`[{"FIELD_NAME":"A","DBF_NAME":"T","FIELD_TYPE":"C"},{"FIELD_NAME":"A","DBF_NAME":"T","FIELD_TYPE":"C"}]`, "twice"},
		{`[{"FIELD_NAME":"A","DBF_NAME":"T","FIELD_TYPE":"C"},{"FIELD_NAME":"B","DBF_NAME":"U","FIELD_TYPE":"C"}]`, "belongs to U"},
	}
	for _, b := range bad {
		if _, err := parseDump([]byte(b.dump)); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("dump %s: error %v, want %q", b.dump, err, b.want)
		}
	}
	// A rule naming a field the dump lacks is an error, not a silent no-op.
	dir := miniDumps(t)
	path := filepath.Join(dir, "vat.fields.json")
	if err := os.WriteFile(path, []byte(`[{"FIELD_NAME":"VAT_NAME","DBF_NAME":"VAT","FIELD_TYPE":"C","FIELD_LEN":40}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := load(dir); err == nil || !strings.Contains(err.Error(), "VAT_CODE") {
		t.Fatalf("missing ruled field: %v", err)
	}
	if _, err := load(t.TempDir()); err == nil {
		t.Fatal("an empty specs folder loaded")
	}
}

func TestRunWritesBothOutputs(t *testing.T) {
	specs := miniDumps(t)
	out := t.TempDir()
	goFile := filepath.Join(out, "dictionary_gen.go")
	if err := run(specs, filepath.Join(out, "schemas"), goFile); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(out, "schemas"))
	if len(entries) != len(entities) {
		t.Errorf("%d schema files, want %d", len(entries), len(entities))
	}
	if _, err := os.Stat(goFile); err != nil {
		t.Error(err)
	}
	data, _ := os.ReadFile(filepath.Join(out, "schemas", "article.schema.json"))
	if !strings.HasSuffix(string(data), "}\n") || !strings.Contains(string(data), fmt.Sprintf("%q: %q", "$comment", generatedNote)) {
		t.Errorf("article schema is not in the reviewed layout:\n%.300s", data)
	}
}
