package exactonline

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/pipeline-dev/pipeline/connectors"
)

var _ connectors.Updater = (*writer)(nil)

// Update implements connectors.Updater: one PUT of the fields rec carries
// to the record whose key is id. Exact changes only the fields a PUT
// names, so what the pipeline does not map stays as it is; its 204 answer
// has no body, so Last gives the id and the fields sent.
func (w *writer) Update(ctx context.Context, id string, rec connectors.Record) error {
	if w.closed {
		return errors.New("exactonline: Update after Close")
	}
	e := w.c.ent
	if !e.can(http.MethodPut) {
		return fmt.Errorf("%s cannot be updated through Exact Online's API: its endpoint takes %s only", e.ref(), e.Methods)
	}
	if e.Lines != "" {
		// Exact updates lines through their own endpoint, not inside the
		// header's PUT; a changed order is not sent again.
		return fmt.Errorf("%s has lines (%s), which Exact does not update through the header; set on_exists = \"skip\"", e.ref(), e.Lines)
	}
	lit, ok := literal(kindGuid, id)
	if !ok {
		return fmt.Errorf("updating %s: %q is not an Exact Online id (a GUID)", e.ref(), id)
	}
	if _, err := w.send(ctx, http.MethodPut, e.Path+"("+lit+")", rec.Raw, nil); err != nil {
		return err
	}
	w.last = connectors.WriteResult{ID: id, Raw: rec.Raw}
	return nil
}
