// Package dashboard is the web page `pipeline serve` shows integration
// consultants: the pipelines and their last runs, a run's records with the
// decision taken for each, one record's history (what came from the source,
// what was sent to the target, masked as the activity log keeps it), the
// records set aside with a retry button, and the alerts sent.
//
// It is plain server-rendered HTML (html/template, which escapes every
// value) with one embedded style sheet: no JavaScript is needed and nothing
// is loaded from elsewhere, so it works on a machine without internet.
//
// The pages read through a Source. StoreSource answers from the engine's
// state store alone; the server fills in what only it knows (the pipelines
// it loaded, how to retry, the alerts it sent) through function fields.
//
// The package also owns the dashboard's authentication: a login form that
// turns a bearer token into an HttpOnly, SameSite=Strict cookie, the
// RequireToken middleware of the API that accepts an Authorization header,
// or that cookie for reading, and the CSRF token every form that changes
// something carries.
package dashboard
