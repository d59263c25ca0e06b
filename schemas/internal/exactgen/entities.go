package main

// entity says which endpoint of the facts file becomes which schema file, and
// adds what the facts do not carry.
type entity struct {
	// File is the schema's base name: exactonline/<File>.schema.json.
	File string
	// URI is the endpoint in the facts, without /api/v1/{division}/.
	URI string
	// Variants are sync/ endpoints that return the same entity with extra
	// fields (always Timestamp, sometimes more). Their extra fields are added
	// as read-only so that mappings reading from a sync endpoint find them.
	// The bulk/ endpoints are never listed: in the facts they are subsets.
	Variants []string
	// NaturalKeys are the fields other systems match this entity on.
	NaturalKeys []string
	// Key names the entity's own id when the .NET SDK has no model for it.
	Key string
}

// entities is the list of generated schemas. Line entities come after their
// header only for readability; order does not matter to the generator.
var entities = []entity{
	{File: "account", URI: "crm/Accounts", Variants: []string{"sync/CRM/Accounts"},
		NaturalKeys: []string{"Code", "Email"}},
	{File: "contact", URI: "crm/Contacts", Variants: []string{"sync/CRM/Contacts"},
		NaturalKeys: []string{"Email"}},
	{File: "address", URI: "crm/Addresses", Variants: []string{"sync/CRM/Addresses"}},

	{File: "item", URI: "logistics/Items", Variants: []string{"sync/Logistics/Items"},
		NaturalKeys: []string{"Code", "Barcode"}},
	{File: "item_group", URI: "logistics/ItemGroups", NaturalKeys: []string{"Code"}},
	{File: "unit", URI: "logistics/Units", NaturalKeys: []string{"Code"}},
	{File: "sales_item_price", URI: "logistics/SalesItemPrices",
		Variants: []string{"sync/Logistics/SalesItemPrices"}},

	{File: "sales_order", URI: "salesorder/SalesOrders",
		Variants: []string{"sync/SalesOrder/SalesOrderHeaders"}, NaturalKeys: []string{"YourRef"}},
	{File: "sales_order_line", URI: "salesorder/SalesOrderLines",
		Variants: []string{"sync/SalesOrder/SalesOrderLines"}},
	{File: "goods_delivery", URI: "salesorder/GoodsDeliveries",
		Variants: []string{"sync/SalesOrder/GoodsDeliveries"}},
	{File: "goods_delivery_line", URI: "salesorder/GoodsDeliveryLines",
		Variants: []string{"sync/SalesOrder/GoodsDeliveryLines"}},

	// sync/SalesInvoice/SalesInvoices is not a variant: it returns one row
	// per invoice line with header and line fields mixed.
	{File: "sales_invoice", URI: "salesinvoice/SalesInvoices", NaturalKeys: []string{"YourRef"}},
	{File: "sales_invoice_line", URI: "salesinvoice/SalesInvoiceLines"},
	{File: "sales_entry", URI: "salesentry/SalesEntries"},
	{File: "sales_entry_line", URI: "salesentry/SalesEntryLines"},
	{File: "general_journal_entry", URI: "generaljournalentry/GeneralJournalEntries"},
	{File: "general_journal_entry_line", URI: "generaljournalentry/GeneralJournalEntryLines"},
	{File: "transaction_line", URI: "financialtransaction/TransactionLines",
		Variants: []string{"sync/Financial/TransactionLines"}},
	{File: "gl_account", URI: "financial/GLAccounts", Variants: []string{"sync/Financial/GLAccounts"},
		NaturalKeys: []string{"Code"}},
	{File: "journal", URI: "financial/Journals", NaturalKeys: []string{"Code"}},

	{File: "warehouse", URI: "inventory/Warehouses", NaturalKeys: []string{"Code"}},
	{File: "item_warehouse", URI: "inventory/ItemWarehouses",
		Variants: []string{"sync/Inventory/ItemWarehouses"}},
	// StockPosition has no SDK model; it is read per item (?itemId=guid'..'),
	// so the item is its identity.
	{File: "stock_position", URI: "read/logistics/StockPosition", Key: "ItemId"},
	// The per-warehouse stock positions of the sync API are a different
	// shape from read/logistics/StockPosition, so they get their own schema.
	{File: "warehouse_stock_position", URI: "sync/Inventory/StockPositions", Key: "ID"},
	{File: "stock_count", URI: "inventory/StockCounts"},
	{File: "stock_count_line", URI: "inventory/StockCountLines"},

	{File: "vat_code", URI: "vat/VATCodes", NaturalKeys: []string{"Code"}},
	{File: "vat_percentage", URI: "vat/VatPercentages"},
	{File: "payment_condition", URI: "cashflow/PaymentConditions", NaturalKeys: []string{"Code"}},
}

// maxLengths are the only string lengths a source states. Everything else is
// left open: see the package documentation for the gap.
var maxLengths = map[string]map[string]int{
	// "Account Code is an 18-char right-aligned string with leading spaces"
	// (basvanbeek.nl/exact-online-tips, via shared/systems-api.md).
	"crm/Accounts": {"Code": 18},
}

// fieldNotes are descriptions for fields whose behaviour a mapping author
// must know and that the Edm type alone does not tell.
var fieldNotes = map[string]map[string]string{
	"crm/Accounts": {
		"Code": "Right-aligned to 18 characters with leading spaces on read; filter with trim(Code).",
	},
	"salesorder/SalesOrders": {
		"OrderNumber": "Assigned by Exact when left out.",
		"YourRef":     "The customer's (webshop's) order reference; the key for matching orders.",
	},
}

// serverAssigned are numbers Exact assigns itself when a client leaves them
// out; they are never required even where the reference marks them mandatory.
var serverAssigned = map[string]bool{
	"OrderNumber":      true,
	"InvoiceNumber":    true,
	"EntryNumber":      true,
	"DeliveryNumber":   true,
	"StockCountNumber": true,
	"LineNumber":       true,
}
