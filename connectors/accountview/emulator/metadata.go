package emulator

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
)

// The discovery endpoints [AV-GO] lists:
//
//	GET /accountviewsystembusinessobjects   [{Code, Description, InsertAllowed, UpdateAllowed, DeleteAllowed}]
//	GET /accountviewsystemdata?BusinessObject=FLD&…   the data dictionary, table DCT_FLD,
//	                                                 with the paging and filters of /accountviewdata
//	GET /accountviewfields?BusinessObject=AR1       the DCT_FLD records of one business object's
//	                                                 tables (the real answer's shape is not known)
//
// The dictionary holds the dictionary fields of the tables the emulator
// serves, not the row ids.

// dctFld is the data-dictionary table, and fldBO the system business
// object that reads it.
var (
	dctFld = &tableDef{Name: "DCT_FLD", Key: "DCT_FLD_Id", Fields: []fieldDef{
		{"DBF_NAME", 'C', 10, fUpper, "Tabelnaam"},
		{"FIELD_LEN", 'N', 3, 0, "Veldlengte"},
		{"FIELD_NAME", 'C', 10, fUpper, "Veldnaam"},
		{"FIELD_TYPE", 'C', 1, fUpper, "Veldtype"},
		{"FLD_DESC", 'C', 60, 0, "Omschrijving"},
		{"INP_MAND", 'L', 1, 0, "Invoer verplicht"},
		{"DCT_FLD_Id", 'I', 4, fSystem | fReadOnly, "Rij-id (systeem)"},
	}}
	fldBO   = &boDef{Code: "FLD", Desc: "Datadictionary velden", Table: "DCT_FLD"}
	dctRows *company // holds the DCT_FLD table only
)

func init() {
	sysTables[dctFld.Name] = dctFld
	dctFld.index = map[string]int{}
	for i, f := range dctFld.Fields {
		dctFld.index[f.Name] = i
	}
	dctRows = &company{tables: map[string]*table{"DCT_FLD": newTable(dctFld)}}
	names := make([]string, 0, len(tables))
	for n := range tables {
		names = append(names, n)
	}
	sort.Strings(names)
	var id int64
	for _, n := range names {
		for _, f := range tables[n].Fields {
			if f.has(fSystem) {
				continue
			}
			id++
			dctRows.tables["DCT_FLD"].insert(&row{ID: id, F: map[string]any{
				"DBF_NAME": n, "FIELD_NAME": f.Name, "FIELD_TYPE": string(f.Type),
				"FIELD_LEN": intWire(int64(f.Len)), "FLD_DESC": f.Desc, "INP_MAND": f.has(fMandatory),
			}})
		}
	}
}

func (e *Emulator) serveBusinessObjects(r *http.Request) (int, []byte, *apiError) {
	if r.Method != http.MethodGet {
		return 0, nil, notAllowed("GET")
	}
	type bo struct {
		Code          string
		Description   string
		InsertAllowed bool
		UpdateAllowed bool
		DeleteAllowed bool
	}
	out := make([]bo, 0, len(genBusinessObjects))
	for _, b := range genBusinessObjects {
		out = append(out, bo{Code: b.Code, Description: b.Desc, InsertAllowed: b.Insert, UpdateAllowed: b.Update})
	}
	data, _ := json.Marshal(out)
	return http.StatusOK, append(data, '\n'), nil
}

func (e *Emulator) serveSystemData(r *http.Request, _ string) (int, []byte, *apiError) {
	if r.Method != http.MethodGet {
		return 0, nil, notAllowed("GET")
	}
	p, err := newParams(r.URL.Query())
	if err != nil {
		return 0, nil, err
	}
	code, _ := p.get("BusinessObject")
	if !strings.EqualFold(strings.TrimSpace(code), fldBO.Code) {
		return 0, nil, badRequest("unknown system BusinessObject %q; the emulator serves FLD (the data dictionary)", code)
	}
	q, err := parseQuery(p, fldBO, e)
	if err != nil {
		return 0, nil, err
	}
	body, err := dctRows.read(q, e.opts.SingleRowAsObject)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, body, nil
}

func (e *Emulator) serveFields(r *http.Request) (int, []byte, *apiError) {
	if r.Method != http.MethodGet {
		return 0, nil, notAllowed("GET")
	}
	p, err := newParams(r.URL.Query())
	if err != nil {
		return 0, nil, err
	}
	code, _ := p.get("BusinessObject")
	bo, ok := lookupBO(code)
	if !ok {
		return 0, nil, badRequest("unknown BusinessObject %q", code)
	}
	var out []*row
	for _, t := range bo.tablesOf() {
		for _, r := range dctRows.tables["DCT_FLD"].rows {
			if r.F["DBF_NAME"] == t.Name {
				out = append(out, r)
			}
		}
	}
	return http.StatusOK, renderTables([]tableRows{{def: dctFld, rows: out}}, false), nil
}
