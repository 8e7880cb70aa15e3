//! Neuro-Pay Desk benchmarks. `make bench` runs every step of `desk-bench` and the
//! criterion bench `queries`, each appending figures to `target/bench/results.jsonl`, and
//! prints them as one table (`desk-bench report`). Nothing here is a timed test.

pub mod app_cmd;
pub mod figures;
pub mod fixture_cmd;
pub mod import_cmd;
pub mod procs;
pub mod scenarios;
pub mod shell;
pub mod stats;
pub mod sync_cmd;
