//! The command tree: consistent for clap, every command and option described, the
//! required commands present, and no way to pass a key on the command line.

use crate::cli::*;
use clap::{CommandFactory, Parser};

/// Every command and argument of the tree, with its path, for the help checks.
fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
    if cmd.get_about().is_none() && cmd.get_long_about().is_none() {
        out.push(format!("command `{path}` has no description"));
    }
    for arg in cmd.get_arguments() {
        let id = arg.get_id().as_str();
        if id == "help" || id == "version" {
            continue;
        }
        if arg.get_help().is_none() && arg.get_long_help().is_none() {
            out.push(format!("argument `{id}` of `{path}` has no help text"));
        }
    }
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        walk(sub, &format!("{path} {}", sub.get_name()), out);
    }
}

#[test]
fn the_command_tree_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn every_command_and_argument_is_described() {
    let mut missing = Vec::new();
    walk(&Cli::command(), "npdesk", &mut missing);
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn the_required_commands_exist() {
    let root = Cli::command();
    let paths = [
        "profile add",
        "profile list",
        "profile remove",
        "profile rename",
        "profile set",
        "key set",
        "key status",
        "key test",
        "key delete",
        "checkout create",
        "checkout get",
        "checkout show",
        "checkout capture",
        "checkout refund",
        "checkout release",
        "checkout update",
        "checkout delete",
        "checkout list",
        "checkout import",
        "customer create",
        "customer get",
        "customer delete",
        "customer list",
        "export checkouts",
        "export audit",
        "audit list",
        "sync",
        "sandbox",
    ];
    for path in paths {
        let mut cmd = &root;
        for part in path.split(' ') {
            cmd = cmd
                .find_subcommand(part)
                .unwrap_or_else(|| panic!("missing command `{path}`"));
        }
    }
    let globals: Vec<&str> = root
        .get_arguments()
        .filter(|a| a.is_global_set())
        .filter_map(|a| a.get_long())
        .collect();
    for g in ["profile", "mode", "json", "data-dir", "yes"] {
        assert!(globals.contains(&g), "missing global --{g}");
    }
}

#[test]
fn global_options_go_anywhere_and_mode_defaults_to_test() {
    let cli = Cli::try_parse_from([
        "npdesk",
        "checkout",
        "list",
        "--json",
        "--profile",
        "shop",
        "--status",
        "paid",
    ])
    .unwrap();
    assert!(cli.global.json);
    assert_eq!(cli.global.profile.as_deref(), Some("shop"));
    assert_eq!(cli.global.mode, None);
    let cli = Cli::try_parse_from(["npdesk", "--mode", "live", "sync", "--all"]).unwrap();
    assert_eq!(cli.global.mode, Some(ModeArg::Live));
    assert!(Cli::try_parse_from(["npdesk", "--mode", "prod", "sync"]).is_err());
}

#[test]
fn the_key_is_never_an_argument() {
    let root = Cli::command();
    let key_set = root
        .find_subcommand("key")
        .and_then(|k| k.find_subcommand("set"))
        .unwrap();
    let own: Vec<&str> = key_set
        .get_arguments()
        .filter(|a| !a.is_global_set())
        .map(|a| a.get_id().as_str())
        .filter(|id| *id != "help")
        .collect();
    assert!(own.is_empty(), "key set takes no arguments: {own:?}");
    fn no_key_arg(cmd: &clap::Command) {
        for a in cmd.get_arguments() {
            let long = a.get_long().unwrap_or("");
            assert!(
                !long.contains("key"),
                "`{}` has an argument --{long}",
                cmd.get_name()
            );
        }
        cmd.get_subcommands().for_each(no_key_arg);
    }
    no_key_arg(&root);
}
