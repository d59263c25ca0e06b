package emulator

import (
	"net/http"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// Reference data (VAT codes, terms of payment, units, article account
// codings, fiscal years) is read-only through the API; it comes from the
// seed.
func init() {
	for _, ref := range []struct {
		def        *entityDef
		list, item string
	}{
		{defVatCodes, "GET /vatcodes", "GET /vatcodes/{id}"},
		{defTerms, "GET /termsofpayments", "GET /termsofpayments/{id}"},
		{defUnits, "GET /units", "GET /units/{id}"},
		{defCodings, "GET /articleaccountcodings", "GET /articleaccountcodings/{articleAccountCodingId}"},
		{defFiscalYears, "GET /fiscalyears", "GET /fiscalyears/{id}"},
	} {
		handle(ref.list, listHandler(ref.def))
		handle(ref.item, getHandler(ref.def))
	}
}

// listHandler serves a paged list of every row of an entity.
func listHandler(def *entityDef) handlerFunc {
	return func(tx *txn, c *call) (*response, error) {
		lq, err := parseListQuery(c.query, def.component())
		if err != nil {
			return nil, err
		}
		return &response{body: tx.page(tx.views(def, tx.c.table(def.Table).all()), lq, renderer(def))}, nil
	}
}

// getHandler serves one row by the Id in the path.
func getHandler(def *entityDef) handlerFunc {
	return func(tx *txn, c *call) (*response, error) {
		r, err := tx.load(def, c.params[len(c.params)-1])
		if err != nil {
			return nil, err
		}
		return &response{body: render(def.component(), tx.view(def, r))}, nil
	}
}

// load returns the row an id in the path names, or a 404.
func (tx *txn) load(def *entityDef, rawID string) (row, error) {
	id, ok := parseUUID(rawID)
	if !ok {
		return nil, notFound(def.Label, rawID)
	}
	r, ok := tx.find(def.Table, id)
	if !ok {
		return nil, notFound(def.Label, id)
	}
	return r, nil
}

func renderer(def *entityDef) func(row) map[string]any {
	comp := def.component()
	return func(r row) map[string]any { return render(comp, r) }
}

// views applies view to every row.
func (tx *txn) views(def *entityDef, rows []row) []row {
	if def != defInvoices {
		return rows
	}
	out := make([]row, len(rows))
	for i, r := range rows {
		out[i] = tx.view(def, r)
	}
	return out
}

// view adds what depends on the time of reading: an unpaid invoice past
// its due date reads as overdue.
func (tx *txn) view(def *entityDef, r row) row {
	if def != defInvoices || dec(r["PaymentStatus"]).Cmp(one) != 0 {
		return r
	}
	due, ok := parseTime(str(r["DueDate"]))
	if !ok || dateWire(tx.now)[:10] <= dateWire(due)[:10] {
		return r
	}
	v := copyRow(r)
	v["PaymentStatus"] = intNum(2)
	return v
}

// insertReference stores a seed row of reference data: checked against
// the component (read-only fields allowed), its Id kept or assigned.
func (tx *txn) insertReference(def *entityDef, in row) error {
	k := checker{keepReadOnly: true}
	r := k.object(def.component(), in, "")
	if len(k.errs) > 0 {
		return invalid(k.errs)
	}
	if err := tx.assignID(def, r); err != nil {
		return err
	}
	tx.store(def, r)
	return nil
}

// assignID keeps a seed row's Id (refusing one in use) or assigns one.
func (tx *txn) assignID(def *entityDef, r row) error {
	id := str(r["Id"])
	if id == "" || !tx.seeding {
		r["Id"] = emukit.NewUUID()
		return nil
	}
	if _, dup := tx.find(def.Table, id); dup {
		return errf(http.StatusBadRequest, codeConflict, "%s %s is listed twice", def.Label, id)
	}
	return nil
}
