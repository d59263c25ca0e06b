-- The first schema of the sync-state store. Times are INTEGER microseconds
-- since the Unix epoch, UTC (state.Precision), so that they compare and
-- index as numbers; NULL marks "not yet" (a run still going, a set-aside
-- record not yet resolved).

CREATE TABLE cursors (
    pipeline   TEXT    NOT NULL,
    source     TEXT    NOT NULL,
    cursor     TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (pipeline, source)
) WITHOUT ROWID;

CREATE TABLE xrefs (
    pipeline     TEXT    NOT NULL,
    entity       TEXT    NOT NULL,
    source_key   TEXT    NOT NULL,
    target_id    TEXT    NOT NULL,
    payload_hash TEXT    NOT NULL,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (pipeline, entity, source_key)
) WITHOUT ROWID;

CREATE TABLE intents (
    pipeline    TEXT    NOT NULL,
    entity      TEXT    NOT NULL,
    source_key  TEXT    NOT NULL,
    natural_key TEXT    NOT NULL,
    run_id      INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (pipeline, entity, source_key)
) WITHOUT ROWID;

-- AUTOINCREMENT: a purged run's id is never handed out again, so activity
-- and set-aside records that outlive their run cannot be mistaken for a
-- later run's.
CREATE TABLE runs (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    pipeline   TEXT    NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at   INTEGER,
    status     TEXT    NOT NULL,
    read       INTEGER NOT NULL DEFAULT 0,
    written    INTEGER NOT NULL DEFAULT 0,
    skipped    INTEGER NOT NULL DEFAULT 0,
    rejected   INTEGER NOT NULL DEFAULT 0,
    error      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX runs_pipeline_started ON runs (pipeline, started_at);
CREATE INDEX runs_started ON runs (started_at);
CREATE INDEX runs_ended ON runs (ended_at);

CREATE TABLE activity (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id      INTEGER NOT NULL,
    pipeline    TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    system      TEXT    NOT NULL,
    entity      TEXT    NOT NULL,
    source_key  TEXT    NOT NULL,
    origin      TEXT    NOT NULL,
    decision    TEXT    NOT NULL,
    target_id   TEXT    NOT NULL,
    status      INTEGER NOT NULL,
    payload     BLOB,
    error       TEXT    NOT NULL,
    duration_ns INTEGER NOT NULL
);
-- One index per way activity is looked up: by pipeline, by run, by one of
-- the three keys a user may know a record by, and by age for purging.
CREATE INDEX activity_pipeline_at ON activity (pipeline, at);
CREATE INDEX activity_run ON activity (run_id);
CREATE INDEX activity_source_key ON activity (source_key);
CREATE INDEX activity_target_id ON activity (target_id);
CREATE INDEX activity_origin ON activity (origin);
CREATE INDEX activity_at ON activity (at);

CREATE TABLE set_aside (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    pipeline    TEXT    NOT NULL,
    run_id      INTEGER NOT NULL,
    origin      TEXT    NOT NULL,
    source_key  TEXT    NOT NULL,
    stage       TEXT    NOT NULL,
    field       TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    record      BLOB,
    at          INTEGER NOT NULL,
    resolved_at INTEGER
);
CREATE INDEX set_aside_pending ON set_aside (pipeline, at) WHERE resolved_at IS NULL;
CREATE INDEX set_aside_resolved ON set_aside (resolved_at) WHERE resolved_at IS NOT NULL;
