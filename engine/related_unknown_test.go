package engine_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tidwall/sjson"

	"github.com/pipeline-dev/pipeline/engine"
)

// TestRelatedCreateOutcomeUnknown: a related create whose answer was lost
// (the connection dropped after the system stored the record) sets its
// order aside; the next order with the same key looks the key up again
// and finds that record instead of creating a second one from the run's
// cached "not found".
func TestRelatedCreateOutcomeUnknown(t *testing.T) {
	sys := newFakeSystem()
	lost := false
	sys.refuse = func(rec []byte) error {
		if lost {
			return nil
		}
		lost = true // stored, but the answer never arrives
		stored, _ := sjson.SetBytes(append([]byte(nil), rec...), "ID", "00000000-0000-4000-8000-000000000099")
		sys.recs["exactonline/account"] = append(sys.recs["exactonline/account"], stored)
		return errors.New("read tcp: i/o timeout")
	}
	plan := compileRelated(t, sys, "use")
	stats, err := plan.Run(context.Background(), engine.RunOptions{Reader: newLines([]byte(relatedInput))})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(sys.recs["exactonline/account"]); n != 2 || stats.Written != 2 || stats.Rejected != 1 {
		t.Errorf("%d accounts in the system, %+v; want 2 (the lost create and known@, none again), A2 and A3 written, A1 set aside", n, stats)
	}
}
