package emulator

import (
	"fmt"
	"strings"
)

// entitySpec is the behaviour the emulator adds to one generated endpoint:
// how it is keyed and linked, which numbers the server assigns, and the
// hooks that derive server-side fields.
type entitySpec struct {
	Name string // table name and seed key: "Accounts"
	Path string // endpoint path: "crm/Accounts"
	Type string // OData type in __metadata

	// Lines names the nested line collection (also the line entity's Name).
	Lines string
	// Parent and ParentFK link a line entity to its header.
	Parent, ParentFK string

	Refs   []ref    // referential checks
	Unique []string // fields whose combined value must be unique
	// Seq names the field that receives the next number of a per-division
	// sequence when the client leaves it empty.
	Seq string

	DeletedType int    // EntityType in sync/Deleted; 0 = not reported
	Topic       string // webhook topic; "" = none

	// derive fills server-assigned and looked-up fields of rec before
	// validation. old is the stored row on update (nil on create); parent
	// is the header row for line entities.
	derive func(tx *txn, rec, old, parent row) error
	// aggregate recomputes header totals from its lines.
	aggregate func(tx *txn, header row, lines []row)
	// reserve returns the stock a header and its lines hold reserved.
	reserve func(tx *txn, header row, lines []row) []stockDelta
	// applied runs after a header and its lines were stored.
	applied func(tx *txn, header, old row, lines []row) error
	// removed runs after a plain entity was deleted; old is its last row.
	removed func(tx *txn, old row)

	def *genEndpoint
	key string
}

// ref is a referential check: Field must hold the key of an existing row of
// Entity when set.
type ref struct{ Field, Entity string }

