-- 0004_import_queue: checkout ids an import has accepted but not yet retrieved.
--
-- An import of 100,000 ids takes minutes against the API; the ids are written here first
-- (one transaction), so a cancelled run, a lost connection or a closed app loses none:
-- each id leaves the queue when it is cached or the server says it does not exist, and
-- the next import or sync of the same (profile, mode) retrieves what is left.

CREATE TABLE import_queue (
    profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    mode       TEXT NOT NULL CHECK (mode IN ('test', 'live')),
    id         TEXT NOT NULL,
    queued_at  INTEGER NOT NULL,
    PRIMARY KEY (profile_id, mode, id)
) STRICT, WITHOUT ROWID;
