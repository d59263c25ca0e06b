package emulator

import (
	"net/http"
	"testing"

	"github.com/govalues/decimal"
)

func TestLanguage(t *testing.T) {
	cases := map[string]lang{
		"":                              nl,
		"en-US":                         en,
		"EN":                            en,
		"nl-NL":                         nl,
		"fr-FR":                         nl,
		"fr-FR, en;q=0.9, nl;q=0.8":     en,
		"en;q=0.3, nl-BE;q=0.7":         nl,
		"de, *;q=0.5":                   nl,
		"en-GB;q=0.5, fr, nl-NL;q=0.51": nl,
	}
	for header, want := range cases {
		r, _ := http.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Language", header)
		if got := language(r); got != want {
			t.Errorf("Accept-Language %q: %v, want %v", header, got, want)
		}
	}
}

func TestRoundAmount(t *testing.T) {
	cases := map[string]string{
		"1":        "1.00",
		"1.5":      "1.50",
		"0.105":    "0.11", // half away from zero, not to even
		"0.125":    "0.13",
		"0.115":    "0.12",
		"-0.105":   "-0.11",
		"2.3349":   "2.33",
		"2.335":    "2.34",
		"-2.33499": "-2.33",
	}
	for in, want := range cases {
		if got := roundAmount(decimal.MustParse(in)).String(); got != want {
			t.Errorf("roundAmount(%s) = %s, want %s", in, got, want)
		}
	}
	amt, err := lineAmount(decimal.MustParse("3"), decimal.MustParse("0.333"), decimal.MustParse("10"))
	if err != nil || amt.String() != "0.90" {
		t.Errorf("lineAmount(3 × 0.333 - 10%%) = %s %v, want 0.90", amt, err)
	}
}

func TestResolve(t *testing.T) {
	cases := map[string]string{
		"/v1/articles":              "/v1/articles",
		"/V1/ARTICLES/":             "/v1/articles",
		"/v1/articles/12":           "/v1/articles/{id}",
		"/v1/salesorderwithlines/3": "/v1/SalesOrderWithLines/{id}",
		"/v1/articles/x":            "/v1/articles/x",
		"/v1/articles/1/lines":      "/v1/articles/1/lines",
		"/connect/TOKEN":            "/connect/token",
		"/elsewhere":                "/elsewhere",
	}
	for in, want := range cases {
		if got := endpointRoute(in); got != want {
			t.Errorf("endpointRoute(%q) = %q, want %q", in, got, want)
		}
	}
}
