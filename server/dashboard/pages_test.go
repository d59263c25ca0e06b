package dashboard

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/engine/state"
)

func TestPipelinesPageShowsLastRuns(t *testing.T) {
	f := newFixture(t)
	s := serve(t, Options{Source: &StoreSource{Store: f.store}})
	body := s.page("/")
	contains(t, "the pipelines page", body,
		`href="/pipelines/order_contacts"`, `href="/runs/1"`, "status-ok", "read 5 · written 3 · skipped 0 · rejected 2",
		`href="/pipelines/order_contacts/set-aside">2 waiting`)
}

func TestPipelinesFromTheServer(t *testing.T) {
	f := newFixture(t)
	list := func(context.Context) ([]Pipeline, error) {
		return []Pipeline{
			{Name: "order_contacts", File: "/srv/p/contacts.hcl", Schedule: "every 5m", Connections: []string{"ndjson → ndjson"}},
			{Name: "broken", File: "/srv/p/broken.hcl", Diagnostics: []string{"broken.hcl:3:5: Error: Unknown connector"}},
		}, nil
	}
	s := serve(t, Options{Source: &StoreSource{Store: f.store, ListPipelines: list}})
	body := s.page("/")
	contains(t, "the pipelines page", body, "every 5m", "ndjson → ndjson", "/srv/p/contacts.hcl",
		"broken.hcl:3:5: Error: Unknown connector", "does not validate", "never run", `href="/runs/1"`)
	if strings.Index(body, "broken") > strings.Index(body, "order_contacts") {
		t.Error("pipelines are not sorted by name")
	}
	body = s.page("/pipelines/broken")
	contains(t, "a broken pipeline's page", body, "Unknown connector", "No runs yet.")
}

func TestPipelinePageListsRunsPaged(t *testing.T) {
	f := newFixture(t)
	for range 2 {
		if _, err := f.plan(t).Run(context.Background(), f.runOptions()); err != nil {
			t.Fatal(err)
		}
	}
	s := serve(t, Options{Source: &StoreSource{Store: f.store}, PageSize: 2})
	body := s.page("/pipelines/order_contacts")
	contains(t, "page 1 of the runs", body, `href="/runs/3"`, `href="/runs/2"`, `href="?page=2"`)
	lacks(t, "page 1 of the runs", body, `href="/runs/1"`)
	body = s.page("/pipelines/order_contacts?page=2")
	contains(t, "page 2 of the runs", body, `href="/runs/1"`, `href="?page=1"`)
	lacks(t, "page 2 of the runs", body, `href="/runs/3"`, `href="?page=3"`)
	if code, _ := s.get("/pipelines/nope"); code != http.StatusNotFound {
		t.Errorf("an unknown pipeline answers %d, want 404", code)
	}
}

func TestRunPageShowsDecisionsPaged(t *testing.T) {
	f := newFixture(t)
	s := serve(t, Options{Source: &StoreSource{Store: f.store}, PageSize: 3})
	body := s.page("/runs/1")
	contains(t, "the run page", body, "Run 1 of order_contacts", "status-ok", "read 5 · written 3",
		`data-decision="reject"`, "orders.ndjson:5", "invalid JSON", `href="?page=2"`)
	if n := strings.Count(body, `class="record"`); n != 3 {
		t.Errorf("page 1 shows %d records, want 3", n)
	}
	body = s.page("/runs/1?page=2")
	if n := strings.Count(body, `data-decision="create"`); n != 2 {
		t.Errorf("page 2 shows %d created records, want 2", n)
	}
	contains(t, "page 2", body, `href="/record?pipeline=order_contacts&amp;key=WS-000000&amp;entry=1"`)
	for _, path := range []string{"/runs/99", "/runs/x"} {
		if code, _ := s.get(path); code != http.StatusNotFound {
			t.Errorf("GET %s answers %d, want 404", path, code)
		}
	}
}

