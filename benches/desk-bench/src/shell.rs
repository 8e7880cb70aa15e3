//! The same SQL run by the `sqlite3` shell on the same file.
//!
//! The shell is built by `scripts/sqlite3-shell.sh` from SQLite's own `shell.c` and the
//! amalgamation the app bundles (libsqlite3-sys), so both sides run the same engine
//! version; Debian's sqlite3 (3.40) cannot read the search table (`contentless_delete`
//! needs 3.43).
//!
//! `.timer on` prints wall time in whole milliseconds but CPU time (user + sys) in
//! microseconds; queries here are CPU-bound on a warm page cache, so CPU time is the
//! figure used per run.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::figures::bench_dir;

pub fn shell_path() -> PathBuf {
    bench_dir().join("sqlite3")
}

/// Runs `statements` `iterations` times in one shell session (after `warmup` untimed
/// rounds) and returns the time of each round (the statements' CPU times summed).
pub fn time_rounds(
    db: &Path,
    statements: &[String],
    warmup: usize,
    iterations: usize,
) -> Result<Vec<Duration>, String> {
    let shell = shell_path();
    if !shell.is_file() {
        return Err(format!(
            "{} is missing: run scripts/sqlite3-shell.sh (make bench does)",
            shell.display()
        ));
    }
    let mut script = String::from(".mode list\n.timer on\n");
    for _ in 0..warmup + iterations {
        for s in statements {
            script.push_str(s.trim().trim_end_matches(';'));
            script.push_str(";\n");
        }
    }
    let mut child = Command::new(&shell)
        .arg("-readonly")
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", shell.display()))?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    // Written from a thread: the shell's output fills the pipe while we still write.
    let writer = std::thread::spawn(move || stdin.write_all(script.as_bytes()));
    let out = child
        .wait_with_output()
        .map_err(|e| format!("sqlite3 shell: {e}"))?;
    writer
        .join()
        .map_err(|_| "writer thread panicked".to_owned())?
        .map_err(|e| format!("writing to the shell: {e}"))?;
    if !out.status.success() || !out.stderr.is_empty() {
        return Err(format!(
            "sqlite3 shell failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let times = parse_timer_lines(&String::from_utf8_lossy(&out.stdout))?;
    let per_round = statements.len();
    if times.len() != per_round * (warmup + iterations) {
        return Err(format!(
            "expected {} timer lines, got {}",
            per_round * (warmup + iterations),
            times.len()
        ));
    }
    Ok(times
        .chunks(per_round)
        .skip(warmup)
        .map(|c| c.iter().sum())
        .collect())
}

/// The CPU time (user + sys) of every `Run Time:` line.
fn parse_timer_lines(stdout: &str) -> Result<Vec<Duration>, String> {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix("Run Time: "))
        .map(|rest| {
            let mut cpu = 0.0;
            let words: Vec<&str> = rest.split_whitespace().collect();
            for pair in words.chunks(2) {
                if let [name @ ("user" | "sys"), value] = pair {
                    cpu += value
                        .parse::<f64>()
                        .map_err(|e| format!("bad {name} time {value:?}: {e}"))?;
                }
            }
            Ok(Duration::from_secs_f64(cpu))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timer_lines_give_cpu_time() {
        let out = "a|b\nRun Time: real 0.002 user 0.001200 sys 0.000300\nrow\n\
                   Run Time: real 0.000 user 0.000050 sys 0.000000\n";
        let t = parse_timer_lines(out).unwrap();
        assert_eq!(t.len(), 2);
        assert!((t[0].as_secs_f64() - 0.0015).abs() < 1e-9);
        assert!((t[1].as_secs_f64() - 0.00005).abs() < 1e-9);
        assert!(parse_timer_lines("Run Time: real 1 user x sys 0").is_err());
    }
}
