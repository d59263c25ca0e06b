package schemas

import (
	"fmt"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Our annotation keywords. They describe data, they never constrain it.
const (
	kwPersonal   = "x-personal-data"
	kwNaturalKey = "x-natural-key"
	kwKey        = "x-key"
	kwAssumed    = "x-assumed"
)

var knownAnnotations = []string{kwAssumed, kwKey, kwNaturalKey, kwPersonal}

// annotationsExt is the name under which the compiled annotations hang in
// jsonschema.Schema.Extensions.
const annotationsExt = "pipeline-annotations"

// annotations is the compiled form of our x- keywords on one schema.
type annotations struct {
	personal, naturalKey, key, assumed bool
}

// Validate never fails: annotations only describe.
func (annotations) Validate(jsonschema.ValidationContext, any) error { return nil }

// annotationCompiler reads the x- keywords of each schema object while the
// library compiles it, so that fields need no second walk over the raw JSON.
// It rejects x- keywords it does not know and non-boolean values: a typo
// such as "x-personal" would otherwise silently mark nothing.
type annotationCompiler struct{}

func (annotationCompiler) Compile(_ jsonschema.CompilerContext, m map[string]any) (jsonschema.ExtSchema, error) {
	var a annotations
	found := false
	for k, v := range m {
		if !strings.HasPrefix(k, "x-") {
			continue
		}
		if !slices.Contains(knownAnnotations, k) {
			return nil, fmt.Errorf("unknown annotation %q (known: %s)", k, strings.Join(knownAnnotations, ", "))
		}
		b, ok := v.(bool)
		if !ok {
			return nil, fmt.Errorf("annotation %q must be true or false, not %v", k, v)
		}
		found = true
		switch k {
		case kwPersonal:
			a.personal = b
		case kwNaturalKey:
			a.naturalKey = b
		case kwKey:
			a.key = b
		case kwAssumed:
			a.assumed = b
		}
	}
	if !found {
		return nil, nil
	}
	return a, nil
}

// annotationsOf returns the compiled annotations of one schema object.
func annotationsOf(s *jsonschema.Schema) annotations {
	if a, ok := s.Extensions[annotationsExt].(annotations); ok {
		return a
	}
	return annotations{}
}
