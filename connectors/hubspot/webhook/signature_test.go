package webhook

import (
	"errors"
	"strings"
	"testing"
	"time"
)

const (
	secret = "secret-123"
	uri    = "https://example.com/hook?x=1"
	body   = `[{"eventId":1}]`
	stamp  = "1700000000000"
)

var signedAt = time.UnixMilli(1700000000000)

// The expected values were computed outside Go with
// openssl dgst -sha256 -hmac and sha256sum over the concatenations HubSpot
// documents, so they pin the order of the parts, not just a round trip.
func TestKnownAnswers(t *testing.T) {
	if got, want := SignV3(secret, "POST", uri, []byte(body), stamp), "VkSY7A4WT6/EgtJaa6lqrClIHt1on6WaRUc1Doofil8="; got != want {
		t.Errorf("SignV3 = %s, want %s", got, want)
	}
	if got, want := SignV1(secret, []byte(body)), "0b2326a825aaefbb82a81b0bbac85ca2c92af42ddf48d2970fd8b984a20827e7"; got != want {
		t.Errorf("SignV1 = %s, want %s", got, want)
	}
	if got := Timestamp(signedAt); got != stamp {
		t.Errorf("Timestamp = %s, want %s", got, stamp)
	}
}

func TestVerifyV3(t *testing.T) {
	sig := SignV3(secret, "POST", uri, []byte(body), stamp)
	cases := map[string]struct {
		secret, method, uri, body, stamp, sig string
		now                                   time.Time
		want                                  error
	}{
		"valid":                 {secret, "POST", uri, body, stamp, sig, signedAt.Add(time.Minute), nil},
		"valid at the edge":     {secret, "POST", uri, body, stamp, sig, signedAt.Add(MaxAge), nil},
		"tampered body":         {secret, "POST", uri, `[{"eventId":2}]`, stamp, sig, signedAt, ErrSignatureMismatch},
		"tampered method":       {secret, "PUT", uri, body, stamp, sig, signedAt, ErrSignatureMismatch},
		"tampered uri":          {secret, "POST", uri + "&y=2", body, stamp, sig, signedAt, ErrSignatureMismatch},
		"tampered timestamp":    {secret, "POST", uri, body, "1700000000001", sig, signedAt, ErrSignatureMismatch},
		"other secret":          {"other", "POST", uri, body, stamp, sig, signedAt, ErrSignatureMismatch},
		"tampered signature":    {secret, "POST", uri, body, stamp, strings.ToLower(sig), signedAt, ErrSignatureMismatch},
		"stale":                 {secret, "POST", uri, body, stamp, sig, signedAt.Add(MaxAge + time.Millisecond), ErrStaleTimestamp},
		"from the future":       {secret, "POST", uri, body, stamp, sig, signedAt.Add(-MaxAge - time.Second), ErrStaleTimestamp},
		"timestamp not numeric": {secret, "POST", uri, body, "yesterday", sig, signedAt, ErrBadTimestamp},
		"no signature":          {secret, "POST", uri, body, stamp, "", signedAt, ErrNoSignature},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			err := VerifyV3(c.secret, c.method, c.uri, []byte(c.body), c.stamp, c.sig, c.now)
			if !errors.Is(err, c.want) || (c.want == nil && err != nil) {
				t.Fatalf("VerifyV3 = %v, want %v", err, c.want)
			}
			if err != nil && strings.Contains(err.Error(), secret) {
				t.Errorf("error %q reveals the secret", err)
			}
		})
	}
}

// HubSpot decodes a fixed set of escapes in the URI before signing, so a
// receiver that sees the escaped form must still agree with the sender.
func TestURIEscapesAreDecoded(t *testing.T) {
	plain := "https://example.com/hook/a:b?email=jane@example.com&list=(1,2);x=*"
	escaped := "https%3A%2F%2Fexample.com%2Fhook%2Fa%3ab%3Femail=jane%40example.com&list=%281%2C2%29%3Bx=%2A"
	if SignV3(secret, "POST", plain, nil, stamp) != SignV3(secret, "POST", escaped, nil, stamp) {
		t.Fatal("escaped and plain URI sign differently")
	}
	// Escapes outside HubSpot's table stay as they are.
	if SignV3(secret, "POST", uri+"&q=a%20b", nil, stamp) == SignV3(secret, "POST", uri+"&q=a b", nil, stamp) {
		t.Error("%20 must not be decoded")
	}
}

func TestParseEvents(t *testing.T) {
	events, err := ParseEvents([]byte(`[{"eventId":7,"subscriptionType":"contact.propertyChange","objectId":1001,
		"propertyName":"email","propertyValue":"a@b.example","occurredAt":1700000000000},
		{"eventId":8,"subscriptionType":"contact.associationChange","fromObjectId":1,"toObjectId":2,"associationRemoved":false}]`))
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || events[0].ObjectID != 1001 || events[0].PropertyValue != "a@b.example" {
		t.Fatalf("events = %+v", events)
	}
	if events[1].AssociationRemoved == nil || *events[1].AssociationRemoved {
		t.Errorf("associationRemoved = %v, want a false that is present", events[1].AssociationRemoved)
	}
	if _, err := ParseEvents([]byte(`{"eventId":1}`)); err == nil {
		t.Error("an object body must be rejected")
	}
}
