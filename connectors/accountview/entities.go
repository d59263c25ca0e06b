package accountview

import (
	"fmt"
	"sort"
	"strings"
)

// entity is how the connector reaches one schema entity
// (schemas/accountview/<Name>.schema.json) through the generic
// /accountviewdata endpoint.
type entity struct {
	// Name is the schema entity: Options.Entity "accountview/<Name>".
	Name string
	// BO is the business object code; Table its header table.
	BO, Table string
	// Detail is the detail table nested in the record under its own name
	// (SO_LINE, DJ_LINE, DEL_ADDR); Link is the field a detail row shares
	// with its header row (the header's row id, or SUB_NR).
	Detail, Link string
	// Key is the record's identity (x-key in the schema): the id a create
	// reports and Update names the record by.
	Key string
	// PageKey is the field lastKey pages by (AccountView: SUB_NR for
	// CONTACT, ACCT_NR for LEDGER, REC_ID for ARTICLE, DEL_ADDR and
	// SO_HDR, the row id for the rest).
	PageKey string
	// Insert and Update say which writes the business object takes.
	Insert, Update bool
	// NaturalKeys are the fields other systems match on (x-natural-key).
	NaturalKeys []string
	// Unique is the field whose value identifies one record; a create
	// whose outcome is unknown is verified by it, so a record is never
	// created twice. Empty: such a create stops the run instead.
	Unique string
	// Incremental says the header has CNG_DATE, so reads can resume from
	// a cursor.
	Incremental bool
}

// entities is the connector's whole knowledge of AccountView's business
// objects, one entry per schema.
var entities = []*entity{
	{Name: "debtor", BO: "AR1", Table: "CONTACT", Detail: "DEL_ADDR", Link: "SUB_NR", Key: "SUB_NR", PageKey: "SUB_NR",
		Insert: true, Update: true, NaturalKeys: []string{"MAIL_BUS", "SUB_NR"}, Unique: "SUB_NR", Incremental: true},
	{Name: "delivery_address", BO: "ADDR", Table: "DEL_ADDR", Key: "REC_ID", PageKey: "REC_ID",
		Insert: true, Update: true, Incremental: true},
	{Name: "article", BO: "AK1", Table: "ARTICLE", Key: "REC_ID", PageKey: "REC_ID",
		Insert: true, Update: true, NaturalKeys: []string{"ART_CODE", "EAN_CODE"}, Unique: "ART_CODE", Incremental: true},
	{Name: "article_group", BO: "AG1", Table: "ART_GRP", Key: "AG_CODE", PageKey: "ART_GRP_Id",
		Insert: true, Update: true, NaturalKeys: []string{"AG_CODE"}, Unique: "AG_CODE"},
	{Name: "sales_order", BO: "SO1", Table: "SO_HDR", Detail: "SO_LINE", Link: "SO_HDR_Id", Key: "REC_ID", PageKey: "REC_ID",
		Insert: true, NaturalKeys: []string{"COMMENT1"}, Unique: "COMMENT1", Incremental: true},
	{Name: "journal_entry", BO: "DJ1", Table: "DJ_PAGE", Detail: "DJ_LINE", Link: "DJ_PAGE_Id", Key: "DJ_PAGE_Id", PageKey: "DJ_PAGE_Id",
		Insert: true, Incremental: true},
	{Name: "vat_code", BO: "VA1", Table: "VAT", Key: "VAT_CODE", PageKey: "VAT_Id", NaturalKeys: []string{"VAT_CODE"}},
	{Name: "ledger_account", BO: "GL1", Table: "LEDGER", Key: "ACCT_NR", PageKey: "ACCT_NR", NaturalKeys: []string{"ACCT_NR"}},
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
		names = append(names, e.ref())
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// lookupEntity resolves a schema reference ("accountview/debtor").
func lookupEntity(ref string) (*entity, error) {
	if ref == "" {
		return nil, fmt.Errorf("the block has no schema, so the connector does not know which AccountView business object to use; set schema = \"accountview/<entity>\" (one of %s)", entityNames())
	}
	name, ok := strings.CutPrefix(ref, "accountview/")
	e := entityByName[name]
	if !ok || e == nil {
		return nil, fmt.Errorf("schema %q is not an AccountView entity; use one of %s", ref, entityNames())
	}
	return e, nil
}

// ref is the schema reference, as origins and messages spell it.
func (e *entity) ref() string { return "accountview/" + e.Name }

// field returns a field of the header table, or of the detail table when
// written "SO_LINE.ART_CODE".
func (e *entity) field(name string) (field, bool) {
	if t, f, ok := strings.Cut(name, "."); ok {
		if t != e.Detail {
			return field{}, false
		}
		return tableField(e.Detail, f)
	}
	return tableField(e.Table, name)
}
