package emulator

import (
	"fmt"
)

// AddObjects stores objects of one type ("products") straight into the
// portal, in-process, as seed rows are stored: each through the checks of
// an API create, but read-only properties such as createdate and the
// modification date may be set, so that they can date the objects. It is
// for tests that need more objects than a seed document comfortably holds
// (searches past HubSpot's 10,000-result cap); the requests are not
// counted and send no webhooks. It returns the new ids in order.
func (e *Emulator) AddObjects(typeName string, rows []map[string]string) ([]string, error) {
	t := lookupType(typeName)
	if t == nil {
		return nil, fmt.Errorf("no object type %q", typeName)
	}
	ids := make([]string, 0, len(rows))
	err := e.withPortal(func(tx *txn) error {
		tx.seeding = true
		for i, row := range rows {
			props := make(map[string]any, len(row))
			for k, v := range row {
				props[k] = v
			}
			o, err := tx.create(t, props, nil)
			if err != nil {
				return fmt.Errorf("%s[%d]: %w", typeName, i, err)
			}
			ids = append(ids, o.idText())
		}
		tx.changed = true
		return nil
	})
	return ids, err
}
