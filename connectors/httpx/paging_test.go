package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func recs(from, to int) string {
	var parts []string
	for i := from; i < to; i++ {
		parts = append(parts, fmt.Sprintf(`{"n":%d,"KEY":"K%04d"}`, i, i))
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// drain reads the pager to the end and checks records 0..want-1 arrive in
// order.
func drain(t *testing.T, p *Pager, want int) {
	t.Helper()
	ctx := context.Background()
	for i := 0; ; i++ {
		rec, err := p.Next(ctx)
		if errors.Is(err, io.EOF) {
			if i != want {
				t.Fatalf("got %d records, want %d", i, want)
			}
			break
		}
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		var v struct{ N int }
		if err := json.Unmarshal(rec, &v); err != nil || v.N != i {
			t.Fatalf("record %d is %s", i, rec)
		}
	}
	if _, err := p.Next(ctx); !errors.Is(err, io.EOF) {
		t.Errorf("Next after the end: %v, want io.EOF again", err)
	}
}

func pagingServer(t *testing.T, h func(q url.Values, w http.ResponseWriter, r *http.Request)) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h(r.URL.Query(), w, r) }))
	t.Cleanup(srv.Close)
	return srv
}

func TestNextLinkPagerExact(t *testing.T) {
	const total, size = 250, 60
	var srv *httptest.Server
	srv = pagingServer(t, func(q url.Values, w http.ResponseWriter, r *http.Request) {
		if q.Get("$select") != "ID,Code" {
			t.Errorf("next link lost $select: %s", r.URL)
		}
		from, _ := strconv.Atoi(q.Get("$skiptoken"))
		to := min(from+size, total)
		next := ""
		if to < total {
			next = fmt.Sprintf(`,"__next":"%s/api/crm/Accounts?$select=ID,Code&$skiptoken=%d"`, srv.URL, to)
		}
		writeJSON(w, 200, fmt.Sprintf(`{"d":{"results":%s%s}}`, recs(from, to), next))
	})
	c := newEnv().client(t, srv, nil)
	p := NextLinkPager(c, &Request{Path: "crm/Accounts", Query: url.Values{"$select": {"ID,Code"}}}, ODataV2Page)
	drain(t, p, total)
	if p.Pages() != 5 {
		t.Errorf("pages %d, want 5", p.Pages())
	}
}

func TestNextLinkPagerStopsOnLoopAndForeignHost(t *testing.T) {
	for name, next := range map[string]string{"loop": "SELF", "foreign host": "https://elsewhere.example/api/x"} {
		t.Run(name, func(t *testing.T) {
			var srv *httptest.Server
			srv = pagingServer(t, func(q url.Values, w http.ResponseWriter, r *http.Request) {
				n := strings.ReplaceAll(next, "SELF", srv.URL+"/api/same")
				writeJSON(w, 200, fmt.Sprintf(`{"d":{"results":%s,"__next":%q}}`, recs(0, 1), n))
			})
			p := NextLinkPager(newEnv().client(t, srv, nil), &Request{Path: "first"}, ODataV2Page)
			var err error
			for range 10 {
				if _, err = p.Next(context.Background()); err != nil {
					break
				}
			}
			if err == nil || errors.Is(err, io.EOF) {
				t.Fatalf("got %v, want a paging error", err)
			}
		})
	}
}

func TestPageCountPagerVisma(t *testing.T) {
	const total, size = 230, 50
	pages := (total + size - 1) / size
	srv := pagingServer(t, func(q url.Values, w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(q.Get("$page"))
		if q.Get("$pagesize") != "50" {
			t.Errorf("page size lost: %s", r.URL)
		}
		from := (page - 1) * size
		writeJSON(w, 200, fmt.Sprintf(`{"Meta":{"CurrentPage":%d,"PageSize":50,"TotalNumberOfPages":%d,"TotalNumberOfResults":%d,"ServerTimeUtc":"2026-03-02T09:00:00Z"},"Data":%s}`,
			page, pages, total, recs(from, min(from+size, total))))
	})
	p := PageCountPager(newEnv().client(t, srv, nil), &Request{Path: "customers", Query: url.Values{"$pagesize": {"50"}}}, "$page", 1, VismaPage)
	drain(t, p, total)
	if p.Pages() != pages {
		t.Errorf("pages %d, want %d", p.Pages(), pages)
	}
}

