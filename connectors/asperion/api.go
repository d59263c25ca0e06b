package asperion

import (
	"fmt"
	"sort"
	"strings"
)

// The declarative table of Asperion's REST API as the connector uses it:
// every path, header, query parameter, envelope member and field name the
// connector sends or reads is here, and nowhere else. Asperion's Swagger
// is available to API partners only, so most of it is assumed (see
// doc.go); it mirrors the emulator's table (emulator/api.go) member by
// member and entity by entity, and correcting it against the real Swagger
// is a change of the values below, not of the code.

// api holds the protocol-level names. Member names match the emulator's.
var api = struct {
	// Identity server paths (IdentityServer layout, known).
	Authorize, Token string
	// Scopes asked for in the consent (assumed: IdentityServer issues
	// refresh tokens only for offline_access).
	Scopes []string
	// TenantHeader selects the administration (known; Asperion's pages
	// also spell it X-TenantId, which the connector never sends).
	TenantHeader string
	// LanguageHeader selects the language of error messages (known).
	LanguageHeader string
	// Paging (assumed): 1-based page number and page size, answered in
	// an envelope that reports the number of pages.
	PageParam, PageSizeParam string
	FirstPage, MaxPageSize   int
	ItemsMember, PagesMember string
	// ModifiedSinceParam selects records whose ModifiedField is at or
	// after an RFC 3339 instant, inclusive (assumed).
	ModifiedSinceParam, ModifiedField string
	// Rate-limit headers (assumed): calls left, and the window's reset
	// as Unix seconds.
	RemainingHeader, ResetHeader string
	// Problem details members of an error answer (RFC 7807 as ASP.NET
	// writes it; assumed): title, detail and per-field errors.
	TitleMember, DetailMember, ErrorsMember string
}{
	Authorize:          "/connect/authorize",
	Token:              "/connect/token",
	Scopes:             []string{"offline_access"},
	TenantHeader:       "X-Tenant-Id",
	LanguageHeader:     "Accept-Language",
	PageParam:          "page",
	PageSizeParam:      "pageSize",
	FirstPage:          1,
	MaxPageSize:        100,
	ItemsMember:        "items",
	PagesMember:        "totalPages",
	ModifiedSinceParam: "modifiedSince",
	ModifiedField:      "modifiedAt",
	RemainingHeader:    "X-RateLimit-Remaining",
	ResetHeader:        "X-RateLimit-Reset",
	TitleMember:        "title",
	DetailMember:       "detail",
	ErrorsMember:       "errors",
}

// entity is how the connector reaches one schema entity
// (schemas/asperion/<Name>.schema.json). Field names are the JSON members
// on the wire, which are also the schema's property names.
type entity struct {
	// Name is the schema entity: Options.Entity "asperion/<Name>". It is
	// the emulator's entity name too.
	Name string
	// Path is the collection; an item is Path + "/" + id.
	Path string
	// Key is the id member Asperion assigns (x-key).
	Key string
	// Methods are the verbs the collection and its items take.
	Methods string
	// Tenant says the endpoint is per administration (the tenant header
	// applies).
	Tenant bool
	// Incremental says the list takes ModifiedSinceParam.
	Incremental bool
	// Lines names the line collection that travels inside the record.
	Lines string
	// Filters maps a field to the list parameter that selects records by
	// its value (equality, text ignoring case): what lookups can use.
	Filters map[string]string
	// LookupQuery is sent with every lookup: articles list active ones
	// only unless activeState says otherwise, and a lookup must see
	// inactive articles too, or it would create a duplicate code.
	LookupQuery map[string]string
	// NaturalKeys are the fields other systems match on (x-natural-key).
	NaturalKeys []string
	// Unique is the field that identifies one record for verifying a
	// create whose outcome is unknown; "" means such a create stops the
	// run rather than risk a duplicate.
	Unique string
	// ReadOnly are members Asperion owns; they are left out of what is
	// sent (a strict server refuses them). LineReadOnly likewise for
	// each line.
	ReadOnly, LineReadOnly []string
}

// Verbs of the table.
const (
	readOnly   = "GET"
	createOnly = "GET POST"
	readWrite  = "GET POST PUT"
)

