use std::collections::BTreeSet;

use rusqlite::Connection;

use super::temp_store;
use crate::db::migrations::{self, latest_version, MIGRATIONS};
use crate::Store;

fn names(conn: &Connection, kind: &str) -> BTreeSet<String> {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = ?1 AND name NOT LIKE 'sqlite_%'")
        .unwrap();
    stmt.query_map([kind], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn migration_list_is_ordered_unique_and_named_after_its_version() {
    assert!(!MIGRATIONS.is_empty());
    for (i, m) in MIGRATIONS.iter().enumerate() {
        // Contiguous from 1: a gap or a duplicate would skip or repeat a step.
        assert_eq!(m.version as usize, i + 1, "{} out of order", m.name);
        assert!(
            m.name.starts_with(&format!("{:04}_", m.version)),
            "{} does not start with its version",
            m.name
        );
        assert!(!m.sql.trim().is_empty(), "{} is empty", m.name);
    }
    let unique: BTreeSet<_> = MIGRATIONS.iter().map(|m| m.name).collect();
    assert_eq!(unique.len(), MIGRATIONS.len());
    assert_eq!(latest_version(), MIGRATIONS.len() as u32);
}

#[test]
fn migrations_apply_to_an_empty_db_then_are_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = Connection::open(dir.path().join("m.sqlite3")).unwrap();
    assert_eq!(migrations::current_version(&conn).unwrap(), 0);
    assert_eq!(migrations::apply(&mut conn).unwrap(), MIGRATIONS.len());
    assert_eq!(
        migrations::current_version(&conn).unwrap(),
        latest_version()
    );
    assert_eq!(
        migrations::apply(&mut conn).unwrap(),
        0,
        "second run applies nothing"
    );
    assert_eq!(
        migrations::current_version(&conn).unwrap(),
        latest_version()
    );

    let tables = names(&conn, "table");
    for t in [
        "profiles",
        "checkouts",
        "checkout_events",
        "customers",
        "journal",
        "audit",
        "checkout_fts",
    ] {
        assert!(tables.contains(t), "missing table {t}: {tables:?}");
    }
    let indexes = names(&conn, "index");
    for i in [
        "ix_checkouts_created",
        "ix_checkouts_updated",
        "ix_checkouts_synced",
        "ix_checkouts_amount",
        "ix_checkouts_status",
        "ix_checkouts_customer",
        "ix_checkouts_open",
        "ix_events_checkout",
        "ux_journal_in_flight",
        "ix_journal_unsettled",
        "ix_audit_at",
    ] {
        assert!(indexes.contains(i), "missing index {i}");
    }
    let triggers = names(&conn, "trigger");
    for tr in [
        "audit_no_update",
        "audit_no_delete",
        "journal_state_transitions",
    ] {
        assert!(triggers.contains(tr), "missing trigger {tr}");
    }
    // The checkouts primary key is the partition plus the id.
    let pk: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('checkouts') WHERE pk > 0 ORDER BY pk")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(pk, ["profile_id", "mode", "id"]);
    let fk_problems: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk_problems, 0);
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
}

#[test]
fn store_opens_in_wal_with_foreign_keys_and_reopens() {
    let (dir, store) = temp_store();
    let (mode, fk): (String, bool) = store
        .write(|tx| {
            Ok((
                tx.query_row("PRAGMA journal_mode", [], |r| r.get(0))?,
                tx.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?,
            ))
        })
        .unwrap();
    assert_eq!(mode, "wal");
    assert!(fk);
    let path = store.path().to_path_buf();
    drop(store);
    let again = Store::open(&path).unwrap();
    assert!(again.list_profiles().unwrap().is_empty());
    drop(dir);
}

#[test]
fn a_database_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite3");
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", latest_version() + 1)
        .unwrap();
    drop(conn);
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), "storage");
    assert!(err.to_string().contains("newer"), "{err}");
}

#[test]
fn data_dir_honours_the_override() {
    // Only this test touches the variable.
    std::env::set_var(crate::paths::DATA_DIR_ENV, "/tmp/npdesk-test-dir");
    let dir = crate::paths::data_dir().unwrap();
    let db = crate::paths::db_path().unwrap();
    std::env::remove_var(crate::paths::DATA_DIR_ENV);
    assert_eq!(dir, std::path::PathBuf::from("/tmp/npdesk-test-dir"));
    assert_eq!(db, dir.join(crate::paths::DB_FILE_NAME));
    let default = crate::paths::data_dir().unwrap();
    assert!(default.ends_with(crate::paths::APP_DIR_NAME));
}
