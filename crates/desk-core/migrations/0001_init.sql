-- 0001_init: the first schema.
--
-- Every cached object is partitioned by (profile_id, mode) so test data never mixes with
-- live data. Timestamps are INTEGER unix milliseconds UTC: range filters and sorts stay
-- integer comparisons on an index, and conversion happens at the edges.
-- Tables are STRICT so a wrong type is an error, not a silently stored string.

CREATE TABLE profiles (
    id              TEXT PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL COLLATE NOCASE UNIQUE,
    color           TEXT NOT NULL
                    CHECK (color GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
    base_url        TEXT NOT NULL,
    -- Guard rails: live mode refuses every write; live refunds above the cap are refused.
    live_read_only  INTEGER NOT NULL DEFAULT 0 CHECK (live_read_only IN (0, 1)),
    live_refund_cap INTEGER CHECK (live_refund_cap IS NULL OR live_refund_cap >= 0),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;

-- The operation journal comes before the tables that point at it.
-- One row per logical write; the Idempotency-Key is reused on every retry of it.
CREATE TABLE journal (
    id              TEXT PRIMARY KEY NOT NULL,
    profile_id      TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    mode            TEXT NOT NULL CHECK (mode IN ('test', 'live')),
    operation       TEXT NOT NULL CHECK (operation IN (
                        'create_checkout', 'capture_checkout', 'refund_checkout',
                        'update_checkout', 'delete_checkout',
                        'create_customer', 'delete_customer')),
    -- The checkout or customer acted on; for a create it is filled in once the reply
    -- names the new object.
    target_id       TEXT,
    params          TEXT NOT NULL CHECK (json_valid(params)),
    idempotency_key TEXT NOT NULL UNIQUE,
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'done', 'failed', 'unknown')),
    error_code      TEXT,
    error_message   TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;

-- At most one unsettled write per object: a second refund while the first is pending or
-- of unknown outcome is refused by the database itself, not only by a check in code.
CREATE UNIQUE INDEX ux_journal_in_flight ON journal (profile_id, mode, target_id)
    WHERE state IN ('pending', 'unknown') AND target_id IS NOT NULL;
-- What sync and app start must settle.
CREATE INDEX ix_journal_unsettled ON journal (profile_id, mode, created_at)
    WHERE state IN ('pending', 'unknown');
CREATE INDEX ix_journal_target ON journal (profile_id, mode, target_id, created_at);

-- done and failed are terminal, and nothing goes back to pending: a settled write
-- must never be replayed because a row was flipped back.
CREATE TRIGGER journal_state_transitions
BEFORE UPDATE OF state ON journal
WHEN NEW.state <> OLD.state
 AND (OLD.state IN ('done', 'failed') OR NEW.state = 'pending')
BEGIN
    SELECT RAISE(ABORT, 'journal: illegal state transition');
END;

CREATE TABLE checkouts (
    profile_id     TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    mode           TEXT NOT NULL CHECK (mode IN ('test', 'live')),
    id             TEXT NOT NULL,
    -- Stable integer key of the row in checkout_fts. The implicit rowid is not used for
    -- that because VACUUM may renumber it when it is not an INTEGER PRIMARY KEY.
    doc_id         INTEGER NOT NULL UNIQUE,
    identifier     TEXT,
    status         TEXT NOT NULL,
    -- Derived from status when written, so "stale" (non-final, not synced for N hours)
    -- is an index range instead of a status list.
    is_final       INTEGER NOT NULL CHECK (is_final IN (0, 1)),
    amount         INTEGER NOT NULL,
    refunded       INTEGER NOT NULL DEFAULT 0,
    currency       TEXT NOT NULL,
    message        TEXT,
    customer_id    TEXT,
    link           TEXT,
    -- Server times; when a reply omits them, the time we first saw the checkout.
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    last_synced_at INTEGER NOT NULL,
    metadata       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
    -- The server's reply as received: unknown fields survive for later versions.
    raw            TEXT NOT NULL CHECK (json_valid(raw)),
    PRIMARY KEY (profile_id, mode, id)
) STRICT;

-- The default list: status filter + created_at range + created_at sort, and the totals
-- per currency over the same filter. Carrying status, currency, amount and refunded makes
-- the index covering for the WHERE clause and for the totals, so neither touches the table.
CREATE INDEX ix_checkouts_created ON checkouts
    (profile_id, mode, created_at, id, status, currency, amount, refunded);
CREATE INDEX ix_checkouts_updated ON checkouts (profile_id, mode, updated_at, id);
CREATE INDEX ix_checkouts_synced ON checkouts (profile_id, mode, last_synced_at, id);
CREATE INDEX ix_checkouts_amount ON checkouts (profile_id, mode, amount, id);
CREATE INDEX ix_checkouts_status ON checkouts (profile_id, mode, status, id);
CREATE INDEX ix_checkouts_customer ON checkouts (profile_id, mode, customer_id, created_at);
-- Sync's work list: only the open checkouts, oldest sync first.
CREATE INDEX ix_checkouts_open ON checkouts (profile_id, mode, last_synced_at)
    WHERE is_final = 0;

-- Timeline of a checkout: status changes we observed and our own actions.
CREATE TABLE checkout_events (
    seq         INTEGER PRIMARY KEY,
    profile_id  TEXT NOT NULL,
    mode        TEXT NOT NULL CHECK (mode IN ('test', 'live')),
    checkout_id TEXT NOT NULL,
    at          INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT,
    amount      INTEGER,
    actor       TEXT NOT NULL,
    journal_id  TEXT REFERENCES journal(id) ON DELETE SET NULL,
    detail      TEXT CHECK (detail IS NULL OR json_valid(detail)),
    FOREIGN KEY (profile_id, mode, checkout_id)
        REFERENCES checkouts (profile_id, mode, id) ON DELETE CASCADE
) STRICT;
CREATE INDEX ix_events_checkout ON checkout_events (profile_id, mode, checkout_id, seq);
CREATE INDEX ix_events_journal ON checkout_events (journal_id) WHERE journal_id IS NOT NULL;

CREATE TABLE customers (
    profile_id     TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    mode           TEXT NOT NULL CHECK (mode IN ('test', 'live')),
    id             TEXT NOT NULL,
    first_name     TEXT NOT NULL,
    last_name      TEXT NOT NULL,
    email          TEXT NOT NULL,
    client_page    TEXT,
    saved_cards    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(saved_cards)),
    metadata       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
    raw            TEXT NOT NULL CHECK (json_valid(raw)),
    created_at     INTEGER,
    last_synced_at INTEGER NOT NULL,
    -- Deleted on the server: kept so old checkouts still show who paid.
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    deleted_at     INTEGER,
    PRIMARY KEY (profile_id, mode, id)
) STRICT;
CREATE INDEX ix_customers_name ON customers (profile_id, mode, last_name, first_name, id);

