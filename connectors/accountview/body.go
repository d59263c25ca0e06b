package accountview

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/pipeline-dev/pipeline/connectors"
)

// AccountView takes writes as a table definition plus positional rows:
//
//	{"BusinessObject": "SO1",
//	 "Table": {"Definition": {"Name": "SO_HDR", "Fields": [{"Name": "RowId", "FieldType": "C"}, {"Name": "RPL_INV", "FieldType": "C"}, ...]},
//	           "DetailDefinitions": [{"Name": "SO_LINE", "Fields": [RowId, HeaderId, ART_CODE, ...]}]},
//	 "TableData": {"Data": {"Rows": [{"Values": ["1", "10002", ...]}]},
//	               "DetailData": [{"Rows": [{"Values": ["1", "1", "BAND-28", ...]}, ...]}]}}
//
// buildWrite makes that of one record: the header's properties become the
// header definition, the rows under e.Detail the detail definition (the
// union of their properties, absent ones null). Properties AccountView
// maintains (readOnly in the schema, row ids) are left out, so that a
// record read from AccountView can be written back; empty values are left
// out of creates and clear the field in updates. Dates and datetimes are
// moved to Amsterdam wall-clock time.

type writeBody struct {
	BusinessObject string
	Table          tableDefs
	TableData      tableData
}

type tableDefs struct {
	Definition        definition
	DetailDefinitions []definition `json:",omitempty"`
}

type definition struct {
	Name   string
	Fields []fieldDef
}

type fieldDef struct{ Name, FieldType string }

type tableData struct {
	Data       rowSet
	DetailData []rowSet `json:",omitempty"`
}

type rowSet struct {
	Rows []rowValues
}

type rowValues struct {
	Values []any
}

// column is one property of a row, converted for the wire.
type column struct {
	name, typ string
	val       any
}

// buildWrite returns the write of rec; keyID, when set, names the record
// an update changes (e.Key).
func buildWrite(e *entity, raw []byte, keyID string) ([]byte, error) {
	update := keyID != ""
	ms, err := objectMembers(raw)
	if err != nil {
		return nil, &connectors.RecordError{Err: fmt.Errorf("the record is not a JSON object: %w", err)}
	}
	var head []column
	var details []json.RawMessage
	hasDetails := false
	for _, m := range ms {
		if e.Detail != "" && m.key == e.Detail {
			if !update && !isNull(m.val) {
				if err := json.Unmarshal(m.val, &details); err != nil {
					return nil, &connectors.RecordError{Field: e.Detail, Err: fmt.Errorf("%s must be an array of rows", e.Detail)}
				}
				hasDetails = true
			}
			continue
		}
		if update && m.key == e.Key {
			continue // set from keyID below
		}
		col, keep, err := convert(e.Table, m, update, "")
		if err != nil {
			return nil, err
		}
		if keep {
			head = append(head, col)
		}
	}
	if update {
		head = append([]column{{name: e.Key, typ: typeOf(e.Table, e.Key, keyID), val: keyID}}, head...)
	}
	body := writeBody{BusinessObject: e.BO}
	hdef := definition{Name: e.Table, Fields: []fieldDef{{"RowId", "C"}}}
	hrow := []any{"1"}
	for _, c := range head {
		hdef.Fields = append(hdef.Fields, fieldDef{c.name, c.typ})
		hrow = append(hrow, c.val)
	}
	body.Table.Definition = hdef
	body.TableData.Data.Rows = []rowValues{{hrow}}
	if hasDetails {
		ddef, set, err := detailRows(e, details)
		if err != nil {
			return nil, err
		}
		body.Table.DetailDefinitions = []definition{ddef}
		body.TableData.DetailData = []rowSet{set}
	}
	return json.Marshal(body)
}

// detailRows builds the detail definition and rows of a record's lines.
func detailRows(e *entity, rows []json.RawMessage) (definition, rowSet, error) {
	def := definition{Name: e.Detail, Fields: []fieldDef{{"RowId", "C"}, {"HeaderId", "C"}}}
	index := map[string]int{}
	var cols [][]column
	for i, r := range rows {
		ms, err := objectMembers(r)
		if err != nil {
			return def, rowSet{}, &connectors.RecordError{Field: e.Detail + "." + strconv.Itoa(i), Err: err}
		}
		var row []column
		for _, m := range ms {
			c, keep, err := convert(e.Detail, m, false, e.Detail+"."+strconv.Itoa(i)+".")
			if err != nil {
				return def, rowSet{}, err
			}
			if !keep || m.key == e.Link {
				continue
			}
			if _, ok := index[c.name]; !ok {
				index[c.name] = len(def.Fields)
				def.Fields = append(def.Fields, fieldDef{c.name, c.typ})
			}
			row = append(row, c)
		}
		cols = append(cols, row)
	}
	var set rowSet
	for i, row := range cols {
		vals := make([]any, len(def.Fields))
		vals[0], vals[1] = strconv.Itoa(i+1), "1"
		for _, c := range row {
			vals[index[c.name]] = c.val
		}
		set.Rows = append(set.Rows, rowValues{vals})
	}
	return def, set, nil
}

// convert turns one property into a column; keep is false for properties
// a write leaves out. path prefixes the field in errors ("SO_LINE.0.").
func convert(table string, m member, update bool, path string) (column, bool, error) {
	f, known := tableField(table, m.key)
	if isRowID(m.key) || (known && f.readOnly) {
		return column{}, false, nil
	}
	if isNull(m.val) {
		return column{name: m.key, typ: typeOf(table, m.key, nil), val: nil}, update, nil
	}
	dec := json.NewDecoder(bytes.NewReader(m.val))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return column{}, false, &connectors.RecordError{Field: path + m.key, Err: err}
	}
	switch v.(type) {
	case map[string]any, []any:
		return column{}, false, &connectors.RecordError{Field: path + m.key, Err: fmt.Errorf("AccountView fields hold single values, not %s", m.val[:1])}
	}
	if known && f.isDate() {
		s, ok := v.(string)
		w, good := toWireTime(f, s)
		if !ok || !good {
			return column{}, false, &connectors.RecordError{Field: path + m.key, Err: fmt.Errorf("%s is not a date or RFC 3339 time", m.val)}
		}
		if w == "" && !update {
			return column{}, false, nil
		}
		v = w
	}
	if s, ok := v.(string); ok && s == "" && !update {
		return column{}, false, nil
	}
	return column{name: m.key, typ: typeOf(table, m.key, v), val: v}, true, nil
}

// typeOf is a field's FieldType: the dictionary's letter, or for a field
// the schema does not know, the JSON value's family.
func typeOf(table, name string, v any) string {
	if f, ok := tableField(table, name); ok {
		return string(f.typ)
	}
	switch v.(type) {
	case json.Number:
		return "N"
	case bool:
		return "L"
	}
	return "C"
}

func isNull(v json.RawMessage) bool {
	v = bytes.TrimSpace(v)
	return len(v) == 0 || bytes.Equal(v, []byte("null"))
}
