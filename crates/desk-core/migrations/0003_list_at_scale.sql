-- 0003_list_at_scale: what the list needs to stay fast on a million cached checkouts.
--
-- 1. The default list index also carries doc_id (the search entry's key), so a broad
--    search can walk the list in its own order and test each row against the matches
--    without reading the table (cache/query.rs, SearchShape).
-- 2. Per-day totals of cached checkouts, kept by triggers.
--
-- The list shows the count and sums of everything its filters match. On a million cached
-- checkouts, adding them up row by row takes hundreds of milliseconds; this table holds
-- them per (UTC day of created_at, status, currency), so the common filters (status,
-- currency, date range) add up whole days from here and only the partial days at the
-- ends of the range from the rows (cache/totals.rs). New rows are counted by the code that
-- inserts them; triggers keep it exact through every update and delete, a profile purge
-- included (cascade deletes fire triggers too).

DROP INDEX ix_checkouts_created;
CREATE INDEX ix_checkouts_created ON checkouts
    (profile_id, mode, created_at, id, status, currency, amount, refunded, doc_id);

CREATE TABLE checkout_daily (
    profile_id TEXT NOT NULL,
    mode       TEXT NOT NULL,
    -- created_at / 86400000: days since 1970-01-01 UTC.
    day        INTEGER NOT NULL,
    status     TEXT NOT NULL,
    currency   TEXT NOT NULL,
    count      INTEGER NOT NULL,
    amount     INTEGER NOT NULL,
    refunded   INTEGER NOT NULL,
    PRIMARY KEY (profile_id, mode, day, status, currency)
) STRICT, WITHOUT ROWID;

INSERT INTO checkout_daily (profile_id, mode, day, status, currency, count, amount, refunded)
SELECT profile_id, mode, created_at / 86400000, status, currency,
       count(*), sum(amount), sum(refunded)
FROM checkouts
GROUP BY profile_id, mode, created_at / 86400000, status, currency;

-- New rows are counted by the code that inserts them (cache/checkouts.rs, add_to_day_in):
-- an INSERT trigger would make every insert open a statement savepoint, at which FTS5
-- flushes its pending entries, one search segment per row in a batch.

CREATE TRIGGER checkouts_daily_delete AFTER DELETE ON checkouts
BEGIN
    UPDATE checkout_daily
       SET count = count - 1, amount = amount - OLD.amount, refunded = refunded - OLD.refunded
     WHERE profile_id = OLD.profile_id AND mode = OLD.mode
       AND day = OLD.created_at / 86400000 AND status = OLD.status AND currency = OLD.currency;
    DELETE FROM checkout_daily
     WHERE profile_id = OLD.profile_id AND mode = OLD.mode
       AND day = OLD.created_at / 86400000 AND status = OLD.status AND currency = OLD.currency
       AND count = 0;
END;

-- Most updates (a sync that only moves last_synced_at, a metadata edit) change none of
-- the counted columns and skip the trigger.
CREATE TRIGGER checkouts_daily_update AFTER UPDATE OF status, currency, amount, refunded,
    created_at, profile_id, mode ON checkouts
WHEN OLD.status IS NOT NEW.status OR OLD.currency IS NOT NEW.currency
  OR OLD.amount IS NOT NEW.amount OR OLD.refunded IS NOT NEW.refunded
  OR OLD.created_at / 86400000 IS NOT NEW.created_at / 86400000
  OR OLD.profile_id IS NOT NEW.profile_id OR OLD.mode IS NOT NEW.mode
BEGIN
    UPDATE checkout_daily
       SET count = count - 1, amount = amount - OLD.amount, refunded = refunded - OLD.refunded
     WHERE profile_id = OLD.profile_id AND mode = OLD.mode
       AND day = OLD.created_at / 86400000 AND status = OLD.status AND currency = OLD.currency;
    DELETE FROM checkout_daily
     WHERE profile_id = OLD.profile_id AND mode = OLD.mode
       AND day = OLD.created_at / 86400000 AND status = OLD.status AND currency = OLD.currency
       AND count = 0;
    INSERT INTO checkout_daily (profile_id, mode, day, status, currency, count, amount, refunded)
    VALUES (NEW.profile_id, NEW.mode, NEW.created_at / 86400000, NEW.status, NEW.currency,
            1, NEW.amount, NEW.refunded)
    ON CONFLICT (profile_id, mode, day, status, currency) DO UPDATE SET
        count = count + 1,
        amount = amount + excluded.amount,
        refunded = refunded + excluded.refunded;
END;
