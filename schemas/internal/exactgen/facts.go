package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// facts is the shape of exact-online-entities.facts.json: per endpoint its
// URI, verbs, reference page and fields with Edm type and flags.
type facts struct {
	Endpoints []endpoint `json:"endpoints"`
}

type endpoint struct {
	URI          string   `json:"uri"`
	Methods      []string `json:"methods"`
	ReferenceDoc string   `json:"referenceDoc"`
	APIType      string   `json:"apiType"`
	Key          string   `json:"keyPerDotnetSdk"`
	Fields       []fact   `json:"fields"`
}

type fact struct {
	Name      string `json:"name"`
	Type      string `json:"type"`
	Mandatory bool   `json:"mandatory"`
	ReadOnly  bool   `json:"readOnlyPerDotnetSdk"`
}

// uriPrefix is cut from every endpoint URI so that the entity table can name
// endpoints the way the Exact reference does ("salesorder/SalesOrders").
const uriPrefix = "/api/v1/{division}/"

// short returns the endpoint URI without the /api/v1/{division}/ prefix.
func (e *endpoint) short() string { return strings.TrimPrefix(e.URI, uriPrefix) }

// writable reports whether the endpoint accepts POST, which is what makes
// "mandatory" mean "the client must supply it".
func (e *endpoint) writable() bool {
	for _, m := range e.Methods {
		if m == "POST" || m == "PUT" {
			return true
		}
	}
	return false
}

func (e *endpoint) allows(method string) bool {
	for _, m := range e.Methods {
		if m == method {
			return true
		}
	}
	return false
}

func (e *endpoint) field(name string) (fact, bool) {
	for _, f := range e.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return fact{}, false
}

// readFacts loads the facts file and indexes its endpoints by short URI.
func readFacts(path string) (map[string]*endpoint, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f facts
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(f.Endpoints) == 0 {
		return nil, fmt.Errorf("%s: no endpoints", path)
	}
	byURI := make(map[string]*endpoint, len(f.Endpoints))
	for i := range f.Endpoints {
		e := &f.Endpoints[i]
		byURI[e.short()] = e
	}
	return byURI, nil
}
