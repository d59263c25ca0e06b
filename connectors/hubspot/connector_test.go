package hubspot

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/connectors/hubspot/emulator"
)

func TestSpec(t *testing.T) { conntest.TestSpec(t, Spec()) }

func TestConfigValidate(t *testing.T) {
	for name, c := range map[string]Config{
		"no connection":    {Token: "x"},
		"http elsewhere":   {Connection: "a", BaseURL: "http://api.hubapi.com"},
		"token and client": {Connection: "a", Token: "x", ClientID: "y"},
		"limit too high":   {Connection: "a", CallsPerTenSeconds: 500},
		"bad match_by":     {Connection: "a", MatchBy: "hs sku"},
	} {
		c.Defaults()
		if c.Validate() == nil {
			t.Errorf("%s: no error", name)
		}
	}
	ok := Config{Connection: "a", BaseURL: "http://127.0.0.1:9/", CallsPerTenSeconds: 5000}
	ok.Defaults()
	if err := ok.Validate(); err != nil || ok.AuthURL != "http://127.0.0.1:9/oauth/authorize" {
		t.Errorf("loopback config: %v (auth %s)", err, ok.AuthURL)
	}
}

// Products are read across pages with typed values, and the cursor then
// reads only what changed.
func TestReadPagesTypedAndIncremental(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	bw := f.writer("product", nil)
	for start := 0; start < 230; start += 100 {
		var recs []connectors.Record
		for i := start; i < min(start+100, 230); i++ {
			recs = append(recs, product(fmt.Sprintf("S-%03d", i), fmt.Sprintf("P%d", i), "10.50"))
		}
		if _, err := bw.CreateBatch(context.Background(), recs); err != nil {
			t.Fatal(err)
		}
	}
	f.clock.Advance(time.Minute)
	r := f.reader("product", "", nil)
	recs := readAll(t, r)
	if len(recs) != 234 {
		t.Fatalf("%d products, want 234", len(recs))
	}
	if n := f.count("GET", "/crm/v3/objects/products"); n != 3 {
		t.Errorf("%d list calls, want 3 pages", n)
	}
	p := props(t, recs[0].Raw)
	if fmt.Sprint(p["price"]) != "12.5" || fmt.Sprintf("%T", p["price"]) != "json.Number" || p["hs_sku"] != "WIDGET-001" {
		t.Errorf("first product properties = %v", p)
	}
	if _, err := time.Parse(time.RFC3339, fmt.Sprint(p["createdate"])); err != nil {
		t.Errorf("createdate %v is not RFC 3339", p["createdate"])
	}
	cur := r.Cursor()
	if cur == "" {
		t.Fatal("no cursor after a full read")
	}
	f.clock.Advance(time.Minute)
	w := f.writer("product", nil)
	if err := w.Update(context.Background(), recs[5].Key, product("S-001", "Renamed", "11")); err != nil {
		t.Fatal(err)
	}
	inc := readAll(t, f.reader("product", cur, nil))
	// GTE the cursor: the changed product, and those modified in the
	// cursor's own millisecond (read again, harmless), nothing older.
	var changed []string
	for _, rec := range inc {
		changed = append(changed, rec.Key)
		ts, _ := time.Parse(time.RFC3339Nano, fmt.Sprint(props(t, rec.Raw)["hs_lastmodifieddate"]))
		if rec.Key != recs[5].Key && fmt.Sprint(ts.UnixMilli()) != cur {
			t.Errorf("incremental read returned %s modified %v, before the cursor", rec.Key, ts)
		}
	}
	if len(inc) == 0 || inc[len(inc)-1].Key != recs[5].Key {
		t.Errorf("incremental read = %v, want the changed product last", changed)
	}
	if f.count("POST", "/crm/v3/objects/products/search") == 0 {
		t.Error("the incremental read did not search")
	}
	if _, err := openReader(context.Background(), f.config(nil), f.options("product", "yesterday"), f.deps); err == nil {
		t.Error("a bad cursor was accepted")
	}
}

// Lookups by a non-unique property search with IN, by a unique one batch
// read; each key costs one call per run.
func TestLookupsAndCache(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	ctx := context.Background()
	w := f.writer("product", nil)
	got, err := w.LookupMany(ctx, "hubspot/product", "properties.hs_sku", []string{"WIDGET-001", "GADGET-002", "NOPE"})
	if err != nil || len(got) != 2 || got["WIDGET-001"][0].Key != "301" {
		t.Fatalf("LookupMany = %v, %v", got, err)
	}
	for i := 0; i < 3; i++ {
		recs, err := w.Lookup(ctx, connectors.LookupQuery{Entity: "hubspot/product", Field: "hs_sku", Value: "NOPE"})
		if err != nil || len(recs) != 0 {
			t.Fatalf("Lookup NOPE = %v, %v", recs, err)
		}
	}
	if n := f.count("POST", "/crm/v3/objects/products/search"); n != 1 {
		t.Errorf("%d searches, want 1 (cached per run)", n)
	}
	c, err := w.Lookup(ctx, connectors.LookupQuery{Entity: "hubspot/contact", Field: "email", Value: "Anna@BakkerijDeVries.example"})
	if err != nil || len(c) != 1 || c[0].Key != "201" {
		t.Fatalf("contact by email = %v, %v", c, err)
	}
	d, err := w.Lookup(ctx, connectors.LookupQuery{Entity: "hubspot/deal", Field: "properties.external_order_number", Value: "WEB-1002"})
	if err != nil || len(d) != 1 || d[0].Key != "402" {
		t.Fatalf("deal by order number = %v, %v", d, err)
	}
	if f.count("POST", "/crm/v3/objects/contacts/batch/read") != 1 || f.count("POST", "/crm/v3/objects/deals/batch/read") != 1 {
		t.Errorf("unique properties were not batch read: %v", f.emu.Counts())
	}
	if _, err := w.Lookup(ctx, connectors.LookupQuery{Entity: "hubspot/product", Field: "colour", Value: "x"}); err == nil {
		t.Error("lookup by an unknown property succeeded")
	}
}

