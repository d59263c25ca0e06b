package emulator

import "strings"

// objectType is one CRM object type the emulator serves.
type objectType struct {
	Name     string // path name: "contacts"
	TypeID   string // "0-1"
	Singular string // "contact": webhook event prefix and association names
	Upper    string // "CONTACT": HubSpot's batch error messages
	// Modified is the property holding the last modification time:
	// lastmodifieddate on contacts, hs_lastmodifieddate elsewhere.
	Modified string
	// Defaults are the properties returned when a read names none.
	Defaults []string
	// Searchable are the properties a search's free-text query looks in.
	Searchable []string
	// Required are the properties a create must end up with.
	Required []string
	// Commerce types also accept HubSpot's older "e-commerce" scope.
	Commerce bool
}

// objectTypes are the supported types, masters first (the seed order).
var objectTypes = []*objectType{
	{Name: "companies", TypeID: "0-2", Singular: "company", Upper: "COMPANY", Modified: "hs_lastmodifieddate",
		Defaults:   []string{"createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"},
		Searchable: []string{"name", "domain", "website", "phone"}},
	{Name: "contacts", TypeID: "0-1", Singular: "contact", Upper: "CONTACT", Modified: "lastmodifieddate",
		Defaults:   []string{"createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"},
		Searchable: []string{"firstname", "lastname", "email", "phone", "mobilephone", "company"}},
	{Name: "products", TypeID: "0-7", Singular: "product", Upper: "PRODUCT", Modified: "hs_lastmodifieddate",
		Defaults:   []string{"createdate", "description", "hs_lastmodifieddate", "hs_object_id", "name", "price"},
		Searchable: []string{"name", "description", "hs_sku"}, Required: []string{"name"}, Commerce: true},
	{Name: "deals", TypeID: "0-3", Singular: "deal", Upper: "DEAL", Modified: "hs_lastmodifieddate",
		Defaults: []string{"amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate",
			"hs_object_id", "pipeline"},
		Searchable: []string{"dealname", "description", "dealtype"}, Required: []string{"dealname", "dealstage"}},
	{Name: "line_items", TypeID: "0-8", Singular: "line_item", Upper: "LINE_ITEM", Modified: "hs_lastmodifieddate",
		Defaults: []string{"amount", "createdate", "hs_lastmodifieddate", "hs_object_id", "hs_product_id", "name",
			"price", "quantity"},
		Searchable: []string{"name", "description", "hs_sku"}, Required: []string{"name"}, Commerce: true},
}

var typeByName = func() map[string]*objectType {
	m := map[string]*objectType{}
	for _, t := range objectTypes {
		m[t.Name] = t
		m[t.TypeID] = t
	}
	return m
}()

// lookupType finds a type by path name ("contacts", any case) or type id
// ("0-1"), as HubSpot's objectType path parameter accepts both.
func lookupType(s string) *objectType { return typeByName[strings.ToLower(s)] }

// typeNames lists the type names, for error messages.
func typeNames() []string {
	out := make([]string, len(objectTypes))
	for i, t := range objectTypes {
		out[i] = t.Name
	}
	return out
}

// systemProps are the properties every read returns besides those asked
// for: the creation time, the modification time and the id.
func (t *objectType) systemProps() []string {
	return []string{"createdate", t.Modified, "hs_object_id"}
}

// readScopes and writeScopes are the OAuth scopes that allow reading and
// writing objects of the type.
func (t *objectType) readScopes() []string {
	s := []string{"crm.objects." + t.Name + ".read"}
	if t.Commerce {
		s = append(s, "e-commerce")
	}
	return s
}

func (t *objectType) writeScopes() []string {
	s := []string{"crm.objects." + t.Name + ".write"}
	if t.Commerce {
		s = append(s, "e-commerce")
	}
	return s
}

// knownScopes are the scopes the authorize endpoint accepts.
func knownScopes() []string {
	s := []string{"oauth", "e-commerce"}
	for _, t := range objectTypes {
		for _, kind := range []string{"objects", "schemas"} {
			s = append(s, "crm."+kind+"."+t.Name+".read", "crm."+kind+"."+t.Name+".write")
		}
	}
	return s
}