func TestRecordPageShowsSourceAndMaskedTarget(t *testing.T) {
	f := newFixture(t)
	s := serve(t, Options{Source: &StoreSource{Store: f.store}})
	body := s.page("/record?pipeline=order_contacts&key=WS-000000&entry=1")
	contains(t, "a written record", body, "From the source", "webshop/order", "orders.ndjson:1", "To the target",
		"decision-create", esc(`"email": "***"`), esc(`"firstname": "***"`), esc(`"country": "France"`), `class="entry selected"`,
		`class="payload source-payload"`, esc(`"order_number": "WS-000000"`))
	// The target id is the contact's e-mail here (the file target's key),
	// kept by the activity log as the record's identity; names are not.
	lacks(t, "a written record", body, "Lena", "Müller")

	// The set-aside record: its source record is shown masked by the
	// source schema; the broken line, which cannot be masked, not at all.
	body = s.page("/record?pipeline=order_contacts&key=orders.ndjson:4")
	contains(t, "a set-aside record", body, "Waiting for a retry", `lookup &#34;country&#34; has no value for &#34;ZZ&#34;`,
		esc(`"order_number": "WS-ZZ-1"`), esc(`"email": "***"`), "properties.country")
	lacks(t, "a set-aside record", body, "Lena", "Keizersgracht", "Example.com")
	body = s.page("/record?pipeline=order_contacts&key=orders.ndjson:5")
	contains(t, "the broken line", body, "Not shown: it is not JSON", "invalid JSON")
	lacks(t, "the broken line", body, "secret@example.com")

	if code, _ := s.get("/record?pipeline=order_contacts&key=WS-404"); code != http.StatusNotFound {
		t.Errorf("an unknown record answers %d, want 404", code)
	}
	if code, _ := s.get("/record?pipeline=order_contacts"); code != http.StatusBadRequest {
		t.Errorf("a record without a key answers %d, want 400", code)
	}
}

func TestMarkupInRecordsIsEscaped(t *testing.T) {
	f := newFixture(t)
	alerts := func(context.Context) ([]Alert, error) {
		return []Alert{{At: time.Now(), Pipeline: "order_contacts", RunID: 1, Kind: "rejects", Message: "<img src=x onerror=alert(1)>"}}, nil
	}
	s := serve(t, Options{Source: &StoreSource{Store: f.store, AlertsFunc: alerts}})
	key := url.QueryEscape(scriptOrder)
	pages := map[string]string{
		"the run page":    "/runs/1",
		"the record page": "/record?pipeline=order_contacts&key=" + key,
		"the alerts page": "/alerts",
	}
	for what, path := range pages {
		body := s.page(path)
		lacks(t, what, body, "<script>alert", "<img src=x")
	}
	body := s.page("/record?pipeline=order_contacts&key=" + key)
	contains(t, "the record page", body, `WS-&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`)
	// The link to the record carries the key query-escaped, and it leads
	// back to the record.
	run := s.page("/runs/1")
	contains(t, "the run page", run, "key=WS-%3cscript%3ealert%28%22x%22%29%3c%2fscript%3e")
	contains(t, "the alerts page", s.page("/alerts"), "&lt;img src=x onerror=alert(1)&gt;")
}

func TestRetryFromTheSetAsideList(t *testing.T) {
	f := newFixture(t)
	var calls [][]int64
	retry := f.retry(t)
	src := &StoreSource{Store: f.store, RetryFunc: func(ctx context.Context, p string, ids []int64) (RetryResult, error) {
		calls = append(calls, ids)
		return retry(ctx, p, ids)
	}}
	s := serve(t, Options{Source: src})
	body := s.page("/pipelines/order_contacts/set-aside")
	contains(t, "the set-aside list", body, "orders.ndjson:4", "orders.ndjson:5", `class="retry"`, "Retry all 2")
	f.fixCountry(t)
	code, loc := s.post("/pipelines/order_contacts/set-aside/retry", url.Values{"csrf": {csrf(t, body)}, "id": {"1"}})
	if code != http.StatusSeeOther {
		t.Fatalf("retry answered %d, want 303 (%s)", code, loc)
	}
	if len(calls) != 1 || fmt.Sprint(calls[0]) != "[1]" {
		t.Errorf("retry called with %v, want [[1]]", calls)
	}
	body = s.page(loc)
	contains(t, "the list after the retry", body, "Retried 2: 1 written, 1 set aside again.", "orders.ndjson:5")
	lacks(t, "the list after the retry", body, "orders.ndjson:4")
	aside, err := f.store.SetAside(context.Background(), "order_contacts")
	if err != nil || len(aside) != 1 {
		t.Errorf("the store holds %d set-aside records (%v), want 1", len(aside), err)
	}
}

