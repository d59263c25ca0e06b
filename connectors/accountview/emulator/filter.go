package emulator

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/govalues/decimal"
)

// predicate reports whether a header row of company c matches.
type predicate func(c *company, h *row) bool

// valueOf returns a field of a row in wire form, row ids included.
func valueOf(t *tableDef, r *row, f *fieldDef) any {
	if f.has(fSystem) {
		if f.Name == t.idField() {
			return intWire(r.ID)
		}
		return intWire(r.Parent)
	}
	return r.F[f.Name]
}

// onField lifts a test of one value to a predicate on header rows: a header
// field is tested on the header, a detail field on its rows (any matches).
func onField(bo *boDef, t *tableDef, f *fieldDef, test func(any) bool) predicate {
	if t.Name == bo.Table {
		return func(_ *company, h *row) bool { return test(valueOf(t, h, f)) }
	}
	return func(c *company, h *row) bool {
		for _, d := range c.children(t.Name, h) {
			if test(valueOf(t, d, f)) {
				return true
			}
		}
		return false
	}
}

// operators are the FilterOperator names the emulator knows, upper-cased.
// Equal, Contains and DateOnOrAfterDate are seen in [AV-PHP]; the others
// are assumed by analogy.
var operators = map[string]string{
	"EQUAL": "=", "NOTEQUAL": "!=", "LESS": "<", "LESSOREQUAL": "<=", "GREATER": ">", "GREATEROREQUAL": ">=",
	"CONTAINS": "contains", "NOTCONTAINS": "!contains", "STARTSWITH": "starts",
	"DATEONORAFTERDATE": ">=d", "DATEONORBEFOREDATE": "<=d", "DATEAFTERDATE": ">d", "DATEBEFOREDATE": "<d",
}

func operatorNames() string {
	names := []string{"Equal", "NotEqual", "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "Contains",
		"NotContains", "StartsWith", "DateOnOrAfterDate", "DateOnOrBeforeDate", "DateAfterDate", "DateBeforeDate"}
	return strings.Join(names, ", ")
}

