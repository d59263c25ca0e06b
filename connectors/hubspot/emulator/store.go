package emulator

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// object is one CRM record. Props holds the stored text of each property
// that has a value; a property without a value is absent.
type object struct {
	ID         int64             `json:"id"`
	Props      map[string]string `json:"properties"`
	CreatedAt  time.Time         `json:"createdAt"`
	UpdatedAt  time.Time         `json:"updatedAt"`
	ArchivedAt time.Time         `json:"archivedAt,omitzero"`
}

func (o *object) archived() bool { return !o.ArchivedAt.IsZero() }

func (o *object) idText() string { return strconv.FormatInt(o.ID, 10) }

// table holds the objects of one type and the indexes of its unique
// properties over live objects.
type table struct {
	typ    *objectType
	rows   map[int64]*object
	ids    []int64                     // ascending; new ids are always larger
	unique map[string]map[string]int64 // property → folded value → id
}

func newTable(t *objectType) *table {
	return &table{typ: t, rows: map[int64]*object{}, unique: map[string]map[string]int64{}}
}

func (t *table) insert(o *object) {
	t.rows[o.ID] = o
	if n := len(t.ids); n == 0 || t.ids[n-1] < o.ID {
		t.ids = append(t.ids, o.ID)
		return
	}
	i := sort.Search(len(t.ids), func(i int) bool { return t.ids[i] >= o.ID })
	t.ids = append(t.ids[:i], append([]int64{o.ID}, t.ids[i:]...)...)
}

// live returns the object with id unless it is archived.
func (t *table) live(id int64) *object {
	if o := t.rows[id]; o != nil && !o.archived() {
		return o
	}
	return nil
}

// fold is the form unique values are compared in: HubSpot treats e-mail
// addresses and unique values case-insensitively.
func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// byUnique finds the live object whose unique property prop holds v.
func (t *table) byUnique(prop, v string) *object {
	if prop == "hs_object_id" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil
		}
		return t.live(id)
	}
	if id, ok := t.unique[prop][fold(v)]; ok {
		return t.live(id)
	}
	return nil
}

// index records o's values of the unique properties props; unindex
// forgets them (before a change or an archive).
func (t *table) index(o *object, props []string) {
	for _, p := range props {
		v := o.Props[p]
		if v == "" {
			continue
		}
		if t.unique[p] == nil {
			t.unique[p] = map[string]int64{}
		}
		t.unique[p][fold(v)] = o.ID
	}
}

func (t *table) unindex(o *object, props []string) {
	for _, p := range props {
		if v := o.Props[p]; v != "" && t.unique[p][fold(v)] == o.ID {
			delete(t.unique[p], fold(v))
		}
	}
}

// portalInfo describes the emulated HubSpot account.
type portalInfo struct {
	ID       int64  `json:"id"`
	TimeZone string `json:"timeZone"`
	Domain   string `json:"domain"`
	Currency string `json:"currency"`
}

// portal is the whole data of the emulated account.
type portal struct {
	info      portalInfo
	loc       *time.Location
	seq       int64 // last object id handed out, over all types
	eventSeq  int64 // last webhook event id
	subSeq    int64 // last webhook subscription id
	tables    map[string]*table
	props     map[string]*propertySet
	pipelines []*pipeline
	assoc     *assocStore
	hooks     map[int64]*appHooks // webhook settings by app id
}

func newPortal(info portalInfo) (*portal, error) {
	loc, err := time.LoadLocation(info.TimeZone)
	if err != nil {
		return nil, err
	}
	p := &portal{info: info, loc: loc, tables: map[string]*table{}, props: newPropertySets(),
		assoc: newAssocStore(), hooks: map[int64]*appHooks{}}
	for _, t := range objectTypes {
		p.tables[t.Name] = newTable(t)
	}
	p.setPipelines(defaultPipelines())
	return p, nil
}

// uniqueProps lists the properties of type t whose values are unique,
// hs_object_id aside (it is the id).
func (p *portal) uniqueProps(t *objectType) []string {
	var out []string
	for _, d := range p.props[t.Name].list() {
		if d.unique(t) && d.Name != "hs_object_id" {
			out = append(out, d.Name)
		}
	}
	return out
}

// rebuildIndexes recomputes the unique indexes of every table, after a
// load or a change of definitions.
func (p *portal) rebuildIndexes() {
	for _, t := range objectTypes {
		tb := p.tables[t.Name]
		tb.unique = map[string]map[string]int64{}
		props := p.uniqueProps(t)
		for _, id := range tb.ids {
			if o := tb.rows[id]; !o.archived() {
				tb.index(o, props)
			}
		}
	}
}
