package httpx

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// ODataV2Page parses Exact Online's list envelope
// {"d":{"results":[...],"__next":"<url>"}}. A body whose d is an array
// (some OData v2 servers) is accepted as a last page.
func ODataV2Page(body []byte) ([]json.RawMessage, string, error) {
	var v struct {
		D json.RawMessage `json:"d"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		return nil, "", fmt.Errorf("OData page: %w", err)
	}
	d := bytes.TrimSpace(v.D)
	if len(d) > 0 && d[0] == '[' {
		var recs []json.RawMessage
		err := json.Unmarshal(d, &recs)
		return recs, "", err
	}
	var page struct {
		Results []json.RawMessage `json:"results"`
		Next    string            `json:"__next"`
	}
	if len(d) == 0 || json.Unmarshal(d, &page) != nil || page.Results == nil {
		return nil, "", fmt.Errorf(`OData page: no "d.results" array`)
	}
	return page.Results, page.Next, nil
}

// VismaPage parses Visma eAccounting's envelope {"Meta":{...,
// "TotalNumberOfPages":n}, "Data":[...]}.
func VismaPage(body []byte) ([]json.RawMessage, int, error) {
	var v struct {
		Meta *struct {
			TotalNumberOfPages int `json:"TotalNumberOfPages"`
		} `json:"Meta"`
		Data []json.RawMessage `json:"Data"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		return nil, 0, fmt.Errorf("visma page: %w", err)
	}
	if v.Meta == nil || v.Data == nil {
		return nil, 0, fmt.Errorf(`visma page: no "Meta" and "Data"`)
	}
	return v.Data, v.Meta.TotalNumberOfPages, nil
}

// HubSpotPage parses HubSpot's {"results":[...],
// "paging":{"next":{"after":"..."}}}.
func HubSpotPage(body []byte) ([]json.RawMessage, string, error) {
	var v struct {
		Results []json.RawMessage `json:"results"`
		Paging  *struct {
			Next *struct {
				After string `json:"after"`
			} `json:"next"`
		} `json:"paging"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		return nil, "", fmt.Errorf("HubSpot page: %w", err)
	}
	if v.Results == nil {
		return nil, "", fmt.Errorf(`HubSpot page: no "results" array`)
	}
	next := ""
	if v.Paging != nil && v.Paging.Next != nil {
		next = v.Paging.Next.After
	}
	return v.Results, next, nil
}

// TablePage parses AccountView's {"<TABLE>":[...]} for table. A single
// object instead of an array (seen when one row matches) counts as one
// record; a missing table as none.
func TablePage(table string) RecordsFunc {
	return func(body []byte) ([]json.RawMessage, error) {
		var v map[string]json.RawMessage
		if err := json.Unmarshal(body, &v); err != nil {
			return nil, fmt.Errorf("%s page: %w", table, err)
		}
		raw := bytes.TrimSpace(v[table])
		switch {
		case len(raw) == 0 || bytes.Equal(raw, []byte("null")):
			return nil, nil
		case raw[0] == '{':
			return []json.RawMessage{raw}, nil
		}
		var recs []json.RawMessage
		if err := json.Unmarshal(raw, &recs); err != nil {
			return nil, fmt.Errorf("%s page: %w", table, err)
		}
		return recs, nil
	}
}

// StringField returns a key function reading a top-level string or number
// field, for LastKeyPager (AccountView: "SUB_NR", "REC_ID").
func StringField(name string) func(json.RawMessage) (string, error) {
	return func(rec json.RawMessage) (string, error) {
		var v map[string]json.RawMessage
		if err := json.Unmarshal(rec, &v); err != nil {
			return "", err
		}
		raw, ok := v[name]
		if !ok {
			return "", fmt.Errorf("record has no field %q", name)
		}
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s, nil
		}
		var n json.Number
		if json.Unmarshal(raw, &n) == nil {
			return n.String(), nil
		}
		return "", fmt.Errorf("field %q is neither a string nor a number", name)
	}
}
