package emulator

import (
	"math/big"
	"net/url"
	"sort"
)

// Stock lives in ItemWarehouses (per item and warehouse): CurrentStock
// changes only through processed stock counts (or seed data), ReservedStock
// follows open sales orders. Item.Stock is the sum of CurrentStock and is
// refreshed without a new row version.

// Exact's status codes used here (sales orders: 12 open, 20 partial,
// 21 complete, 45 cancelled; stock counts: 12 draft, 21 processed).
const (
	statusOpen          = 12
	statusComplete      = 21
	statusCancelled     = 45
	stockCountDraft     = 12
	stockCountProcessed = 21
)

// stockDelta is a quantity held for an item in a warehouse.
type stockDelta struct {
	Item, Warehouse string
	Qty             *big.Rat
}

func hasStatus(r row, code int64) bool {
	n, ok := seqValue(r["Status"])
	return ok && n == code
}

// itemWarehouse returns the ItemWarehouses row for (item, warehouse),
// creating an empty one when Exact would have it implicitly.
func (tx *txn) itemWarehouse(item, warehouse string) (string, row) {
	s := specByName["ItemWarehouses"]
	if id, ok := tx.lookupUnique(s, item, warehouse); ok {
		r, _ := tx.find(s.Name, id)
		return id, copyRow(r)
	}
	id := newGUID()
	rec := row{"ID": id, "Item": item, "Warehouse": warehouse,
		"CurrentStock": intWire(0), "ReservedStock": intWire(0)}
	_ = tx.prepare(s, id, rec, nil, nil, "") // item and warehouse were checked by the caller
	return id, rec
}

// applyStock moves reservations from before to after.
func (tx *txn) applyStock(before, after []stockDelta) {
	net := map[[2]string]*big.Rat{}
	add := func(ds []stockDelta, sign int64) {
		for _, d := range ds {
			k := [2]string{d.Item, d.Warehouse}
			if net[k] == nil {
				net[k] = new(big.Rat)
			}
			net[k].Add(net[k], new(big.Rat).Mul(d.Qty, big.NewRat(sign, 1)))
		}
	}
	add(before, -1)
	add(after, 1)
	keys := make([][2]string, 0, len(net))
	for k := range net {
		keys = append(keys, k)
	}
	// A fixed order gives the touched rows reproducible row versions.
	sort.Slice(keys, func(i, j int) bool {
		return keys[i][0]+keys[i][1] < keys[j][0]+keys[j][1]
	})
	for _, k := range keys {
		q := net[k]
		if q.Sign() == 0 {
			continue
		}
		id, rec := tx.itemWarehouse(k[0], k[1])
		rec["ReservedStock"] = numWire(new(big.Rat).Add(ratOr(rec["ReservedStock"]), q))
		tx.stamp(specByName["ItemWarehouses"], rec, false)
		deriveProjected(rec)
		_, existed := tx.find("ItemWarehouses", id)
		tx.put(specByName["ItemWarehouses"], id, rec, !existed)
	}
}

// setStock sets the counted quantity of an item in a warehouse.
func (tx *txn) setStock(item, warehouse string, qty *big.Rat) {
	id, rec := tx.itemWarehouse(item, warehouse)
	rec["CurrentStock"] = numWire(qty)
	tx.stamp(specByName["ItemWarehouses"], rec, false)
	deriveProjected(rec)
	_, existed := tx.find("ItemWarehouses", id)
	tx.put(specByName["ItemWarehouses"], id, rec, !existed)
}

// currentStock is the stock of an item in one warehouse.
func (tx *txn) currentStock(item, warehouse string) *big.Rat {
	if id, ok := tx.lookupUnique(specByName["ItemWarehouses"], item, warehouse); ok {
		r, _ := tx.find("ItemWarehouses", id)
		return ratOr(r["CurrentStock"])
	}
	return new(big.Rat)
}

// refreshItemStock recomputes Item.Stock from its warehouses.
func (tx *txn) refreshItemStock(item string) {
	rec, ok := tx.find("Items", item)
	if !ok {
		return
	}
	pos := tx.stockPosition(item)
	rec = copyRow(rec)
	rec["Stock"] = numWire(pos.in)
	tx.d.table("Items").replace(item, rec)
}

type position struct{ in, reserved, planIn, planOut *big.Rat }

// stockPosition sums an item over all warehouses.
func (tx *txn) stockPosition(item string) position {
	p := position{new(big.Rat), new(big.Rat), new(big.Rat), new(big.Rat)}
	iw := specByName["ItemWarehouses"]
	for _, wid := range tx.d.table("Warehouses").ids {
		id, ok := tx.lookupUnique(iw, item, wid)
		if !ok {
			continue
		}
		r, _ := tx.find(iw.Name, id)
		p.in.Add(p.in, ratOr(r["CurrentStock"]))
		p.reserved.Add(p.reserved, ratOr(r["ReservedStock"]))
		p.planIn.Add(p.planIn, ratOr(r["PlannedStockIn"]))
		p.planOut.Add(p.planOut, ratOr(r["PlannedStockOut"]))
	}
	return p
}

