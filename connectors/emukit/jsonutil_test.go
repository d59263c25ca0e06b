package emukit

import (
	"encoding/json"
	"net/http/httptest"
	"regexp"
	"testing"
)

func TestWriteJSON(t *testing.T) {
	w := httptest.NewRecorder()
	WriteJSON(w, 201, map[string]string{"next": "https://x.example/a?b=1&c=<2>"})
	if w.Code != 201 || w.Header().Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("status %d, content type %q", w.Code, w.Header().Get("Content-Type"))
	}
	if got, want := w.Body.String(), `{"next":"https://x.example/a?b=1&c=<2>"}`+"\n"; got != want {
		t.Errorf("body %q, want %q (no HTML escaping)", got, want)
	}

	w = httptest.NewRecorder()
	WriteJSON(w, 200, map[string]any{"bad": make(chan int)})
	var body map[string]string
	if w.Code != 500 || json.Unmarshal(w.Body.Bytes(), &body) != nil || body["error"] == "" {
		t.Errorf("unencodable value: %d %q", w.Code, w.Body)
	}
}

func TestDecodeNumbers(t *testing.T) {
	var v map[string]any
	if err := DecodeNumbers([]byte(`{"amount": 12345678901234567.89}`), &v); err != nil {
		t.Fatal(err)
	}
	if n, ok := v["amount"].(json.Number); !ok || n.String() != "12345678901234567.89" {
		t.Errorf("amount = %#v, want the literal as json.Number", v["amount"])
	}
}

func TestRandomTokenAndUUID(t *testing.T) {
	a, b := RandomToken(24), RandomToken(24)
	if len(a) != 32 || a == b || !regexp.MustCompile(`^[A-Za-z0-9_-]+$`).MatchString(a) {
		t.Errorf("RandomToken(24) = %q, %q", a, b)
	}
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	u, v := NewUUID(), NewUUID()
	if !uuid.MatchString(u) || u == v {
		t.Errorf("NewUUID() = %q, %q", u, v)
	}
}
