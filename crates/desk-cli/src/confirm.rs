//! Confirmation of live-mode writes: typed on a terminal, or `--yes`. Without either,
//! nothing is sent.

use std::io::{BufRead, IsTerminal, Write};

use crate::error::CliError;

/// What the person must type to confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// The profile's name (case-insensitive).
    ProfileName(String),
    /// A refund's amount: as shown (`30.00`, with or without the currency code) or in
    /// minor units (`3000`).
    Amount { formatted: String, minor: i64 },
}

impl Expect {
    fn prompt(&self) -> String {
        match self {
            Expect::ProfileName(name) => format!("Type the profile name ({name}) to confirm: "),
            Expect::Amount { formatted, .. } => {
                format!("Type the amount ({formatted}) to confirm: ")
            }
        }
    }

    /// Whether `typed` confirms.
    pub fn matches(&self, typed: &str) -> bool {
        let typed = typed.trim();
        match self {
            Expect::ProfileName(name) => !typed.is_empty() && typed.eq_ignore_ascii_case(name),
            Expect::Amount { formatted, minor } => {
                let number = formatted.split_whitespace().next().unwrap_or("");
                typed.eq_ignore_ascii_case(formatted)
                    || (!number.is_empty() && typed == number)
                    || typed == minor.to_string()
            }
        }
    }
}

/// Confirms a live write. `--yes` confirms outright; otherwise stdin and stderr must be a
/// terminal, where `summary` is shown and the expected text must be typed.
pub fn live_write(yes: bool, summary: &str, expect: &Expect) -> Result<(), CliError> {
    if yes {
        return Ok(());
    }
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(CliError::NotConfirmed(format!(
            "{summary}: a live-mode write needs --yes when stdin is not a terminal; nothing was \
             sent"
        )));
    }
    let mut err = std::io::stderr().lock();
    write!(
        err,
        "LIVE MODE (real money): {summary}\n{}",
        expect.prompt()
    )?;
    err.flush()?;
    drop(err);
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    if expect.matches(&line) {
        Ok(())
    } else {
        Err(CliError::NotConfirmed(
            "the confirmation did not match; nothing was sent".to_owned(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_name_must_be_typed() {
        let e = Expect::ProfileName("Shop AB".into());
        assert!(e.matches("shop ab\n"));
        assert!(e.matches("Shop AB"));
        assert!(!e.matches("Shop"));
        assert!(!e.matches(""));
        assert!(!e.matches("y"));
    }

    #[test]
    fn amount_as_shown_or_in_minor_units() {
        let e = Expect::Amount {
            formatted: "30.00 SEK".into(),
            minor: 3000,
        };
        assert!(e.matches("30.00"));
        assert!(e.matches("30.00 sek\n"));
        assert!(e.matches("3000"));
        assert!(!e.matches("30"));
        assert!(!e.matches("300"));
        assert!(!e.matches("yes"));
    }

    #[test]
    fn yes_confirms_without_a_terminal() {
        let e = Expect::ProfileName("p".into());
        assert!(live_write(true, "capture", &e).is_ok());
    }
}
