//! Every measurement is one [`Figure`], appended as a JSON line to
//! `target/bench/results.jsonl`; `desk-bench report` turns the file into one table.

use std::fs::{self, OpenOptions};
use std::io::{self, BufRead, Write};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// A target a figure must meet.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Target {
    AtMost(f64),
    AtLeast(f64),
}

impl Target {
    fn met(self, value: f64) -> bool {
        match self {
            Target::AtMost(t) => value <= t,
            Target::AtLeast(t) => value >= t,
        }
    }

    /// How far off a missed target is, as a share of the target.
    fn miss(self, value: f64) -> f64 {
        match self {
            Target::AtMost(t) => value / t - 1.0,
            Target::AtLeast(t) => 1.0 - value / t,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// What was measured, e.g. `cache: page status+date+sort p95`.
    pub name: String,
    pub value: f64,
    /// `ms`, `rows/s`, `checkouts/s`, `×`, `MiB`, `MB`, `rows`, `s`, ...
    pub unit: String,
    pub target: Option<Target>,
    /// Conditions worth reading beside the number.
    #[serde(default)]
    pub note: String,
}

impl Figure {
    pub fn new(name: impl Into<String>, value: f64, unit: &str) -> Self {
        Figure {
            name: name.into(),
            value,
            unit: unit.to_owned(),
            target: None,
            note: String::new(),
        }
    }

    pub fn at_most(mut self, t: f64) -> Self {
        self.target = Some(Target::AtMost(t));
        self
    }

    pub fn at_least(mut self, t: f64) -> Self {
        self.target = Some(Target::AtLeast(t));
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }

    fn verdict(&self) -> String {
        match self.target {
            None => String::new(),
            Some(t) if t.met(self.value) => "met".to_owned(),
            Some(t) => format!("MISSED by {:.0}%", t.miss(self.value) * 100.0),
        }
    }
}

/// Where results and bench artefacts go: `$NPDESK_BENCH_DIR`, else `target/bench`.
pub fn bench_dir() -> PathBuf {
    std::env::var_os("NPDESK_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| e2e::workspace_root().join("target/bench"))
}

fn results_path() -> PathBuf {
    bench_dir().join("results.jsonl")
}

/// Appends a figure to the results and prints it.
pub fn record(fig: Figure) -> io::Result<()> {
    fs::create_dir_all(bench_dir())?;
    let mut f = OpenOptions::new()
        .create(true)
        .append(true)
        .open(results_path())?;
    writeln!(f, "{}", serde_json::to_string(&fig)?)?;
    println!("  {:<52} {}", fig.name, format_value(fig.value, &fig.unit));
    Ok(())
}

/// Starts a new run: forgets earlier results.
pub fn reset() -> io::Result<()> {
    match fs::remove_file(results_path()) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Every figure recorded since the last reset, in order.
pub fn read_all() -> io::Result<Vec<Figure>> {
    let file = fs::File::open(results_path())?;
    let mut out = Vec::new();
    for (n, line) in io::BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let fig = serde_json::from_str(&line).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("results line {}: {e}", n + 1),
            )
        })?;
        out.push(fig);
    }
    Ok(out)
}

pub fn format_value(value: f64, unit: &str) -> String {
    let digits = if value.abs() >= 100.0 {
        0
    } else if value.abs() >= 10.0 {
        1
    } else if value.abs() >= 1.0 {
        2
    } else {
        3
    };
    format!("{} {unit}", group(value, digits))
}

/// Thousands separated by commas.
fn group(value: f64, digits: usize) -> String {
    let text = format!("{value:.digits$}");
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let (sign, int) = int.strip_prefix('-').map_or(("", int), |i| ("-", i));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

fn format_target(t: Option<Target>, unit: &str) -> String {
    match t {
        None => String::new(),
        Some(Target::AtMost(v)) => format!("≤ {}", format_value(v, unit)),
        Some(Target::AtLeast(v)) => format!("≥ {}", format_value(v, unit)),
    }
}

/// The results as one Markdown table.
pub fn table(figs: &[Figure]) -> String {
    let mut out =
        String::from("| measurement | value | target | verdict | note |\n|---|---:|---|---|---|\n");
    for f in figs {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            f.name.replace('|', "/"),
            format_value(f.value, &f.unit),
            format_target(f.target, &f.unit),
            f.verdict(),
            f.note.replace('|', "/")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_grouped_and_rounded() {
        assert_eq!(format_value(1_234_567.8, "rows/s"), "1,234,568 rows/s");
        assert_eq!(format_value(12.345, "ms"), "12.3 ms");
        assert_eq!(format_value(0.0421, "ms"), "0.042 ms");
        assert_eq!(format_value(-1500.0, "x"), "-1,500 x");
    }

    #[test]
    fn verdicts_say_by_how_much() {
        let fig = Figure::new("p95", 30.0, "ms").at_most(20.0);
        assert_eq!(fig.verdict(), "MISSED by 50%");
        let fig = Figure::new("rate", 150_000.0, "rows/s").at_least(200_000.0);
        assert_eq!(fig.verdict(), "MISSED by 25%");
        assert_eq!(Figure::new("x", 1.0, "ms").at_most(1.0).verdict(), "met");
        let t = table(&[Figure::new("a|b", 1.0, "ms").note("n|m")]);
        assert!(t.contains("| a/b | 1.00 ms |  |  | n/m |"));
    }
}
