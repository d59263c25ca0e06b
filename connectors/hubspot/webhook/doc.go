// Package webhook holds what both ends of a HubSpot webhook call must agree
// on: the v3 request signature (SignV3, VerifyV3), the older v1 signature
// HubSpot still sends beside it (SignV1), the header names, and the shape of
// the events in a delivery (Event, ParseEvents). The HubSpot connector uses
// it to check incoming calls; the HubSpot emulator uses it to sign the calls
// it makes, so the two cannot drift apart.
//
// It owns no HTTP server or client, no subscription management and no
// retries; it imports the standard library only.
//
// The v3 signature is the base64 HMAC-SHA256, keyed with the app's client
// secret, of method + URI + body + timestamp, where the URI is the full URL
// HubSpot called (scheme, host, path and query) and the timestamp is the
// X-HubSpot-Request-Timestamp header text (Unix milliseconds). HubSpot asks
// receivers to decode a fixed set of percent-escapes in the URI before
// signing; SignV3 does that itself, so a URI may be passed either way.
// VerifyV3 rejects timestamps more than five minutes from now in either
// direction: HubSpot documents the "older than five minutes" rule, and a
// timestamp far in the future is refused too so that a captured request
// cannot be replayed later with a forged clock.
package webhook
