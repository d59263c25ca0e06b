-- The first schema of the sync-state store. Times are timestamptz
-- (microseconds, state.Precision); NULL marks "not yet" (a run still
-- going, a set-aside record not yet resolved). Ids come from identity
-- columns, whose sequences never hand out an id twice, even after a purge.

CREATE TABLE cursors (
    pipeline   text        NOT NULL,
    source     text        NOT NULL,
    cursor     text        NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (pipeline, source)
);

CREATE TABLE xrefs (
    pipeline     text        NOT NULL,
    entity       text        NOT NULL,
    source_key   text        NOT NULL,
    target_id    text        NOT NULL,
    payload_hash text        NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (pipeline, entity, source_key)
);

CREATE TABLE intents (
    pipeline    text        NOT NULL,
    entity      text        NOT NULL,
    source_key  text        NOT NULL,
    natural_key text        NOT NULL,
    run_id      bigint      NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (pipeline, entity, source_key)
);

CREATE TABLE runs (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pipeline   text        NOT NULL,
    started_at timestamptz NOT NULL,
    ended_at   timestamptz,
    status     text        NOT NULL,
    read       bigint      NOT NULL DEFAULT 0,
    written    bigint      NOT NULL DEFAULT 0,
    skipped    bigint      NOT NULL DEFAULT 0,
    rejected   bigint      NOT NULL DEFAULT 0,
    error      text        NOT NULL DEFAULT ''
);
CREATE INDEX runs_pipeline_started ON runs (pipeline, started_at);
CREATE INDEX runs_started ON runs (started_at);
CREATE INDEX runs_ended ON runs (ended_at);

CREATE TABLE activity (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id      bigint      NOT NULL,
    pipeline    text        NOT NULL,
    at          timestamptz NOT NULL,
    system      text        NOT NULL,
    entity      text        NOT NULL,
    source_key  text        NOT NULL,
    origin      text        NOT NULL,
    decision    text        NOT NULL,
    target_id   text        NOT NULL,
    status      integer     NOT NULL,
    payload     bytea,
    error       text        NOT NULL,
    duration_ns bigint      NOT NULL
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
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pipeline    text        NOT NULL,
    run_id      bigint      NOT NULL,
    origin      text        NOT NULL,
    source_key  text        NOT NULL,
    stage       text        NOT NULL,
    field       text        NOT NULL,
    reason      text        NOT NULL,
    record      bytea,
    at          timestamptz NOT NULL,
    resolved_at timestamptz
);
CREATE INDEX set_aside_pending ON set_aside (pipeline, at) WHERE resolved_at IS NULL;
CREATE INDEX set_aside_resolved ON set_aside (resolved_at) WHERE resolved_at IS NOT NULL;
