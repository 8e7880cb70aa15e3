//! Bad input on the command line: arguments, environment variables, files. Each must end
//! with exit status 2 (or 3 for a status the cache already rules out), one JSON error on
//! stderr naming the flag or variable at fault, and no request to the API: the profile
//! talks to the simulator through a proxy that counts requests (re-reading a checkout's
//! status before refusing it is the only read allowed), and the ledger must not move.
//! The desk-core side of the same table is `crates/desk-core/tests/bad_input.rs`.

#[allow(dead_code)]
#[path = "cli/support.rs"]
mod support;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use neuropay_sandbox::Outcome;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use support::{err_json, text, World};

#[derive(Debug, Default)]
struct Seen {
    reads: AtomicUsize,
    writes: AtomicUsize,
}

/// Forwards to the simulator, counting `POST /checkout/*` requests (retrieves are reads).
async fn counting_proxy(target: SocketAddr) -> (String, Arc<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let seen = Arc::new(Seen::default());
    let counter = seen.clone();
    tokio::spawn(async move {
        while let Ok((inbound, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                let Ok(outbound) = TcpStream::connect(target).await else {
                    return;
                };
                let (mut from_client, mut to_client) = inbound.into_split();
                let (mut from_server, mut to_server) = outbound.into_split();
                let up = async {
                    let (mut all, mut reads, mut writes) = (Vec::new(), 0, 0);
                    let mut buf = [0u8; 8192];
                    loop {
                        let n = match from_client.read(&mut buf).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => n,
                        };
                        all.extend_from_slice(&buf[..n]);
                        let t = String::from_utf8_lossy(&all);
                        let r = t.matches("POST /checkout/retrieve").count();
                        let w = t.matches("POST /checkout/").count() - r;
                        counter.reads.fetch_add(r - reads, Ordering::SeqCst);
                        counter.writes.fetch_add(w - writes, Ordering::SeqCst);
                        (reads, writes) = (r, w);
                        if to_server.write_all(&buf[..n]).await.is_err() {
                            break;
                        }
                    }
                    let _ = to_server.shutdown().await;
                };
                let _ = tokio::join!(up, tokio::io::copy(&mut from_server, &mut to_client));
            });
        }
    });
    (url, seen)
}

const CREATE: [&str; 12] = [
    "checkout",
    "create",
    "--amount",
    "3000",
    "--currency",
    "SEK",
    "--message",
    "Order",
    "--return-url",
    "https://shop.example/ok",
    "--cancel-url",
    "https://shop.example/cancel",
];

/// `CREATE` with one flag's value replaced.
fn create_with(flag: &str, value: &str) -> Vec<String> {
    let mut args: Vec<String> = CREATE.iter().map(|s| (*s).to_owned()).collect();
    let i = args.iter().position(|a| a == flag).expect("flag in CREATE");
    args[i + 1] = value.to_owned();
    args
}

fn owned(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| (*s).to_owned()).collect()
}

struct Case {
    input: &'static str,
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
    exit: i32,
    code: &'static str,
    fragment: &'static str,
}

fn case(
    input: &'static str,
    args: Vec<String>,
    exit: i32,
    code: &'static str,
    fragment: &'static str,
) -> Case {
    Case {
        input,
        args,
        env: Vec::new(),
        exit,
        code,
        fragment,
    }
}