-- Full-text search over checkouts. Contentless (the text lives in the tables above) with
-- contentless_delete so a row can be replaced when a checkout or its customer changes.
-- rowid = checkouts.doc_id. Column meta holds the metadata as "key value" words plus one
-- opaque token per pair (see cache/search.rs) so `order:1001` matches exactly.
CREATE VIRTUAL TABLE checkout_fts USING fts5(
    id, identifier, message, customer, meta,
    content = '',
    contentless_delete = 1,
    prefix = '2 3',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Every way a checkout row goes (its own delete, a profile purge through ON DELETE
-- CASCADE, which fires triggers too) takes its search entry with it.
CREATE TRIGGER checkouts_fts_cleanup AFTER DELETE ON checkouts
BEGIN
    DELETE FROM checkout_fts WHERE rowid = OLD.doc_id;
END;

-- Append-only record of who did what. No foreign key: entries outlive their profile.
CREATE TABLE audit (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    at            INTEGER NOT NULL,
    os_user       TEXT NOT NULL,
    profile_id    TEXT,
    mode          TEXT CHECK (mode IS NULL OR mode IN ('test', 'live')),
    action        TEXT NOT NULL,
    target        TEXT,
    params        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params)),
    outcome       TEXT NOT NULL CHECK (outcome IN ('success', 'failure', 'unknown')),
    error_code    TEXT,
    error_message TEXT
) STRICT;
CREATE INDEX ix_audit_at ON audit (at);
CREATE INDEX ix_audit_profile ON audit (profile_id, mode, at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
