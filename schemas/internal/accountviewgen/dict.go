package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// column is one field of an AccountView table as the generator sees it: the
// data-dictionary facts (or our assumption of them) plus the rules the
// generator adds (rules.go).
type column struct {
	Name      string
	Type      byte // C N Y I B D T L M, as DCT_FLD.FIELD_TYPE
	Len       int  // DCT_FLD.FIELD_LEN; for C the maximum length
	Mandatory bool // DCT_FLD.INP_MAND
	Upper     bool // DCT_FLD.FLD_FMT contains "!": FoxPro stores it in upper case
	Desc      string
	// Assumed marks a column that no dictionary dump describes: its
	// existence or its type and length are our choice.
	Assumed bool
	// Source names the client library that shows the field exists, for
	// assumed columns whose name (not type) is sourced.
	Source string
}

// table is one AccountView table (DBF) with its columns in dictionary order.
type table struct {
	Name    string
	Columns []column
	// Assumed marks a table without a dictionary dump.
	Assumed bool
}

func (t *table) column(name string) (*column, bool) {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return &t.Columns[i], true
		}
	}
	return nil, false
}

// dctFld is one element of a dump: a DCT_FLD record.
type dctFld struct {
	FieldName string `json:"FIELD_NAME"`
	Desc      string `json:"FLD_DESC"`
	Type      string `json:"FIELD_TYPE"`
	Len       int    `json:"FIELD_LEN"`
	Mandatory bool   `json:"INP_MAND"`
	Format    string `json:"FLD_FMT"`
	Table     string `json:"DBF_NAME"`
}

// dumps are the dictionary files the generator reads from the -specs folder.
var dumps = []string{"contact", "acct_rec", "vat", "dj_page", "dj_line", "ledger"}

const validTypes = "CNYIBDTLM"

// readDumps reads <specs>/<name>.fields.json for every dump and returns the
// tables by name.
func readDumps(specs string) (map[string]*table, error) {
	out := map[string]*table{}
	for _, name := range dumps {
		path := filepath.Join(specs, name+".fields.json")
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		t, err := parseDump(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out[t.Name] = t
	}
	return out, nil
}

// parseDump turns one dump into a table with its columns sorted by name, the
// order the dumps and the API use.
func parseDump(data []byte) (*table, error) {
	var recs []dctFld
	if err := json.Unmarshal(data, &recs); err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("no fields")
	}
	t := &table{Name: recs[0].Table}
	seen := map[string]bool{}
	for i, r := range recs {
		switch {
		case r.Table != t.Name:
			return nil, fmt.Errorf("field %d (%s) belongs to %s, not %s", i, r.FieldName, r.Table, t.Name)
		case r.FieldName == "" || strings.ToUpper(r.FieldName) != r.FieldName:
			return nil, fmt.Errorf("field %d: name %q is not an upper-case name", i, r.FieldName)
		case len(r.Type) != 1 || !strings.Contains(validTypes, r.Type):
			return nil, fmt.Errorf("field %s: unknown type %q", r.FieldName, r.Type)
		case seen[r.FieldName]:
			return nil, fmt.Errorf("field %s listed twice", r.FieldName)
		}
		seen[r.FieldName] = true
		t.Columns = append(t.Columns, column{Name: r.FieldName, Type: r.Type[0], Len: r.Len,
			Mandatory: r.Mandatory, Upper: strings.Contains(r.Format, "!"), Desc: r.Desc})
	}
	sortColumns(t)
	return t, nil
}

// sortColumns puts the columns in name order, the order of the dumps and of
// AccountView's responses.
func sortColumns(t *table) {
	sort.Slice(t.Columns, func(i, j int) bool { return t.Columns[i].Name < t.Columns[j].Name })
}

// mergeAcctRec applies the ACCT_REC dump, the debtor (AR1) view of CONTACT,
// to CONTACT: its mandatory flags win, because the emulator's CONTACT table
// holds debtors only (ACCT_NR, the control account, is mandatory for them).
func mergeAcctRec(tables map[string]*table) error {
	ar, ok := tables["ACCT_REC"]
	if !ok {
		return nil
	}
	contact, ok := tables["CONTACT"]
	if !ok {
		return fmt.Errorf("ACCT_REC without CONTACT")
	}
	for _, c := range ar.Columns {
		own, ok := contact.column(c.Name)
		if !ok {
			return fmt.Errorf("ACCT_REC field %s is not a CONTACT field", c.Name)
		}
		if own.Type != c.Type || own.Len != c.Len {
			return fmt.Errorf("ACCT_REC field %s is %c(%d), CONTACT has %c(%d)", c.Name, c.Type, c.Len, own.Type, own.Len)
		}
		own.Mandatory = own.Mandatory || c.Mandatory
	}
	delete(tables, "ACCT_REC")
	return nil
}
