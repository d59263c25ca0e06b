package exactonline

import (
	"regexp"
	"strconv"
	"strings"
)

// Exact's validation messages sometimes start with the property they are
// about ("Mandatory: OrderedBy", "SalesOrderLines[2].Item: Item … does not
// exist") or quote it ("The property name 'Colour' specified for type …
// is not valid"). These patterns pick it out; messages that name no
// property (most of Exact's, which are translated sentences) leave the
// field empty.
var (
	leadingPath = regexp.MustCompile(`^(?:Mandatory:\s*)?([A-Za-z_]\w*(?:\[\d+\])?(?:\.[A-Za-z_]\w*)?)(?:\s*:|\s*\(|\s*$)`)
	quotedPath  = regexp.MustCompile(`property name '([A-Za-z_]\w*(?:\[\d+\])?(?:\.[A-Za-z_]\w*)?)'`)
	lineIndex   = regexp.MustCompile(`^(\w+)\[(\d+)\](?:\.(\w+))?$`)
)

// fieldOf returns the JSON path of the field msg names, in the contract's
// form ("SalesOrderLines.0.Item" for Exact's 1-based
// "SalesOrderLines[1].Item"), or "" when msg names no field of e.
func fieldOf(e *entity, msg string) string {
	msg = strings.TrimSpace(msg)
	var path string
	if m := quotedPath.FindStringSubmatch(msg); m != nil {
		path = m[1]
	} else if m := leadingPath.FindStringSubmatch(msg); m != nil {
		path = m[1]
	}
	if path == "" {
		return ""
	}
	top, rest, _ := strings.Cut(path, ".")
	var idx string
	if m := lineIndex.FindStringSubmatch(path); m != nil {
		top, rest = m[1], m[3]
		n, err := strconv.Atoi(m[2])
		if err != nil || n < 1 {
			return ""
		}
		idx = strconv.Itoa(n - 1)
	}
	if _, ok := e.field(top); !ok {
		return ""
	}
	out := top
	if idx != "" {
		out += "." + idx
	}
	if rest != "" {
		if line := entityByName[e.LineEntity]; top != e.Lines || line == nil {
			return top
		} else if _, ok := line.field(rest); !ok {
			return out
		}
		out += "." + rest
	}
	return out
}
