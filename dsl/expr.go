package dsl

import (
	"strconv"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Expr is one expression written in a pipeline file: the expr-lang source
// text of a filter or a field transform, or a literal constant.
type Expr struct {
	// Src is the expression text as the expression language sees it (escapes
	// decoded, heredoc indentation removed).
	Src string

	// Const is set when the attribute was a number or bool literal rather
	// than a string: the value is used as is and never compiled.
	Const *cty.Value

	// Range is the attribute value as written, quotes or heredoc markers
	// included.
	Range hcl.Range

	// file and textStart locate the text of the expression in the file so
	// that Pos can map an offset inside Src back to the file.
	file      []byte
	textStart hcl.Pos
	heredoc   bool
}

// Pos returns the file position of the rune at offset runeOffset of Src.
// Offsets at or past the end map to the end of the text. The mapping is
// exact across escape sequences in quoted strings and across the
// indentation that flush heredocs (<<-EXPR) strip.
func (e *Expr) Pos(runeOffset int) hcl.Pos {
	if e.file == nil {
		return e.Range.Start
	}
	if e.heredoc {
		return e.heredocPos(runeOffset)
	}
	return e.quotedPos(runeOffset)
}

// quotedPos walks the raw quoted text, decoding escapes as HCL does, until
// runeOffset decoded runes have been consumed.
func (e *Expr) quotedPos(runeOffset int) hcl.Pos {
	raw := e.file[e.textStart.Byte:]
	pos := e.textStart
	advance := func(n int) {
		for i := 0; i < n && len(raw) > 0; {
			r, size := utf8.DecodeRune(raw)
			raw = raw[size:]
			i += size
			pos.Byte += size
			if r == '\n' {
				pos.Line++
				pos.Column = 1
			} else {
				pos.Column++
			}
		}
	}
	for n := 0; n < runeOffset && len(raw) > 0; n++ {
		switch {
		case raw[0] == '"':
			return pos // closing quote: end of the text
		case raw[0] == '\\' && len(raw) > 1:
			switch raw[1] {
			case 'u':
				advance(6)
			case 'U':
				advance(10)
			default:
				advance(2)
			}
		case len(raw) > 2 && (raw[0] == '$' || raw[0] == '%') && raw[1] == raw[0] && raw[2] == '{':
			advance(2) // "$${" reads as "${": the doubled sign is one rune
		default:
			_, size := utf8.DecodeRune(raw)
			advance(size)
		}
	}
	return pos
}

// heredocPos maps through the lines of a heredoc. Each decoded line is a
// suffix of its source line (flush heredocs only remove leading space), so
// the column is the number of removed runes plus the offset in the line.
func (e *Expr) heredocPos(runeOffset int) hcl.Pos {
	line, col := 0, 0
	for _, r := range e.Src {
		if runeOffset == 0 {
			break
		}
		runeOffset--
		if r == '\n' {
			line++
			col = 0
		} else {
			col++
		}
	}
	// Find the source line that holds decoded line number `line`.
	srcLine := e.textStart.Line + line
	start := lineStart(e.file, srcLine)
	end := start
	for end < len(e.file) && e.file[end] != '\n' {
		end++
	}
	decoded := nthLine(e.Src, line)
	strip := utf8.RuneCount(e.file[start:end]) - utf8.RuneCountInString(decoded)
	if strip < 0 {
		strip = 0
	}
	byteOff := start
	for i := 0; i < strip+col && byteOff < end; i++ {
		_, size := utf8.DecodeRune(e.file[byteOff:])
		byteOff += size
	}
	return hcl.Pos{Line: srcLine, Column: strip + col + 1, Byte: byteOff}
}

func lineStart(src []byte, line int) int {
	cur := 1
	for i, b := range src {
		if cur == line {
			return i
		}
		if b == '\n' {
			cur++
		}
	}
	return len(src)
}

func nthLine(s string, n int) string {
	for i := 0; i < n; i++ {
		j := indexByte(s, '\n')
		if j < 0 {
			return ""
		}
		s = s[j+1:]
	}
	if j := indexByte(s, '\n'); j >= 0 {
		return s[:j]
	}
	return s
}

func indexByte(s string, b byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return i
		}
	}
	return -1
}

// RangeOf returns the file range of the runes [from, to) of Src.
func (e *Expr) RangeOf(from, to int) hcl.Range {
	if to <= from {
		to = from + 1
	}
	return hcl.Range{Filename: e.Range.Filename, Start: e.Pos(from), End: e.Pos(to)}
}

// decodeExpr turns an attribute into an Expr. Expressions must be plain
// strings or heredocs: HCL would otherwise evaluate ${...} interpolation and
// references itself, which is never what a transform means.
func decodeExpr(src []byte, attr *hclsyntax.Attribute) (*Expr, hcl.Diagnostics) {
	return exprFromSyntax(src, attr.Expr, attr.SrcRange)
}

func exprFromSyntax(src []byte, x hclsyntax.Expression, context hcl.Range) (*Expr, hcl.Diagnostics) {
	rng := x.Range()
	switch t := x.(type) {
	case *hclsyntax.TemplateExpr:
		if len(t.Parts) == 1 {
			if lit, ok := t.Parts[0].(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String {
				e := &Expr{Src: lit.Val.AsString(), Range: rng, file: src, textStart: lit.SrcRange.Start}
				e.heredoc = rng.Start.Byte < len(src) && src[rng.Start.Byte] == '<'
				return e, nil
			}
		}
		if len(t.Parts) == 0 {
			return &Expr{Src: "", Range: rng}, nil
		}
	case *hclsyntax.LiteralValueExpr:
		if t.Val.Type() == cty.Number || t.Val.Type() == cty.Bool || t.Val.IsNull() {
			v := t.Val
			return &Expr{Const: &v, Src: literalText(v), Range: rng}, nil
		}
	}
	return nil, hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Expression must be a plain string",
		Detail: "Transforms and filters are written in the expression language inside a plain string, " +
			`for example "lower(source.customer.email)", or in a heredoc (<<-EXPR ... EXPR) for longer ones. ` +
			"HCL interpolation (${...}) and HCL references are not used here.",
		Subject: rng.Ptr(),
		Context: context.Ptr(),
	}}
}

func literalText(v cty.Value) string {
	switch {
	case v.IsNull():
		return "nil"
	case v.Type() == cty.Bool:
		return strconv.FormatBool(v.True())
	default:
		return v.AsBigFloat().Text('f', -1)
	}
}
