//! Cache queries on the fixture (default 1M checkouts): criterion drives the runs; every
//! single run is timed too, so p50 and p95 come from individual queries, not batch means.
//! Beside each, the same SQL in the sqlite3 shell on the same file, and the ratio.
//!
//! `NPDESK_BENCH_DB` picks the database (default target/bench/cache-1000000.db).

use std::cell::RefCell;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::Criterion;
use desk_bench::figures::{bench_dir, record, Figure};
use desk_bench::scenarios::{scenarios, FixtureInfo};
use desk_bench::shell;
use desk_bench::stats::{ms, summarize};
use desk_core::Store;

const SHELL_ROUNDS: usize = 200;

fn main() {
    let db = std::env::var_os("NPDESK_BENCH_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| bench_dir().join("cache-1000000.db"));
    let info = FixtureInfo::load(&db).unwrap_or_else(|e| panic!("{e}"));
    let store = Store::open(&db).expect("open the fixture database");
    let mut c = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let rows = info.rows;
    for sc in scenarios(&info) {
        let samples = RefCell::new(Vec::<Duration>::new());
        let mut returned = 0;
        c.bench_function(sc.name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let t = Instant::now();
                    returned = black_box(sc.run(&store, &info).expect("query"));
                    let d = t.elapsed();
                    samples.borrow_mut().push(d);
                    total += d;
                }
                total
            })
        });
        let ours = summarize(&samples.borrow()).expect("samples");
        let sql = sc.sql(&store, &info).expect("sql text");
        // As many shell rounds as fit in about 3 s, between 10 and SHELL_ROUNDS.
        let rounds = ((3.0 / ours.p50.as_secs_f64().max(1e-6)) as usize).clamp(10, SHELL_ROUNDS);
        let theirs =
            shell::time_rounds(&db, &sql, 2, rounds).map(|t| summarize(&t).expect("shell samples"));
        let name = format!("cache {rows}: {}", sc.name);
        let mut p95 = Figure::new(format!("{name} — p95"), ms(ours.p95), "ms").note(format!(
            "p50 {:.2} ms, {} runs, {returned} returned",
            ms(ours.p50),
            ours.n
        ));
        if let Some(t) = sc.target_p95_ms {
            p95 = p95.at_most(t);
        }
        record(p95).expect("record");
        match theirs {
            Ok(s) => {
                record(
                    Figure::new(format!("{name} — sqlite3 shell p95"), ms(s.p95), "ms")
                        .note(format!("p50 {:.2} ms, {} runs, CPU time", ms(s.p50), s.n)),
                )
                .expect("record");
                let mut ratio = Figure::new(
                    format!("{name} — ratio to sqlite3 (p95)"),
                    ours.p95.as_secs_f64() / s.p95.as_secs_f64().max(1e-7),
                    "×",
                );
                if let Some(r) = sc.max_ratio {
                    ratio = ratio.at_most(r);
                }
                record(ratio).expect("record");
            }
            Err(e) => panic!("sqlite3 shell run of {:?} failed: {e}", sc.name),
        }
    }
    c.final_summary();
}
