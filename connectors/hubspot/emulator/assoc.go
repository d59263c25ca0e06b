package emulator

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// assocType is a HubSpot-defined association type between two object
// types. Each has an inverse in the other direction; creating one creates
// both.
type assocType struct {
	ID       int
	From, To string // type names
	Label    string // "" for an unlabeled type (JSON null)
	Name     string // the v3 name: "contact_to_company"
	Inverse  int
	Default  bool // what the "default" endpoints create
	Primary  bool
	category string
}

// assocTypes are the HubSpot-defined types between the emulated objects
// (ids from HubSpot's association type table).
var assocTypes = func() map[int]*assocType {
	list := []assocType{
		{ID: 279, From: "contacts", To: "companies", Name: "contact_to_company_unlabeled", Inverse: 280, Default: true},
		{ID: 280, From: "companies", To: "contacts", Name: "company_to_contact_unlabeled", Inverse: 279, Default: true},
		{ID: 1, From: "contacts", To: "companies", Label: "Primary", Name: "contact_to_company", Inverse: 2, Primary: true},
		{ID: 2, From: "companies", To: "contacts", Label: "Primary", Name: "company_to_contact", Inverse: 1, Primary: true},
		{ID: 3, From: "deals", To: "contacts", Name: "deal_to_contact", Inverse: 4, Default: true},
		{ID: 4, From: "contacts", To: "deals", Name: "contact_to_deal", Inverse: 3, Default: true},
		{ID: 341, From: "deals", To: "companies", Name: "deal_to_company_unlabeled", Inverse: 342, Default: true},
		{ID: 342, From: "companies", To: "deals", Name: "company_to_deal_unlabeled", Inverse: 341, Default: true},
		{ID: 5, From: "deals", To: "companies", Label: "Primary", Name: "deal_to_company", Inverse: 6, Primary: true},
		{ID: 6, From: "companies", To: "deals", Label: "Primary", Name: "company_to_deal", Inverse: 5, Primary: true},
		{ID: 19, From: "deals", To: "line_items", Name: "deal_to_line_item", Inverse: 20, Default: true},
		{ID: 20, From: "line_items", To: "deals", Name: "line_item_to_deal", Inverse: 19, Default: true},
	}
	m := map[int]*assocType{}
	for i := range list {
		list[i].category = "HUBSPOT_DEFINED"
		m[list[i].ID] = &list[i]
	}
	return m
}()

// defaultAssocType is the type the default endpoints create from one type
// to another; nil when the pair has none.
func defaultAssocType(from, to string) *assocType {
	for _, at := range assocTypes {
		if at.From == from && at.To == to && at.Default {
			return at
		}
	}
	return nil
}

