package hubspot

import (
	"fmt"
	"sort"
	"strings"
)

// entity is how the connector reaches one schema entity
// (schemas/hubspot/<Name>.schema.json) in HubSpot.
type entity struct {
	// Name is the schema entity: Options.Entity "hubspot/<Name>".
	Name string
	// Type is the object type in paths: /crm/v3/objects/<Type>.
	Type string
	// Modified is the last-modified property, the incremental cursor
	// (contacts: lastmodifieddate; the others hs_lastmodifieddate).
	Modified string
	// Props are the properties the schema lists, read on every list,
	// search and lookup (HubSpot returns only a few by default).
	Props []string
	// NaturalKeys are the properties other systems match on; Unique are
	// those HubSpot keeps unique (batch read and idProperty work on them;
	// custom properties declared unique are recognised from their
	// definition at run time).
	NaturalKeys []string
	Unique      []string
	// Assoc maps the schema's association names (object types) to the
	// HubSpot-defined default association type id from this entity.
	Assoc map[string]int
}

// entities is the connector's whole knowledge of HubSpot's objects, one
// entry per schema. Association type ids are HubSpot's defaults
// (unlabeled, as the v4 "default" endpoints create them).
var entities = []*entity{
	{Name: "contact", Type: "contacts", Modified: "lastmodifieddate",
		Props: []string{"email", "firstname", "lastname", "phone", "mobilephone", "company", "jobtitle", "website",
			"address", "city", "zip", "state", "country", "lifecyclestage", "createdate", "lastmodifieddate", "hs_object_id",
			// Custom properties the schema lists (x-assumed): read when the portal has them.
			"customer_number", "customer_classification", "cost_centre", "cost_unit"},
		NaturalKeys: []string{"email"}, Unique: []string{"email"},
		Assoc: map[string]int{"companies": 279, "deals": 4}},
	{Name: "company", Type: "companies", Modified: "hs_lastmodifieddate",
		Props: []string{"name", "domain", "phone", "address", "address2", "city", "zip", "state", "country", "website",
			"description", "type", "numberofemployees", "annualrevenue", "vat_number", "createdate", "hs_lastmodifieddate", "hs_object_id",
			"customer_number", "customer_classification", "cost_centre", "cost_unit"},
		NaturalKeys: []string{"domain", "vat_number"},
		Assoc:       map[string]int{"contacts": 280, "deals": 342}},
	{Name: "product", Type: "products", Modified: "hs_lastmodifieddate",
		Props: []string{"name", "description", "price", "hs_sku", "hs_cost_of_goods_sold", "hs_recurring_billing_period",
			"hs_product_type", "createdate", "hs_lastmodifieddate", "hs_object_id", "ean", "external_sku"},
		NaturalKeys: []string{"hs_sku"}},
	{Name: "deal", Type: "deals", Modified: "hs_lastmodifieddate",
		Props: []string{"dealname", "amount", "closedate", "pipeline", "dealstage", "dealtype", "description",
			"deal_currency_code", "external_order_number", "createdate", "hs_lastmodifieddate", "hs_object_id",
			"your_reference", "payment_terms", "shipping_method", "revenue_account"},
		NaturalKeys: []string{"external_order_number"},
		Assoc:       map[string]int{"contacts": 3, "companies": 341, "line_items": 19}},
	{Name: "line_item", Type: "line_items", Modified: "hs_lastmodifieddate",
		Props: []string{"name", "description", "quantity", "price", "amount", "discount", "hs_discount_percentage",
			"hs_product_id", "hs_sku", "hs_cost_of_goods_sold", "hs_tax_rate_group_id", "hs_recurring_billing_period",
			"hs_line_item_currency_code", "hs_position_on_quote", "createdate", "hs_lastmodifieddate", "hs_object_id",
			"external_line_id"},
		Assoc: map[string]int{"deals": 20}},
}

var entityByName = map[string]*entity{}

func init() {
	for _, e := range entities {
		entityByName[e.Name] = e
	}
}

func entityNames() string {
	names := make([]string, 0, len(entities))
	for _, e := range entities {
		names = append(names, "hubspot/"+e.Name)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// lookupEntity resolves a schema reference ("hubspot/product").
func lookupEntity(ref string) (*entity, error) {
	if ref == "" {
		return nil, fmt.Errorf("the block has no schema, so the connector does not know which HubSpot object to use; set schema = \"hubspot/<entity>\" (one of %s)", entityNames())
	}
	name, ok := strings.CutPrefix(ref, "hubspot/")
	e := entityByName[name]
	if !ok || e == nil {
		return nil, fmt.Errorf("schema %q is not a HubSpot object; use one of %s", ref, entityNames())
	}
	return e, nil
}

// ref is the schema reference, as origins and messages spell it.
func (e *entity) ref() string { return "hubspot/" + e.Name }

// path is the objects endpoint, plus rest ("search", "batch/create").
func (e *entity) path(rest string) string {
	p := "crm/v3/objects/" + e.Type
	if rest != "" {
		p += "/" + rest
	}
	return p
}

// readProps are the properties a read asks for: the schema's, the
// configured extras and the match key.
func (e *entity) readProps(extra ...string) []string {
	out := append([]string(nil), e.Props...)
	for _, p := range extra {
		if p != "" && !contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// propertyOf accepts a lookup field as the schema path
// ("properties.hs_sku") or the bare property name ("hs_sku").
func propertyOf(field string) string {
	if p, ok := strings.CutPrefix(field, "properties."); ok {
		return p
	}
	if field == "id" {
		return "hs_object_id"
	}
	return field
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
