//! Reading processes from /proc: start times, process trees, memory.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// PSS and RSS in KiB, summed over some processes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Memory {
    pub pss_kib: u64,
    pub rss_kib: u64,
}

/// (pid, ppid, start time in clock ticks since boot) of every process.
fn all_processes() -> Vec<(u32, u32, u64)> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // The command name is in parentheses and may hold spaces: fields follow the last ')'.
            let rest = &stat[stat.rfind(')')? + 1..];
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some((pid, f.get(1)?.parse().ok()?, f.get(19)?.parse().ok()?))
        })
        .collect()
}

/// The newest process running `exe`.
pub fn newest_pid_of(exe: &Path) -> Option<u32> {
    let exe = exe.canonicalize().ok()?;
    all_processes()
        .into_iter()
        .filter(|(pid, _, _)| {
            std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|p| p == exe)
        })
        .max_by_key(|(_, _, start)| *start)
        .map(|(pid, _, _)| pid)
}

/// `root` and every process below it.
pub fn tree(root: u32) -> Vec<u32> {
    let procs = all_processes();
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        let parent = out[i];
        out.extend(procs.iter().filter(|p| p.1 == parent).map(|p| p.0));
        i += 1;
    }
    out
}

pub fn name(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}

/// PSS and RSS of one process from /proc/<pid>/smaps_rollup.
pub fn memory(pid: u32) -> Option<Memory> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    Some(parse_rollup(&text))
}

fn parse_rollup(text: &str) -> Memory {
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
            .unwrap_or(0)
    };
    Memory {
        pss_kib: field("Pss:"),
        rss_kib: field("Rss:"),
    }
}

/// When `pid` started, as wall-clock time (10 ms resolution: clock ticks since boot).
pub fn start_time(pid: u32) -> Option<SystemTime> {
    let ticks = all_processes()
        .into_iter()
        .find(|p| p.0 == pid)
        .map(|p| p.2)?;
    let btime: u64 = std::fs::read_to_string("/proc/stat")
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("btime "))?
        .trim()
        .parse()
        .ok()?;
    let hz: u64 = std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100);
    Some(UNIX_EPOCH + Duration::from_secs(btime) + Duration::from_millis(ticks * 1000 / hz))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pss_and_rss_and_this_process() {
        let m = parse_rollup(
            "Rss:              20480 kB\nPss:               9000 kB\nPss_Anon: 1 kB\n",
        );
        assert_eq!(
            m,
            Memory {
                pss_kib: 9000,
                rss_kib: 20480
            }
        );
        let me = std::process::id();
        assert!(memory(me).is_some_and(|m| m.rss_kib > 0));
        assert!(tree(me).contains(&me));
        let started = start_time(me).expect("own start time");
        assert!(started <= SystemTime::now());
    }
}
