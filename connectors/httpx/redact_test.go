package httpx

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestRedactorRemovesRegisteredValuesAndSensitiveNames(t *testing.T) {
	r := NewRedactor()
	r.Add("s3cr3t-client", "rt-ABCDEF", "ab") // "ab" is too short to register
	tests := map[string]struct {
		in, ct  string
		bodyFn  bool
		gone    []string
		present []string
	}{
		"registered value in text": {in: "lab failed for s3cr3t-client and rt-ABCDEF", gone: []string{"s3cr3t-client", "rt-ABCDEF"}, present: []string{"lab failed for"}},
		"url-encoded value":        {in: "x=" + "rt-ABCDEF%21", gone: []string{"rt-ABCDEF"}},
		"key=value pairs":          {in: "grant_type=refresh_token&refresh_token=unknownRT&client_secret=unknownCS", gone: []string{"unknownRT", "unknownCS"}, present: []string{"grant_type"}},
		"json-ish text":            {in: `oops {"access_token": "AT-999"}`, gone: []string{"AT-999"}},
		"bearer":                   {in: "Authorization: Bearer eyJhbGciOi.payload.sig", gone: []string{"eyJhbGciOi"}},
		"code in query":            {in: "GET /cb?state=x&code=one-time-code", gone: []string{"one-time-code"}, present: []string{"state=x"}},
		"json body fields": {in: `{"access_token":"AT-1","refresh_token":"RT-1","nested":{"Password":"pw-1","Code":"C-100"},"list":[{"api_key":"K-1"}]}`,
			ct: "application/json", bodyFn: true, gone: []string{"AT-1", "RT-1", "pw-1", "K-1"}, present: []string{"C-100", Redacted}},
		"form body": {in: "code=abc123xyz&redirect_uri=http%3A%2F%2F127.0.0.1&client_secret=CS-2", ct: "application/x-www-form-urlencoded", bodyFn: true,
			gone: []string{"abc123xyz", "CS-2"}, present: []string{"redirect_uri"}},
		"text body with registered value": {in: "echo s3cr3t-client", ct: "text/plain", bodyFn: true, gone: []string{"s3cr3t-client"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var got string
			if tc.bodyFn {
				got = string(r.Body([]byte(tc.in), tc.ct))
			} else {
				got = r.String(tc.in)
			}
			for _, s := range tc.gone {
				if strings.Contains(got, s) {
					t.Errorf("%q survived redaction: %s", s, got)
				}
			}
			for _, s := range tc.present {
				if !strings.Contains(got, s) {
					t.Errorf("%q was removed but is not a secret: %s", s, got)
				}
			}
		})
	}
}

func TestRedactorHeaderAndURL(t *testing.T) {
	r := NewRedactor()
	r.Add("tenant-secret-1")
	h := http.Header{
		"Authorization":         {"Bearer abc.def.ghi"},
		"X-Api-Key":             {"k-123456"},
		"X-Ratelimit-Remaining": {"59"},
		"X-Note":                {"uses tenant-secret-1"},
	}
	got := r.Header(h)
	if got.Get("Authorization") != Redacted || got.Get("X-Api-Key") != Redacted {
		t.Errorf("sensitive headers kept: %v", got)
	}
	if got.Get("X-Ratelimit-Remaining") != "59" {
		t.Errorf("ordinary header changed: %v", got)
	}
	if strings.Contains(got.Get("X-Note"), "tenant-secret-1") {
		t.Errorf("registered value kept in header: %v", got)
	}
	if h.Get("Authorization") == Redacted {
		t.Error("Header modified its input")
	}

	u := r.URL("https://u:pw@api.example/cb?code=C0DE123&state=s1&access_token=AT5&$filter=Name%20eq%20'x'")
	for _, s := range []string{"C0DE123", "AT5", "pw@"} {
		if strings.Contains(u, s) {
			t.Errorf("%q kept in URL %s", s, u)
		}
	}
	if !strings.Contains(u, "state=s1") || !strings.Contains(u, "filter") {
		t.Errorf("ordinary parameters lost: %s", u)
	}
}

func TestRedactorErrorKeepsChain(t *testing.T) {
	r := NewRedactor()
	r.Add("tok-777777")
	base := errors.New("root cause")
	err := r.Error(fmt.Errorf("sending tok-777777: %w", base))
	if strings.Contains(err.Error(), "tok-777777") {
		t.Errorf("secret in error: %v", err)
	}
	if !errors.Is(err, base) {
		t.Error("redacted error lost its chain")
	}
	if r.Error(nil) != nil {
		t.Error("Error(nil) is not nil")
	}
}

func TestRedactorBoundsItsMemory(t *testing.T) {
	r := NewRedactor()
	r.Add("first-secret-value")
	for i := range maxSecrets {
		r.Add(fmt.Sprintf("rotated-token-%06d", i))
	}
	if n := len(r.secrets); n > maxSecrets {
		t.Fatalf("redactor holds %d values, cap is %d", n, maxSecrets)
	}
	last := fmt.Sprintf("rotated-token-%06d", maxSecrets-1)
	if got := r.String(last); got != Redacted {
		t.Errorf("newest secret not redacted: %q", got)
	}
}
