package emulator

import (
	"sort"
	"time"
)

// propDef is a property definition as the properties API shows it. The
// unexported fields are the emulator's own rules.
type propDef struct {
	Name                 string       `json:"name"`
	Label                string       `json:"label"`
	Type                 string       `json:"type"`
	FieldType            string       `json:"fieldType"`
	Description          string       `json:"description"`
	GroupName            string       `json:"groupName"`
	Options              []propOption `json:"options"`
	DisplayOrder         int          `json:"displayOrder"`
	Calculated           bool         `json:"calculated"`
	ExternalOptions      bool         `json:"externalOptions"`
	HasUniqueValue       bool         `json:"hasUniqueValue"`
	Hidden               bool         `json:"hidden"`
	HubspotDefined       bool         `json:"hubspotDefined,omitempty"`
	ModificationMetadata modMeta      `json:"modificationMetadata"`
	FormField            bool         `json:"formField"`
	DataSensitivity      string       `json:"dataSensitivity,omitempty"`
	CreatedAt            *time.Time   `json:"createdAt,omitempty"`
	UpdatedAt            *time.Time   `json:"updatedAt,omitempty"`
	Archived             bool         `json:"archived"`
}

type propOption struct {
	Label        string `json:"label"`
	Value        string `json:"value"`
	DisplayOrder int    `json:"displayOrder"`
	Hidden       bool   `json:"hidden"`
}

type modMeta struct {
	Archivable         bool `json:"archivable"`
	ReadOnlyDefinition bool `json:"readOnlyDefinition"`
	ReadOnlyValue      bool `json:"readOnlyValue"`
}

// unique reports whether values of the property identify one object: a
// custom property declared hasUniqueValue, hs_object_id, and the contact
// email, which HubSpot keeps unique without flagging it so.
func (d *propDef) unique(t *objectType) bool {
	return d.HasUniqueValue || d.Name == "hs_object_id" || (t.Name == "contacts" && d.Name == "email")
}

// multi reports whether the property holds several options separated by
// semicolons (a multiple-checkboxes enumeration).
func (d *propDef) multi() bool { return d.Type == "enumeration" && d.FieldType == "checkbox" }

func (d *propDef) hasOption(v string) bool {
	for _, o := range d.Options {
		if o.Value == v {
			return true
		}
	}
	return false
}

// propertySet is the definitions of one object type, HubSpot's and the
// portal's custom ones.
type propertySet struct {
	defs map[string]*propDef
}

func (s *propertySet) get(name string) *propDef {
	d := s.defs[name]
	if d == nil || d.Archived {
		return nil
	}
	return d
}

func (s *propertySet) add(d *propDef) { s.defs[d.Name] = d }

// list returns the live definitions by display group and name.
func (s *propertySet) list() []*propDef {
	out := make([]*propDef, 0, len(s.defs))
	for _, d := range s.defs {
		if !d.Archived {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// custom returns the portal's own definitions, for the state file.
func (s *propertySet) custom() []*propDef {
	var out []*propDef
	for _, d := range s.list() {
		if !d.HubspotDefined {
			out = append(out, d)
		}
	}
	return out
}

// newPropertySets builds HubSpot's definitions for every type.
func newPropertySets() map[string]*propertySet {
	sets := map[string]*propertySet{}
	for _, t := range objectTypes {
		s := &propertySet{defs: map[string]*propDef{}}
		for i, b := range builtinProps[t.Name] {
			d := b.def(t)
			d.DisplayOrder = i
			s.add(d)
		}
		sets[t.Name] = s
	}
	return sets
}
