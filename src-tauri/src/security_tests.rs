//! Security review as tests: the webview's CSP, and that no command can hand the UI an API
//! key. (The capability file is checked in `wiring_tests`.)
//!
//! The command scan reads the command sources, takes every `#[tauri::command]`'s result
//! type and `Channel<T>` payload, and walks the generated TypeScript bindings from there,
//! import by import: every type the UI can receive is looked at, field by field.

use std::collections::{BTreeMap, BTreeSet};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use crate::command_names::COMMANDS;

// --- CSP -------------------------------------------------------------------------------

fn csp() -> BTreeMap<String, Vec<String>> {
    let conf: serde_json::Value =
        serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json is JSON");
    let security = &conf["app"]["security"];
    assert!(
        security
            .get("dangerousDisableAssetCspModification")
            .is_none(),
        "Tauri must keep adding nonces/hashes to the CSP"
    );
    assert_eq!(security["freezePrototype"], true);
    assert_eq!(conf["app"]["withGlobalTauri"], false);
    // A devCsp would replace the CSP in development builds; if one appears it must be
    // reviewed here too.
    assert!(security.get("devCsp").is_none_or(|v| v.is_null()));
    let map = security["csp"]
        .as_object()
        .expect("the CSP is set, as an object of directives");
    map.iter()
        .map(|(k, v)| {
            let sources = v
                .as_str()
                .expect("each directive is a string")
                .split_whitespace()
                .map(str::to_owned)
                .collect();
            (k.clone(), sources)
        })
        .collect()
}

#[test]
fn the_csp_allows_no_eval_no_inline_script_and_no_remote_origin() {
    let csp = csp();
    for (directive, sources) in &csp {
        for s in sources {
            assert_ne!(s, "'unsafe-eval'", "{directive} allows eval");
            assert_ne!(s, "'wasm-unsafe-eval'", "{directive} allows wasm eval");
            assert_ne!(s, "*", "{directive} allows any origin");
            let remote = s.contains("://") && s != "http://ipc.localhost";
            let scheme_wide = matches!(s.as_str(), "http:" | "https:" | "ws:" | "wss:" | "blob:");
            assert!(!remote && !scheme_wide, "{directive} allows {s}");
        }
    }
    let get = |d: &str| csp.get(d).cloned().unwrap_or_default();
    assert_eq!(get("default-src"), ["'self'"]);
    for d in ["default-src", "script-src"] {
        assert!(
            !get(d).iter().any(|s| s == "'unsafe-inline'"),
            "{d} allows inline scripts"
        );
    }
    assert_eq!(get("script-src"), ["'self'"]);
    assert_eq!(get("connect-src"), ["ipc:", "http://ipc.localhost"]);
    for d in ["object-src", "base-uri", "form-action", "frame-src"] {
        assert_eq!(get(d), ["'none'"], "{d}");
    }
    // data: only for images (icons), nowhere scripts or frames could use it.
    for (directive, sources) in &csp {
        if sources.iter().any(|s| s == "data:") {
            assert_eq!(directive, "img-src", "data: in {directive}");
        }
    }
}

// --- no key through any command --------------------------------------------------------

/// Every command source file (`src/commands/*.rs`), read at test time so a new file is
/// never left out.
fn command_sources() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("src/commands") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let src = std::fs::read_to_string(&path).expect("command source");
            out.push((path.display().to_string(), src));
        }
    }
    out
}

/// Wrappers and values that carry no field of their own.
const NOT_TYPES: [&str; 17] = [
    "CommandResult",
    "Result",
    "Vec",
    "Option",
    "desk_core",
    "neuropay",
    "crate",
    "bool",
    "u8",
    "u32",
    "u64",
    "i64",
    "usize",
    "String",
    "str",
    "PathBuf",
    "Channel",
];

/// Type names in a Rust type expression (`CommandResult<Vec<desk_core::KeyStatus>>`).
fn type_names(ty: &str) -> Vec<String> {
    ty.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty() && !NOT_TYPES.contains(t))
        .map(str::to_owned)
        .collect()
}

/// Every `#[tauri::command]`: its name and the types it sends to the UI.
fn commands() -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for (file, src) in command_sources() {
        for part in src.split("#[tauri::command]").skip(1) {
            let after_fn = part
                .split_once("fn ")
                .expect("a fn follows the attribute")
                .1;
            let (name, rest) = after_fn.split_once('(').expect("parameters");
            let (params, rest) = rest.split_once("->").unwrap_or((rest, ""));
            let ret = rest.split_once('{').map_or(rest, |(r, _)| r);
            let mut sent = type_names(ret);
            for chunk in params.split("Channel<").skip(1) {
                let payload = chunk.split_once('>').expect("Channel<T>").0;
                sent.extend(type_names(payload));
            }
            let previous = out.insert(name.trim().to_owned(), sent);
            assert!(previous.is_none(), "{file}: {name} defined twice");
        }
    }
    out
}

fn bindings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings")
}

/// The code of a binding without its comments (`/** … */`, `// …`).
fn strip_comments(ts: &str) -> String {
    let mut out = String::new();
    let mut rest = ts;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..].split_once("*/").map_or("", |(_, r)| r);
    }
    out.push_str(rest);
    out.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// (field names, imported binding paths) of one generated file.
