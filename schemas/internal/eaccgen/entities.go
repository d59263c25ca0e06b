package main

// entity says which component of Visma's OpenAPI document becomes which
// schema file, and adds what the document does not carry.
type entity struct {
	// File is the schema's base name: eaccounting/<File>.schema.json.
	File string
	// Component is the schema under components.schemas ("CustomerApi").
	Component string
	// Path is the collection path (relative to /v2) whose operations the
	// description names; "" for rows, which live inside their document.
	Path string
	// Parent is the file of the document a row belongs to.
	Parent string
	// NaturalKeys are the root fields other systems match this entity on.
	NaturalKeys []string
	// Notes add a sentence to a field's description: what Visma does with
	// it that the document states in prose only, or what we assume.
	Notes map[string]string
}

// entities is the list of generated schemas.
var entities = []entity{
	{File: "customer", Component: "CustomerApi", Path: "/customers",
		NaturalKeys: []string{"CustomerNumber", "EmailAddress"},
		Notes: map[string]string{
			"CustomerNumber": "Unique; assigned by Visma (the next free number) when left out.",
			"ChangedUtc":     "Set by Visma on every change; filter on it for incremental reads.",
		}},
	{File: "article", Component: "ArticleApi", Path: "/articles",
		NaturalKeys: []string{"Number"},
		Notes: map[string]string{
			"Number":                "Unique article number (SKU).",
			"StockBalance":          "Physical stock; lowered when goods are delivered or invoiced.",
			"StockBalanceReserved":  "Quantity reserved by open sales orders.",
			"StockBalanceAvailable": "StockBalance minus StockBalanceReserved.",
			"ChangedUtc":            "Set by Visma on every change; filter on it for incremental reads.",
		}},
	{File: "order", Component: "OrderApi", Path: "/orders",
		NaturalKeys: []string{"Number", "YourReference", "BuyersOrderReference"},
		Notes: map[string]string{
			"Number":        "Assigned by Visma; an external order number belongs in YourReference or BuyersOrderReference.",
			"ModifiedUtc":   "Set by Visma on every change; filter on it for incremental reads.",
			"Rows":          "The order rows; see eaccounting/order_row.",
			"YourReference": "Visma's 'your reference' (often the buyer's contact person); integrations commonly put the external (webshop) order number here.",
		}},
	{File: "order_row", Component: "OrderRowApi", Parent: "order"},
	{File: "customer_invoice", Component: "CustomerInvoiceApi", Path: "/customerinvoices",
		NaturalKeys: []string{"InvoiceNumber"},
		Notes: map[string]string{
			"InvoiceNumber": "Assigned by Visma.",
			"ModifiedUtc":   "Set by Visma on every change; filter on it for incremental reads.",
			"Rows":          "The invoice rows; see eaccounting/customer_invoice_row.",
		}},
	{File: "customer_invoice_row", Component: "CustomerInvoiceRowApi", Parent: "customer_invoice"},
	{File: "customer_invoice_draft", Component: "CustomerInvoiceDraftApi", Path: "/customerinvoicedrafts",
		Notes: map[string]string{
			"Rows": "The draft rows; see eaccounting/customer_invoice_draft_row.",
		}},
	{File: "customer_invoice_draft_row", Component: "CustomerInvoiceDraftRowApi", Parent: "customer_invoice_draft"},
	{File: "voucher", Component: "VoucherApi", Path: "/vouchers",
		NaturalKeys: []string{"NumberAndNumberSeries"},
		Notes: map[string]string{
			"NumberAndNumberSeries": "Assigned by Visma.",
			"ModifiedUtc":           "Set by Visma on every change; filter on it for incremental reads.",
			"Rows":                  "The voucher rows; debits and credits must balance. See eaccounting/voucher_row.",
		}},
	{File: "voucher_row", Component: "VoucherRowApi", Parent: "voucher"},
	{File: "vat_code", Component: "VatCodeApi", Path: "/vatcodes", NaturalKeys: []string{"Code"}},
	{File: "terms_of_payment", Component: "TermsOfPaymentApi", Path: "/termsofpayments",
		NaturalKeys: []string{"NumberOfDays"}},
	{File: "unit", Component: "UnitApi", Path: "/units", NaturalKeys: []string{"Code"}},
	{File: "article_account_coding", Component: "ArticleAccountCodingApi", Path: "/articleaccountcodings",
		NaturalKeys: []string{"Name"}},
	{File: "fiscal_year", Component: "FiscalYearApi", Path: "/fiscalyears"},
}

// defNaturalKeys marks natural keys inside nested components, which live in
// a file's $defs: an article's barcodes are matched on like its number.
var defNaturalKeys = map[string][]string{
	"ArticleBarcodeApi": {"Barcode"},
}
