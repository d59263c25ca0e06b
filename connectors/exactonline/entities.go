package exactonline

import (
	"fmt"
	"sort"
	"strings"
)

// entity is how the connector reaches one schema entity
// (schemas/exactonline/<Name>.schema.json) in Exact Online. Paths are
// relative to /api/v1/{division}/.
type entity struct {
	// Name is the schema entity: Options.Entity "exactonline/<Name>".
	Name string
	// Path is the CRUD endpoint (60 rows a page); "" when there is none.
	Path string
	// Key is the entity's own id field (x-key in the schema).
	Key string
	// Lines names the nested line collection, sent inside the POST and
	// read with $expand; LineEntity is the schema entity of one line.
	Lines, LineEntity string
	// Sync is the sync endpoint (Timestamp-ordered, 1000 rows a page).
	// SyncFlat says its rows are lines carrying Key (Exact's sales invoice
	// sync is one row per invoice line), so they only name changed keys.
	Sync     string
	SyncFlat bool
	// SyncLines is the sync endpoint of the lines, whose rows carry Key: a
	// changed line is a changed header.
	SyncLines string
	// Bulk is the bulk endpoint (1000 rows a page, $select required).
	Bulk string
	// Methods are the verbs of Path as Exact's reference lists them.
	Methods string
	// CreateOnly marks entities Exact never changes after posting
	// (journal entries): a future Update refuses them.
	CreateOnly bool
	// NaturalKeys are the fields other systems match on (x-natural-key).
	NaturalKeys []string
	// Unique are fields whose combined value identifies one record; a
	// create whose outcome is unknown is verified by them, so a record is
	// never created twice. Empty: such a create stops the run instead.
	Unique []string
	// Padded are string fields Exact stores right-aligned in a fixed
	// width (Account.Code, 18 characters); lookups compare them trimmed.
	Padded []string
	// ByItem marks read/logistics/StockPosition, which answers one item
	// at a time (?itemId=guid'…') and can only be looked up by ItemId.
	ByItem bool
}

const (
	allVerbs = "GET POST PUT DELETE"
	readOnly = "GET"
)

