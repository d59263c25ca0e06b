package hubspot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// HubSpot's search limits.
const (
	searchPageSize = 200
	searchCap      = 10000 // results one query can page through
	inValuesMax    = 100   // values in one IN filter
)

// filter is one search filter.
type filter struct {
	PropertyName string   `json:"propertyName"`
	Operator     string   `json:"operator"`
	Value        string   `json:"value,omitempty"`
	Values       []string `json:"values,omitempty"`
}

type sortRule struct {
	PropertyName string `json:"propertyName"`
	Direction    string `json:"direction"`
}

// searchQuery is the body of POST /crm/v3/objects/{type}/search.
type searchQuery struct {
	FilterGroups []filterGroup `json:"filterGroups"`
	Sorts        []sortRule    `json:"sorts,omitempty"`
	Properties   []string      `json:"properties"`
	Limit        int           `json:"limit"`
	After        string        `json:"after,omitempty"`
}

type filterGroup struct {
	Filters []filter `json:"filters"`
}

// searchPage runs one page of q. next is "" after the last page; capped
// reports that the next page would pass HubSpot's 10,000-result cap,
// which a reader gets round by starting a new query.
func (c *conn) searchPage(ctx context.Context, e *entity, q searchQuery) (objs []*wireObject, next string, capped bool, err error) {
	body, err := json.Marshal(q)
	if err != nil {
		return nil, "", false, err
	}
	resp, err := c.search.Do(ctx, &httpx.Request{Method: http.MethodPost, Path: e.path("search"), Body: body, Idempotent: true})
	if err != nil {
		return nil, "", false, err
	}
	var v struct {
		Results []*wireObject `json:"results"`
		Paging  *struct {
			Next *struct {
				After string `json:"after"`
			} `json:"next"`
		} `json:"paging"`
	}
	if err := json.Unmarshal(resp.Body, &v); err != nil {
		return nil, "", false, fmt.Errorf("decoding a search answer of %s: %w", e.Type, err)
	}
	if v.Paging != nil && v.Paging.Next != nil {
		next = v.Paging.Next.After
	}
	if n, err := strconv.Atoi(next); err == nil && n >= searchCap {
		return v.Results, "", true, nil
	}
	return v.Results, next, false, nil
}

// searchAll runs q through all its pages (lookups: a handful of results).
func (c *conn) searchAll(ctx context.Context, e *entity, q searchQuery) ([]*wireObject, error) {
	var out []*wireObject
	for {
		objs, next, capped, err := c.searchPage(ctx, e, q)
		if err != nil {
			return nil, err
		}
		out = append(out, objs...)
		if capped {
			return nil, fmt.Errorf("a search of %s found more than %d objects; narrow it", e.Type, searchCap)
		}
		if next == "" {
			return out, nil
		}
		q.After = next
	}
}