// EntityType values of sync/Deleted as recalled from Exact's reference
// (not confirmed from a source in the project's stores).
var entitySpecs = []*entitySpec{
	{Name: "Accounts", Path: "crm/Accounts", Type: "Account", Unique: []string{"Code"}, Seq: "Code",
		DeletedType: 2, Topic: "Accounts", derive: deriveAccount, applied: applyAccount},
	{Name: "Contacts", Path: "crm/Contacts", Type: "Contact", Refs: []ref{{"Account", "Accounts"}},
		DeletedType: 5, Topic: "Contacts", derive: deriveContact, applied: applyContact, removed: removedContact},
	{Name: "Addresses", Path: "crm/Addresses", Type: "Address", Refs: []ref{{"Account", "Accounts"}},
		DeletedType: 3, Topic: "Addresses", derive: deriveAddress},
	// Item groups are read-only in Exact's API (GET only): seeds define them.
	{Name: "ItemGroups", Path: "logistics/ItemGroups", Type: "ItemGroup", Unique: []string{"Code"}},
	{Name: "Items", Path: "logistics/Items", Type: "Item", Unique: []string{"Code"},
		Refs: []ref{{"GLRevenue", "GLAccounts"}, {"ItemGroup", "ItemGroups"}}, DeletedType: 9, Topic: "Items", derive: deriveItem},
	{Name: "SalesItemPrices", Path: "logistics/SalesItemPrices", Type: "SalesItemPrice",
		Refs: []ref{{"Item", "Items"}, {"Account", "Accounts"}}, DeletedType: 8, derive: deriveItemPrice},
	{Name: "SalesOrders", Path: "salesorder/SalesOrders", Type: "SalesOrder", Lines: "SalesOrderLines",
		Refs: []ref{{"OrderedBy", "Accounts"}, {"InvoiceTo", "Accounts"}, {"DeliverTo", "Accounts"},
			{"WarehouseID", "Warehouses"}},
		Unique: []string{"OrderNumber"}, Seq: "OrderNumber", DeletedType: 12, Topic: "SalesOrders",
		derive: deriveSalesOrder, aggregate: aggregateSalesOrder, reserve: reserveSalesOrder},
	{Name: "SalesOrderLines", Path: "salesorder/SalesOrderLines", Type: "SalesOrderLine",
		Parent: "SalesOrders", ParentFK: "OrderID", Refs: []ref{{"Item", "Items"}},
		derive: deriveSalesOrderLine},
	{Name: "SalesInvoices", Path: "salesinvoice/SalesInvoices", Type: "SalesInvoice", Lines: "SalesInvoiceLines",
		Refs: []ref{{"OrderedBy", "Accounts"}, {"InvoiceTo", "Accounts"}, {"DeliverTo", "Accounts"}},
		Seq:  "InvoiceNumber", DeletedType: 13, Topic: "SalesInvoices",
		derive: deriveSalesInvoice, aggregate: aggregateSalesInvoice},
	{Name: "SalesInvoiceLines", Path: "salesinvoice/SalesInvoiceLines", Type: "SalesInvoiceLine",
		Parent: "SalesInvoices", ParentFK: "InvoiceID",
		Refs: []ref{{"Item", "Items"}, {"GLAccount", "GLAccounts"}}, derive: deriveSalesInvoiceLine},
	{Name: "SalesEntries", Path: "salesentry/SalesEntries", Type: "SalesEntry", Lines: "SalesEntryLines",
		Refs: []ref{{"Customer", "Accounts"}}, Seq: "EntryNumber",
		derive: deriveSalesEntry, aggregate: aggregateSalesEntry},
	{Name: "SalesEntryLines", Path: "salesentry/SalesEntryLines", Type: "SalesEntryLine",
		Parent: "SalesEntries", ParentFK: "EntryID", Refs: []ref{{"GLAccount", "GLAccounts"}},
		derive: deriveSalesEntryLine},
	{Name: "GeneralJournalEntries", Path: "generaljournalentry/GeneralJournalEntries", Type: "GeneralJournalEntry",
		Lines: "GeneralJournalEntryLines", Seq: "EntryNumber", derive: deriveJournalEntry},
	{Name: "GeneralJournalEntryLines", Path: "generaljournalentry/GeneralJournalEntryLines",
		Type: "GeneralJournalEntryLine", Parent: "GeneralJournalEntries", ParentFK: "EntryID",
		Refs: []ref{{"GLAccount", "GLAccounts"}, {"Account", "Accounts"}}, derive: deriveJournalEntryLine},
	{Name: "ItemWarehouses", Path: "inventory/ItemWarehouses", Type: "ItemWarehouse",
		Refs: []ref{{"Item", "Items"}, {"Warehouse", "Warehouses"}}, Unique: []string{"Item", "Warehouse"},
		DeletedType: 19, Topic: "StockPositions", derive: deriveItemWarehouse},
	{Name: "StockCounts", Path: "inventory/StockCounts", Type: "StockCount", Lines: "StockCountLines",
		Refs: []ref{{"Warehouse", "Warehouses"}}, Seq: "StockCountNumber",
		derive: deriveStockCount, applied: applyStockCount},
	{Name: "StockCountLines", Path: "inventory/StockCountLines", Type: "StockCountLine",
		Parent: "StockCounts", ParentFK: "StockCountID", Refs: []ref{{"Item", "Items"}},
		derive: deriveStockCountLine},
	{Name: "Warehouses", Path: "inventory/Warehouses", Type: "Warehouse", Unique: []string{"Code"}},
	{Name: "VATCodes", Path: "vat/VATCodes", Type: "VATCode", Unique: []string{"Code"}},
	{Name: "PaymentConditions", Path: "cashflow/PaymentConditions", Type: "PaymentCondition",
		Unique: []string{"Code"}},
	{Name: "GLAccounts", Path: "financial/GLAccounts", Type: "GLAccount", Unique: []string{"Code"},
		DeletedType: 7},
	{Name: "WebhookSubscriptions", Path: "webhooks/WebhookSubscriptions", Type: "WebhookSubscription",
		derive: deriveWebhookSubscription},
}

