//! `desk-bench fixture`: a fresh cache with N checkouts, and its rows/s.

use std::path::Path;

use desk_core::fixtures::FixtureSpec;
use desk_core::{Mode, NewProfile, Store};

use crate::figures::{record, Figure};
use crate::scenarios::FixtureInfo;

pub fn run(rows: usize, db: &Path) -> Result<(), String> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(&p) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.to_string()),
            _ => {}
        }
    }
    let store = Store::open(db).map_err(|e| e.to_string())?;
    let profile = store
        .create_profile(&NewProfile {
            name: "Bench Shop".into(),
            color: "#2563eb".into(),
            // Never contacted: the app lists from the cache.
            base_url: "http://127.0.0.1:9".into(),
            guard_rails: Default::default(),
        })
        .map_err(|e| e.to_string())?;
    let spec = FixtureSpec::new(rows);
    println!("fixture: {rows} checkouts into {}", db.display());
    let report = store
        .fill_fixture(&profile.id, Mode::Test, &spec)
        .map_err(|e| e.to_string())?;
    // A checkout and an order number from the middle of the set, for lookups.
    let mid = store
        .list_checkouts(&desk_core::ListQuery {
            offset: (rows / 2) as u32,
            limit: 1,
            ..desk_core::ListQuery::new(profile.id.clone(), Mode::Test)
        })
        .map_err(|e| e.to_string())?;
    let sample = mid.rows.first().ok_or("the fixture is empty")?;
    let order = sample
        .metadata
        .get("order")
        .and_then(|v| v.as_str())
        .ok_or("fixture row without an order number")?
        .to_owned();
    FixtureInfo {
        db: db.to_path_buf(),
        profile_id: profile.id.as_str().to_owned(),
        mode: Mode::Test,
        rows,
        now: spec.now,
        sample_id: sample.id.clone(),
        sample_order: order,
    }
    .save()?;
    let size = std::fs::metadata(db).map(|m| m.len()).unwrap_or(0) as f64 / (1 << 20) as f64;
    let note = format!(
        "{} customers, {} timeline events, {:.0} MiB file, {:.1} s",
        report.customers,
        report.events,
        size,
        report.elapsed.as_secs_f64()
    );
    record(
        Figure::new(
            format!("fixture: generate {rows} checkouts"),
            report.rows_per_sec(),
            "rows/s",
        )
        .note(note),
    )
    .map_err(|e| e.to_string())
}
