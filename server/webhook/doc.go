// Package webhook receives the notifications of the systems that send
// them and starts the pipelines that declared a matching trigger block.
// Every delivery is verified before anything else happens: HubSpot's v3
// signature (HMAC-SHA256 over method, URL, body and timestamp, at most five
// minutes old) and Exact Online's HashCode (upper-case hex HMAC-SHA256 of
// the raw Content text). A missing, stale or wrong signature gets 401 and
// starts nothing. Webhook routes need no bearer token: the systems cannot
// send one; the signature is their credential.
package webhook