fn read_binding(path: &Path) -> (Vec<String>, Vec<PathBuf>) {
    let ts = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "binding {} is missing ({e}): run make bindings",
            path.display()
        )
    });
    let code = strip_comments(&ts);
    let imports = code
        .lines()
        .filter_map(|l| l.trim().strip_prefix("import type"))
        .filter_map(|l| l.split('"').nth(1))
        .map(|rel| path.parent().expect("dir").join(format!("{rel}.ts")))
        .collect();
    let body = code
        .split_once("export type")
        .and_then(|(_, b)| b.split_once('='))
        .map_or("", |(_, b)| b);
    let mut fields = Vec::new();
    for piece in body.split(['{', ',']) {
        let t = piece.trim_start();
        let ident: String = t
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
            .collect();
        let after = t[ident.len()..].trim_start();
        if !ident.is_empty() && (after.starts_with(':') || after.starts_with("?:")) {
            fields.push(ident);
        }
    }
    (fields, imports)
}

/// A field name that says it holds a credential. `masked` (`…4f2a`) is the one key-related
/// value the UI gets; `idempotencyKey` names a write (a uuid shown in the journal), it
/// grants nothing.
fn carries_secret(field: &str) -> bool {
    let f = field.to_ascii_lowercase().replace(['_', '-'], "");
    if matches!(f.as_str(), "masked" | "idempotencykey") {
        return false;
    }
    f == "key"
        || f.ends_with("apikey")
        || f.ends_with("secretkey")
        || [
            "secret",
            "token",
            "password",
            "passwd",
            "authorization",
            "bearer",
            "credential",
        ]
        .iter()
        .any(|w| f.contains(w))
}

#[test]
fn the_secret_field_rule_catches_the_usual_names() {
    for bad in [
        "key",
        "apiKey",
        "api_key",
        "secret",
        "clientSecret",
        "token",
        "accessToken",
        "password",
        "authorization",
        "liveApiKey",
    ] {
        assert!(carries_secret(bad), "{bad}");
    }
    for fine in [
        "masked",
        "idempotencyKey",
        "keychainBackend",
        "metadataKeys",
        "mode",
        "present",
    ] {
        assert!(!carries_secret(fine), "{fine}");
    }
}

#[test]
fn no_command_result_carries_an_api_key() {
    let commands = commands();
    let declared: BTreeSet<&str> = COMMANDS.iter().copied().collect();
    let found: BTreeSet<&str> = commands.keys().map(String::as_str).collect();
    assert_eq!(
        found, declared,
        "command sources and command_names.rs differ"
    );

    let dir = bindings_dir();
    // Every failure reaches the UI as ErrorDto.
    let mut queue: Vec<PathBuf> = vec![dir.join("ErrorDto.ts")];
    for (cmd, types) in &commands {
        for t in types {
            let path = dir.join(format!("{t}.ts"));
            assert!(
                path.exists(),
                "{cmd} sends {t}, which has no TypeScript binding to check"
            );
            queue.push(path);
        }
    }
    let mut seen = BTreeSet::new();
    let mut fields_seen = 0;
    while let Some(path) = queue.pop() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let (fields, imports) = read_binding(&path);
        for f in &fields {
            fields_seen += 1;
            assert!(
                !carries_secret(f),
                "{} has a field {f:?} that may carry a key",
                path.display()
            );
        }
        queue.extend(imports);
    }
    assert!(
        seen.len() >= 20 && fields_seen >= 100,
        "the walk saw too little: {} types, {fields_seen} fields",
        seen.len()
    );
    // And no binding anywhere mentions the key type.
    for entry in std::fs::read_dir(&dir).expect("bindings dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "ts") {
            let ts = std::fs::read_to_string(&path).expect("binding");
            assert!(!ts.contains("ApiKey"), "{} mentions ApiKey", path.display());
        }
    }
}

// --- ApiKey cannot be serialized ------------------------------------------------------

/// The autoref trick of `static_assertions::does_impl!`: the inherent constant exists only
/// when `T: Serialize`; otherwise the blanket trait's `false` is found.
struct Probe<T: ?Sized>(PhantomData<T>);

trait NotSerialize {
    const SERIALIZE: bool = false;
}

impl<T: ?Sized> NotSerialize for T {}

impl<T: ?Sized + serde::Serialize> Probe<T> {
    const SERIALIZE: bool = true;
}

// Compile-time: a Serialize impl for ApiKey (or for the overrides holding it) breaks the
// build here, before any test runs.
const _: () = assert!(!<Probe<neuropay::ApiKey>>::SERIALIZE);
const _: () = assert!(!<Probe<desk_core::ClientOverrides>>::SERIALIZE);
// The probe itself works: these do implement Serialize.
const _: () = assert!(<Probe<neuropay::IdempotencyKey>>::SERIALIZE);
const _: () = assert!(<Probe<desk_core::KeyStatus>>::SERIALIZE);

#[test]
fn api_key_shows_only_its_last_four() {
    let key = neuropay::ApiKey::new("npsb_live_0123456789abcdef4f2a").expect("key");
    assert_eq!(format!("{key:?}"), "ApiKey(…4f2a)");
    assert_eq!(format!("{key}"), "ApiKey(…4f2a)");
}