#[test]
fn bad_arguments_and_environment_are_refused_before_any_request() {
    let w = World::new();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let (proxy, seen) = rt.block_on(counting_proxy(w.sandbox().addr()));
    w.json(&["profile", "add", "shop", "--base-url", &proxy]);
    let paid = w.json(&CREATE);
    let paid = paid["id"].as_str().expect("id").to_owned();
    w.buyer(&paid, Outcome::Pay);
    w.json(&["checkout", "get", &paid]);
    let ledger_before = w.applied();
    let before = (
        seen.reads.load(Ordering::SeqCst),
        seen.writes.load(Ordering::SeqCst),
    );

    let bad_file = w.path("ids.txt");
    std::fs::write(&bad_file, "not an id\nalso not\n").expect("write ids file");
    let bad_file = bad_file.to_string_lossy().into_owned();
    let mut cases = vec![
        case(
            "amount not a number",
            create_with("--amount", "abc"),
            2,
            "invalid_input",
            "--amount",
        ),
        case(
            "amount 0",
            create_with("--amount", "0"),
            2,
            "invalid_input",
            "--amount",
        ),
        case(
            "amount 3.50",
            create_with("--amount", "3.50"),
            2,
            "invalid_input",
            "--amount",
        ),
        case(
            "currency XYZ",
            create_with("--currency", "XYZ"),
            2,
            "invalid_input",
            "--currency",
        ),
        case(
            "return URL ftp",
            create_with("--return-url", "ftp://shop.example"),
            2,
            "invalid_input",
            "--return-url",
        ),
        case(
            "message blank",
            create_with("--message", "  "),
            2,
            "invalid_input",
            "--message",
        ),
        case(
            "metadata empty key",
            [CREATE.as_slice(), &["--meta", "=x"]]
                .concat()
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            2,
            "invalid_input",
            "--meta",
        ),
        case(
            "refund -5",
            owned(&["checkout", "refund", &paid, "--amount", "-5"]),
            2,
            "invalid_input",
            "--amount",
        ),
        case(
            "refund reason",
            owned(&["checkout", "refund", &paid, "--reason", "because"]),
            2,
            "invalid_input",
            "--reason",
        ),
        case(
            "capture id with space",
            owned(&["checkout", "capture", "ab cd"]),
            2,
            "invalid_input",
            "whitespace",
        ),
        case(
            "capture of a paid checkout",
            owned(&["checkout", "capture", &paid]),
            3,
            "wrong_status",
            "",
        ),
        case(
            "update without =",
            owned(&["checkout", "update", &paid, "--meta", "novalue"]),
            2,
            "invalid_input",
            "--meta",
        ),
        case(
            "customer e-mail",
            owned(&[
                "customer",
                "create",
                "--first-name",
                "Ada",
                "--last-name",
                "L",
                "--email",
                "ada at example",
            ]),
            2,
            "invalid_input",
            "--email",
        ),
        case(
            "profile name blank",
            owned(&[
                "profile",
                "add",
                " ",
                "--base-url",
                "https://api.example.com",
            ]),
            2,
            "invalid_input",
            "name",
        ),
        case(
            "profile http remote",
            owned(&[
                "profile",
                "add",
                "p2",
                "--base-url",
                "http://api.example.com",
            ]),
            2,
            "invalid_input",
            "plain http",
        ),
        case(
            "profile URL credentials",
            owned(&[
                "profile",
                "add",
                "p2",
                "--base-url",
                "https://u:pw@api.example.com",
            ]),
            2,
            "invalid_input",
            "user or password",
        ),
        case(
            "profile colour",
            owned(&[
                "profile",
                "add",
                "p2",
                "--base-url",
                "https://api.example.com",
                "--color",
                "blue",
            ]),
            2,
            "invalid_input",
            "#rrggbb",
        ),
        case(
            "sync concurrency 0",
            owned(&["sync", "--concurrency", "0"]),
            2,
            "invalid_input",
            "--concurrency",
        ),
        case(
            "unknown subcommand",
            owned(&["checkout", "frobnicate"]),
            2,
            "invalid_input",
            "frobnicate",
        ),
        case(
            "live write without --yes",
            owned(&["--mode", "live", "checkout", "capture", &paid]),
            2,
            "confirmation_required",
            "--yes",
        ),
        case(
            "import of a file with no id",
            owned(&["checkout", "import", &bad_file]),
            2,
            "invalid_input",
            "hold no checkout id",
        ),
    ];
    for (input, value, fragment) in [
        (
            "API key with a space",
            "npsb_test_abc def".to_owned(),
            "whitespace",
        ),
        (
            "API key with a newline inside",
            "npsb_test_abc\ndef".to_owned(),
            "whitespace",
        ),
        (
            "API key with a bell",
            "npsb_test_abc\u{7}def".to_owned(),
            "printable ASCII",
        ),
        (
            "API key non-ASCII",
            "npsb_test_nøkkel".to_owned(),
            "printable ASCII",
        ),
    ] {
        let mut c = case(input, owned(&["sync"]), 2, "invalid_input", fragment);
        c.env.push(("NEUROPAY_API_KEY", value));
        cases.push(c);
    }
    let mut c = case(
        "base URL http remote",
        owned(&["sync"]),
        2,
        "invalid_input",
        "NEUROPAY_BASE_URL",
    );
    c.env
        .push(("NEUROPAY_BASE_URL", "http://api.example.com".to_owned()));
    cases.push(c);

    let mut failures = Vec::new();
    for c in &cases {
        let mut cmd = w.cmd();
        for (k, v) in &c.env {
            cmd.env(k, v);
        }
        let r0 = seen.reads.load(Ordering::SeqCst);
        let w0 = seen.writes.load(Ordering::SeqCst);
        let out = cmd
            .args(&c.args)
            .arg("--json")
            .output()
            .expect("npdesk runs");
        let reads = seen.reads.load(Ordering::SeqCst) - r0;
        let writes = seen.writes.load(Ordering::SeqCst) - w0;
        let allowed_reads = usize::from(c.code == "wrong_status");
        if writes > 0 || reads > allowed_reads {
            failures.push(format!(
                "{}: sent {reads} read(s), {writes} write(s)",
                c.input
            ));
        }
        let err = std::panic::catch_unwind(|| err_json(&out, &[c.input], c.exit));
        let Ok(err) = err else {
            failures.push(format!(
                "{}: exit {:?}, stderr {}",
                c.input,
                out.status.code(),
                text(&out.stderr)
            ));
            continue;
        };
        let code = err["code"].as_str().unwrap_or("");
        let message = err["message"].as_str().unwrap_or("");
        if code != c.code || !message.contains(c.fragment) || message.trim().is_empty() {
            failures.push(format!(
                "{}: got {code} {message:?}, want {} ..{:?}..",
                c.input, c.code, c.fragment
            ));
        }
        for (name, value) in &c.env {
            if *name == "NEUROPAY_API_KEY" && message.contains(value.as_str()) {
                failures.push(format!("{}: the key is echoed", c.input));
            }
        }
    }
    println!(
        "CLI bad input: {} invocations, {} as expected",
        cases.len(),
        cases.len() - failures.len()
    );
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    assert_eq!(
        w.applied(),
        ledger_before,
        "the simulator applied something"
    );
    let after = (
        seen.reads.load(Ordering::SeqCst),
        seen.writes.load(Ordering::SeqCst),
    );
    assert_eq!(after.1, before.1, "a refused invocation sent a write");
}
