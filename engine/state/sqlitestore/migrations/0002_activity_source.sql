-- The record as it came from the source, masked like the payload, so that
-- one record's page shows what came in next to what was sent.
ALTER TABLE activity ADD COLUMN source BLOB;