func TestRetryFailureIsShown(t *testing.T) {
	f := newFixture(t)
	src := &StoreSource{Store: f.store, RetryFunc: func(context.Context, string, []int64) (RetryResult, error) {
		return RetryResult{}, errors.New("the target answered 503 <b>busy</b>")
	}}
	s := serve(t, Options{Source: src})
	token := csrf(t, s.page("/pipelines/order_contacts/set-aside"))
	code, body := s.post("/pipelines/order_contacts/set-aside/retry", url.Values{"csrf": {token}, "id": {"1"}})
	if code != http.StatusBadGateway {
		t.Errorf("a failed retry answers %d, want 502", code)
	}
	contains(t, "a failed retry", body, "The retry failed: the target answered 503 &lt;b&gt;busy&lt;/b&gt;", "orders.ndjson:4")
	code, body = s.post("/pipelines/order_contacts/set-aside/retry", url.Values{"csrf": {token}, "id": {"x"}})
	if code != http.StatusBadRequest {
		t.Errorf("a bad id answers %d, want 400: %s", code, body)
	}
}

func TestWithoutRetryThereIsNoButton(t *testing.T) {
	f := newFixture(t)
	s := serve(t, Options{Source: &StoreSource{Store: f.store}})
	body := s.page("/pipelines/order_contacts/set-aside")
	lacks(t, "the set-aside list", body, `class="retry"`)
	contains(t, "the set-aside list", body, "pipeline retry")
	code, _ := s.post("/pipelines/order_contacts/set-aside/retry", url.Values{"csrf": {csrf(t, body)}, "id": {"1"}})
	if code != http.StatusNotImplemented {
		t.Errorf("retry without a retry function answers %d, want 501", code)
	}
}

func TestAlertsPage(t *testing.T) {
	f := newFixture(t)
	s := serve(t, Options{Source: &StoreSource{Store: f.store}})
	contains(t, "the alerts page without alerts", s.page("/alerts"), "No alerts have been sent.")
	at := time.Date(2026, 11, 23, 6, 0, 0, 0, time.FixedZone("CET", 3600))
	alerts := func(context.Context) ([]Alert, error) {
		return []Alert{{At: at, Pipeline: "order_contacts", RunID: 1, Kind: "failure", Message: "exactonline: 401",
			Channels: []string{"webhook", "smtp"}, Error: "smtp: connection refused"}}, nil
	}
	s = serve(t, Options{Source: &StoreSource{Store: f.store, AlertsFunc: alerts}})
	contains(t, "the alerts page", s.page("/alerts"), "2026-11-23 05:00:00 UTC", `href="/runs/1"`, "exactonline: 401",
		"webhook, smtp", "not delivered: smtp: connection refused")
}

func TestMountedUnderAPath(t *testing.T) {
	f := newFixture(t)
	s := serve(t, Options{Source: &StoreSource{Store: f.store}, BasePath: "/dashboard"})
	body := s.page("/dashboard/")
	contains(t, "the pipelines page", body, `href="/dashboard/style.css"`, `href="/dashboard/runs/1"`)
	contains(t, "a run", s.page("/dashboard/runs/1"), `href="/dashboard/record?pipeline=order_contacts`)
	if code, _ := s.get("/runs/1"); code != http.StatusNotFound {
		t.Errorf("a path outside the mount answers %d, want 404", code)
	}
	code, css := s.get("/dashboard/style.css")
	if code != http.StatusOK || !strings.Contains(css, "table.list") {
		t.Errorf("the style sheet answers %d", code)
	}
}

func TestStoreSourceRun(t *testing.T) {
	f := newFixture(t)
	src := &StoreSource{Store: f.store}
	r, err := src.Run(context.Background(), 1)
	if err != nil || r.Pipeline != "order_contacts" || r.Written != 3 {
		t.Errorf("Run(1) = %+v, %v", r, err)
	}
	if _, err := src.Run(context.Background(), 7); !errors.Is(err, state.ErrNotFound) {
		t.Errorf("Run(7) = %v, want not found", err)
	}
}

func TestSourceErrorsAreShownEscaped(t *testing.T) {
	f := newFixture(t)
	list := func(context.Context) ([]Pipeline, error) {
		return nil, errors.New("catalog <unavailable>")
	}
	s := serve(t, Options{Source: &StoreSource{Store: f.store, ListPipelines: list}})
	code, body := s.get("/")
	if code != http.StatusInternalServerError {
		t.Errorf("a failing source answers %d, want 500", code)
	}
	contains(t, "the error page", body, "catalog &lt;unavailable&gt;", `href="/"`)
}