// pairTypes lists the types from one object type to another, by id.
func pairTypes(from, to string) []*assocType {
	var out []*assocType
	for _, at := range assocTypes {
		if at.From == from && at.To == to {
			out = append(out, at)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// node is one object in the association graph.
type node struct {
	Type string
	ID   int64
}

// assocStore holds the association types in place between objects, in
// both directions.
type assocStore struct {
	links map[node]map[node]map[int]bool
}

func newAssocStore() *assocStore { return &assocStore{links: map[node]map[node]map[int]bool{}} }

func (s *assocStore) add(from, to node, typeID int) {
	if s.links[from] == nil {
		s.links[from] = map[node]map[int]bool{}
	}
	if s.links[from][to] == nil {
		s.links[from][to] = map[int]bool{}
	}
	s.links[from][to][typeID] = true
}

// remove drops every type between from and to, both directions.
func (s *assocStore) remove(from, to node) bool {
	_, found := s.links[from][to]
	delete(s.links[from], to)
	delete(s.links[to], from)
	return found
}

// types returns the type ids from one object to another, ascending.
func (s *assocStore) types(from, to node) []int {
	var out []int
	for id := range s.links[from][to] {
		out = append(out, id)
	}
	sort.Ints(out)
	return out
}

// targets lists the ids of the objects of type to that from (type, id)
// is associated with, ascending.
func (s *assocStore) targets(fromType string, id int64, to string) []int64 {
	var out []int64
	for n := range s.links[node{fromType, id}] {
		if n.Type == to {
			out = append(out, n.ID)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// assocInput is an association in a create body:
// {"to": {"id": "123"}, "types": [{"associationCategory", "associationTypeId"}]}.
type assocInput struct {
	To struct {
		ID string `json:"id"`
	} `json:"to"`
	Types []assocSpec `json:"types"`
}

type assocSpec struct {
	Category string `json:"associationCategory"`
	TypeID   int    `json:"associationTypeId"`
}

// link is a checked association to make.
type link struct {
	to      *objectType
	toID    int64
	typeIDs []int
}

// resolveAssocInputs checks a create body's associations: the types must
// start at t, agree on their target type and name a live target.
func (tx *txn) resolveAssocInputs(t *objectType, in []assocInput) ([]link, error) {
	var out []link
	deals := 0
	for i, a := range in {
		if len(a.Types) == 0 {
			return nil, badRequest("associations[%d].types: at least one association type is required", i)
		}
		var to string
		var ids []int
		for _, spec := range a.Types {
			at := assocTypes[spec.TypeID]
			if at == nil || at.From != t.Name || !strings.EqualFold(spec.Category, at.category) {
				return nil, badRequest("associations[%d]: %s association type %d is not valid from %s", i, spec.Category, spec.TypeID, t.Name)
			}
			if to != "" && to != at.To {
				return nil, badRequest("associations[%d]: the types point to different object types", i)
			}
			to = at.To
			ids = append(ids, at.ID)
		}
		tt := lookupType(to)
		id, err := strconv.ParseInt(a.To.ID, 10, 64)
		if err != nil || tx.table(tt).live(id) == nil {
			return nil, badRequest("associations[%d]: %s %s does not exist", i, tt.Singular, a.To.ID)
		}
		// The new object has no links yet (id 0 stands for it).
		if err := tx.checkSingleDeal(node{t.Name, 0}, node{tt.Name, id}); err != nil {
			return nil, err
		}
		if t.Name == "line_items" && tt.Name == "deals" {
			deals++
		}
		out = append(out, link{tt, id, ids})
	}
	if deals > 1 {
		return nil, badRequest("associations: a line item can be associated with one deal only, got %d", deals)
	}
	return out, nil
}

// associate adds association types (and their inverses) between two live
// objects. A line item may belong to one deal only.
func (tx *txn) associate(from *objectType, fromID int64, to *objectType, toID int64, typeIDs []int) error {
	a, b := node{from.Name, fromID}, node{to.Name, toID}
	if err := tx.checkSingleDeal(a, b); err != nil {
		return err
	}
	for _, id := range typeIDs {
		at := assocTypes[id]
		if at == nil || at.From != from.Name || at.To != to.Name {
			return badRequest("association type %d does not go from %s to %s", id, from.Name, to.Name)
		}
		if tx.p.assoc.links[a][b][id] {
			continue
		}
		tx.p.assoc.add(a, b, id)
		tx.p.assoc.add(b, a, at.Inverse)
		tx.changed = true
		inv := assocTypes[at.Inverse]
		tx.emit(hookEvent{Type: from, Kind: "associationChange", ObjectID: fromID, To: toID,
			AssocName: assocEventName(at), Primary: at.Primary})
		tx.emit(hookEvent{Type: to, Kind: "associationChange", ObjectID: toID, To: fromID,
			AssocName: assocEventName(inv), Primary: inv.Primary})
	}
	return nil
}

func (tx *txn) checkSingleDeal(a, b node) error {
	item, deal := a, b
	if a.Type == "deals" {
		item, deal = b, a
	}
	if item.Type != "line_items" || deal.Type != "deals" {
		return nil
	}
	for _, other := range tx.p.assoc.targets("line_items", item.ID, "deals") {
		if other != deal.ID && tx.table(lookupType("deals")).live(other) != nil {
			return errf(http.StatusBadRequest, catValidation,
				"line item %d already belongs to deal %d; a line item can be associated with one deal only", item.ID, other)
		}
	}
	return nil
}

// dissociate removes every association between two objects.
func (tx *txn) dissociate(from *objectType, fromID int64, to *objectType, toID int64) {
	if tx.p.assoc.remove(node{from.Name, fromID}, node{to.Name, toID}) {
		tx.changed = true
		tx.emit(hookEvent{Type: from, Kind: "associationChange", ObjectID: fromID, To: toID, Removed: true,
			AssocName: strings.ToUpper(from.Singular + "_to_" + to.Singular)})
		tx.emit(hookEvent{Type: to, Kind: "associationChange", ObjectID: toID, To: fromID, Removed: true,
			AssocName: strings.ToUpper(to.Singular + "_to_" + from.Singular)})
	}
}

// assocEventName is the associationType of a webhook event:
// CONTACT_TO_COMPANY, without the "_unlabeled" of the v3 type name.
func assocEventName(at *assocType) string {
	return strings.ToUpper(strings.TrimSuffix(at.Name, "_unlabeled"))
}

// typeViews renders the types between two objects for v4 reads.
func typeViews(ids []int) []map[string]any {
	out := make([]map[string]any, 0, len(ids))
	for _, id := range ids {
		at := assocTypes[id]
		var label any
		if at.Label != "" {
			label = at.Label
		}
		out = append(out, map[string]any{"category": at.category, "typeId": at.ID, "label": label})
	}
	return out
}

func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%q is not an object id", s)
	}
	return id, nil
}
