package emulator

import (
	"net/http"
	"strings"
)

// serveView answers the sync/ and bulk/ endpoints.
func (tx *txn) serveView(r *http.Request, v *viewSpec) (*response, error) {
	var spec *entitySpec
	var nav string
	var lineDef *genEndpoint
	if s := specByName[v.Entity]; s != nil {
		spec = s
		if _, ok := v.def.field(s.Lines); ok && s.Lines != "" {
			nav, lineDef = s.Lines, s.lineSpec().def
		}
	}
	q, err := parseQuery(r.URL.Query(), v.def, nav, lineDef)
	if err != nil {
		return nil, err
	}
	lr := listReq{t: tx.d.table(v.Entity), q: q, pageSize: bulkPageSize, view: tx.viewRow(v, neededFields(q))}
	switch v.Kind {
	case viewBulk:
		if strings.TrimSpace(r.URL.Query().Get("$select")) == "" {
			return nil, badRequest("$select is mandatory on bulk endpoints: list the properties you need")
		}
	case viewSync:
		if q.orderBy != nil {
			return nil, badRequest("$orderby is not supported on sync endpoints; rows come in Timestamp order")
		}
		if q.filter != nil {
			fields := map[string]bool{}
			filterFields(q.filter, fields)
			for f := range fields {
				if f != "Timestamp" {
					return nil, badRequest("$filter on sync endpoints supports Timestamp only, not '%s'", f)
				}
			}
		}
		lr.byTS = true
	}
	hits, more, err := tx.page(lr)
	if err != nil {
		return nil, err
	}
	typeName := "Exact.Web.Api.Models.Sync." + strings.ReplaceAll(strings.TrimPrefix(v.Path, "sync/"), "/", ".")
	if v.Kind == viewBulk && spec != nil {
		typeName = spec.Type
	}
	o := renderOpts{def: v.def, path: v.Path, typeName: typeName, spec: spec, selects: q.selects, q: q}
	return tx.listResponse(r, hits, more, o, q), nil
}

// neededFields lists the properties a query reads (selected, filtered or
// ordered on); nil when it selects them all.
func neededFields(q *query) []string {
	if q.selects == nil {
		return nil
	}
	need := map[string]bool{}
	for _, s := range q.selects {
		need[s] = true
	}
	if q.filter != nil {
		filterFields(q.filter, need)
	}
	for _, k := range q.orderBy {
		need[k.field] = true
	}
	out := make([]string, 0, len(need))
	for f := range need {
		out = append(out, f)
	}
	return out
}

// viewRow builds a view's row from the entity row: its own properties
// (those in need, or all when need is nil), the Timestamp, ID under that
// name, and computed properties. Copying only what the query reads keeps
// 1000-row pages of 160-property entities cheap.
func (tx *txn) viewRow(v *viewSpec, need []string) func(string, *record) row {
	return func(id string, rec *record) row {
		var out row
		if need == nil {
			out = make(row, len(v.def.Fields))
			for _, f := range v.def.Fields {
				if x, ok := rec.F[f.Name]; ok {
					out[f.Name] = x
				}
			}
		} else {
			out = make(row, len(need)+2)
			for _, name := range need {
				if x, ok := rec.F[name]; ok {
					out[name] = x
				}
			}
		}
		out["Timestamp"] = intWire(rec.TS)
		if _, ok := v.def.field("ID"); ok && out["ID"] == nil {
			out["ID"] = id
		}
		if v.project != nil {
			v.project(tx, id, rec, out)
		}
		return out
	}
}

// serveMe answers /api/v1/current/Me.
func (tx *txn) serveMe(r *http.Request) (*response, error) {
	def := genEndpoints["current/Me"]
	q, err := parseQuery(r.URL.Query(), def, "", nil)
	if err != nil {
		return nil, err
	}
	u := tx.e.user
	first, last, _ := strings.Cut(u.FullName, " ")
	me := row{"UserID": u.ID, "CurrentDivision": intWire(int64(tx.d.Code)), "AccountingDivision": intWire(int64(tx.d.Code)),
		"FullName": u.FullName, "FirstName": first, "LastName": last, "UserName": u.UserName, "Email": u.Email,
		"Language": "EN", "LanguageCode": "en-GB", "Legislation": intWire(1), "PackageCode": "EOL",
		"ServerTime": dateWire(tx.now), "ServerUtcOffset": intWire(0)}
	o := renderOpts{def: def, typeName: "Exact.Web.Api.System.Me", selects: q.selects,
		uri: tx.base + "/api/v1/current/Me(guid'" + u.ID + "')"}
	obj := tx.render(o, u.ID, me)
	return &response{status: http.StatusOK, body: collection([]*object{obj}, "")}, nil
}

// serveStockPosition answers read/logistics/StockPosition?itemId=guid'…'.
func (tx *txn) serveStockPosition(r *http.Request) (*response, error) {
	if r.Method != http.MethodGet {
		return &response{allow: "GET"}, errf(http.StatusMethodNotAllowed, "%s is not supported on read/logistics/StockPosition", r.Method)
	}
	values := r.URL.Query()
	if values.Get("itemId") == "" {
		return nil, badRequest("Mandatory: itemId (read/logistics/StockPosition?itemId=guid'…')")
	}
	pos, err := tx.stockPositionResult(values)
	if err != nil {
		return nil, err
	}
	out := []*object{}
	if pos != nil {
		def := genEndpoints["read/logistics/StockPosition"]
		values.Del("itemId")
		q, err := parseQuery(values, def, "", nil)
		if err != nil {
			return nil, err
		}
		o := renderOpts{def: def, path: "read/logistics/StockPosition", typeName: "Exact.Web.Api.Models.Logistics.StockPosition", selects: q.selects}
		out = append(out, tx.render(o, str(pos["ItemId"]), pos))
	}
	return &response{status: http.StatusOK, body: collection(out, "")}, nil
}
