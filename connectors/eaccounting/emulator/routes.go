package emulator

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// route is one URL shape under /v2 and the operations on it. Visma's
// document names the same parameter differently per method
// (/customerinvoicedrafts/{invoiceDraftId} for GET, …/{customerInvoiceDraftId}
// for PUT); a route joins them under one template, the first in sort order.
type route struct {
	segs     []string // lower-case literal, or "" for a parameter
	template string   // "/v2/customers/{customerId}"
	ops      map[string]*genOperation
}

var routes = buildRoutes()

func buildRoutes() []*route {
	ops := append([]*genOperation(nil), genOperations...)
	sort.Slice(ops, func(i, j int) bool { return ops[i].Path < ops[j].Path })
	byShape := map[string]*route{}
	var out []*route
	for _, op := range ops {
		segs := strings.Split(strings.Trim(op.Path, "/"), "/")
		for i, s := range segs {
			if strings.HasPrefix(s, "{") {
				segs[i] = ""
			} else {
				segs[i] = strings.ToLower(s)
			}
		}
		shape := strings.Join(segs, "/")
		rt := byShape[shape]
		if rt == nil {
			rt = &route{segs: segs, template: "/v2" + op.Path, ops: map[string]*genOperation{}}
			byShape[shape] = rt
			out = append(out, rt)
		}
		rt.ops[op.Method] = op
	}
	// A literal segment beats a parameter: /orders/statistics before
	// /orders/{id}, should such routes ever be served.
	sort.SliceStable(out, func(i, j int) bool { return literals(out[i]) > literals(out[j]) })
	return out
}

func literals(rt *route) int {
	n := 0
	for _, s := range rt.segs {
		if s != "" {
			n++
		}
	}
	return n
}

// matchRoute finds the route of a path below /v2 ("/customers/…") and the
// values of its parameters, unescaped. Routes match case-insensitively.
func matchRoute(rest string) (*route, []string) {
	parts := strings.Split(strings.Trim(rest, "/"), "/")
	for _, rt := range routes {
		if len(rt.segs) != len(parts) {
			continue
		}
		var params []string
		ok := true
		for i, s := range rt.segs {
			switch {
			case s == "":
				p, err := url.PathUnescape(parts[i])
				if err != nil || p == "" {
					ok = false
				}
				params = append(params, p)
			case s != strings.ToLower(parts[i]):
				ok = false
			}
			if !ok {
				break
			}
		}
		if ok {
			return rt, params
		}
	}
	return nil, nil
}

// allow lists the methods of a route for an Allow header.
func (rt *route) allow() string {
	var ms []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		if rt.ops[m] != nil {
			ms = append(ms, m)
		}
	}
	return strings.Join(ms, ", ")
}

// endpointRoute normalises a request path to the route that counters,
// fault scopes and rate limits use: "/v2/customers/{customerId}" for any
// customer, the path itself elsewhere.
func endpointRoute(path string) string {
	rest, ok := cutPrefixFold(path, "/v2/")
	if !ok {
		return path
	}
	if rt, _ := matchRoute(rest); rt != nil {
		return rt.template
	}
	return path
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}
