package emulator

// builtin is the compact form of a HubSpot-defined property.
type builtin struct {
	name, label, typ, field, group string
	options                        []string // enumeration values; labels are the values
	readOnly, calculated           bool
}

func (b builtin) def(t *objectType) *propDef {
	d := &propDef{Name: b.name, Label: b.label, Type: b.typ, FieldType: b.field, GroupName: b.group,
		Calculated: b.calculated, HubspotDefined: true, FormField: !b.readOnly, DataSensitivity: "non_sensitive",
		ModificationMetadata: modMeta{ReadOnlyValue: b.readOnly, ReadOnlyDefinition: true}}
	for i, o := range b.options {
		d.Options = append(d.Options, propOption{Label: o, Value: o, DisplayOrder: i})
	}
	if d.Options == nil {
		d.Options = []propOption{}
	}
	return d
}

// Shorthands for the common shapes.
func text(name, label, group string) builtin {
	return builtin{name, label, "string", "text", group, nil, false, false}
}
func number(name, label, group string) builtin {
	return builtin{name, label, "number", "number", group, nil, false, false}
}

// system properties: the id, creation and modification times.
func system(modified, group string) []builtin {
	return []builtin{
		{"createdate", "Create Date", "datetime", "date", group, nil, true, false},
		{modified, "Last Modified Date", "datetime", "date", group, nil, true, false},
		{"hs_object_id", "Record ID", "number", "number", group, nil, true, false},
	}
}

// builtinProps are the HubSpot-defined properties per type that the
// emulator knows: the defaults of each type and those a pipeline is
// likely to map. A real portal has many more.
var builtinProps = map[string][]builtin{
	"contacts": append(system("lastmodifieddate", "contactinformation"),
		builtin{"email", "Email", "string", "text", "contactinformation", nil, false, false},
		text("firstname", "First Name", "contactinformation"),
		text("lastname", "Last Name", "contactinformation"),
		builtin{"phone", "Phone Number", "string", "phonenumber", "contactinformation", nil, false, false},
		builtin{"mobilephone", "Mobile Phone Number", "string", "phonenumber", "contactinformation", nil, false, false},
		text("company", "Company Name", "contactinformation"),
		text("jobtitle", "Job Title", "contactinformation"),
		text("website", "Website URL", "contactinformation"),
		text("address", "Street Address", "contactinformation"),
		text("city", "City", "contactinformation"),
		text("zip", "Postal Code", "contactinformation"),
		text("state", "State/Region", "contactinformation"),
		text("country", "Country/Region", "contactinformation"),
		builtin{"lifecyclestage", "Lifecycle Stage", "enumeration", "radio", "contactinformation",
			[]string{"subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity",
				"customer", "evangelist", "other"}, false, false},
	),
	"companies": append(system("hs_lastmodifieddate", "companyinformation"),
		text("name", "Company name", "companyinformation"),
		text("domain", "Company Domain Name", "companyinformation"),
		builtin{"phone", "Phone Number", "string", "phonenumber", "companyinformation", nil, false, false},
		text("address", "Street Address", "companyinformation"),
		text("address2", "Street Address 2", "companyinformation"),
		text("city", "City", "companyinformation"),
		text("zip", "Postal Code", "companyinformation"),
		text("state", "State/Region", "companyinformation"),
		text("country", "Country/Region", "companyinformation"),
		text("website", "Website URL", "companyinformation"),
		builtin{"description", "Description", "string", "textarea", "companyinformation", nil, false, false},
		builtin{"type", "Type", "enumeration", "select", "companyinformation",
			[]string{"PROSPECT", "PARTNER", "RESELLER", "VENDOR", "OTHER"}, false, false},
		number("numberofemployees", "Number of Employees", "companyinformation"),
		number("annualrevenue", "Annual Revenue", "companyinformation"),
	),
	"deals": append(system("hs_lastmodifieddate", "dealinformation"),
		text("dealname", "Deal Name", "dealinformation"),
		number("amount", "Amount", "dealinformation"),
		builtin{"closedate", "Close Date", "datetime", "date", "dealinformation", nil, false, false},
		// The options of pipeline and dealstage come from the pipelines.
		builtin{"pipeline", "Pipeline", "enumeration", "select", "dealinformation", nil, false, false},
		builtin{"dealstage", "Deal Stage", "enumeration", "radio", "dealinformation", nil, false, false},
		builtin{"dealtype", "Deal Type", "enumeration", "radio", "dealinformation",
			[]string{"newbusiness", "existingbusiness"}, false, false},
		builtin{"description", "Deal Description", "string", "textarea", "dealinformation", nil, false, false},
		text("deal_currency_code", "Currency", "dealinformation"),
	),
	"products": append(system("hs_lastmodifieddate", "productinformation"),
		text("name", "Name", "productinformation"),
		builtin{"description", "Description", "string", "textarea", "productinformation", nil, false, false},
		number("price", "Unit price", "productinformation"),
		text("hs_sku", "SKU", "productinformation"),
		number("hs_cost_of_goods_sold", "Unit cost", "productinformation"),
		text("hs_recurring_billing_period", "Term", "productinformation"),
		builtin{"hs_product_type", "Product type", "enumeration", "select", "productinformation",
			[]string{"inventory", "non_inventory", "service"}, false, false},
	),
	"line_items": append(system("hs_lastmodifieddate", "lineiteminformation"),
		text("name", "Name", "lineiteminformation"),
		builtin{"description", "Description", "string", "textarea", "lineiteminformation", nil, false, false},
		number("quantity", "Quantity", "lineiteminformation"),
		number("price", "Unit price", "lineiteminformation"),
		builtin{"amount", "Net price", "number", "calculation_equation", "lineiteminformation", nil, true, true},
		number("discount", "Unit discount", "lineiteminformation"),
		number("hs_discount_percentage", "Discount Percentage", "lineiteminformation"),
		number("hs_product_id", "Product ID", "lineiteminformation"),
		text("hs_sku", "SKU", "lineiteminformation"),
		number("hs_cost_of_goods_sold", "Unit cost", "lineiteminformation"),
		text("hs_tax_rate_group_id", "Tax rate", "lineiteminformation"),
		text("hs_recurring_billing_period", "Term", "lineiteminformation"),
		text("hs_line_item_currency_code", "Currency", "lineiteminformation"),
		number("hs_position_on_quote", "Position on quote", "lineiteminformation"),
	),
}
