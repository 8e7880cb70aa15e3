//! `--help` describes every command and option; usage errors are exit 2.

use crate::support::{err_json, text, World};

#[test]
fn top_level_help_lists_commands_environment_and_exit_codes() {
    let w = World::new();
    let out = w.run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    for needle in [
        "profile",
        "key",
        "checkout",
        "customer",
        "sync",
        "export",
        "audit",
        "sandbox",
        "--profile",
        "--mode",
        "--json",
        "--data-dir",
        "--yes",
        "NEUROPAY_API_KEY",
        "NEUROPAY_BASE_URL",
        "Exit codes",
        "outcome unknown",
    ] {
        assert!(help.contains(needle), "--help lacks {needle:?}:\n{help}");
    }
}

#[test]
fn subcommand_help_describes_each_option() {
    let w = World::new();
    let out = w.run(&["checkout", "create", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    for (flag, words) in [
        ("--amount", "minor units"),
        ("--currency", "ISO 4217"),
        ("--return-url", "after paying"),
        ("--cancel-url", "after cancelling"),
        ("--no-capture", "reserve"),
        ("--meta", "KEY=VALUE"),
        ("--payment-method", "card:visa,amex"),
    ] {
        let line = help
            .lines()
            .skip_while(|l| !l.trim_start().starts_with(flag))
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(line.contains(words), "{flag} help lacks {words:?}: {line}");
    }
}

#[test]
fn usage_errors_are_invalid_input_and_json_when_asked() {
    let w = World::new();
    let out = w.run(&["checkout", "create", "--amount", "5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--currency"),
        "{}",
        text(&out.stderr)
    );

    let out = w
        .cmd()
        .args(["checkout", "frobnicate", "--json"])
        .output()
        .unwrap();
    let err = err_json(&out, &["checkout", "frobnicate"], 2);
    assert_eq!(err["code"], "invalid_input");
    assert!(
        err["message"].as_str().unwrap().contains("frobnicate"),
        "{err}"
    );

    let out = w
        .cmd()
        .args(["--mode", "prod", "sync", "--json"])
        .output()
        .unwrap();
    let err = err_json(&out, &["--mode", "prod"], 2);
    assert!(err["message"].as_str().unwrap().contains("prod"), "{err}");
}