var (
	specByName = map[string]*entitySpec{}
	specByPath = map[string]*entitySpec{} // lower-case path → spec
)

func init() {
	for _, s := range entitySpecs {
		s.def = genEndpoints[s.Path]
		if s.def == nil {
			panic(fmt.Sprintf("emulator: %s has no generated field table", s.Path))
		}
		s.key = s.def.Key
		s.Type = "Exact.Web.Api.Models." + s.Type
		specByName[s.Name] = s
		specByPath[strings.ToLower(s.Path)] = s
	}
}

// lineSpec returns the spec of s's line entity, nil when it has none.
func (s *entitySpec) lineSpec() *entitySpec {
	if s.Lines == "" {
		return nil
	}
	return specByName[s.Lines]
}

// singular is the entity's name in messages ("SalesOrder").
func (s *entitySpec) singular() string { return strings.TrimPrefix(s.Type, "Exact.Web.Api.Models.") }

// viewKind says how a read-only view pages and filters.
type viewKind int

const (
	viewSync viewKind = iota // Timestamp-ordered, 1000 rows, Timestamp filters only
	viewBulk                 // key-ordered, 1000 rows, $select required
)

// viewSpec is a sync/ or bulk/ endpoint over an entity's table.
type viewSpec struct {
	Path   string
	Kind   viewKind
	Entity string // source table
	// project adds view-only fields computed from the row (sync rows carry
	// ID even when the entity key is named otherwise).
	project func(tx *txn, id string, rec *record, out row)
	def     *genEndpoint
}

var viewSpecs = []*viewSpec{
	{Path: "sync/CRM/Accounts", Entity: "Accounts"},
	{Path: "sync/CRM/Contacts", Entity: "Contacts"},
	{Path: "sync/CRM/Addresses", Entity: "Addresses"},
	{Path: "sync/Logistics/Items", Entity: "Items"},
	{Path: "sync/Logistics/SalesItemPrices", Entity: "SalesItemPrices"},
	{Path: "sync/SalesOrder/SalesOrderHeaders", Entity: "SalesOrders"},
	{Path: "sync/SalesOrder/SalesOrderLines", Entity: "SalesOrderLines"},
	{Path: "sync/Inventory/ItemWarehouses", Entity: "ItemWarehouses"},
	{Path: "sync/Inventory/StockPositions", Entity: "ItemWarehouses", project: projectStockPosition},
	{Path: "sync/Deleted", Entity: deletedTable},
	{Path: "bulk/CRM/Accounts", Kind: viewBulk, Entity: "Accounts"},
	{Path: "bulk/CRM/Contacts", Kind: viewBulk, Entity: "Contacts"},
	{Path: "bulk/CRM/Addresses", Kind: viewBulk, Entity: "Addresses"},
	{Path: "bulk/Logistics/Items", Kind: viewBulk, Entity: "Items"},
	{Path: "bulk/Logistics/SalesItemPrices", Kind: viewBulk, Entity: "SalesItemPrices"},
	{Path: "bulk/SalesOrder/SalesOrders", Kind: viewBulk, Entity: "SalesOrders"},
	{Path: "bulk/SalesOrder/SalesOrderLines", Kind: viewBulk, Entity: "SalesOrderLines"},
	{Path: "bulk/SalesInvoice/SalesInvoices", Kind: viewBulk, Entity: "SalesInvoices"},
	{Path: "bulk/SalesInvoice/SalesInvoiceLines", Kind: viewBulk, Entity: "SalesInvoiceLines"},
	{Path: "bulk/Financial/GLAccounts", Kind: viewBulk, Entity: "GLAccounts"},
}

var viewByPath = map[string]*viewSpec{} // lower-case path → view

func init() {
	for _, v := range viewSpecs {
		v.def = genEndpoints[v.Path]
		if v.def == nil {
			panic(fmt.Sprintf("emulator: %s has no generated field table", v.Path))
		}
		viewByPath[strings.ToLower(v.Path)] = v
	}
}
