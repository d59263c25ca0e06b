package dashboard

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

const chromiumPath = "/usr/bin/chromium"

// browser starts a headless Chromium with a fresh profile. The machine has
// no internet: every background download and sync is switched off so the
// browser does not fill the log with failed connections. Without Chromium
// the test is skipped on a developer's machine and fails under CI, which
// installs it. scripts counts the dialogs a page opened: a script that got
// through the escaping would open one.
func browser(t *testing.T) (ctx context.Context, scripts *atomic.Int32) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("no Chromium at %s (apt-get install chromium chromium-driver); CI installs it", chromiumPath)
		}
		t.Fatalf("CI is set but Chromium is missing at %s: .ci/run installs it", chromiumPath)
	}
	// The browser lives as long as this context: it bounds the whole test.
	limit, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(chromiumPath), chromedp.UserDataDir(t.TempDir())}
	for _, f := range []string{"headless", "no-sandbox", "disable-gpu", "disable-quic", "no-first-run",
		"disable-background-networking", "disable-component-update", "disable-sync", "disable-dev-shm-usage"} {
		opts = append(opts, chromedp.Flag(f, true))
	}
	actx, acancel := chromedp.NewExecAllocator(limit, opts...)
	t.Cleanup(acancel)
	ctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	scripts = new(atomic.Int32)
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			scripts.Add(1)
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	return ctx, scripts
}

// TestDashboardInChromium walks the dashboard as a consultant would: log
// in, open the pipeline's last run, open a record and read what was sent,
// then fix the cause of a set-aside record and retry it.
func TestDashboardInChromium(t *testing.T) {
	ctx, scripts := browser(t)
	f := newFixture(t)
	h, err := New(Options{
		Source:     &StoreSource{Store: f.store, RetryFunc: f.retry(t)},
		CheckToken: TokenChecker(testToken),
		Schemas:    testSchemas(t),
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	do(t, ctx, "log in",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("token")),
		chromedp.SendKeys(chromedp.ID("token"), testToken),
		chromedp.Click(chromedp.ID("login")),
		chromedp.WaitVisible(chromedp.ID("pipelines")),
	)
	mustShow(t, "the pipelines page", text(t, ctx, chromedp.ID("pipelines")),
		"order_contacts", "read 5 · written 3 · skipped 0 · rejected 2", "2 waiting")
	screenshot(t, ctx, "pipelines")

	do(t, ctx, "open the last run",
		chromedp.Click(chromedp.CSS(`tr[data-pipeline="order_contacts"] a.run`)),
		chromedp.WaitVisible(chromedp.ID("records")),
	)
	mustShow(t, "the run's summary", text(t, ctx, chromedp.ID("summary")), "order_contacts", "ok", "written 3")
	mustShow(t, "the run's records", text(t, ctx, chromedp.ID("records")), "WS-000000", scriptOrder,
		"orders.ndjson:4", "create", "reject", `lookup "country" has no value for "ZZ"`)
	screenshot(t, ctx, "run")

	do(t, ctx, "open a record",
		chromedp.Click(chromedp.CSS(`a.record-link[href*="key=WS-000000"]`)),
		chromedp.WaitVisible(chromedp.CSS(".target-payload")),
	)
	mustShow(t, "the record's source", text(t, ctx, chromedp.CSS(".entry .side")),
		"ndjson", "webshop/order", "WS-000000", "orders.ndjson:1")
	sent := text(t, ctx, chromedp.CSS(".target-payload"))
	mustShow(t, "what was sent", sent, `"email": "***"`, `"firstname": "***"`, `"lastname": "***"`,
		`"country": "France"`, `"website": "https://shop.example/orders/WS-000000"`)
	if strings.Contains(sent, "Lena") || strings.Contains(sent, "lena") {
		t.Errorf("what was sent shows the customer's personal data:\n%s", sent)
	}
	screenshot(t, ctx, "record")

	do(t, ctx, "open the record with markup in its key",
		chromedp.Navigate(srv.URL+"/runs/1"),
		chromedp.WaitVisible(chromedp.ID("records")),
		chromedp.Click(chromedp.CSS(`a.record-link[href*="key=WS-%3cscript"]`)),
		chromedp.WaitVisible(chromedp.CSS(".target-payload")),
	)
	if key := text(t, ctx, chromedp.CSS(".entry .source-key")); key != scriptOrder {
		t.Errorf("the record's key reads %q, want the text %q", key, scriptOrder)
	}

	do(t, ctx, "open a set-aside record",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.Click(chromedp.CSS(`tr[data-pipeline="order_contacts"] a.aside`)),
		chromedp.Click(chromedp.CSS(`tr[data-id="1"] a.record-link`)),
		chromedp.WaitVisible(chromedp.CSS(".source-payload")),
	)
	kept := text(t, ctx, chromedp.CSS(".source-payload"))
	mustShow(t, "the source record kept for the retry", kept, `"order_number": "WS-ZZ-1"`, `"email": "***"`, `"sku": "SKU-1002"`)
	if strings.Contains(kept, "Lena") || strings.Contains(kept, "Keizersgracht") {
		t.Errorf("the source record shows the customer's personal data:\n%s", kept)
	}
	screenshot(t, ctx, "set-aside-record")

	f.fixCountry(t)
	do(t, ctx, "retry the set-aside record",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.Click(chromedp.CSS(`tr[data-pipeline="order_contacts"] a.aside`)),
		chromedp.WaitVisible(chromedp.CSS(`tr[data-id="1"]`)),
		chromedp.Click(chromedp.CSS(`tr[data-id="1"] button.retry`)),
		chromedp.WaitVisible(chromedp.CSS(".result")),
	)
	mustShow(t, "the retry's result", text(t, ctx, chromedp.CSS(".result")), "Retried 2: 1 written, 1 set aside again.")
	left := text(t, ctx, chromedp.ID("set-aside"))
	mustShow(t, "the set-aside list after the retry", left, "orders.ndjson:5")
	if strings.Contains(left, "orders.ndjson:4") {
		t.Errorf("the retried record is still listed:\n%s", left)
	}
	screenshot(t, ctx, "set-aside")
	if n := scripts.Load(); n > 0 {
		t.Errorf("the pages ran a script (%d dialogs)", n)
	}
}

func do(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		t.Fatalf("%s: %v (at %s)", step, err, loc)
	}
}

func text[S chromedp.Selectable](t *testing.T, ctx context.Context, sel S) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatalf("reading %v: %v", sel, err)
	}
	return s
}

func mustShow(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s does not show %q:\n%s", what, w, text)
		}
	}
}

// screenshot keeps a picture of the page when DASHBOARD_SCREENSHOTS names
// a folder, for a person to look at.
func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("DASHBOARD_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
}
