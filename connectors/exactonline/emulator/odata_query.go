package emulator

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// query holds the parsed OData system query options of one request.
type query struct {
	filter    fnode
	selects   []string            // top-level properties; nil = all
	navSelect map[string][]string // nav → selected line properties; nil entry = all
	expand    map[string]bool
	orderBy   []orderKey
	top       int // -1 = none
	skiptoken string
	raw       url.Values
}

type orderKey struct {
	field string
	t     vtype
	desc  bool
}

// knownOptions are the system query options the emulator understands; any
// other $option is an error, as it is for Exact's OData provider.
var knownOptions = map[string]bool{"$filter": true, "$select": true, "$expand": true, "$orderby": true,
	"$top": true, "$skiptoken": true, "$format": true}

// parseQuery reads the query options against def; lineDef (may be nil) is
// the field table of the entity's line collection, named nav.
func parseQuery(values url.Values, def *genEndpoint, nav string, lineDef *genEndpoint) (*query, error) {
	q := &query{top: -1, raw: values, expand: map[string]bool{}}
	for k := range values {
		if strings.HasPrefix(k, "$") && !knownOptions[k] {
			return nil, badRequest("The query parameter '%s' is not supported.", k)
		}
	}
	if f := values.Get("$format"); f != "" && f != "json" {
		return nil, badRequest("$format '%s' is not supported; use json", f)
	}
	if s := values.Get("$filter"); strings.TrimSpace(s) != "" {
		n, err := parseFilter(s, def)
		if err != nil {
			return nil, err
		}
		q.filter = n
	}
	if s := values.Get("$expand"); s != "" {
		for _, e := range strings.Split(s, ",") {
			e = strings.TrimSpace(e)
			if e != nav || nav == "" {
				return nil, badRequest("$expand: '%s' is not an expandable collection of this entity", e)
			}
			q.expand[e] = true
		}
	}
	if s := values.Get("$select"); s != "" && strings.TrimSpace(s) != "*" {
		if err := q.parseSelect(s, def, nav, lineDef); err != nil {
			return nil, err
		}
	}
	if s := values.Get("$orderby"); s != "" {
		if err := q.parseOrderBy(s, def); err != nil {
			return nil, err
		}
	}
	if s := values.Get("$top"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return nil, badRequest("$top: '%s' is not a non-negative integer", s)
		}
		q.top = n
	}
	if s := values.Get("$skiptoken"); s != "" {
		g, ok := parseSkipToken(s)
		if !ok {
			return nil, badRequest("$skiptoken: '%s' is not of the form guid'…'", s)
		}
		q.skiptoken = g
	}
	return q, nil
}

func parseSkipToken(s string) (string, bool) {
	if !strings.HasPrefix(strings.ToLower(s), "guid'") || !strings.HasSuffix(s, "'") || len(s) < 7 {
		return "", false
	}
	return parseGUID(s[5 : len(s)-1])
}

func (q *query) parseSelect(s string, def *genEndpoint, nav string, lineDef *genEndpoint) error {
	q.navSelect = map[string][]string{}
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if head, tail, ok := strings.Cut(name, "/"); ok {
			if head != nav || lineDef == nil || !q.expand[head] {
				return badRequest("$select: '%s' needs '%s' in $expand", name, head)
			}
			if _, ok := lineDef.field(tail); !ok {
				return badRequest("$select: no property '%s' exists on %s", tail, head)
			}
			q.navSelect[head] = append(q.navSelect[head], tail)
			if !contains(q.selects, head) {
				q.selects = append(q.selects, head)
			}
			continue
		}
		if _, ok := def.field(name); !ok {
			return badRequest("$select: no property '%s' exists", name)
		}
		if !contains(q.selects, name) {
			q.selects = append(q.selects, name)
		}
	}
	return nil
}

func (q *query) parseOrderBy(s string, def *genEndpoint) error {
	for _, part := range strings.Split(s, ",") {
		words := strings.Fields(part)
		if len(words) == 0 || len(words) > 2 {
			return badRequest("$orderby: cannot parse '%s'", strings.TrimSpace(part))
		}
		f, ok := def.field(words[0])
		if !ok {
			return badRequest("$orderby: no property '%s' exists", words[0])
		}
		vt, ok := edmVType(f.Type)
		if !ok {
			return badRequest("$orderby: property '%s' cannot be ordered on", words[0])
		}
		k := orderKey{field: f.Name, t: vt}
		if len(words) == 2 {
			switch strings.ToLower(words[1]) {
			case "asc":
			case "desc":
				k.desc = true
			default:
				return badRequest("$orderby: expected asc or desc after '%s', got '%s'", words[0], words[1])
			}
		}
		q.orderBy = append(q.orderBy, k)
	}
	return nil
}

// nextLink builds the absolute __next URL: the request's own query with
// $skiptoken set to the last row's key and $top reduced by what was served.
func nextLink(base, path string, values url.Values, lastID string, served int) string {
	keys := make([]string, 0, len(values))
	for k := range values {
		if k != "$skiptoken" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(base + path + "?")
	for _, k := range keys {
		v := values.Get(k)
		if k == "$top" {
			if n, err := strconv.Atoi(v); err == nil {
				v = strconv.Itoa(n - served)
			}
		}
		b.WriteString(queryEscape(k) + "=" + queryEscape(v) + "&")
	}
	b.WriteString("$skiptoken=guid'" + lastID + "'")
	return b.String()
}

// queryEscape escapes like Exact's links do: OData punctuation ($ ' , ( ) :)
// stays readable, spaces become %20.
func queryEscape(s string) string {
	e := url.QueryEscape(s)
	r := strings.NewReplacer("%24", "$", "%27", "'", "%2C", ",", "%28", "(", "%29", ")", "%3A", ":", "+", "%20")
	return r.Replace(e)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
