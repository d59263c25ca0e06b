package engine_test

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/tidwall/gjson"
	"github.com/tidwall/sjson"

	"github.com/pipeline-dev/pipeline/connectors"
)

// fakeSystem is a system in memory whose writers create, look up and
// update records per entity, the way an API connector does: each writer
// is opened for one entity (connectors.Options.Entity), and a create gives
// the record an id. Orders (the target's own records) are kept apart.
type fakeSystem struct {
	mu      sync.Mutex
	recs    map[string][][]byte // by entity
	orders  [][]byte
	nextID  int
	creates map[string]int
	updates [][]byte // the payloads of updates, as sent

	failOrders bool                   // writing an order fails as a whole: the run stops
	refuse     func(rec []byte) error // refuses a related create
}

func newFakeSystem() *fakeSystem {
	return &fakeSystem{recs: map[string][][]byte{}, creates: map[string]int{}}
}

type fakeWriter struct {
	sys    *fakeSystem
	entity string
	last   connectors.WriteResult
}

func (w *fakeWriter) Write(_ context.Context, rec connectors.Record) error {
	s := w.sys
	s.mu.Lock()
	defer s.mu.Unlock()
	if w.entity == "" {
		if s.failOrders {
			return errors.New("connection reset")
		}
		s.orders = append(s.orders, append([]byte(nil), rec.Raw...))
		return nil
	}
	if s.refuse != nil {
		if err := s.refuse(rec.Raw); err != nil {
			return err
		}
	}
	s.nextID++
	id := fmt.Sprintf("00000000-0000-4000-8000-%012d", s.nextID)
	stored, _ := sjson.SetBytes(append([]byte(nil), rec.Raw...), "ID", id)
	s.recs[w.entity] = append(s.recs[w.entity], stored)
	s.creates[w.entity]++
	w.last = connectors.WriteResult{ID: id, Raw: stored}
	return nil
}

func (w *fakeWriter) Last() connectors.WriteResult { return w.last }

func (w *fakeWriter) Lookup(_ context.Context, q connectors.LookupQuery) ([]connectors.Record, error) {
	w.sys.mu.Lock()
	defer w.sys.mu.Unlock()
	var out []connectors.Record
	for _, r := range w.sys.recs[q.Entity] {
		if gjson.GetBytes(r, q.Field).String() == q.Value {
			out = append(out, connectors.Record{Raw: r})
		}
	}
	return out, nil
}

func (w *fakeWriter) Update(_ context.Context, id string, rec connectors.Record) error {
	s := w.sys
	s.mu.Lock()
	defer s.mu.Unlock()
	s.updates = append(s.updates, append([]byte(nil), rec.Raw...))
	for i, r := range s.recs[w.entity] {
		if gjson.GetBytes(r, "ID").String() == id {
			gjson.ParseBytes(rec.Raw).ForEach(func(k, v gjson.Result) bool {
				r, _ = sjson.SetRawBytes(r, k.Str, []byte(v.Raw))
				return true
			})
			s.recs[w.entity][i] = r
			return nil
		}
	}
	return &connectors.RecordError{Err: fmt.Errorf("no %s %s", w.entity, id)}
}

func (w *fakeWriter) Close() error { return nil }

// registry holds "mem" (lines in, nothing out) and "sys", the fake system.
func (s *fakeSystem) registry() *connectors.Registry {
	reg := testRegistry()
	type sysConfig struct{}
	reg.MustRegister(connectors.Spec{
		Name:      "sys",
		NewConfig: func() any { return &sysConfig{} },
		NewWriter: func(_ context.Context, _ any, o connectors.Options) (connectors.Writer, error) {
			return &fakeWriter{sys: s, entity: o.Entity}, nil
		},
	})
	return reg
}