func deriveItemWarehouse(tx *txn, rec, old, _ row) error {
	if old != nil && (rec["Item"] != old["Item"] || rec["Warehouse"] != old["Warehouse"]) {
		return badRequest("Item and Warehouse of an ItemWarehouse cannot be changed")
	}
	if it, ok := tx.find("Items", str(rec["Item"])); ok {
		rec["ItemCode"], rec["ItemDescription"], rec["ItemUnit"] = it["Code"], it["Description"], it["Unit"]
		rec["ItemBarcode"], rec["ItemIsStockItem"] = it["Barcode"], it["IsStockItem"]
	}
	if wh, ok := tx.find("Warehouses", str(rec["Warehouse"])); ok {
		rec["WarehouseCode"], rec["WarehouseDescription"] = wh["Code"], wh["Description"]
	}
	for _, f := range []string{"CurrentStock", "ReservedStock"} {
		if rec[f] == nil {
			rec[f] = intWire(0)
		}
	}
	deriveProjected(rec)
	return nil
}

func deriveProjected(rec row) {
	p := new(big.Rat).Sub(ratOr(rec["CurrentStock"]), ratOr(rec["ReservedStock"]))
	p.Add(p, ratOr(rec["PlannedStockIn"]))
	p.Sub(p, ratOr(rec["PlannedStockOut"]))
	rec["ProjectedStock"] = numWire(p)
}

// projectStockPosition fills sync/Inventory/StockPositions from an
// ItemWarehouses row.
func projectStockPosition(_ *txn, _ string, rec *record, out row) {
	f := rec.F
	out["ItemId"], out["UnitCode"] = f["Item"], f["ItemUnit"]
	out["PlanningIn"], out["PlanningOut"] = f["PlannedStockIn"], f["PlannedStockOut"]
	out["FreeStock"] = numWire(new(big.Rat).Sub(ratOr(f["CurrentStock"]), ratOr(f["ReservedStock"])))
}

func deriveStockCount(tx *txn, rec, old, _ row) error {
	if old != nil && hasStatus(old, stockCountProcessed) {
		return badRequest("StockCount %s is processed and cannot be changed", str(old["StockCountID"]))
	}
	// The emulator processes a count at once unless the client asks for a
	// draft (Status 12); Exact needs a separate ProcessStockCount call.
	if rec["Status"] == nil {
		rec["Status"] = intWire(stockCountProcessed)
	}
	if !hasStatus(rec, stockCountDraft) && !hasStatus(rec, stockCountProcessed) {
		return badRequest("Status: %v is not a stock count status (12 draft, 21 processed)", rec["Status"])
	}
	if rec["StockCountDate"] == nil {
		rec["StockCountDate"] = dateWire(midnight(tx.now))
	}
	rec["EntryNumber"] = rec["StockCountNumber"]
	rec["Source"] = intWire(1)
	if wh, ok := tx.find("Warehouses", str(rec["Warehouse"])); ok {
		rec["WarehouseCode"], rec["WarehouseDescription"] = wh["Code"], wh["Description"]
	}
	return nil
}

func deriveStockCountLine(tx *txn, rec, old, parent row) error {
	if stored, ok := tx.find("StockCounts", str(parent["StockCountID"])); ok && hasStatus(stored, stockCountProcessed) {
		return badRequest("StockCount %s is processed; its lines cannot be changed", str(parent["StockCountID"]))
	}
	item := str(rec["Item"])
	if it, ok := tx.find("Items", item); ok {
		rec["ItemCode"], rec["ItemDescription"], rec["StockKeepingUnit"] = it["Code"], it["Description"], it["Unit"]
		rec["ItemBarcode"] = it["Barcode"]
	}
	rec["Warehouse"] = parent["Warehouse"]
	inStock := tx.currentStock(item, str(parent["Warehouse"]))
	rec["QuantityInStock"] = numWire(inStock)
	switch {
	case rec["QuantityNew"] != nil:
		rec["QuantityDifference"] = numWire(new(big.Rat).Sub(ratOr(rec["QuantityNew"]), inStock))
	case rec["QuantityDifference"] != nil:
		rec["QuantityNew"] = numWire(new(big.Rat).Add(inStock, ratOr(rec["QuantityDifference"])))
	default:
		return badRequest("Mandatory: QuantityNew (or QuantityDifference)")
	}
	if rec["CountedBy"] == nil {
		rec["CountedBy"] = parent["CountedBy"]
	}
	return nil
}

// applyStockCount books the counted quantities once a count is processed.
func applyStockCount(tx *txn, header, old row, lines []row) error {
	if !hasStatus(header, stockCountProcessed) || (old != nil && hasStatus(old, stockCountProcessed)) {
		return nil
	}
	for _, l := range lines {
		tx.setStock(str(l["Item"]), str(header["Warehouse"]), ratOr(l["QuantityNew"]))
	}
	return nil
}

// stockPositionResult answers read/logistics/StockPosition?itemId=guid'…'.
func (tx *txn) stockPositionResult(values url.Values) (row, error) {
	raw := values.Get("itemId")
	g, ok := parseSkipToken(raw) // same guid'…' form
	if !ok {
		if g, ok = parseGUID(raw); !ok {
			return nil, badRequest("itemId: '%s' is not of the form guid'…'", raw)
		}
	}
	if _, exists := tx.find("Items", g); !exists {
		return nil, nil
	}
	p := tx.stockPosition(g)
	free := new(big.Rat).Sub(p.in, p.reserved)
	proj := new(big.Rat).Add(p.in, p.planIn)
	proj.Sub(proj, p.planOut)
	proj.Sub(proj, p.reserved)
	return row{"ItemId": g, "InStock": numWire(p.in), "FreeStock": numWire(free), "ReservedStock": numWire(p.reserved),
		"PlanningIn": numWire(p.planIn), "PlanningOut": numWire(p.planOut), "ProjectedStock": numWire(proj)}, nil
}
