package asperion

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"

	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// problemParser reads Asperion's error answers, assumed to be RFC 7807
// problem details as ASP.NET writes them: {"title", "status", "detail",
// "errors": {"lines[0].quantity": ["..."]}}. Field paths become the
// record's paths ("lines.0.quantity"), so a rejection names the field the
// mapping produced. A body in another shape falls back to httpx's parser.
func problemParser(status int, body []byte) *httpx.APIError {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return httpx.DefaultErrorParser(status, body)
	}
	var title, detail string
	_ = json.Unmarshal(m[api.TitleMember], &title)
	_ = json.Unmarshal(m[api.DetailMember], &detail)
	var errs map[string][]string
	_ = json.Unmarshal(m[api.ErrorsMember], &errs)
	if title == "" && detail == "" && len(errs) == 0 {
		return httpx.DefaultErrorParser(status, body)
	}
	e := &httpx.APIError{Code: title, Message: detail}
	paths := make([]string, 0, len(errs))
	for p := range errs {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var msgs []string
	for _, p := range paths {
		field := fieldPath(p)
		for _, msg := range errs[p] {
			e.Details = append(e.Details, httpx.FieldError{Field: field, Message: msg})
			msgs = append(msgs, msg)
		}
		if e.Field == "" {
			e.Field = field
		}
	}
	if e.Message == "" {
		e.Message = strings.Join(msgs, "; ")
	}
	return e
}

var indexPart = regexp.MustCompile(`\[(\d+)\]`)

// fieldPath turns ASP.NET's "lines[0].quantity" into "lines.0.quantity";
// "$" (the body as a whole) names no field.
func fieldPath(p string) string {
	p = strings.TrimPrefix(strings.TrimPrefix(p, "$"), ".")
	return indexPart.ReplaceAllString(p, ".$1")
}
