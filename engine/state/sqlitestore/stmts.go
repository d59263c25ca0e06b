package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// statements are the ones a run executes per record, prepared once when
// the store opens: SQLite parses and plans a statement in about as long as
// it takes to run one of these, and a run executes one lookup per record
// and, for remote targets, one commit per record. database/sql prepares
// them again on any other connection of the pool that needs them.
type statements struct {
	xref       *sql.Stmt // on the read pool
	xrefUpsert *sql.Stmt
	intent     *sql.Stmt // its own transaction, before each create sent without lookups
	intentDone *sql.Stmt
	activity   *sql.Stmt // one row
	activityN  *sql.Stmt // activityRows rows
	setAside   *sql.Stmt
	// setAsideRenew replaces the pending entry of a record set aside again
	// (same source key, or same origin and bytes when it has no key: a
	// file read again under the same name may hold another record at that
	// line, which must wait too), so that a record failing on every run
	// waits once, not once per run.
	setAsideRenew *sql.Stmt
}

// activityRows is how many activity entries one INSERT carries when a
// group has that many: one statement execution per row costs more than
// the row (14 values, under SQLite's limit of 32,766 per statement).
const activityRows = 32

const activityColumns = `INSERT INTO activity (run_id, pipeline, at, system, entity,
	source_key, origin, decision, target_id, status, payload, source, error, duration_ns) VALUES `

const activityValues = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

func (s *Store) prepareStatements(ctx context.Context) error {
	st := &s.stmts
	for _, p := range []struct {
		db  *sql.DB
		dst **sql.Stmt
		sql string
	}{
		{s.read, &st.xref, `SELECT target_id, payload_hash, source_hash, updated_at FROM xrefs
			WHERE pipeline = ? AND entity = ? AND source_key = ?`},
		{s.write, &st.xrefUpsert, `INSERT INTO xrefs
			(pipeline, entity, source_key, target_id, payload_hash, source_hash, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (pipeline, entity, source_key) DO UPDATE SET target_id = excluded.target_id,
			payload_hash = excluded.payload_hash, source_hash = excluded.source_hash, updated_at = excluded.updated_at`},
		{s.write, &st.intent, `INSERT INTO intents
			(pipeline, entity, source_key, natural_key, run_id, created_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (pipeline, entity, source_key) DO UPDATE SET natural_key = excluded.natural_key,
			run_id = excluded.run_id, created_at = excluded.created_at`},
		{s.write, &st.intentDone, "DELETE FROM intents WHERE pipeline = ? AND entity = ? AND source_key = ?"},
		{s.write, &st.activity, activityColumns + activityValues},
		{s.write, &st.activityN, activityColumns + strings.Repeat(activityValues+", ", activityRows-1) + activityValues},
		{s.write, &st.setAside, `INSERT INTO set_aside (pipeline, run_id, origin, source_key,
			stage, field, reason, record, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{s.write, &st.setAsideRenew, `UPDATE set_aside SET run_id = ?, origin = ?, stage = ?, field = ?,
			reason = ?, record = ?, at = ? WHERE pipeline = ? AND resolved_at IS NULL
			AND CASE WHEN ? <> '' THEN source_key = ? ELSE source_key = '' AND origin = ? AND record IS ? END`},
	} {
		stmt, err := p.db.PrepareContext(ctx, p.sql)
		if err != nil {
			return fmt.Errorf("preparing %.40q…: %w", p.sql, err)
		}
		*p.dst = stmt
	}
	return nil
}

func (st *statements) close() error {
	var errs []error
	for _, stmt := range []*sql.Stmt{st.xref, st.xrefUpsert, st.intent, st.intentDone, st.activity, st.activityN, st.setAside, st.setAsideRenew} {
		if stmt != nil {
			errs = append(errs, stmt.Close())
		}
	}
	return errors.Join(errs...)
}
