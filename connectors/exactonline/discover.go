package exactonline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// Refetch batches: Exact's CRUD pages hold 60 records, and the key filter
// must leave the URL well under Exact's 6,000 characters (a key condition
// is about 60 characters once encoded).
const (
	batchKeys   = 60
	batchFilter = 4000
)

// changed is one record found changed by the sync endpoints.
type changed struct {
	key string
	ts  int64 // the highest Timestamp of its header and line rows
}

// discover reads e in two phases. First it collects the keys of the
// records changed after from: from e.Sync, and from e.SyncLines when the
// lines travel with the header (a changed line is a changed order, and
// Exact may not bump the header's Timestamp for it). Then it fetches those
// records from the CRUD endpoint in Timestamp order, a batch of keys a
// call, with their lines expanded. Timestamps are row versions of the
// whole database, so one cursor covers both sync endpoints; it moves past
// a key only when that record has been handed over (or has been deleted
// in the meantime).
func (c *conn) discover(e *entity, from int64, cur *cursor) func(context.Context) (connectors.Record, error) {
	var (
		keys    []changed
		started bool
		batch   []connectors.Record
		pending []changed // keys of the current batch not yet handed over
	)
	return func(ctx context.Context) (connectors.Record, error) {
		if !started {
			ks, err := c.changedKeys(ctx, e, from)
			if err != nil {
				return connectors.Record{}, err
			}
			keys, started = ks, true
		}
		for {
			if len(pending) > 0 {
				k := pending[0]
				pending = pending[1:]
				cur.advance(k.ts)
				for i, rec := range batch {
					if rec.Key == k.key {
						batch = append(batch[:i], batch[i+1:]...)
						return rec, nil
					}
				}
				continue // deleted since the sync read
			}
			if len(keys) == 0 {
				return connectors.Record{}, io.EOF
			}
			n := batchSize(e, keys)
			recs, err := c.list(ctx, e, e.Path, c.query(e, keyFilter(e, keys[:n])))
			if err != nil {
				return connectors.Record{}, fmt.Errorf("reading %s: %w", e.ref(), err)
			}
			batch, pending, keys = recs, keys[:n:n], keys[n:]
		}
	}
}

// changedKeys reads the sync endpoints after from and returns each changed
// key once, in Timestamp order.
func (c *conn) changedKeys(ctx context.Context, e *entity, from int64) ([]changed, error) {
	latest := map[string]int64{}
	endpoints := []string{e.Sync}
	if e.SyncLines != "" && c.cfg.expand(e) {
		endpoints = append(endpoints, e.SyncLines)
	}
	for _, ep := range endpoints {
		q := url.Values{
			"$filter": {"Timestamp gt " + strconv.FormatInt(from, 10)},
			"$select": {e.Key + ",Timestamp"},
		}
		p := httpx.NextLinkPager(c.client, &httpx.Request{Path: c.path(ep), Query: q, Scope: c.scope}, httpx.ODataV2Page)
		for {
			raw, err := p.Next(ctx)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return nil, fmt.Errorf("reading %s changes: %w", e.ref(), err)
			}
			key := scalarField(raw, e.Key)
			ts, err := strconv.ParseInt(scalarField(raw, "Timestamp"), 10, 64)
			if key == "" || err != nil {
				return nil, fmt.Errorf("reading %s changes: a row of %s has no %s or Timestamp", e.ref(), ep, e.Key)
			}
			latest[key] = max(latest[key], ts)
		}
	}
	out := make([]changed, 0, len(latest))
	for k, ts := range latest {
		out = append(out, changed{key: k, ts: ts})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].ts != out[j].ts {
			return out[i].ts < out[j].ts
		}
		return out[i].key < out[j].key
	})
	return out, nil
}

// batchSize is how many of keys fit one refetch call.
func batchSize(e *entity, keys []changed) int {
	n, length := 0, 0
	for n < len(keys) && n < batchKeys {
		length += len(keyCondition(e, keys[n].key)) + len(" or ")
		if n > 0 && length > batchFilter {
			break
		}
		n++
	}
	return n
}

// keyFilter selects the records of keys.
func keyFilter(e *entity, keys []changed) string {
	conds := make([]string, len(keys))
	for i, k := range keys {
		conds[i] = keyCondition(e, k.key)
	}
	return strings.Join(conds, " or ")
}

func keyCondition(e *entity, key string) string {
	lit, ok := literal(kindGuid, key)
	if !ok {
		lit, _ = literal(kindString, key)
	}
	return e.Key + " eq " + lit
}
