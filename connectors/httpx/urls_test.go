package httpx

import "testing"

func TestCheckURL(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://start.exactonline.nl": true,
		"http://127.0.0.1:8080":        true,
		"http://localhost/x":           true,
		"http://[::1]:9/":              true,
		"http://example.com":           false,
		"ftp://example.com":            false,
		"not a url":                    false,
	} {
		if err := CheckURL("base_url", raw); (err == nil) != ok {
			t.Errorf("CheckURL(%q) = %v", raw, err)
		}
	}
	if IsLoopbackURL("https://example.com") || !IsLoopbackURL("http://127.0.0.2:1") {
		t.Error("IsLoopbackURL wrong")
	}
}