func TestPageCountPagerEmptyCollection(t *testing.T) {
	srv := pagingServer(t, func(q url.Values, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"Meta":{"TotalNumberOfPages":0},"Data":[]}`)
	})
	drain(t, PageCountPager(newEnv().client(t, srv, nil), &Request{Path: "x"}, "$page", 1, VismaPage), 0)
}

func TestCursorPagerHubSpot(t *testing.T) {
	const total, size = 95, 10
	srv := pagingServer(t, func(q url.Values, w http.ResponseWriter, r *http.Request) {
		from := 0
		if a := q.Get("after"); a != "" {
			from, _ = strconv.Atoi(strings.TrimPrefix(a, "cur-"))
		}
		to := min(from+size, total)
		paging := ""
		if to < total {
			paging = fmt.Sprintf(`,"paging":{"next":{"after":"cur-%d","link":"?after=cur-%d"}}`, to, to)
		}
		writeJSON(w, 200, fmt.Sprintf(`{"results":%s%s}`, recs(from, to), paging))
	})
	p := CursorPager(newEnv().client(t, srv, nil), &Request{Path: "crm/v3/objects/contacts", Query: url.Values{"limit": {"10"}}}, "after", HubSpotPage)
	drain(t, p, total)
	if p.Pages() != 10 {
		t.Errorf("pages %d, want 10", p.Pages())
	}
}

func TestShortPagePagerAccountView(t *testing.T) {
	for _, total := range []int{23, 21} { // 21 = 3 full pages, then an empty one
		t.Run(strconv.Itoa(total), func(t *testing.T) {
			const size = 7
			srv := pagingServer(t, func(q url.Values, w http.ResponseWriter, r *http.Request) {
				page, _ := strconv.Atoi(q.Get("PageNumber"))
				from := (page - 1) * size
				writeJSON(w, 200, fmt.Sprintf(`{"CONTACT":%s}`, recs(min(from, total), min(from+size, total))))
			})
			q := url.Values{"BusinessObject": {"AR1"}, "PageSize": {"7"}}
			drain(t, ShortPagePager(newEnv().client(t, srv, nil), &Request{Path: "accountviewdata", Query: q}, "PageNumber", 1, size, TablePage("CONTACT")), total)
		})
	}
}

func TestLastKeyPagerAccountView(t *testing.T) {
	const total, size = 40, 9
	srv := pagingServer(t, func(q url.Values, w http.ResponseWriter, r *http.Request) {
		from := 0
		if k := q.Get("lastKey"); k != "" {
			from, _ = strconv.Atoi(strings.TrimPrefix(k, "K"))
			from++
		}
		writeJSON(w, 200, fmt.Sprintf(`{"CONTACT":%s}`, recs(from, min(from+size, total))))
	})
	p := LastKeyPager(newEnv().client(t, srv, nil), &Request{Path: "accountviewdata"}, "lastKey", size, TablePage("CONTACT"), StringField("KEY"))
	drain(t, p, total)
	if p.Pages() != 5 {
		t.Errorf("pages %d, want 5", p.Pages())
	}
}

func TestTablePageSingleObjectAndMissingTable(t *testing.T) {
	parse := TablePage("ARTICLE")
	got, err := parse([]byte(`{"ARTICLE":{"ART_CODE":"A1"}}`))
	if err != nil || len(got) != 1 || string(got[0]) != `{"ART_CODE":"A1"}` {
		t.Errorf("single object: %s, %v", got, err)
	}
	got, err = parse([]byte(`{"OTHER":[]}`))
	if err != nil || len(got) != 0 {
		t.Errorf("missing table: %s, %v", got, err)
	}
}

func TestPagerStopsOnErrorAndCancel(t *testing.T) {
	calls := 0
	p := NewPager(func(ctx context.Context) ([]json.RawMessage, bool, error) {
		calls++
		if calls == 2 {
			return nil, false, errors.New("page 2 broke")
		}
		return []json.RawMessage{json.RawMessage(`{}`)}, true, nil
	})
	ctx := context.Background()
	if _, err := p.Next(ctx); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := p.Next(ctx); err == nil || err.Error() != "page 2 broke" {
			t.Fatalf("got %v", err)
		}
	}
	if calls != 2 {
		t.Errorf("fetched %d times after an error", calls)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := NewPager(p.fetch).Next(cctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	empty := NewPager(func(context.Context) ([]json.RawMessage, bool, error) { return nil, true, nil })
	if _, err := empty.Next(ctx); err == nil || errors.Is(err, io.EOF) {
		t.Errorf("empty page claiming more: %v", err)
	}
}
