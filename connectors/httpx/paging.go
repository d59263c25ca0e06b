package httpx

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strconv"
)

// PageFunc fetches the next page. It keeps its own position (a next link,
// a page number, a cursor) between calls and reports more=false with the
// last page.
type PageFunc func(ctx context.Context) (records []json.RawMessage, more bool, err error)

// Pager streams the records of a paged collection one at a time, holding
// only the current page.
type Pager struct {
	fetch PageFunc
	page  []json.RawMessage
	more  bool
	err   error
	pages int
}

// NewPager returns a pager over fetch, for paging schemes the ready-made
// strategies below do not cover (HubSpot search sends its cursor in a POST
// body).
func NewPager(fetch PageFunc) *Pager { return &Pager{fetch: fetch, more: true} }

// Next returns the next record, or io.EOF after the last one (and on every
// call after that). An error other than io.EOF ends the stream too.
func (p *Pager) Next(ctx context.Context) (json.RawMessage, error) {
	for len(p.page) == 0 {
		if p.err != nil {
			return nil, p.err
		}
		if !p.more {
			return nil, io.EOF
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		recs, more, err := p.fetch(ctx)
		if err != nil {
			p.err = err
			return nil, err
		}
		p.pages++
		p.page, p.more = recs, more
		if len(recs) == 0 && more {
			// A server that says "more" with an empty page would loop
			// forever; stop with a clear error instead.
			p.err = fmt.Errorf("page %d was empty but claimed more pages", p.pages)
			return nil, p.err
		}
	}
	rec := p.page[0]
	p.page[0] = nil
	p.page = p.page[1:]
	return rec, nil
}

// Pages counts the pages fetched so far.
func (p *Pager) Pages() int { return p.pages }

// NextLinkFunc parses a page whose body names the next page's URL (Exact:
// d.__next). next is "" on the last page.
type NextLinkFunc func(body []byte) (records []json.RawMessage, next string, err error)

// NextLinkPager follows next links from first. The links must stay on the
// client's host (the Client refuses others).
func NextLinkPager(c *Client, first *Request, parse NextLinkFunc) *Pager {
	req := *first
	seen := map[string]bool{}
	return NewPager(func(ctx context.Context) ([]json.RawMessage, bool, error) {
		body, err := fetchPage(ctx, c, &req)
		if err != nil {
			return nil, false, err
		}
		recs, next, err := parse(body)
		if err != nil {
			return nil, false, err
		}
		if next == "" {
			return recs, false, nil
		}
		if seen[next] {
			return nil, false, fmt.Errorf("next link repeats: %s", c.red.URL(next))
		}
		seen[next] = true
		req = Request{Method: first.Method, URL: next, Header: first.Header, Scope: first.Scope}
		return recs, true, nil
	})
}

// PageCountFunc parses a page of a collection that reports its number of
// pages (Visma: Meta.TotalNumberOfPages).
type PageCountFunc func(body []byte) (records []json.RawMessage, totalPages int, err error)

// PageCountPager asks for pages firstPage, firstPage+1, ... in query
// parameter param ("$page") until the reported total is reached.
func PageCountPager(c *Client, first *Request, param string, firstPage int, parse PageCountFunc) *Pager {
	page := firstPage
	return NewPager(func(ctx context.Context) ([]json.RawMessage, bool, error) {
		body, err := fetchPage(ctx, c, withQuery(first, param, strconv.Itoa(page)))
		if err != nil {
			return nil, false, err
		}
		recs, total, err := parse(body)
		if err != nil {
			return nil, false, err
		}
		more := page-firstPage+1 < total
		page++
		return recs, more, nil
	})
}

// CursorFunc parses a page that carries an opaque cursor for the next one
// (HubSpot: paging.next.after). next is "" on the last page.
type CursorFunc func(body []byte) (records []json.RawMessage, next string, err error)

// CursorPager passes each page's cursor in query parameter param
// ("after") for the next.
func CursorPager(c *Client, first *Request, param string, parse CursorFunc) *Pager {
	cursor := ""
	seen := map[string]bool{}
	return NewPager(func(ctx context.Context) ([]json.RawMessage, bool, error) {
		req := first
		if cursor != "" {
			req = withQuery(first, param, cursor)
		}
		body, err := fetchPage(ctx, c, req)
		if err != nil {
			return nil, false, err
		}
		recs, next, err := parse(body)
		if err != nil {
			return nil, false, err
		}
		if next == "" {
			return recs, false, nil
		}
		if seen[next] {
			return nil, false, fmt.Errorf("cursor repeats: %q", next)
		}
		seen[next] = true
		cursor = next
		return recs, true, nil
	})
}

// RecordsFunc parses a page that is just records (AccountView: an object
// keyed by table name); the end shows as a short page.
type RecordsFunc func(body []byte) ([]json.RawMessage, error)

// ShortPagePager asks for pages firstPage, firstPage+1, ... in query
// parameter param ("PageNumber") and stops after a page with fewer than
// pageSize records. The caller puts the page size in first's query.
func ShortPagePager(c *Client, first *Request, param string, firstPage, pageSize int, parse RecordsFunc) *Pager {
	page := firstPage
	return NewPager(func(ctx context.Context) ([]json.RawMessage, bool, error) {
		body, err := fetchPage(ctx, c, withQuery(first, param, strconv.Itoa(page)))
		if err != nil {
			return nil, false, err
		}
		recs, err := parse(body)
		if err != nil {
			return nil, false, err
		}
		page++
		return recs, len(recs) >= pageSize, nil
	})
}

// LastKeyPager pages by key (AccountView: lastKey=<key of the last
// record>): the first request goes without param, each later one with the
// key of the previous page's last record, until a page is shorter than
// pageSize.
func LastKeyPager(c *Client, first *Request, param string, pageSize int, parse RecordsFunc, key func(json.RawMessage) (string, error)) *Pager {
	last := ""
	return NewPager(func(ctx context.Context) ([]json.RawMessage, bool, error) {
		req := first
		if last != "" {
			req = withQuery(first, param, last)
		}
		body, err := fetchPage(ctx, c, req)
		if err != nil {
			return nil, false, err
		}
		recs, err := parse(body)
		if err != nil {
			return nil, false, err
		}
		if len(recs) < pageSize {
			return recs, false, nil
		}
		k, err := key(recs[len(recs)-1])
		if err != nil {
			return nil, false, fmt.Errorf("reading the paging key: %w", err)
		}
		if k == last {
			return nil, false, fmt.Errorf("paging key %q did not advance", k)
		}
		last = k
		return recs, true, nil
	})
}

func fetchPage(ctx context.Context, c *Client, r *Request) ([]byte, error) {
	cp := *r
	resp, err := c.Do(ctx, &cp)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// withQuery copies r with query parameter k set to v.
func withQuery(r *Request, k, v string) *Request {
	cp := *r
	q := url.Values{}
	for key, vs := range r.Query {
		q[key] = vs
	}
	q.Set(k, v)
	cp.Query = q
	return &cp
}