// Single writes: a refused record names its property and the rest go on;
// a create applied but answered 500 is confirmed, not repeated.
func TestWriteRejectAndCreatedBut500(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	ctx := context.Background()
	w := f.writer("contact", nil)
	recs := []string{
		`{"properties":{"email":"a@example.com","firstname":"A"}}`,
		`{"properties":{"email":"not-an-email","firstname":"B"}}`,
		`{"properties":{"email":"c@example.com","lastmodifieddate":"2020-01-01T00:00:00Z"}}`,
	}
	var rejected int
	for _, raw := range recs {
		err := w.Write(ctx, connectors.Record{Raw: []byte(raw)})
		if err == nil {
			continue
		}
		re, ok := connectors.AsRecordError(err)
		if !ok || re.Field != "properties.email" {
			t.Fatalf("Write: %v, want a record error on properties.email", err)
		}
		rejected++
	}
	if rejected != 1 || f.count("POST", "/crm/v3/objects/contacts") != 3 {
		t.Errorf("%d rejected, %d POSTs", rejected, f.count("POST", "/crm/v3/objects/contacts"))
	}
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCreatedButError, PathPrefix: "/crm/v3/objects/products", Method: "POST"})
	pw := f.writer("product", nil)
	if err := pw.Write(ctx, product("ONCE-1", "Once", "5")); err != nil {
		t.Fatal(err)
	}
	if !pw.Last().Confirmed || pw.Last().ID == "" || f.count("POST", "/crm/v3/objects/products") != 1 {
		t.Errorf("Last() = %+v after %d POSTs", pw.Last(), f.count("POST", "/crm/v3/objects/products"))
	}
	// Without a natural key the unknown outcome stops the run.
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCreatedButError, PathPrefix: "/crm/v3/objects/products", Method: "POST"})
	err := pw.Write(ctx, connectors.Record{Raw: []byte(`{"properties":{"name":"No SKU"}}`)})
	if _, isRec := connectors.AsRecordError(err); err == nil || isRec || !strings.Contains(err.Error(), "twice") {
		t.Errorf("error %v, want one that stops the run", err)
	}
}

// A storm of 429s and 5xx answers is waited out on the virtual clock.
func TestRateLimitStormAndRetries(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultRateLimit, PathPrefix: "/crm/v3/objects/products", Method: "GET", Count: 3})
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, PathPrefix: "/crm/v3/objects/products", Method: "GET", Count: 2})
	recs := readAll(t, f.reader("product", "", nil))
	if len(recs) != 4 {
		t.Fatalf("%d products, want 4", len(recs))
	}
	st := f.statuses()
	if st[429] != 3 || st[500] != 2 {
		t.Errorf("statuses %v, want 3×429 and 2×500 before success", st)
	}
	if f.clock.Slept() == 0 {
		t.Error("the client did not wait between retries")
	}
}

// OAuth: an access token expiring mid-run is refreshed and the refresh
// token, which HubSpot does not rotate, stays as it was in the file.
func TestOAuthRefreshMidRun(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	tok, err := f.emu.IssueTokens(emulator.DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	store, _ := httpx.NewFileStore(f.cfg.Credentials)
	if err := store.Save(testConn, &oauth2.Token{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, TokenType: "bearer",
		Expiry: f.clock.Now().Add(30 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	mod := func(c *Config) {
		c.Token, c.ClientID, c.ClientSecret = "", emulator.DefaultClientID, emulator.DefaultClientSecret
	}
	w := f.writer("product", mod)
	ctx := context.Background()
	if err := w.Write(ctx, product("OA-1", "One", "1")); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(31 * time.Minute)
	if err := w.Write(ctx, product("OA-2", "Two", "2")); err != nil {
		t.Fatal(err)
	}
	saved, err := store.Load(testConn)
	if err != nil || saved.AccessToken == tok.AccessToken || saved.RefreshToken != tok.RefreshToken {
		t.Fatalf("stored token after refresh: new access %v, same refresh %v (%v)", saved.AccessToken != tok.AccessToken, saved.RefreshToken == tok.RefreshToken, err)
	}
	if w.c.oauth.Refreshes() != 1 {
		t.Errorf("%d refreshes, want 1", w.c.oauth.Refreshes())
	}
}

// Tokens and secrets never show in errors or observed exchanges.
func TestSecretsStayOut(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	bad := "pat-eu1-ffffffff-0000-4000-8000-00000000dead"
	w := f.writer("product", func(c *Config) { c.Token = bad })
	err := w.Write(context.Background(), product("S-1", "x", "1"))
	if err == nil || strings.Contains(err.Error(), bad) {
		t.Fatalf("error %v: want a failure without the token", err)
	}
	pw := f.writer("product", nil)
	_ = pw.Write(context.Background(), product("S-2", "x", "1"))
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, x := range f.exchanges {
		all := x.URL + string(x.Request) + string(x.Response) + x.Err
		if strings.Contains(all, bad) || strings.Contains(all, emulator.DefaultPrivateAppToken) {
			t.Fatalf("exchange %s %s shows a token", x.Method, x.URL)
		}
	}
	if len(f.exchanges) == 0 {
		t.Fatal("nothing observed")
	}
}