// parseFilterGroups reads the numbered groups FilterControlSource<n>,
// FilterOperator<n>, FilterValueType<n>, FilterValue<n> and
// FilterIsListOfValues<n>; all groups must hold (AND).
func parseFilterGroups(p params, bo *boDef, loc *time.Location) ([]predicate, *apiError) {
	parts := []string{"filtercontrolsource", "filteroperator", "filtervaluetype", "filtervalue", "filterislistofvalues"}
	groups := map[int]map[string]string{}
	for k, v := range p {
		for _, part := range parts {
			rest, ok := strings.CutPrefix(k, part)
			if !ok {
				continue
			}
			n, err := strconv.Atoi(rest)
			if err != nil || n < 1 {
				continue // FilterValueType1 also has the prefix FilterValue
			}
			if groups[n] == nil {
				groups[n] = map[string]string{}
			}
			groups[n][part] = v
		}
	}
	nums := make([]int, 0, len(groups))
	for n := range groups {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	var out []predicate
	for _, n := range nums {
		pred, err := parseGroup(n, groups[n], bo, loc)
		if err != nil {
			return nil, err
		}
		out = append(out, pred)
	}
	return out, nil
}

func parseGroup(n int, g map[string]string, bo *boDef, loc *time.Location) (predicate, *apiError) {
	src, ok := g["filtercontrolsource"]
	if !ok || strings.TrimSpace(src) == "" {
		return nil, filterError(errNrSyntax, "filter group %d has no FilterControlSource%d", n, n)
	}
	t, f, err := resolveField(strings.TrimSpace(src), bo)
	if err != nil {
		return nil, filterError(errNrUnknownName, "FilterControlSource%d: %s", n, err.Message)
	}
	opName := strings.TrimSpace(g["filteroperator"])
	op, ok := operators[strings.ToUpper(opName)]
	if !ok {
		return nil, filterError(errNrSyntax, "FilterOperator%d %q is not one of %s", n, opName, operatorNames())
	}
	vt := strings.ToUpper(strings.TrimSpace(g["filtervaluetype"]))
	if vt == "" {
		vt = string(f.Type)
	}
	if len(vt) != 1 || family(vt[0]) == 0 {
		return nil, filterError(errNrSyntax, "FilterValueType%d %q is not one of C, N, D, T, L", n, vt)
	}
	if family(vt[0]) != family(f.Type) {
		return nil, filterError(errNrTypeMismatch, "FilterValueType%d %s does not fit field %s of type %c", n, vt, f.Name, f.Type)
	}
	list := false
	if s := strings.TrimSpace(g["filterislistofvalues"]); s != "" {
		b, ok := parseLogical(s)
		if !ok {
			return nil, filterError(errNrSyntax, "FilterIsListOfValues%d %q is not true or false", n, s)
		}
		list = b
	}
	raw, hasValue := g["filtervalue"]
	if !hasValue {
		return nil, filterError(errNrSyntax, "filter group %d has no FilterValue%d", n, n)
	}
	values := []string{raw}
	if list {
		if op != "=" && op != "!=" {
			return nil, filterError(errNrSyntax, "FilterIsListOfValues%d needs operator Equal or NotEqual", n)
		}
		values = strings.Split(raw, ",")
	}
	var tests []func(any) bool
	for _, v := range values {
		test, err := compileTest(op, f, vt[0], v, loc)
		if err != nil {
			return nil, filterError(err.Numbers[0], "filter group %d: %s", n, err.Message)
		}
		tests = append(tests, test)
	}
	test := tests[0]
	if len(tests) > 1 {
		test = func(v any) bool {
			match := false
			for _, t := range tests {
				if t(v) == (op == "=") {
					match = true
					break
				}
			}
			return match == (op == "=")
		}
	}
	return onField(bo, t, f, test), nil
}

// compileTest turns operator, field and literal into a test of one value.
func compileTest(op string, f *fieldDef, vt byte, raw string, loc *time.Location) (func(any) bool, *apiError) {
	fam := family(f.Type)
	if strings.HasSuffix(op, "d") && fam != 'D' {
		return nil, filterError(errNrTypeMismatch, "date operator used on field %s of type %c", f.Name, f.Type)
	}
	if (op == "contains" || op == "!contains" || op == "starts") && fam != 'C' {
		return nil, filterError(errNrTypeMismatch, "text operator used on field %s of type %c", f.Name, f.Type)
	}
	cmpOp := strings.TrimSuffix(op, "d")
	switch fam {
	case 'C':
		want := normText(raw)
		switch op {
		case "contains", "!contains":
			return func(v any) bool { return strings.Contains(normText(strOf(v)), want) == (op == "contains") }, nil
		case "starts":
			return func(v any) bool { return strings.HasPrefix(normText(strOf(v)), want) }, nil
		}
		return func(v any) bool { return holds(cmpOp, strings.Compare(normText(strOf(v)), want)) }, nil
	case 'N':
		want, err := decimal.Parse(strings.TrimSpace(raw))
		if err != nil {
			return nil, filterError(errNrTypeMismatch, "%q is not a number", raw)
		}
		return func(v any) bool { return holds(cmpOp, decOf(v).Cmp(want)) }, nil
	case 'L':
		want, ok := parseLogical(raw)
		if !ok {
			return nil, filterError(errNrTypeMismatch, "%q is not a logical (.T. or .F.)", raw)
		}
		if cmpOp != "=" && cmpOp != "!=" {
			return nil, filterError(errNrTypeMismatch, "logical field %s can only be compared with Equal or NotEqual", f.Name)
		}
		return func(v any) bool { b, _ := v.(bool); return holds(cmpOp, boolCmp(b, want)) }, nil
	}
	want, ok := parseFoxDate(raw, loc)
	if !ok {
		return nil, filterError(errNrSyntax, "%q is not a date literal such as {^2024-01-31} or {^2024-01-31 10:00:00}", raw)
	}
	dateOnly := vt == 'D' || f.Type == 'D' || !want.hasTime
	return func(v any) bool {
		have := strOf(v)
		if have == "" || want.wire == "" {
			// Only equality tells the empty date apart.
			return (cmpOp == "=" || cmpOp == "!=") && holds(cmpOp, boolCmp(have == "", want.wire == ""))
		}
		if dateOnly {
			return holds(cmpOp, strings.Compare(have[:10], want.wire[:10]))
		}
		return holds(cmpOp, strings.Compare(have, want.wire))
	}, nil
}

// normText is the comparison form of text: case and trailing blanks do not
// count.
func normText(s string) string { return strings.ToUpper(strings.TrimRight(s, " ")) }

func boolCmp(a, b bool) int {
	if a == b {
		return 0
	}
	return 1
}

// holds applies a comparison operator to a three-way comparison result.
func holds(op string, c int) bool {
	switch op {
	case "=":
		return c == 0
	case "!=":
		return c != 0
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	}
	return false
}
