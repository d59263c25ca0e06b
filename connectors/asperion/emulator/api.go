package emulator

// The declarative table of the emulated Asperion API: every path, header,
// query parameter, envelope member and field name the emulator uses is
// here, and nowhere else. Asperion's Swagger is available to API partners
// only, so most of it is assumed (see doc.go); correcting it against the
// real Swagger means editing Wire names, paths and paging values below.
// Logical names (field.Name) are what the rules and the state file use;
// they stay put when a Wire name is corrected. The connector keeps its own
// table under the same entity names (debtor, article, sales_order, …).

// api holds the protocol-level names.
var api = struct {
	// Identity server paths (IdentityServer layout, [A-PROXY]).
	Authorize, Token string
	// TenantHeaders select the administration; both spellings are
	// documented by Asperion ([A-API], [A-EP]).
	TenantHeaders []string
	// Paging (assumed): 1-based page number and page size, answered in
	// an envelope with the total count.
	PageParam, PageSizeParam     string
	DefaultPageSize, MaxPageSize int
	ItemsMember, PageMember      string
	PageSizeMember, TotalMember  string
	PagesMember                  string
	// ModifiedSinceParam selects records whose modifiedAt is at or after
	// an RFC 3339 instant (assumed).
	ModifiedSinceParam string
	// ModifiedField is the logical field ModifiedSinceParam compares.
	ModifiedField string
	// Rate-limit headers (assumed).
	LimitHeader, RemainingHeader, ResetHeader string
}{
	Authorize:          "/connect/authorize",
	Token:              "/connect/token",
	TenantHeaders:      []string{"X-Tenant-Id", "X-TenantId"},
	PageParam:          "page",
	PageSizeParam:      "pageSize",
	DefaultPageSize:    50,
	MaxPageSize:        100,
	ItemsMember:        "items",
	PageMember:         "page",
	PageSizeMember:     "pageSize",
	TotalMember:        "totalCount",
	PagesMember:        "totalPages",
	ModifiedSinceParam: "modifiedSince",
	ModifiedField:      "modifiedAt",
	LimitHeader:        "X-RateLimit-Limit",
	RemainingHeader:    "X-RateLimit-Remaining",
	ResetHeader:        "X-RateLimit-Reset",
}

// Flag sets used in the table: most fields are assumed (see doc.go).
const (
	assumed    = fAssumed
	assumedRO  = fReadOnly | fAssumed
	assumedReq = fRequired | fAssumed
	assumedPD  = fPersonal | fAssumed
)

// stamps are the read-only timestamps of the entities that support
// incremental reads.
var stamps = []field{
	{Name: "createdAt", Wire: "createdAt", Kind: kDateTime, Flags: assumedRO},
	{Name: "modifiedAt", Wire: "modifiedAt", Kind: kDateTime, Flags: assumedRO},
}

func withStamps(fields ...field) []field { return append(fields, stamps...) }

// salesLine is a line of a sales order or sales invoice.
var salesLine = []field{
	{Name: "lineNumber", Wire: "lineNumber", Kind: kInt, Flags: assumedRO},
	{Name: "articleId", Wire: "articleId", Kind: kRef, Ref: "article", Flags: assumed},
	{Name: "description", Wire: "description", Kind: kText, MaxLength: 255, Flags: assumed},
	{Name: "quantity", Wire: "quantity", Kind: kDecimal, Flags: assumedReq},
	{Name: "unitPrice", Wire: "unitPrice", Kind: kDecimal, Flags: assumed},
	{Name: "discountPercentage", Wire: "discountPercentage", Kind: kDecimal, Default: "0", Flags: assumed},
	{Name: "salesTypeId", Wire: "salesTypeId", Kind: kRef, Ref: "sales_type", Flags: assumed},
	{Name: "vatCodeId", Wire: "vatCodeId", Kind: kRef, Ref: "vat_code", Flags: assumedRO},
	{Name: "amountExclVat", Wire: "amountExclVat", Kind: kDecimal, Flags: assumedRO},
	{Name: "vatAmount", Wire: "vatAmount", Kind: kDecimal, Flags: assumedRO},
}

