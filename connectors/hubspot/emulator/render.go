package emulator

import (
	"net/url"
	"strconv"
	"strings"
)

// objectView is an object as the v3 API renders it. Properties map to
// their text, or to null when asked for and empty.
type objectView struct {
	ID                 string                `json:"id"`
	Properties         map[string]*string    `json:"properties"`
	CreatedAt          string                `json:"createdAt"`
	UpdatedAt          string                `json:"updatedAt"`
	Archived           bool                  `json:"archived"`
	ArchivedAt         string                `json:"archivedAt,omitempty"`
	Associations       map[string]assocGroup `json:"associations,omitempty"`
	New                *bool                 `json:"new,omitempty"`
	ObjectWriteTraceID string                `json:"objectWriteTraceId,omitempty"`
}

// assocGroup is the v3 view of an object's associations with one type.
type assocGroup struct {
	Results []assocRef `json:"results"`
}

type assocRef struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

// selection is what a read asked for: property names (nil: the type's
// defaults) and association target types.
type selection struct {
	props  []string
	assocs []*objectType
}

// listParam reads a comma-separated query parameter that may also repeat
// (properties=a,b&properties=c).
func listParam(q url.Values, name string) []string {
	var out []string
	for _, v := range q[name] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// querySelection reads properties= and associations= of a read. Unknown
// property names are ignored, as HubSpot ignores them; an unknown
// association type is an error.
func querySelection(q url.Values) (selection, error) {
	sel := selection{props: listParam(q, "properties")}
	for _, name := range listParam(q, "associations") {
		t := lookupType(name)
		if t == nil {
			return sel, badRequest("Unknown object type %q in associations; use one of %s", name, strings.Join(typeNames(), ", "))
		}
		sel.assocs = append(sel.assocs, t)
	}
	return sel, nil
}

// view renders o with the selected properties: the requested ones that
// exist (null when empty) plus createdate, the modification date and
// hs_object_id, or the type's defaults when none were requested.
func (tx *txn) view(t *objectType, o *object, sel selection) objectView {
	set := tx.p.props[t.Name]
	names := sel.props
	if len(names) == 0 {
		names = t.Defaults
	}
	props := map[string]*string{}
	for _, name := range append(append([]string(nil), names...), t.systemProps()...) {
		if set.get(name) == nil {
			continue
		}
		if v, ok := o.Props[name]; ok {
			props[name] = &v
		} else {
			props[name] = nil
		}
	}
	v := objectView{ID: o.idText(), Properties: props, CreatedAt: formatTime(o.CreatedAt),
		UpdatedAt: formatTime(o.UpdatedAt), Archived: o.archived()}
	if o.archived() {
		v.ArchivedAt = formatTime(o.ArchivedAt)
	}
	for _, at := range sel.assocs {
		refs := tx.assocRefs(t, o.ID, at)
		if len(refs) == 0 {
			continue
		}
		if v.Associations == nil {
			v.Associations = map[string]assocGroup{}
		}
		v.Associations[at.Name] = assocGroup{Results: refs}
	}
	return v
}

// assocRefs lists o's associations with live objects of type to, one
// entry per type, in the v3 form {"id", "type": "contact_to_company"}.
func (tx *txn) assocRefs(t *objectType, id int64, to *objectType) []assocRef {
	var out []assocRef
	for _, tid := range tx.p.assoc.targets(t.Name, id, to.Name) {
		if tx.table(to).live(tid) == nil {
			continue
		}
		for _, typeID := range tx.p.assoc.types(node{t.Name, id}, node{to.Name, tid}) {
			out = append(out, assocRef{ID: strconv.FormatInt(tid, 10), Type: assocTypes[typeID].Name})
		}
	}
	return out
}

// paging is the paging member of a list: next.after is the cursor of the
// next page and next.link the URL that fetches it.
type paging struct {
	Next *pageNext `json:"next,omitempty"`
}

type pageNext struct {
	After string `json:"after"`
	Link  string `json:"link,omitempty"`
}

// nextLink is the request URL with after replaced.
func nextLink(base, path string, q url.Values, after string) string {
	q2 := url.Values{}
	for k, v := range q {
		q2[k] = v
	}
	q2.Set("after", after)
	return base + path + "?" + q2.Encode()
}
