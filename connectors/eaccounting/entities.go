package eaccounting

import (
	"fmt"
	"sort"
	"strings"
)

// entity is how the connector reaches one schema entity
// (schemas/eaccounting/<Name>.schema.json) in eAccounting. Paths are
// relative to /v2/.
type entity struct {
	// Name is the schema entity: Options.Entity "eaccounting/<Name>".
	Name string
	// Path is the collection; one record is Path/{Id}.
	Path string
	// Methods are the verbs Visma serves: GET (list and one), POST
	// (create on the collection), PUT and DELETE (one record).
	Methods string
	// Stamp is the audit field Visma sets on every change (ChangedUtc or
	// ModifiedUtc); reads of an entity with one are incremental.
	Stamp string
	// NaturalKeys are the fields other systems match on (x-natural-key);
	// lookups accept any scalar field, these get remembered after writes.
	NaturalKeys []string
	// Unique are fields whose value identifies one record; a create whose
	// outcome is unknown is verified by the first one the record carries.
	// Empty: such a create stops the run instead of risking a duplicate.
	Unique []string
	// Rows marks documents whose lines travel inside them ("Rows").
	Rows bool
}

const keyField = "Id"

// entities is the connector's whole knowledge of eAccounting's endpoints,
// one entry per schema. Verbs and stamps follow Visma's OpenAPI document.
var entities = []*entity{
	{Name: "customer", Path: "customers", Methods: "GET POST PUT DELETE", Stamp: "ChangedUtc",
		NaturalKeys: []string{"CustomerNumber", "EmailAddress"}, Unique: []string{"CustomerNumber"}},
	{Name: "article", Path: "articles", Methods: "GET POST PUT", Stamp: "ChangedUtc",
		NaturalKeys: []string{"Number"}, Unique: []string{"Number"}},
	{Name: "order", Path: "orders", Methods: "GET POST PUT DELETE", Stamp: "ModifiedUtc", Rows: true,
		NaturalKeys: []string{"YourReference", "Number"}, Unique: []string{"YourReference"}},
	{Name: "customer_invoice", Path: "customerinvoices", Methods: "GET POST", Stamp: "ModifiedUtc", Rows: true,
		NaturalKeys: []string{"InvoiceNumber", "YourReference"}, Unique: []string{"YourReference"}},
	{Name: "customer_invoice_draft", Path: "customerinvoicedrafts", Methods: "GET POST PUT DELETE", Rows: true,
		NaturalKeys: []string{"YourReference"}, Unique: []string{"YourReference"}},
	{Name: "voucher", Path: "vouchers", Methods: "GET POST", Stamp: "ModifiedUtc", Rows: true,
		NaturalKeys: []string{"NumberAndNumberSeries"}},
	{Name: "vat_code", Path: "vatcodes", Methods: "GET", NaturalKeys: []string{"Code"}},
	{Name: "terms_of_payment", Path: "termsofpayments", Methods: "GET", NaturalKeys: []string{"NumberOfDays"}},
	{Name: "unit", Path: "units", Methods: "GET", NaturalKeys: []string{"Code"}},
	{Name: "article_account_coding", Path: "articleaccountcodings", Methods: "GET", NaturalKeys: []string{"Name"}},
	{Name: "fiscal_year", Path: "fiscalyears", Methods: "GET"},
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
		names = append(names, "eaccounting/"+e.Name)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// lookupEntity resolves a schema reference ("eaccounting/order").
func lookupEntity(ref string) (*entity, error) {
	if ref == "" {
		return nil, fmt.Errorf("the block has no schema, so the connector does not know which eAccounting endpoint to use; set schema = \"eaccounting/<entity>\" (one of %s)", entityNames())
	}
	name, ok := strings.CutPrefix(ref, "eaccounting/")
	e := entityByName[name]
	if !ok || e == nil {
		return nil, fmt.Errorf("schema %q is not an eAccounting entity; use one of %s", ref, entityNames())
	}
	return e, nil
}

// can reports whether Visma serves method on e.
func (e *entity) can(method string) bool {
	return strings.Contains(" "+e.Methods+" ", " "+method+" ")
}

// ref is the schema reference, as origins and messages spell it.
func (e *entity) ref() string { return "eaccounting/" + e.Name }

// endpoint is the rate-limit scope of a call: Visma counts calls per
// endpoint, a collection and its records being two endpoints.
func (e *entity) endpoint(one bool) string {
	if one {
		return "/v2/" + e.Path + "/{id}"
	}
	return "/v2/" + e.Path
}
