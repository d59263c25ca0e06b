package emulator

import (
	"net/http"
	"regexp"
	"slices"
)

// maxUniqueProps is how many unique-value properties an object type may
// have (HubSpot allows ten).
const maxUniqueProps = 10

// fieldTypes are the field types each property type accepts.
var fieldTypes = map[string][]string{
	"string":      {"text", "textarea", "phonenumber", "html", "file"},
	"number":      {"number", "calculation_equation"},
	"date":        {"date"},
	"datetime":    {"date"},
	"enumeration": {"select", "radio", "checkbox", "booleancheckbox"},
	"bool":        {"booleancheckbox"},
}

var propName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,99}$`)

// propInput is the body of a property create or update.
type propInput struct {
	Name           string       `json:"name"`
	Label          string       `json:"label"`
	Type           string       `json:"type"`
	FieldType      string       `json:"fieldType"`
	GroupName      string       `json:"groupName"`
	Description    *string      `json:"description"`
	Options        []propOption `json:"options"`
	DisplayOrder   *int         `json:"displayOrder"`
	HasUniqueValue bool         `json:"hasUniqueValue"`
	Hidden         *bool        `json:"hidden"`
	FormField      *bool        `json:"formField"`
}

// serveProperties answers /crm/v3/properties/{type}[/{name}]: list, read,
// create, update and archive of property definitions.
func (tx *txn) serveProperties(r *http.Request, t *objectType, name string, body []byte) (*response, error) {
	set := tx.p.props[t.Name]
	if name == "" {
		switch r.Method {
		case http.MethodGet:
			return ok(map[string]any{"results": set.list()}), nil
		case http.MethodPost:
			var in propInput
			if err := decodeBody(body, &in); err != nil {
				return nil, err
			}
			d, err := tx.createProperty(t, in)
			if err != nil {
				return nil, err
			}
			return created(d), nil
		}
		return nil, methodNotAllowed(r)
	}
	d := set.get(name)
	if d == nil {
		return nil, notFound("Unable to find property %s for object type %s", name, t.Name)
	}
	switch r.Method {
	case http.MethodGet:
		return ok(d), nil
	case http.MethodPatch:
		var in propInput
		if err := decodeBody(body, &in); err != nil {
			return nil, err
		}
		if err := tx.patchProperty(d, in); err != nil {
			return nil, err
		}
		return ok(d), nil
	case http.MethodDelete:
		if d.HubspotDefined {
			return nil, badRequest("%s is a HubSpot-defined property and cannot be archived", name)
		}
		d.Archived = true
		tx.p.rebuildIndexes()
		tx.changed = true
		return noContent(), nil
	}
	return nil, methodNotAllowed(r)
}

// createProperty checks and adds a custom property definition.
func (tx *txn) createProperty(t *objectType, in propInput) (*propDef, error) {
	set := tx.p.props[t.Name]
	var errs []string
	if !propName.MatchString(in.Name) {
		errs = append(errs, "name must start with a lower-case letter and hold only a-z, 0-9 and _ (at most 100 characters)")
	}
	if in.Label == "" {
		errs = append(errs, "label is required")
	}
	if in.GroupName == "" {
		errs = append(errs, "groupName is required")
	}
	if fts, known := fieldTypes[in.Type]; !known {
		errs = append(errs, "type must be one of string, number, date, datetime, enumeration, bool")
	} else if !slices.Contains(fts, in.FieldType) {
		errs = append(errs, "fieldType "+in.FieldType+" does not go with type "+in.Type)
	}
	if in.Type == "bool" && len(in.Options) == 0 {
		in.Options = []propOption{{Label: "Yes", Value: "true"}, {Label: "No", Value: "false", DisplayOrder: 1}}
	}
	if in.Type == "enumeration" && len(in.Options) == 0 {
		errs = append(errs, "an enumeration needs options")
	}
	if in.HasUniqueValue {
		if in.Type != "string" && in.Type != "number" {
			errs = append(errs, "only string and number properties can require unique values")
		} else if n := countUnique(set); n >= maxUniqueProps {
			errs = append(errs, "an object type can have at most 10 unique-value properties")
		}
	}
	if len(errs) > 0 {
		e := badRequest("Invalid property definition: %s", errs[0])
		for _, m := range errs {
			e.Errors = append(e.Errors, errorDetail{Message: m, In: in.Name})
		}
		return nil, e
	}
	if old := set.defs[in.Name]; old != nil && !old.Archived {
		return nil, errf(http.StatusConflict, catExists, "Property named '%s' already exists.", in.Name)
	}
	now := tx.now
	d := &propDef{Name: in.Name, Label: in.Label, Type: in.Type, FieldType: in.FieldType, GroupName: in.GroupName,
		Options: in.Options, HasUniqueValue: in.HasUniqueValue, FormField: true, DataSensitivity: "non_sensitive",
		ModificationMetadata: modMeta{Archivable: true}, CreatedAt: &now, UpdatedAt: &now, DisplayOrder: -1}
	if d.Options == nil {
		d.Options = []propOption{}
	}
	tx.applyPropInput(d, in)
	set.add(d)
	tx.p.rebuildIndexes()
	tx.changed = true
	return d, nil
}

// patchProperty updates the describing parts of a custom property; its
// name, type and uniqueness stay.
func (tx *txn) patchProperty(d *propDef, in propInput) error {
	if d.HubspotDefined {
		return badRequest("%s is a HubSpot-defined property; its definition is read-only", d.Name)
	}
	if in.Type != "" && in.Type != d.Type {
		return badRequest("the type of %s cannot change", d.Name)
	}
	if in.FieldType != "" && !slices.Contains(fieldTypes[d.Type], in.FieldType) {
		return badRequest("fieldType %s does not go with type %s", in.FieldType, d.Type)
	}
	if in.Label != "" {
		d.Label = in.Label
	}
	if in.FieldType != "" {
		d.FieldType = in.FieldType
	}
	if in.GroupName != "" {
		d.GroupName = in.GroupName
	}
	if in.Options != nil {
		d.Options = in.Options
	}
	tx.applyPropInput(d, in)
	now := tx.now
	d.UpdatedAt = &now
	tx.changed = true
	return nil
}

func (tx *txn) applyPropInput(d *propDef, in propInput) {
	if in.Description != nil {
		d.Description = *in.Description
	}
	if in.DisplayOrder != nil {
		d.DisplayOrder = *in.DisplayOrder
	}
	if in.Hidden != nil {
		d.Hidden = *in.Hidden
	}
	if in.FormField != nil {
		d.FormField = *in.FormField
	}
}

func countUnique(set *propertySet) int {
	n := 0
	for _, d := range set.list() {
		if d.HasUniqueValue {
			n++
		}
	}
	return n
}
