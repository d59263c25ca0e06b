package main

import (
	"fmt"
	"sort"
)

// field is a column with the rules applied: what both outputs (the JSON
// Schemas and the emulator's Go table) are written from.
type field struct {
	column
	ReadOnly  bool // maintained by the server
	Assigned  bool // the server fills it when a write leaves it empty
	Inherited bool // copied from the header row onto a detail row
	Key       bool // the table's own id (Key of its rule)
	Natural   bool
	Personal  bool
	// System marks a column that is no dictionary field: the row id
	// <TABLE>_Id and a detail row's link to its header's row id.
	System bool
}

// model is one table ready for output.
type model struct {
	Name, Key, Parent, Link string
	Assumed                 bool
	Fields                  []field
}

func (m *model) field(name string) (*field, bool) {
	for i := range m.Fields {
		if m.Fields[i].Name == name {
			return &m.Fields[i], true
		}
	}
	return nil, false
}

// buildModels applies the rules to the dumped and assumed tables and adds
// the system columns. It fails on a rule that names a field the table does
// not have, so that a renamed field cannot silently lose its flags.
func buildModels(dumped map[string]*table) (map[string]*model, error) {
	all := map[string]*table{}
	for name, t := range dumped {
		all[name] = t
	}
	for _, t := range assumedTables() {
		if _, dup := all[t.Name]; dup {
			return nil, fmt.Errorf("table %s is both dumped and assumed", t.Name)
		}
		all[t.Name] = t
	}
	out := map[string]*model{}
	for name, r := range rules {
		t, ok := all[name]
		if !ok {
			return nil, fmt.Errorf("rules name table %s, which has neither a dump nor an assumed definition", name)
		}
		m, err := applyRules(t, r)
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", name, err)
		}
		out[name] = m
	}
	for name := range all {
		if _, ok := out[name]; !ok {
			return nil, fmt.Errorf("table %s has no rules", name)
		}
	}
	for _, m := range out {
		if m.Parent != "" && out[m.Parent] == nil {
			return nil, fmt.Errorf("table %s: parent %s is unknown", m.Name, m.Parent)
		}
	}
	return out, nil
}

func applyRules(t *table, r tableRule) (*model, error) {
	m := &model{Name: t.Name, Key: r.Key, Parent: r.Parent, Link: r.Link, Assumed: t.Assumed}
	for _, c := range t.Columns {
		m.Fields = append(m.Fields, field{column: c})
	}
	// The row id, and for a detail table whose link is a row id, the link.
	ids := []string{t.Name + "_Id"}
	if r.Link != "" && r.Link == r.Parent+"_Id" {
		ids = append(ids, r.Link)
	}
	for _, id := range ids {
		if _, clash := m.field(id); clash {
			return nil, fmt.Errorf("system column %s clashes with a field", id)
		}
		m.Fields = append(m.Fields, field{column: column{Name: id, Type: 'I', Len: 4,
			Desc: "Rij-id (systeem)", Assumed: !r.IDSourced}, System: true, ReadOnly: true})
	}
	sort.SliceStable(m.Fields, func(i, j int) bool {
		if m.Fields[i].System != m.Fields[j].System {
			return !m.Fields[i].System
		}
		return m.Fields[i].Name < m.Fields[j].Name
	})
	mark := func(names []string, what string, set func(*field)) error {
		for _, n := range names {
			f, ok := m.field(n)
			if !ok {
				return fmt.Errorf("%s field %s is not in the table", what, n)
			}
			set(f)
		}
		return nil
	}
	if err := mark([]string{r.Key}, "key", func(f *field) { f.Key = true }); err != nil {
		return nil, err
	}
	if r.Link != "" {
		if err := mark([]string{r.Link}, "link", func(f *field) { f.Inherited = true }); err != nil {
			return nil, err
		}
	}
	steps := []struct {
		names []string
		what  string
		set   func(*field)
	}{
		{r.Assigned, "assigned", func(f *field) { f.Assigned = true }},
		{r.ReadOnly, "read-only", func(f *field) { f.ReadOnly = true }},
		{r.Inherited, "inherited", func(f *field) { f.Inherited = true }},
		{r.Natural, "natural-key", func(f *field) { f.Natural = true }},
		{r.Personal, "personal", func(f *field) { f.Personal = true }},
	}
	for _, s := range steps {
		if err := mark(s.names, s.what, s.set); err != nil {
			return nil, err
		}
	}
	for i := range m.Fields {
		if contains(tracked, m.Fields[i].Name) {
			m.Fields[i].ReadOnly = true
		}
	}
	return m, nil
}
