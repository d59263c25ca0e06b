package engine

import (
	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/engine/exprenv"
	"github.com/pipeline-dev/pipeline/schemas"
)

// masked replaces personal data in the activity log.
const masked = "***"

// maskPersonal returns payload with the values of fields the schema marks
// as personal data (x-personal-data) replaced, at any depth, so the
// activity log keeps what happened without keeping who it happened to.
func maskPersonal(payload []byte, f *schemas.Field) []byte {
	if f == nil {
		return append([]byte(nil), payload...)
	}
	return appendMasked(nil, gjson.ParseBytes(payload), f)
}

func appendMasked(dst []byte, v gjson.Result, f *schemas.Field) []byte {
	switch {
	case f != nil && f.Personal && v.Type != gjson.Null:
		return append(dst, `"`+masked+`"`...)
	case v.IsObject():
		dst = append(dst, '{')
		first := true
		v.ForEach(func(k, child gjson.Result) bool {
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst, _ = exprenv.AppendJSON(dst, k.Str)
			dst = append(dst, ':')
			var cf *schemas.Field
			if f != nil {
				cf, _ = f.Child(k.Str)
			}
			dst = appendMasked(dst, child, cf)
			return true
		})
		return append(dst, '}')
	case v.IsArray():
		dst = append(dst, '[')
		var items *schemas.Field
		if f != nil {
			items = f.Items
		}
		i := 0
		v.ForEach(func(_, child gjson.Result) bool {
			if i > 0 {
				dst = append(dst, ',')
			}
			i++
			dst = appendMasked(dst, child, items)
			return true
		})
		return append(dst, ']')
	}
	return append(dst, v.Raw...)
}