var totals = []field{
	{Name: "totalExclVat", Wire: "totalExclVat", Kind: kDecimal, Flags: assumedRO},
	{Name: "totalVat", Wire: "totalVat", Kind: kDecimal, Flags: assumedRO},
	{Name: "totalInclVat", Wire: "totalInclVat", Kind: kDecimal, Flags: assumedRO},
}

// entities are the endpoints, masters before the documents that refer to
// them (the seed loads them in this order).
var entities = []entity{
	{
		Name: "administration", Path: "/v1/administrations", Ops: opList | opGet, Seed: "administrations",
		Fields: []field{
			{Name: "id", Wire: "id", Kind: kInt, Flags: assumedRO | fKey},
			{Name: "name", Wire: "name", Kind: kText, MaxLength: 100, Flags: assumed},
			{Name: "chamberOfCommerceNumber", Wire: "chamberOfCommerceNumber", Kind: kText, MaxLength: 20, Flags: assumed},
			{Name: "vatNumber", Wire: "vatNumber", Kind: kText, MaxLength: 20, Flags: assumed},
			{Name: "currency", Wire: "currency", Kind: kText, MaxLength: 3, Default: "EUR", Flags: assumed},
			{Name: "isDefault", Wire: "isDefault", Kind: kBool, Flags: assumedRO},
		},
	},
	{
		Name: "vat_code", Path: "/v1/vatcodes", Ops: opList | opGet, Seed: "vatCodes", Tenant: true,
		Unique:  []string{"code"},
		Filters: []filter{{Param: "code", Field: "code"}},
		Fields: []field{
			{Name: "id", Wire: "id", Kind: kInt, Flags: assumedRO | fKey},
			{Name: "code", Wire: "code", Kind: kText, MaxLength: 10, Flags: assumedReq | fNatural},
			{Name: "description", Wire: "description", Kind: kText, MaxLength: 100, Flags: assumed},
			{Name: "percentage", Wire: "percentage", Kind: kDecimal, Flags: assumedReq},
		},
	},
	{
		Name: "payment_condition", Path: "/v1/paymentconditions", Ops: opList | opGet, Seed: "paymentConditions", Tenant: true,
		Unique:  []string{"code"},
		Filters: []filter{{Param: "code", Field: "code"}},
		Fields: []field{
			{Name: "id", Wire: "id", Kind: kInt, Flags: assumedRO | fKey},
			{Name: "code", Wire: "code", Kind: kText, MaxLength: 10, Flags: assumedReq | fNatural},
			{Name: "description", Wire: "description", Kind: kText, MaxLength: 100, Flags: assumed},
			{Name: "days", Wire: "days", Kind: kInt, Flags: assumedReq},
		},
	},
	{
		Name: "sales_type", Path: "/v1/salestypes", Ops: opList | opGet, Seed: "salesTypes", Tenant: true,
		Unique:  []string{"code"},
		Filters: []filter{{Param: "code", Field: "code"}},
		Fields: []field{
			{Name: "id", Wire: "id", Kind: kInt, Flags: assumedRO | fKey},
			{Name: "code", Wire: "code", Kind: kText, MaxLength: 20, Flags: assumedReq | fNatural},
			{Name: "description", Wire: "description", Kind: kText, MaxLength: 100, Flags: assumed},
			{Name: "vatCodeId", Wire: "vatCodeId", Kind: kRef, Ref: "vat_code", Flags: assumedReq},
			{Name: "ledgerAccountNumber", Wire: "ledgerAccountNumber", Kind: kText, MaxLength: 10, Flags: assumed},
		},
	},
	{
		Name: "debtor", Path: "/v1/debtors", Ops: opList | opGet | opCreate | opUpdate, Seed: "debtors", Tenant: true,
		Incremental: true, NumberStart: 10001, Unique: []string{"number"},
		Filters: []filter{{Param: "number", Field: "number"}, {Param: "email", Field: "email"}, {Param: "vatNumber", Field: "vatNumber"}},
		Fields: withStamps(
			field{Name: "id", Wire: "id", Kind: kInt, Flags: assumedRO | fKey},
			field{Name: "number", Wire: "number", Kind: kInt, Flags: assumed | fAssigned | fNatural},
			field{Name: "type", Wire: "type", Kind: kText, Enum: []string{"Company", "Person"}, Flags: assumedReq},
			field{Name: "name", Wire: "name", Kind: kText, MaxLength: 100, Flags: assumedPD},
			field{Name: "contact", Wire: "contact", Kind: kObject, Flags: assumed, Fields: []field{
				{Name: "firstName", Wire: "firstName", Kind: kText, MaxLength: 50, Flags: assumedPD},
				{Name: "middleName", Wire: "middleName", Kind: kText, MaxLength: 20, Flags: assumedPD},
				{Name: "lastName", Wire: "lastName", Kind: kText, MaxLength: 80, Flags: assumedPD},
				{Name: "email", Wire: "email", Kind: kText, MaxLength: 254, Flags: assumedPD},
				{Name: "phone", Wire: "phone", Kind: kText, MaxLength: 30, Flags: assumedPD},
			}},
			field{Name: "email", Wire: "email", Kind: kText, MaxLength: 254, Flags: assumedPD | fNatural},
			field{Name: "phone", Wire: "phone", Kind: kText, MaxLength: 30, Flags: assumedPD},
			field{Name: "address", Wire: "address", Kind: kObject, Flags: assumed, Fields: []field{
				{Name: "street", Wire: "street", Kind: kText, MaxLength: 100, Flags: assumedPD},
				{Name: "houseNumber", Wire: "houseNumber", Kind: kText, MaxLength: 15, Flags: assumedPD},
				{Name: "postalCode", Wire: "postalCode", Kind: kText, MaxLength: 10, Flags: assumedPD},
				{Name: "city", Wire: "city", Kind: kText, MaxLength: 60, Flags: assumedPD},
				{Name: "countryCode", Wire: "countryCode", Kind: kText, MaxLength: 2, Default: "NL", Flags: assumed},
			}},
			field{Name: "vatNumber", Wire: "vatNumber", Kind: kText, MaxLength: 20, Flags: assumedPD},
			field{Name: "chamberOfCommerceNumber", Wire: "chamberOfCommerceNumber", Kind: kText, MaxLength: 20, Flags: assumedPD},
			field{Name: "paymentConditionId", Wire: "paymentConditionId", Kind: kRef, Ref: "payment_condition", Flags: assumed},
			// The debtor's group (classification: wholesale, retail, …),
			// a free code; assumed like the rest.
			field{Name: "debtorGroup", Wire: "debtorGroup", Kind: kText, MaxLength: 20, Flags: assumed},
		),
	},
	{
		Name: "article", Path: "/v1/articles", Ops: opList | opGet | opCreate | opUpdate, Seed: "articles", Tenant: true,
		Incremental: true, Unique: []string{"code"},
		// Lists show active articles unless activeState says otherwise [A-EP].
		Filters: []filter{{Param: "code", Field: "code"}, {Param: "activeState", Field: "activeState", Default: "Active", All: "All"}},
		Fields: withStamps(
			field{Name: "id", Wire: "id", Kind: kInt, Flags: assumedRO | fKey},
			field{Name: "code", Wire: "code", Kind: kText, MaxLength: 30, Flags: assumedReq | fNatural},
			field{Name: "description", Wire: "description", Kind: kText, MaxLength: 100, Flags: assumedReq},
			field{Name: "barcode", Wire: "barcode", Kind: kText, MaxLength: 20, Flags: assumed | fNatural},
			field{Name: "unit", Wire: "unit", Kind: kText, MaxLength: 10, Flags: assumed},
			field{Name: "salesPrice", Wire: "salesPrice", Kind: kDecimal, Default: "0", Flags: assumed},
			field{Name: "purchasePrice", Wire: "purchasePrice", Kind: kDecimal, Flags: assumed},
			// salesTypeId and currentStock are documented [A-EP]; their types are not.
			field{Name: "salesTypeId", Wire: "salesTypeId", Kind: kRef, Ref: "sales_type", Flags: fRequired},
			field{Name: "isStockArticle", Wire: "isStockArticle", Kind: kBool, Default: false, Flags: assumed},
			field{Name: "currentStock", Wire: "currentStock", Kind: kDecimal, Flags: fReadOnly},
			field{Name: "activeState", Wire: "activeState", Kind: kText, Enum: []string{"Active", "Inactive"}, Default: "Active", Flags: assumed},
			field{Name: "longDescription", Wire: "longDescription", Kind: kText, MaxLength: 4000, Flags: assumed},
		),
	},
	{
		// Stock corrections: currentStock is read-only on articles [A-EP],
		// so a count or a receipt is booked as a mutation (assumed endpoint).
		Name: "stock_mutation", Path: "/v1/stockmutations", Ops: opList | opGet | opCreate, Seed: "stockMutations", Tenant: true,
		Incremental: true, NumberStart: 1,
		Filters: []filter{{Param: "articleId", Field: "articleId"}, {Param: "reference", Field: "reference"}},
		Fields: withStamps(
			field{Name: "id", Wire: "id", Kind: kInt, Flags: assumedRO | fKey},
			field{Name: "number", Wire: "number", Kind: kInt, Flags: assumedRO},
			field{Name: "articleId", Wire: "articleId", Kind: kRef, Ref: "article", Flags: assumedReq},
			field{Name: "mutationDate", Wire: "mutationDate", Kind: kDate, Flags: assumed},
			field{Name: "quantity", Wire: "quantity", Kind: kDecimal, Flags: assumedReq},
			field{Name: "description", Wire: "description", Kind: kText, MaxLength: 100, Flags: assumed},
			field{Name: "reference", Wire: "reference", Kind: kText, MaxLength: 50, Flags: assumed | fNatural},
		),
	},
	{
		Name: "sales_order", Path: "/v1/SalesOrderWithLines", Ops: opList | opGet | opCreate, Seed: "salesOrders", Tenant: true,
		Incremental: true, NumberStart: 1,
		Filters: []filter{{Param: "number", Field: "number"}, {Param: "reference", Field: "reference"}, {Param: "debtorId", Field: "debtorId"}},
		Fields: withStamps(append([]field{
			{Name: "id", Wire: "id", Kind: kInt, Flags: assumedRO | fKey},
			{Name: "number", Wire: "number", Kind: kInt, Flags: assumedRO},
			{Name: "debtorId", Wire: "debtorId", Kind: kRef, Ref: "debtor", Flags: assumedReq},
			{Name: "orderDate", Wire: "orderDate", Kind: kDate, Flags: assumed},
			{Name: "deliveryDate", Wire: "deliveryDate", Kind: kDate, Flags: assumed},
			{Name: "reference", Wire: "reference", Kind: kText, MaxLength: 50, Flags: assumed | fNatural},
			{Name: "description", Wire: "description", Kind: kText, MaxLength: 255, Flags: assumed},
			{Name: "paymentConditionId", Wire: "paymentConditionId", Kind: kRef, Ref: "payment_condition", Flags: assumed},
			// How the order is shipped (a free code: POSTNL, DHL, PICKUP),
			// as a webshop hands it over; assumed.
			{Name: "shippingMethod", Wire: "shippingMethod", Kind: kText, MaxLength: 30, Flags: assumed},
			{Name: "status", Wire: "status", Kind: kText, Enum: []string{"Open", "Delivered", "Invoiced"}, Flags: assumedRO},
			{Name: "lines", Wire: "lines", Kind: kLines, MinItems: 1, Flags: assumedReq, Fields: salesLine},
		}, totals...)...),
	},
	{
		Name: "sales_invoice", Path: "/v1/salesinvoices", Ops: opList | opGet | opCreate, Seed: "salesInvoices", Tenant: true,
		Incremental: true, NumberStart: 1,
		Filters: []filter{{Param: "number", Field: "number"}, {Param: "reference", Field: "reference"}, {Param: "debtorId", Field: "debtorId"}},
		Fields: withStamps(append([]field{
			{Name: "id", Wire: "id", Kind: kInt, Flags: assumedRO | fKey},
			{Name: "number", Wire: "number", Kind: kInt, Flags: assumedRO | fNatural},
			{Name: "debtorId", Wire: "debtorId", Kind: kRef, Ref: "debtor", Flags: assumedReq},
			{Name: "salesOrderId", Wire: "salesOrderId", Kind: kRef, Ref: "sales_order", Flags: assumed},
			{Name: "invoiceDate", Wire: "invoiceDate", Kind: kDate, Flags: assumed},
			{Name: "dueDate", Wire: "dueDate", Kind: kDate, Flags: assumed},
			{Name: "reference", Wire: "reference", Kind: kText, MaxLength: 50, Flags: assumed | fNatural},
			{Name: "description", Wire: "description", Kind: kText, MaxLength: 255, Flags: assumed},
			{Name: "paymentConditionId", Wire: "paymentConditionId", Kind: kRef, Ref: "payment_condition", Flags: assumed},
			{Name: "status", Wire: "status", Kind: kText, Enum: []string{"Open", "Paid"}, Flags: assumedRO},
			{Name: "lines", Wire: "lines", Kind: kLines, MinItems: 1, Flags: assumedReq, Fields: salesLine},
		}, totals...)...),
	},
	{
		Name: "journal_entry", Path: "/v1/journalentries", Ops: opList | opGet | opCreate, Seed: "journalEntries", Tenant: true,
		Incremental: true, NumberStart: 1,
		Filters: []filter{{Param: "number", Field: "number"}, {Param: "journalCode", Field: "journalCode"}, {Param: "reference", Field: "reference"}},
		Fields: withStamps(
			field{Name: "id", Wire: "id", Kind: kInt, Flags: assumedRO | fKey},
			field{Name: "number", Wire: "number", Kind: kInt, Flags: assumedRO | fNatural},
			field{Name: "journalCode", Wire: "journalCode", Kind: kText, MaxLength: 10, Flags: assumedReq},
			field{Name: "entryDate", Wire: "entryDate", Kind: kDate, Flags: assumedReq},
			field{Name: "description", Wire: "description", Kind: kText, MaxLength: 100, Flags: assumedReq},
			// The source document's reference (an order number): what
			// another system recognises an entry it booked by.
			field{Name: "reference", Wire: "reference", Kind: kText, MaxLength: 50, Flags: assumed | fNatural},
			field{Name: "lines", Wire: "lines", Kind: kLines, MinItems: 2, Flags: assumedReq, Fields: []field{
				{Name: "lineNumber", Wire: "lineNumber", Kind: kInt, Flags: assumedRO},
				{Name: "ledgerAccountNumber", Wire: "ledgerAccountNumber", Kind: kText, MaxLength: 10, Flags: assumedReq},
				{Name: "description", Wire: "description", Kind: kText, MaxLength: 100, Flags: assumed},
				{Name: "debit", Wire: "debit", Kind: kDecimal, Default: "0", Flags: assumed},
				{Name: "credit", Wire: "credit", Kind: kDecimal, Default: "0", Flags: assumed},
				{Name: "vatCodeId", Wire: "vatCodeId", Kind: kRef, Ref: "vat_code", Flags: assumed},
				{Name: "debtorId", Wire: "debtorId", Kind: kRef, Ref: "debtor", Flags: assumed},
			}},
		),
	},
}
