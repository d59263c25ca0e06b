package dashboard

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/pipeline-dev/pipeline/schemas"
)

// maskedValue stands in for personal data, as in the activity log.
const maskedValue = "***"

// pretty indents a JSON payload for reading, keeping its field order; a
// payload that is not JSON is shown as it is (html/template escapes it).
func pretty(payload []byte) string {
	if len(payload) == 0 {
		return ""
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, payload, "", "  "); err != nil {
		return string(payload)
	}
	return buf.String()
}

// maskedSource returns a source record kept for a retry with the fields
// its schema marks as personal data replaced, indented. The store keeps
// these records whole (a retry needs them), so the page masks them itself;
// a record it cannot mask — not JSON, or of no known schema — is withheld
// with the reason instead.
func (h *handler) maskedSource(entity string, raw []byte) (shown, withheld string) {
	set, err := h.schemaSet()
	if err != nil {
		return "", "the schemas to mask it by could not be loaded"
	}
	sc, ok := set.Lookup(entity)
	if entity == "" || !ok {
		return "", fmt.Sprintf("no schema is known for it (%q) to mask its personal data by", entity)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return "", fmt.Sprintf("it is not JSON (%d bytes), so its personal data cannot be told apart", len(raw))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // the template escapes; \u003c would only hide what was sent
	enc.SetIndent("", "  ")
	if err := enc.Encode(maskTree(v, sc.Root())); err != nil {
		return "", "it could not be shown: " + err.Error()
	}
	return buf.String(), ""
}

// maskTree replaces the values of personal fields at any depth in a
// decoded document.
func maskTree(v any, f *schemas.Field) any {
	if f == nil {
		return v
	}
	if f.Personal && v != nil {
		return maskedValue
	}
	switch t := v.(type) {
	case map[string]any:
		for k, child := range t {
			cf, _ := f.Child(k)
			t[k] = maskTree(child, cf)
		}
	case []any:
		for i, child := range t {
			t[i] = maskTree(child, f.Items)
		}
	}
	return v
}