var (
	stamps        = []string{"createdAt", "modifiedAt"}
	salesLineRO   = []string{"lineNumber", "vatCodeId", "amountExclVat", "vatAmount"}
	salesDocument = []string{"id", "number", "status", "totalExclVat", "totalVat", "totalInclVat", "createdAt", "modifiedAt"}
)

// entities is the connector's whole knowledge of Asperion's endpoints,
// core entities first.
var entities = []*entity{
	{Name: "debtor", Path: "/v1/debtors", Key: "id", Methods: readWrite, Tenant: true, Incremental: true,
		Filters:     map[string]string{"number": "number", "email": "email", "vatNumber": "vatNumber"},
		NaturalKeys: []string{"number", "email"}, Unique: "number",
		ReadOnly: append([]string{"id"}, stamps...)},
	{Name: "article", Path: "/v1/articles", Key: "id", Methods: readWrite, Tenant: true, Incremental: true,
		Filters:     map[string]string{"code": "code"},
		LookupQuery: map[string]string{"activeState": "All"},
		NaturalKeys: []string{"code"}, Unique: "code",
		ReadOnly: append([]string{"id", "currentStock"}, stamps...)},
	{Name: "stock_mutation", Path: "/v1/stockmutations", Key: "id", Methods: createOnly, Tenant: true, Incremental: true,
		Filters:     map[string]string{"articleId": "articleId", "reference": "reference"},
		NaturalKeys: []string{"reference"}, Unique: "reference",
		ReadOnly: append([]string{"id", "number"}, stamps...)},
	{Name: "sales_order", Path: "/v1/SalesOrderWithLines", Key: "id", Methods: createOnly, Tenant: true, Incremental: true,
		Lines:       "lines",
		Filters:     map[string]string{"number": "number", "reference": "reference", "debtorId": "debtorId"},
		NaturalKeys: []string{"reference"}, Unique: "reference",
		ReadOnly: salesDocument, LineReadOnly: salesLineRO},
	{Name: "sales_invoice", Path: "/v1/salesinvoices", Key: "id", Methods: createOnly, Tenant: true, Incremental: true,
		Lines:       "lines",
		Filters:     map[string]string{"number": "number", "reference": "reference", "debtorId": "debtorId"},
		NaturalKeys: []string{"number", "reference"}, Unique: "reference",
		ReadOnly: salesDocument, LineReadOnly: salesLineRO},
	{Name: "journal_entry", Path: "/v1/journalentries", Key: "id", Methods: createOnly, Tenant: true, Incremental: true,
		Lines:       "lines",
		Filters:     map[string]string{"number": "number", "journalCode": "journalCode", "reference": "reference"},
		NaturalKeys: []string{"number", "reference"}, Unique: "reference",
		ReadOnly: append([]string{"id", "number"}, stamps...), LineReadOnly: []string{"lineNumber"}},
	{Name: "vat_code", Path: "/v1/vatcodes", Key: "id", Methods: readOnly, Tenant: true,
		Filters: map[string]string{"code": "code"}, NaturalKeys: []string{"code"}},
	{Name: "payment_condition", Path: "/v1/paymentconditions", Key: "id", Methods: readOnly, Tenant: true,
		Filters: map[string]string{"code": "code"}, NaturalKeys: []string{"code"}},
	{Name: "sales_type", Path: "/v1/salestypes", Key: "id", Methods: readOnly, Tenant: true,
		Filters: map[string]string{"code": "code"}, NaturalKeys: []string{"code"}},
	{Name: "administration", Path: "/v1/administrations", Key: "id", Methods: readOnly},
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
		names = append(names, "asperion/"+e.Name)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// lookupEntity resolves a schema reference ("asperion/sales_order").
func lookupEntity(ref string) (*entity, error) {
	if ref == "" {
		return nil, fmt.Errorf("the block has no schema, so the connector does not know which Asperion endpoint to use; set schema = \"asperion/<entity>\" (one of %s)", entityNames())
	}
	name, ok := strings.CutPrefix(ref, "asperion/")
	e := entityByName[name]
	if !ok || e == nil {
		return nil, fmt.Errorf("schema %q is not an Asperion entity; use one of %s", ref, entityNames())
	}
	return e, nil
}

// can reports whether the endpoint takes method.
func (e *entity) can(method string) bool {
	return strings.Contains(" "+e.Methods+" ", " "+method+" ")
}

// ref is the schema reference, as origins and messages spell it.
func (e *entity) ref() string { return "asperion/" + e.Name }
