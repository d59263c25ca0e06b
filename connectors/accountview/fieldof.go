package accountview

import (
	"regexp"
	"strconv"
)

// AccountView's refusals name the row ("SO_LINE row 2 (RowId 2)") and the
// field ("field ART_PX: ...", "... does not exist (ART_CODE)", "REC_ID
// 0000000001 already exists", "has no field COLOUR"). These patterns pick
// them out; a message naming neither leaves the field empty.
var (
	rowLabel     = regexp.MustCompile(`\b([A-Z][A-Z0-9_]*) row (\d+)\b`)
	namedField   = regexp.MustCompile(`\b(?:has no )?field ([A-Z][A-Z0-9_]*)\b`)
	trailingName = regexp.MustCompile(`\(([A-Z][A-Z0-9_]*)\)\s*$`)
	duplicate    = regexp.MustCompile(`: ([A-Z][A-Z0-9_]*)(?:\+[A-Z0-9_]+)* \S+ already exists`)
	needsRows    = regexp.MustCompile(`needs at least \d+ ([A-Z][A-Z0-9_]*) row`)
)

// fieldOf returns the JSON path of the field msg names, in the contract's
// form ("SO_LINE.1.ART_CODE" for AccountView's 1-based "SO_LINE row 2"),
// or "" when msg names none.
func fieldOf(e *entity, msg string) string {
	if m := needsRows.FindStringSubmatch(msg); m != nil && m[1] == e.Detail {
		return e.Detail
	}
	name := ""
	for _, re := range []*regexp.Regexp{namedField, trailingName, duplicate} {
		if m := re.FindStringSubmatch(msg); m != nil {
			name = m[1]
			break
		}
	}
	if name == "" {
		return ""
	}
	if m := rowLabel.FindStringSubmatch(msg); m != nil && m[1] == e.Detail && e.Detail != "" {
		n, err := strconv.Atoi(m[2])
		if err != nil || n < 1 {
			return e.Detail
		}
		return e.Detail + "." + strconv.Itoa(n-1) + "." + name
	}
	return name
}
