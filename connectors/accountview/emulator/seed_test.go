package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestDefaultSeed(t *testing.T) {
	f := newFixture(t, Options{})
	counts := map[string]int{}
	for _, bo := range []struct{ code, table string }{{"AR1", "CONTACT"}, {"ADDR", "DEL_ADDR"}, {"AG1", "ART_GRP"},
		{"AK1", "ARTICLE"}, {"SO1", "SO_HDR"}, {"DJ1", "DJ_PAGE"}, {"VA1", "VAT"}, {"GL1", "LEDGER"}} {
		counts[bo.table] = len(f.get(bo.code).rows(t, bo.table))
	}
	want := map[string]int{"CONTACT": 4, "DEL_ADDR": 2, "ART_GRP": 2, "ARTICLE": 6, "SO_HDR": 1, "DJ_PAGE": 2, "VAT": 4, "LEDGER": 11}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("%s: %d rows, want %d", k, counts[k], n)
		}
	}
	// The seeded order reserved stock like an API order: 45 - 4.
	if q, _ := f.stock("BAND-28"); q != "41" {
		t.Errorf("BAND-28 available %s, want 41", q)
	}
	if !json.Valid(DefaultSeed()) {
		t.Fatal("DefaultSeed is not JSON")
	}
}

func TestLoadSeedErrors(t *testing.T) {
	company := `"companies":[{"Id":"a","Code":"A","Journals":[{"DJ_CODE":"MEM","DJ_TYPE":"memorial"}]}]`
	cases := []struct{ seed, want string }{
		{`{"CONTACT":[]}`, "no companies"},
		{`{` + company + `,"KLANT":[]}`, "unknown entity \"KLANT\""},
		{`{` + company + `,"LEDGER":[{"ACCT_NR":"1300"}]}`, "ACCT_NAME"},
		{`{` + company + `,"LEDGER":[{"ACCT_NR":"1300","ACCT_NAME":"x","NOPE":1}]}`, "no field NOPE"},
		{`{` + company + `,"LEDGER":[{"Company":"B","ACCT_NR":"1300","ACCT_NAME":"x"}]}`, "company B"},
		{`{` + company + `,"CONTACT":[{"ACCT_NR":"1300","ACCT_NAME":"x","SRC_CODE":"X"}]}`, "ledger account \"1300\""},
		{`{"companies":[{"Id":"a","Code":"A"},{"Id":"A","Code":"B"}]}`, "listed twice"},
	}
	for _, c := range cases {
		_, err := New(Options{Seed: strings.NewReader(c.seed)})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("seed %s: error %v, want %q", c.seed, err, c.want)
		}
	}
}

func TestReseedByAdminEndpoint(t *testing.T) {
	f := newFixture(t, Options{})
	seed := `{"companies":[{"Id":"` + demoCompany + `","Code":"DEMO"}],
		"LEDGER":[{"ACCT_NR":"1300","ACCT_NAME":"Debiteuren"}],
		"CONTACT":[{"ACCT_NR":"1300","ACCT_NAME":"Enige Klant","SRC_CODE":"ENIG","QTY":1}]}`
	r := f.do(http.MethodPost, "/__emulator/seed", nil, seed, nil)
	r.wantError(t, http.StatusBadRequest, 0, "no field QTY")
	seed = strings.Replace(seed, `,"QTY":1`, "", 1)
	if r := f.do(http.MethodPost, "/__emulator/seed", nil, seed, nil); r.status != http.StatusNoContent {
		t.Fatalf("reseed: %d %s", r.status, r.raw)
	}
	rows := f.get("AR1").rows(t, "CONTACT") // the token survived the reseed
	if len(rows) != 1 || rows[0]["SUB_NR"] != "10001" {
		t.Fatalf("after reseed: %v", rows)
	}
	f.company = tweedeCompany
	f.get("AR1").wantError(t, http.StatusForbidden, 0, "does not exist")
}

func TestSeedFromOptions(t *testing.T) {
	f := newFixture(t, Options{Seed: bytes.NewReader([]byte(`{"companies":[{"Id":"` + demoCompany + `","Code":"X"}]}`))})
	if rows := f.get("AR1").rows(t, "CONTACT"); len(rows) != 0 {
		t.Fatalf("empty seed has debtors: %v", rows)
	}
}
