package emulator

// entityDef describes one stored entity: its table (named after its path
// under /v2), its component in the generated table, and the server-side
// facts the document does not carry.
type entityDef struct {
	Table     string // "customers"
	Component string // "CustomerApi"
	Label     string // "Customer", for messages
	// Stamp is the audit field every write sets (ChangedUtc or
	// ModifiedUtc); "" for reference data, which has none or keeps the
	// seed's value.
	Stamp string
	// Unique fields compare case-insensitively, ignoring trailing spaces.
	Unique []string
}

func (d *entityDef) component() *genComponent { return genComponents[d.Component] }

var (
	defCustomers = &entityDef{Table: "customers", Component: "CustomerApi", Label: "Customer",
		Stamp: "ChangedUtc", Unique: []string{"CustomerNumber"}}
	defArticles = &entityDef{Table: "articles", Component: "ArticleApi", Label: "Article",
		Stamp: "ChangedUtc", Unique: []string{"Number"}}
	defOrders = &entityDef{Table: "orders", Component: "OrderApi", Label: "Order",
		Stamp: "ModifiedUtc"}
	defDrafts = &entityDef{Table: "customerinvoicedrafts", Component: "CustomerInvoiceDraftApi",
		Label: "Customer invoice draft"}
	defInvoices = &entityDef{Table: "customerinvoices", Component: "CustomerInvoiceApi",
		Label: "Customer invoice", Stamp: "ModifiedUtc"}
	defVouchers = &entityDef{Table: "vouchers", Component: "VoucherApi", Label: "Voucher",
		Stamp: "ModifiedUtc"}
	defVatCodes = &entityDef{Table: "vatcodes", Component: "VatCodeApi", Label: "Vat code",
		Unique: []string{"Code"}}
	defTerms = &entityDef{Table: "termsofpayments", Component: "TermsOfPaymentApi",
		Label: "Terms of payment"}
	defUnits = &entityDef{Table: "units", Component: "UnitApi", Label: "Unit",
		Unique: []string{"Code"}}
	defCodings = &entityDef{Table: "articleaccountcodings", Component: "ArticleAccountCodingApi",
		Label: "Article account coding"}
	defFiscalYears = &entityDef{Table: "fiscalyears", Component: "FiscalYearApi", Label: "Fiscal year"}
)

// entityDefs lists every entity in the order a seed loads them: reference
// data before the masters, masters before the documents that point to
// them.
var entityDefs = []*entityDef{
	defFiscalYears, defTerms, defUnits, defVatCodes, defCodings,
	defCustomers, defArticles, defOrders, defDrafts, defInvoices, defVouchers,
}

// defByTable finds an entity by its table name.
func defByTable(name string) *entityDef {
	for _, d := range entityDefs {
		if d.Table == name {
			return d
		}
	}
	return nil
}