// entities is the connector's whole knowledge of Exact's endpoints, one
// entry per schema. Sync, bulk and method facts follow Exact's REST
// reference as captured in the project's facts file.
var entities = []*entity{
	{Name: "account", Path: "crm/Accounts", Key: "ID", Sync: "sync/CRM/Accounts", Bulk: "bulk/CRM/Accounts",
		Methods: allVerbs, NaturalKeys: []string{"Code", "Email"}, Unique: []string{"Code"}, Padded: []string{"Code"}},
	{Name: "address", Path: "crm/Addresses", Key: "ID", Sync: "sync/CRM/Addresses", Bulk: "bulk/CRM/Addresses",
		Methods: allVerbs},
	{Name: "contact", Path: "crm/Contacts", Key: "ID", Sync: "sync/CRM/Contacts", Bulk: "bulk/CRM/Contacts",
		Methods: allVerbs, NaturalKeys: []string{"Email"}, Unique: []string{"Account", "Email"}},
	{Name: "general_journal_entry", Path: "generaljournalentry/GeneralJournalEntries", Key: "EntryID",
		Lines: "GeneralJournalEntryLines", LineEntity: "general_journal_entry_line", Methods: "GET POST DELETE",
		CreateOnly: true},
	{Name: "general_journal_entry_line", Path: "generaljournalentry/GeneralJournalEntryLines", Key: "ID",
		Methods: "GET POST", CreateOnly: true},
	{Name: "gl_account", Path: "financial/GLAccounts", Key: "ID", Sync: "sync/Financial/GLAccounts",
		Bulk: "bulk/Financial/GLAccounts", Methods: allVerbs, NaturalKeys: []string{"Code"}, Unique: []string{"Code"}},
	{Name: "goods_delivery", Path: "salesorder/GoodsDeliveries", Key: "EntryID", Lines: "GoodsDeliveryLines",
		LineEntity: "goods_delivery_line", Sync: "sync/SalesOrder/GoodsDeliveries",
		SyncLines: "sync/SalesOrder/GoodsDeliveryLines", Bulk: "bulk/SalesOrder/GoodsDeliveries", Methods: "GET POST PUT"},
	{Name: "goods_delivery_line", Path: "salesorder/GoodsDeliveryLines", Key: "ID",
		Sync: "sync/SalesOrder/GoodsDeliveryLines", Bulk: "bulk/SalesOrder/GoodsDeliveryLines", Methods: "GET POST PUT"},
	{Name: "item", Path: "logistics/Items", Key: "ID", Sync: "sync/Logistics/Items", Bulk: "bulk/Logistics/Items",
		Methods: allVerbs, NaturalKeys: []string{"Barcode", "Code"}, Unique: []string{"Code"}},
	{Name: "item_group", Path: "logistics/ItemGroups", Key: "ID", Methods: readOnly, NaturalKeys: []string{"Code"}},
	{Name: "item_warehouse", Path: "inventory/ItemWarehouses", Key: "ID", Sync: "sync/Inventory/ItemWarehouses",
		Methods: allVerbs, Unique: []string{"Item", "Warehouse"}},
	{Name: "journal", Path: "financial/Journals", Key: "ID", Methods: allVerbs, NaturalKeys: []string{"Code"},
		Unique: []string{"Code"}},
	{Name: "payment_condition", Path: "cashflow/PaymentConditions", Key: "ID", Methods: "GET POST",
		NaturalKeys: []string{"Code"}, Unique: []string{"Code"}},
	{Name: "sales_entry", Path: "salesentry/SalesEntries", Key: "EntryID", Lines: "SalesEntryLines",
		LineEntity: "sales_entry_line", Methods: allVerbs},
	{Name: "sales_entry_line", Path: "salesentry/SalesEntryLines", Key: "ID", Methods: allVerbs},
	{Name: "sales_invoice", Path: "salesinvoice/SalesInvoices", Key: "InvoiceID", Lines: "SalesInvoiceLines",
		LineEntity: "sales_invoice_line", Sync: "sync/SalesInvoice/SalesInvoices", SyncFlat: true,
		Bulk: "bulk/SalesInvoice/SalesInvoices", Methods: allVerbs, NaturalKeys: []string{"YourRef"},
		Unique: []string{"YourRef"}},
	{Name: "sales_invoice_line", Path: "salesinvoice/SalesInvoiceLines", Key: "ID",
		Bulk: "bulk/SalesInvoice/SalesInvoiceLines", Methods: allVerbs},
	{Name: "sales_item_price", Path: "logistics/SalesItemPrices", Key: "ID", Sync: "sync/Logistics/SalesItemPrices",
		Bulk: "bulk/Logistics/SalesItemPrices", Methods: allVerbs},
	{Name: "sales_order", Path: "salesorder/SalesOrders", Key: "OrderID", Lines: "SalesOrderLines",
		LineEntity: "sales_order_line", Sync: "sync/SalesOrder/SalesOrderHeaders",
		SyncLines: "sync/SalesOrder/SalesOrderLines", Bulk: "bulk/SalesOrder/SalesOrders", Methods: allVerbs,
		NaturalKeys: []string{"YourRef"}, Unique: []string{"YourRef"}},
	{Name: "sales_order_line", Path: "salesorder/SalesOrderLines", Key: "ID", Sync: "sync/SalesOrder/SalesOrderLines",
		Bulk: "bulk/SalesOrder/SalesOrderLines", Methods: allVerbs},
	{Name: "stock_count", Path: "inventory/StockCounts", Key: "StockCountID", Lines: "StockCountLines",
		LineEntity: "stock_count_line", Methods: allVerbs},
	{Name: "stock_count_line", Path: "inventory/StockCountLines", Key: "ID", Methods: allVerbs},
	{Name: "stock_position", Path: "read/logistics/StockPosition", Key: "ItemId", Methods: readOnly, ByItem: true},
	{Name: "transaction_line", Path: "financialtransaction/TransactionLines", Key: "ID",
		Sync: "sync/Financial/TransactionLines", Bulk: "bulk/Financial/TransactionLines", Methods: readOnly},
	{Name: "unit", Path: "logistics/Units", Key: "ID", Methods: readOnly, NaturalKeys: []string{"Code"}},
	{Name: "vat_code", Path: "vat/VATCodes", Key: "ID", Methods: allVerbs, NaturalKeys: []string{"Code"},
		Unique: []string{"Code"}},
	{Name: "vat_percentage", Path: "vat/VatPercentages", Key: "ID", Methods: readOnly},
	{Name: "warehouse", Path: "inventory/Warehouses", Key: "ID", Methods: allVerbs, NaturalKeys: []string{"Code"},
		Unique: []string{"Code"}},
	{Name: "warehouse_stock_position", Key: "ID", Sync: "sync/Inventory/StockPositions", Methods: readOnly},
}

var entityByName = map[string]*entity{}

func init() {
	for _, e := range entities {
		entityByName[e.Name] = e
	}
}

// entityNames lists the entities, sorted, for messages.
func entityNames() string {
	names := make([]string, 0, len(entities))
	for _, e := range entities {
		names = append(names, "exactonline/"+e.Name)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// lookupEntity resolves a schema reference ("exactonline/sales_order").
func lookupEntity(ref string) (*entity, error) {
	if ref == "" {
		return nil, fmt.Errorf("the block has no schema, so the connector does not know which Exact Online endpoint to use; set schema = \"exactonline/<entity>\" (one of %s)", entityNames())
	}
	name, ok := strings.CutPrefix(ref, "exactonline/")
	e := entityByName[name]
	if !ok || e == nil {
		return nil, fmt.Errorf("schema %q is not an Exact Online entity; use one of %s", ref, entityNames())
	}
	return e, nil
}

// can reports whether Exact's endpoint takes method.
func (e *entity) can(method string) bool {
	return e.Path != "" && strings.Contains(" "+e.Methods+" ", " "+method+" ")
}

// ref is the schema reference, as records' origins and messages spell it.
func (e *entity) ref() string { return "exactonline/" + e.Name }
