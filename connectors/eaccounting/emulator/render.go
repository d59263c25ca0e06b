package emulator

import "encoding/json"

// render returns a stored row as Visma answers it: every property of the
// component, absent ones with their empty value (null where the document
// allows it, else "", 0, false or []), nested components rendered the same
// way.
func render(comp *genComponent, r row) map[string]any {
	out := make(map[string]any, len(comp.Fields))
	for i := range comp.Fields {
		f := &comp.Fields[i]
		v, ok := r[f.Name]
		if !ok || v == nil {
			out[f.Name] = empty(f)
			continue
		}
		switch {
		case f.Kind == kindObject:
			if m, ok := v.(map[string]any); ok {
				out[f.Name] = render(genComponents[f.Ref], m)
				continue
			}
		case f.Kind == kindArray && f.Elem == kindObject:
			items := rowsOf(v)
			list := make([]any, len(items))
			for j, item := range items {
				list[j] = render(genComponents[f.Ref], item)
			}
			out[f.Name] = list
			continue
		}
		out[f.Name] = v
	}
	return out
}

// empty is the value of an absent property.
func empty(f *genField) any {
	if f.nullable() {
		return nil
	}
	switch f.Kind {
	case kindString:
		return ""
	case kindUUID:
		return nilUUID
	case kindNumber, kindInteger:
		return json.Number("0")
	case kindBool:
		return false
	case kindArray:
		return []any{}
	}
	return nil
}
