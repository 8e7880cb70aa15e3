//! `desk-bench import`: N checkout ids pasted as a CSV export, parsed and written to the
//! cache's import queue (what an import does before its first request).

use std::time::Instant;

use chrono::Utc;
use desk_core::{Desk, Mode, NewProfile, Store};

use crate::figures::{record, Figure};

/// A shop's order export: a header naming the id column, and other columns around it.
pub fn export_text(n: usize) -> String {
    let mut text = String::from("order,checkout_id,amount\n");
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..n {
        // xorshift: distinct, random-looking 24-hex ids like the simulator's.
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        text.push_str(&format!(
            "{},{:08x}{:016x},{}\n",
            100_000 + i,
            i,
            x,
            4900 + i % 1000
        ));
    }
    text
}

pub fn run(n: usize) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let store = Store::open(dir.path().join("desk.sqlite3")).map_err(|e| e.to_string())?;
    let profile = store
        .create_profile(&NewProfile {
            name: "Import Shop".into(),
            color: "#2563eb".into(),
            base_url: "http://127.0.0.1:9".into(),
            guard_rails: Default::default(),
        })
        .map_err(|e| e.to_string())?;
    let text = export_text(n);

    let started = Instant::now();
    let plan = Desk::parse_import(&text);
    let parsed = started.elapsed();
    if plan.ids.len() != n || !plan.bad_lines.is_empty() {
        return Err(format!(
            "parsed {} ids and {} bad lines from {n} lines",
            plan.ids.len(),
            plan.bad_lines.len()
        ));
    }
    let ids: Vec<String> = plan.ids.into_iter().map(|i| i.into_string()).collect();
    let queued_at = Instant::now();
    let added = store
        .enqueue_import(&profile.id, Mode::Test, &ids, Utc::now())
        .map_err(|e| e.to_string())?;
    let queued = queued_at.elapsed();
    if added != n {
        return Err(format!("queued {added} of {n} ids"));
    }
    let total = parsed + queued;
    let rate = |d: std::time::Duration| n as f64 / d.as_secs_f64().max(1e-9);
    record(
        Figure::new(format!("import: {n} ids, parse CSV + write to the cache"), rate(total), "rows/s")
            .at_least(200_000.0)
            .note(format!(
                "{:.0} ms in all: parse {:.0} ms ({:.0} rows/s), queue {:.0} ms ({:.0} rows/s), one transaction",
                total.as_secs_f64() * 1000.0,
                parsed.as_secs_f64() * 1000.0,
                rate(parsed),
                queued.as_secs_f64() * 1000.0,
                rate(queued)
            )),
    )
    .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_export_parses_to_distinct_valid_ids() {
        let plan = Desk::parse_import(&export_text(2000));
        assert_eq!(plan.ids.len(), 2000);
        assert!(plan.bad_lines.is_empty() && plan.duplicates.is_empty());
    }
}
