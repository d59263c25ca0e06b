package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// writeBody is the body of POST (and PUT) /accountviewdata [AV-GO types.go,
// AV-PHP]: a table definition with positional rows, and detail definitions
// whose rows point at a header row by HeaderId. Member names match without
// regard to case ([AV-PHP] sends "name" and "values").
type writeBody struct {
	BookDate       string
	BusinessObject string
	Table          struct {
		Definition        definition
		DetailDefinitions []definition
	}
	TableData struct {
		Data       rowSet
		DetailData []rowSet
	}
}

type definition struct {
	Name   string
	Fields []struct{ Name, FieldType string }
}

type rowSet struct {
	Rows []struct{ Values []any }
}

// rowIn is one row of a write, converted to wire values.
type rowIn struct {
	table *tableDef
	label string         // "CONTACT row 2 (RowId 7)", for messages
	vals  map[string]any // field → wire value; nil clears the field
	names []string       // the fields given, in definition order
	kids  map[string][]*rowIn
}

func (r *rowIn) has(name string) bool { _, ok := r.vals[name]; return ok }

func (r *rowIn) str(name string) string { return strOf(r.vals[name]) }

// maxBody bounds a write; AccountView's own limit is not known.
const maxBody = 16 << 20

// parseWrite reads and checks the structure of a write: 400 for a body
// that is not a write of bo, row errors (200) for values that do not fit
// their fields. code is the BusinessObject of the query string, if any.
func parseWrite(r io.Reader, code string, loc *time.Location) (*boDef, []*rowIn, *apiError) {
	data, err := io.ReadAll(io.LimitReader(r, maxBody+1))
	if err != nil {
		return nil, nil, badRequest("reading the body: %v", err)
	}
	if len(data) > maxBody {
		return nil, nil, badRequest("the body is larger than %d bytes", maxBody)
	}
	var body writeBody
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		return nil, nil, badRequest("the body is not a valid AccountView write: %v", err)
	}
	if body.BusinessObject == "" {
		body.BusinessObject = code
	}
	bo, ok := lookupBO(body.BusinessObject)
	if !ok {
		return nil, nil, badRequest("unknown BusinessObject %q", body.BusinessObject)
	}
	if code != "" && !strings.EqualFold(code, bo.Code) {
		return nil, nil, badRequest("BusinessObject %s in the query string differs from %s in the body", code, bo.Code)
	}
	if body.BookDate != "" {
		if _, _, ok := parseISO(body.BookDate, loc); !ok {
			return nil, nil, badRequest("BookDate %q is not a date", body.BookDate)
		}
	}
	def := body.Table.Definition
	if !strings.EqualFold(def.Name, bo.Table) {
		return nil, nil, badRequest("Table.Definition.Name %q is not %s, the table of business object %s", def.Name, bo.Table, bo.Code)
	}
	if len(body.TableData.Data.Rows) == 0 {
		return nil, nil, badRequest("TableData.Data.Rows is empty")
	}
	headers, byRowID, aerr := convertRows(tables[bo.Table], def, body.TableData.Data, false, loc)
	if aerr != nil {
		return nil, nil, aerr
	}
	if len(body.TableData.DetailData) > len(body.Table.DetailDefinitions) {
		for _, extra := range body.TableData.DetailData[len(body.Table.DetailDefinitions):] {
			if len(extra.Rows) > 0 {
				return nil, nil, badRequest("TableData.DetailData has rows without a DetailDefinition")
			}
		}
	}
	seen := map[string]bool{}
	for i, dd := range body.Table.DetailDefinitions {
		var dt *tableDef
		for _, name := range bo.Details {
			if strings.EqualFold(name, dd.Name) {
				dt = tables[name]
			}
		}
		if dt == nil {
			return nil, nil, badRequest("DetailDefinitions[%d]: %q is not a detail table of business object %s (%s)",
				i, dd.Name, bo.Code, strings.Join(bo.Details, ", "))
		}
		if seen[dt.Name] {
			return nil, nil, badRequest("DetailDefinitions: %s is defined twice", dt.Name)
		}
		seen[dt.Name] = true
		if i >= len(body.TableData.DetailData) {
			continue
		}
		kids, _, aerr := convertRows(dt, dd, body.TableData.DetailData[i], true, loc)
		if aerr != nil {
			return nil, nil, aerr
		}
		for _, k := range kids {
			h := byRowID[k.vals["\x00HeaderId"].(string)]
			if h == nil {
				return nil, nil, badRequest("%s: HeaderId %q names no header row", k.label, k.vals["\x00HeaderId"])
			}
			delete(k.vals, "\x00HeaderId")
			if h.kids == nil {
				h.kids = map[string][]*rowIn{}
			}
			h.kids[dt.Name] = append(h.kids[dt.Name], k)
		}
	}
	return bo, headers, nil
}

// convertRows checks one definition and converts its rows. Header rows are
// returned by RowId too; detail rows keep their HeaderId under a key no
// field can have.
func convertRows(t *tableDef, def definition, set rowSet, detail bool, loc *time.Location) ([]*rowIn, map[string]*rowIn, *apiError) {
	rowIDAt, headerAt := -1, -1
	fields := make([]*fieldDef, len(def.Fields))
	names := map[string]bool{}
	var unknown []string
	for i, fd := range def.Fields {
		up := strings.ToUpper(strings.TrimSpace(fd.Name))
		if names[up] {
			return nil, nil, badRequest("%s definition lists field %s twice", t.Name, up)
		}
		names[up] = true
		switch up {
		case "ROWID":
			rowIDAt = i
		case "HEADERID":
			if !detail {
				return nil, nil, badRequest("%s is the header table; HeaderId belongs in detail definitions", t.Name)
			}
			headerAt = i
		default:
			f, ok := t.field(up)
			if !ok || f.has(fSystem) {
				unknown = append(unknown, up)
				continue
			}
			fields[i] = f
		}
	}
	if detail && headerAt < 0 {
		return nil, nil, badRequest("the %s detail definition has no HeaderId field", t.Name)
	}
	var out []*rowIn
	byID := map[string]*rowIn{}
	for n, raw := range set.Rows {
		label := fmt.Sprintf("%s row %d", t.Name, n+1)
		if len(raw.Values) != len(def.Fields) {
			return nil, nil, badRequest("%s has %d values for %d fields", label, len(raw.Values), len(def.Fields))
		}
		in := &rowIn{table: t, vals: map[string]any{}}
		if rowIDAt >= 0 {
			id := strOf(raw.Values[rowIDAt])
			if byID[id] != nil {
				return nil, nil, badRequest("%s: RowId %q is used twice", label, id)
			}
			byID[id] = in
			label += fmt.Sprintf(" (RowId %s)", id)
		}
		if headerAt >= 0 {
			in.vals["\x00HeaderId"] = strOf(raw.Values[headerAt])
		}
		in.label = label
		out = append(out, in)
	}
	if len(unknown) > 0 {
		return nil, nil, rowError(errNrUnknownField, "%s has no field %s", t.Name, strings.Join(unknown, ", "))
	}
	for n, raw := range set.Rows {
		in := out[n]
		for i, f := range fields {
			if f == nil {
				continue
			}
			v, err := toWire(f, def.Fields[i].FieldType, raw.Values[i], loc)
			if err != nil {
				err.Message = in.label + ": " + err.Message
				return nil, nil, err
			}
			in.vals[f.Name] = v
			in.names = append(in.names, f.Name)
		}
	}
	if !detail && rowIDAt < 0 && len(out) == 1 {
		byID["1"] = out[0] // a single header needs no RowId to own details
	}
	return out, byID, nil
}
