package emulator

import (
	"net/http"
	"regexp"
	"strings"
)

// crmPath is a parsed /crm/ path.
type crmPath struct {
	kind     string // list, object, search, batch, properties, pipelines, assoc, assocBatch, assocLabels
	typ, to  *objectType
	rawType  string // the type segments as written, for unknown types
	rawTo    string
	id, toID string
	op       string // batch operation; property name or pipeline id
	dflt     bool   // the v4 "default" association endpoints
}

// versioned matches the date-versioned prefix (/crm/objects/2026-03/…),
// which carries the same operations as /crm/v3/objects/.
var versioned = regexp.MustCompile(`^/crm/objects/\d{4}-\d{2}/`)

// parseCRM splits a /crm/ path; ok is false for paths the emulator does
// not serve.
func parseCRM(path string) (crmPath, bool) {
	if loc := versioned.FindStringIndex(path); loc != nil {
		path = "/crm/v3/objects/" + path[loc[1]:]
	}
	s := strings.Split(strings.Trim(path, "/"), "/")
	if len(s) < 4 || s[0] != "crm" {
		return crmPath{}, false
	}
	p := crmPath{rawType: s[3], typ: lookupType(s[3])}
	switch ver, area, rest := s[1], s[2], s[4:]; {
	case ver == "v3" && area == "objects":
		switch {
		case len(rest) == 0:
			p.kind = "list"
		case len(rest) == 1 && rest[0] == "search":
			p.kind = "search"
		case len(rest) == 2 && rest[0] == "batch":
			p.kind, p.op = "batch", rest[1]
		case len(rest) == 1:
			p.kind, p.id = "object", rest[0]
		default:
			return p, false
		}
	case ver == "v3" && (area == "properties" || area == "pipelines") && len(rest) <= 1:
		p.kind = area
		if len(rest) == 1 {
			p.op = rest[0]
		}
	case ver == "v4" && area == "objects" && len(rest) >= 3 && rest[1] == "associations":
		p.kind, p.id = "assoc", rest[0]
		rest = rest[2:]
		if rest[0] == "default" && len(rest) == 3 {
			p.dflt, rest = true, rest[1:]
		}
		p.rawTo, p.to = rest[0], lookupType(rest[0])
		switch len(rest) {
		case 1:
		case 2:
			p.toID = rest[1]
		default:
			return p, false
		}
	case ver == "v4" && area == "associations" && len(rest) >= 2:
		p.rawTo, p.to = rest[0], lookupType(rest[0])
		switch tail := strings.Join(rest[1:], "/"); tail {
		case "labels":
			p.kind = "assocLabels"
		case "batch/create", "batch/read", "batch/archive", "batch/associate/default":
			p.kind, p.op = "assocBatch", strings.TrimPrefix(tail, "batch/")
		default:
			return p, false
		}
	default:
		return p, false
	}
	return p, true
}

// template is the route counters and fault scopes use: ids replaced by
// placeholders and type ids ("0-1") spelled by name.
func (p crmPath) template() string {
	typ, to := p.rawType, p.rawTo
	if p.typ != nil {
		typ = p.typ.Name
	}
	if p.to != nil {
		to = p.to.Name
	}
	switch p.kind {
	case "list":
		return "/crm/v3/objects/" + typ
	case "search":
		return "/crm/v3/objects/" + typ + "/search"
	case "batch":
		return "/crm/v3/objects/" + typ + "/batch/" + p.op
	case "object":
		return "/crm/v3/objects/" + typ + "/{id}"
	case "properties", "pipelines":
		out := "/crm/v3/" + p.kind + "/" + typ
		if p.op != "" {
			out += map[string]string{"properties": "/{propertyName}", "pipelines": "/{pipelineId}"}[p.kind]
		}
		return out
	case "assoc":
		out := "/crm/v4/objects/" + typ + "/{id}/associations/"
		if p.dflt {
			out += "default/"
		}
		out += to
		if p.toID != "" {
			out += "/{toId}"
		}
		return out
	case "assocLabels":
		return "/crm/v4/associations/" + typ + "/" + to + "/labels"
	case "assocBatch":
		return "/crm/v4/associations/" + typ + "/" + to + "/batch/" + p.op
	}
	return ""
}

// endpointRoute normalises a request path for counters and faults, e.g.
// "/crm/v3/objects/0-1/1001" to "/crm/v3/objects/contacts/{id}". Tokens in
// introspection paths are replaced so they never show in counts.
func endpointRoute(path string) string {
	if p, ok := parseCRM(path); ok {
		return p.template()
	}
	if strings.HasPrefix(path, "/oauth/v1/access-tokens/") {
		return "/oauth/v1/access-tokens/{token}"
	}
	if rest, ok := strings.CutPrefix(path, "/webhooks/v3/"); ok {
		s := strings.Split(rest, "/")
		out := "/webhooks/v3/{appId}"
		if len(s) > 1 {
			out += "/" + s[1]
		}
		if len(s) > 2 {
			out += "/{subscriptionId}"
		}
		return out
	}
	return path
}

// scopes returns the OAuth scopes one of which the call needs.
func (p crmPath) scopes(method string) []string {
	read := method == http.MethodGet || (p.kind == "search") || (p.kind == "batch" && p.op == "read") ||
		(p.kind == "assocBatch" && p.op == "read")
	switch p.kind {
	case "properties", "pipelines":
		if read {
			return append([]string{"crm.schemas." + p.typ.Name + ".read"}, p.typ.readScopes()...)
		}
		return []string{"crm.schemas." + p.typ.Name + ".write"}
	}
	if read {
		return p.typ.readScopes()
	}
	return p.typ.writeScopes()
}
