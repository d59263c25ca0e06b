-- What a cross-reference's record was written from: a hash of the source
-- record and of the compiled pipeline, so that a run can tell a record is
-- unchanged before mapping it (and calling the target for its lookups).
-- Empty for cross-references written before, which are mapped once more.
ALTER TABLE xrefs ADD COLUMN source_hash TEXT NOT NULL DEFAULT '';
