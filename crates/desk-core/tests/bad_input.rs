//! Every user-facing input of the desk, wrong in every way we could think of, in one table:
//! each must end in a clear error (code, field, words a person understands) and none may
//! send a request. The profile talks to the simulator through a counting proxy, so "no
//! request" is measured (no connection was opened), not assumed; the simulator's ledger
//! and the journal must not move either.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use desk_core::{
    Actor, CheckoutForm, CustomerForm, Desk, ErrorDto, GuardRails, MetadataChange, Mode,
    NewProfile, PaymentMethodForm, RefundForm, Scope, Store, Vault, WriteCtx,
};
use neuropay::{ApiKey, CheckoutId};
use neuropay_sandbox::{Outcome, SandboxConfig};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Requests seen on their way to the simulator, by kind.
#[derive(Debug, Default)]
struct Seen {
    reads: AtomicUsize,
    writes: AtomicUsize,
}

impl Seen {
    fn snapshot(&self) -> (usize, usize) {
        (
            self.reads.load(Ordering::SeqCst),
            self.writes.load(Ordering::SeqCst),
        )
    }
}

/// Forwards loopback connections to the simulator and counts the API requests in them
/// (`POST /checkout/retrieve*` are reads, every other `POST /checkout/*` a write).
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
                    let mut all = Vec::new();
                    let (mut reads, mut writes) = (0, 0);
                    let mut buf = [0u8; 8192];
                    loop {
                        let n = match from_client.read(&mut buf).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => n,
                        };
                        all.extend_from_slice(&buf[..n]);
                        let text = String::from_utf8_lossy(&all);
                        let r = text.matches("POST /checkout/retrieve").count();
                        let w = text.matches("POST /checkout/").count() - r;
                        counter.reads.fetch_add(r - reads, Ordering::SeqCst);
                        counter.writes.fetch_add(w - writes, Ordering::SeqCst);
                        (reads, writes) = (r, w);
                        if to_server.write_all(&buf[..n]).await.is_err() {
                            break;
                        }
                    }
                    let _ = to_server.shutdown().await;
                };
                let down = tokio::io::copy(&mut from_server, &mut to_client);
                let _ = tokio::join!(up, down);
            });
        }
    });
    (url, seen)
}

fn form() -> CheckoutForm {
    CheckoutForm {
        amount: 3000,
        currency: "SEK".into(),
        message: "Order 1001".into(),
        return_url: "https://shop.example/ok".into(),
        return_url_cancel: "https://shop.example/cancel".into(),
        identifier: None,
        capture: true,
        allow_save_card: false,
        customer_id: None,
        card_id: None,
        template: None,
        metadata: BTreeMap::new(),
        payment_methods: Vec::new(),
    }
}

fn with(f: impl FnOnce(&mut CheckoutForm)) -> CheckoutForm {
    let mut form = form();
    f(&mut form);
    form
}

fn meta(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn refund(id: &str, amount: Option<i64>, reason: Option<&str>) -> RefundForm {
    RefundForm {
        checkout_id: id.into(),
        amount,
        reason: reason.map(str::to_owned),
        details: None,
    }
}

fn customer(first: &str, last: &str, email: &str) -> CustomerForm {
    CustomerForm {
        first_name: first.into(),
        last_name: last.into(),
        email: email.into(),
        metadata: BTreeMap::new(),
    }
}

fn profile(name: &str, color: &str, base_url: &str) -> NewProfile {
    NewProfile {
        name: name.into(),
        color: color.into(),
        base_url: base_url.into(),
        guard_rails: GuardRails::default(),
    }
}

/// One row of the table: what was tried, what came back, what was expected.
struct Row {
    input: String,
    got: Result<(), ErrorDto>,
    /// API requests the attempt sent: (reads, writes).
    sent: (usize, usize),
    code: &'static str,
    field: Option<&'static str>,
    fragment: &'static str,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_input_is_refused_clearly_and_sends_nothing() {
    let sb = neuropay_sandbox::start(SandboxConfig::default())
        .await
        .expect("simulator");
    let (proxy, seen) = counting_proxy(sb.addr()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = Desk::new(
        Store::open(dir.path().join("desk.sqlite3")).expect("store"),
        Vault::mock(),
    );
    let shop = desk
        .store()
        .create_profile(&profile("Shop", "#336699", &proxy))
        .expect("profile");
    for mode in Mode::ALL {
        let key = match mode {
            Mode::Test => sb.keys().test.clone(),
            Mode::Live => sb.keys().live.clone(),
        };
        desk.set_key(&shop.id, mode, ApiKey::new(key).expect("key"))
            .await
            .expect("key stored");
    }
    let test = WriteCtx::new(Scope::new(shop.id.clone(), Mode::Test), Actor::Ui);
    let live = WriteCtx::new(Scope::new(shop.id.clone(), Mode::Live), Actor::Ui);

    // Something to refund, capture and delete: a paid and a created checkout, cached.
    let paid = desk
        .create_checkout(&test, form().to_request().expect("valid"))
        .await
        .expect("create");
    sb.buyer_outcome(&sb.keys().test, &paid.id, Outcome::Pay)
        .expect("pay");
    let paid = desk
        .refresh_checkout(&test.scope, &CheckoutId::new(&paid.id).expect("id"))
        .await
        .expect("refresh");
    let created = desk
        .create_checkout(&test, form().to_request().expect("valid"))
        .await
        .expect("create");
    let pid = paid.id.clone();

    let ledger_before = sb.ledger().len();
    let table_start = seen.snapshot();
    let journal_before = journal_count(&desk);
    let mut rows: Vec<Row> = Vec::new();

    macro_rules! case {
        ($input:expr, $result:expr, $code:expr, $field:expr, $fragment:expr) => {{
            let before = seen.snapshot();
            let got = $result
                .map(|_| ())
                .map_err(|e: desk_core::Error| ErrorDto::from(e));
            let after = seen.snapshot();
            rows.push(Row {
                input: $input.to_string(),
                got,
                sent: (after.0 - before.0, after.1 - before.1),
                code: $code,
                field: $field,
                fragment: $fragment,
            })
        }};
    }
    // The create-checkout form, as the command runs it: form → request → desk.
    macro_rules! create {
        ($input:expr, $form:expr, $field:expr, $fragment:expr) => {{
            case!(
                $input,
                match $form.to_request() {
                    Ok(req) => desk.create_checkout(&test, req).await.map(|_| ()),
                    Err(e) => Err(e),
                },
                "invalid_input",
                Some($field),
                $fragment
            );
        }};
    }

    create!(
        "amount 0",
        with(|f| f.amount = 0),
        "amount",
        "positive amount"
    );
    create!(
        "amount -5",
        with(|f| f.amount = -5),
        "amount",
        "positive amount"
    );
    create!(
        "amount 2^63-1",
        with(|f| f.amount = i64::MAX),
        "amount",
        "too large"
    );
    create!(
        "currency XYZ",
        with(|f| f.currency = "XYZ".into()),
        "currency",
        "ISO 4217"
    );
    create!(
        "currency empty",
        with(|f| f.currency = "  ".into()),
        "currency",
        ""
    );
    create!(
        "currency €",
        with(|f| f.currency = "€".into()),
        "currency",
        ""
    );
    create!(
        "message empty",
        with(|f| f.message = " ".into()),
        "message",
        "must not be empty"
    );
    create!(
        "message 1001 chars",
        with(|f| f.message = "m".repeat(1001)),
        "message",
        "longer than 1000"
    );
    create!(
        "message with NUL",
        with(|f| f.message = "a\u{0}b".into()),
        "message",
        "control characters"
    );
    create!(
        "return URL ftp",
        with(|f| f.return_url = "ftp://shop.example/ok".into()),
        "returnUrl",
        "http:// or https://"
    );
    create!(
        "return URL javascript:",
        with(|f| f.return_url = "javascript:alert(1)".into()),
        "returnUrl",
        "http:// or https://"
    );
    create!(
        "return URL with a space",
        with(|f| f.return_url = "https://shop.example/o k".into()),
        "returnUrl",
        "spaces"
    );
    create!(
        "return URL empty",
        with(|f| f.return_url = String::new()),
        "returnUrl",
        "required"
    );
    create!(
        "return URL 3000 chars",
        with(|f| f.return_url = format!("https://x.example/{}", "a".repeat(3000))),
        "returnUrl",
        "longer than 2048"
    );
    create!(
        "cancel URL no host",
        with(|f| f.return_url_cancel = "https://".into()),
        "returnUrlCancel",
        ""
    );
    create!(
        "identifier with newline",
        with(|f| f.identifier = Some("a\nb".into())),
        "identifier",
        "control characters"
    );
    create!(
        "identifier 256 chars",
        with(|f| f.identifier = Some("i".repeat(256))),
        "identifier",
        "longer than 255"
    );
    create!(
        "customer id with space",
        with(|f| f.customer_id = Some("c 1".into())),
        "customer_id",
        "whitespace"
    );
    create!(
        "card without customer",
        with(|f| f.card_id = Some("card1".into())),
        "card_id",
        "requires customer_id"
    );
    create!(
        "template modal",
        with(|f| f.template = Some("modal".into())),
        "template",
        "iframe"
    );
    create!(
        "metadata nested object",
        with(|f| f.metadata = meta(&[("a", json!({"b": 1}))])),
        "metaData.a",
        "text, numbers or true/false"
    );
    create!(
        "metadata array",
        with(|f| f.metadata = meta(&[("a", json!([1]))])),
        "metaData.a",
        "text, numbers or true/false"
    );
    create!(
        "metadata null",
        with(|f| f.metadata = meta(&[("a", Value::Null)])),
        "metaData.a",
        "text, numbers or true/false"
    );
    create!(
        "metadata empty key",
        with(|f| f.metadata = meta(&[(" ", json!("x"))])),
        "metaData",
        "keys must not be empty"
    );
    create!(
        "metadata 51 keys",
        with(|f| f.metadata = (0..51).map(|i| (format!("k{i}"), json!(i))).collect()),
        "metaData",
        "at most 50"
    );
    create!(
        "metadata 6 KB",
        with(|f| f.metadata = meta(&[("big", json!("x".repeat(6000)))])),
        "metaData",
        "bytes as JSON"
    );
    create!(
        "payment method Card",
        with(|f| f.payment_methods = vec![PaymentMethodForm {
            method: "Card!".into(),
            brands: vec![]
        }]),
        "paymentMethods.method",
        "lowercase"
    );
    create!(
        "brand <script>",
        with(|f| f.payment_methods = vec![PaymentMethodForm {
            method: "card".into(),
            brands: vec!["<script>".into()]
        }]),
        "paymentMethods.brands",
        "lowercase brand"
    );

    // Live mode without the person's confirmation.
    let live_req = form().to_request().expect("valid");
    case!(
        "live create unconfirmed",
        desk.create_checkout(&live, live_req).await,
        "confirmation_required",
        None,
        ""
    );

    // The refund dialog.
    macro_rules! refund_case {
        ($input:expr, $form:expr, $code:expr, $field:expr, $fragment:expr) => {{
            case!(
                $input,
                match $form.to_request() {
                    Ok(req) => desk.refund(&test, req).await.map(|_| ()),
                    Err(e) => Err(e),
                },
                $code,
                $field,
                $fragment
            );
        }};
    }
    refund_case!(
        "refund id empty",
        refund(" ", Some(100), None),
        "invalid_input",
        Some("checkout_id"),
        "must not be empty"
    );
    refund_case!(
        "refund id with space",
        refund("ab cd", Some(100), None),
        "invalid_input",
        Some("checkout_id"),
        "whitespace"
    );
    refund_case!(
        "refund id 200 chars",
        refund(&"a".repeat(200), Some(100), None),
        "invalid_input",
        Some("checkout_id"),
        "longer than 128"
    );
    refund_case!(
        "refund amount 0",
        refund(&pid, Some(0), None),
        "invalid_input",
        Some("amount"),
        "positive amount"
    );
    refund_case!(
        "refund amount -1",
        refund(&pid, Some(-1), None),
        "invalid_input",
        Some("amount"),
        "positive amount"
    );
    refund_case!(
        "refund above remaining",
        refund(&pid, Some(3001), None),
        "invalid_input",
        Some("amount"),
        ""
    );
    refund_case!(
        "refund reason 'because'",
        refund(&pid, Some(100), Some("because")),
        "invalid_input",
        Some("reason"),
        "duplicate, requested_by_customer or fraudulent"
    );
    refund_case!(
        "refund of an unpaid checkout",
        refund(&created.id, Some(100), None),
        "wrong_status",
        None,
        ""
    );
    let cid = |s: &str| CheckoutId::new(s).expect("id");
    case!(
        "capture of a paid checkout",
        desk.capture(&test, &cid(&pid)).await,
        "wrong_status",
        None,
        ""
    );
    case!(
        "release of a paid checkout",
        desk.release(&test, &cid(&pid)).await,
        "wrong_status",
        None,
        ""
    );
    case!(
        "delete of a paid checkout",
        desk.delete_checkout(&test, &cid(&pid)).await,
        "wrong_status",
        None,
        ""
    );

    // The metadata editor.
    macro_rules! meta_case {
        ($input:expr, $change:expr, $field:expr, $fragment:expr) => {{
            case!(
                $input,
                match $change.to_request() {
                    Ok(req) => desk.update_metadata(&test, req).await.map(|_| ()),
                    Err(e) => Err(e),
                },
                "invalid_input",
                Some($field),
                $fragment
            );
        }};
    }
    let change = |set: BTreeMap<String, Value>, remove: Vec<String>| MetadataChange {
        checkout_id: pid.clone(),
        set,
        remove,
    };
    meta_case!(
        "metadata change nested",
        change(meta(&[("a", json!({"x": 1}))]), vec![]),
        "metaData.a",
        "text, numbers or true/false"
    );
    meta_case!(
        "metadata change empty key",
        change(meta(&[("", json!("x"))]), vec![]),
        "metaData",
        ""
    );
    meta_case!(
        "metadata change nothing",
        change(BTreeMap::new(), vec![]),
        "metaData",
        ""
    );
    meta_case!(
        "metadata change bad id",
        MetadataChange {
            checkout_id: "a\tb".into(),
            set: meta(&[("a", json!(1))]),
            remove: vec![]
        },
        "checkout_id",
        "whitespace"
    );

    // The customer form.
    macro_rules! customer_case {
        ($input:expr, $form:expr, $field:expr, $fragment:expr) => {{
            case!(
                $input,
                match $form.to_request() {
                    Ok(req) => desk.create_customer(&test, req).await.map(|_| ()),
                    Err(e) => Err(e),
                },
                "invalid_input",
                Some($field),
                $fragment
            );
        }};
    }
    customer_case!(
        "customer first name empty",
        customer(" ", "Lovelace", "ada@example.com"),
        "first_name",
        "must not be empty"
    );
    customer_case!(
        "customer last name 101 chars",
        customer("Ada", &"L".repeat(101), "ada@example.com"),
        "last_name",
        "longer than 100"
    );
    customer_case!(
        "customer email without @",
        customer("Ada", "Lovelace", "ada at example"),
        "email",
        ""
    );
    customer_case!(
        "customer email two @",
        customer("Ada", "Lovelace", "a@b@example.com"),
        "email",
        "exactly one @"
    );
    customer_case!(
        "customer email no dot",
        customer("Ada", "Lovelace", "ada@localhost"),
        "email",
        "domain with a dot"
    );
    customer_case!(
        "customer email <script>",
        customer("Ada", "Lovelace", "<script>@x.example"),
        "email",
        "not allowed before the @"
    );
    let mut nested = customer("Ada", "Lovelace", "ada@example.com");
    nested.metadata = meta(&[("a", json!([1, 2]))]);
    customer_case!(
        "customer metadata array",
        nested,
        "metaData.a",
        "text, numbers or true/false"
    );

    // Profiles: name, colour, base URL.
    let store = desk.store();
    let good_url = "https://api.neuro-admin.com";
    case!(
        "profile name empty",
        store.create_profile(&profile("  ", "#123456", good_url)),
        "invalid_input",
        Some("name"),
        "must not be empty"
    );
    case!(
        "profile name 61 chars",
        store.create_profile(&profile(&"n".repeat(61), "#123456", good_url)),
        "invalid_input",
        Some("name"),
        "at most 60"
    );
    case!(
        "profile name with newline",
        store.create_profile(&profile("Sh\nop", "#123456", good_url)),
        "invalid_input",
        Some("name"),
        "control characters"
    );
    case!(
        "profile name taken (other case)",
        store.create_profile(&profile("SHOP", "#123456", good_url)),
        "already_exists",
        None,
        ""
    );
    case!(
        "profile colour 'blue'",
        store.create_profile(&profile("P2", "blue", good_url)),
        "invalid_input",
        Some("color"),
        "#rrggbb"
    );
    case!(
        "profile colour #12345",
        store.create_profile(&profile("P2", "#12345", good_url)),
        "invalid_input",
        Some("color"),
        "#rrggbb"
    );
    case!(
        "profile colour #GGGGGG",
        store.create_profile(&profile("P2", "#GGGGGG", good_url)),
        "invalid_input",
        Some("color"),
        "#rrggbb"
    );
    case!(
        "base URL http remote",
        store.create_profile(&profile("P2", "#123456", "http://api.neuro-admin.com")),
        "invalid_input",
        Some("base_url"),
        "plain http is only allowed for a local address"
    );
    case!(
        "base URL http private LAN",
        store.create_profile(&profile("P2", "#123456", "http://192.168.1.10:8080")),
        "invalid_input",
        Some("base_url"),
        "plain http"
    );
    case!(
        "base URL with credentials",
        store.create_profile(&profile(
            "P2",
            "#123456",
            "https://user:secret@api.neuro-admin.com"
        )),
        "invalid_input",
        Some("base_url"),
        "user or password"
    );
    case!(
        "base URL with query",
        store.create_profile(&profile(
            "P2",
            "#123456",
            "https://api.neuro-admin.com/?k=v"
        )),
        "invalid_input",
        Some("base_url"),
        "? or #"
    );
    case!(
        "base URL ftp",
        store.create_profile(&profile("P2", "#123456", "ftp://api.neuro-admin.com")),
        "invalid_input",
        Some("base_url"),
        "scheme ftp is not supported"
    );
    case!(
        "base URL not a URL",
        store.create_profile(&profile("P2", "#123456", "neuro admin")),
        "invalid_input",
        Some("base_url"),
        "not a valid URL"
    );
    case!(
        "base URL change to http remote",
        store.set_profile_base_url(&shop.id, "http://example.com"),
        "invalid_input",
        Some("base_url"),
        "plain http"
    );
    case!(
        "rename to empty",
        store.rename_profile(&shop.id, "\t"),
        "invalid_input",
        Some("name"),
        "must not be empty"
    );
    case!(
        "recolor to red",
        store.recolor_profile(&shop.id, "red"),
        "invalid_input",
        Some("color"),
        "#rrggbb"
    );

    // API keys as pasted: the UI's set_key and the CLI's NEUROPAY_API_KEY go through ApiKey.
    let key_cases: [(&str, String, &str); 6] = [
        ("key blank", " \n\t ".into(), "must not be empty"),
        (
            "key with inner space",
            "npsb_test_abc def".into(),
            "whitespace",
        ),
        (
            "key with inner newline",
            "npsb_test_abc\ndef".into(),
            "whitespace",
        ),
        (
            "key with a bell",
            "npsb_test_abc\u{7}def".into(),
            "printable ASCII",
        ),
        (
            "key non-ASCII",
            "npsb_test_nøkkel".into(),
            "printable ASCII",
        ),
        ("key 513 chars", "k".repeat(513), "longer than 512"),
    ];
    for (input, raw, fragment) in key_cases {
        case!(
            input,
            match ApiKey::new(raw.clone()) {
                Ok(key) => desk.set_key(&shop.id, Mode::Test, key).await.map(|_| ()),
                Err(e) => Err(desk_core::Error::from(e)),
            },
            "invalid_input",
            Some("api_key"),
            fragment
        );
        let secret = raw.trim();
        if let Some(Err(dto)) = rows.last().map(|r| &r.got) {
            assert!(
                secret.is_empty() || !dto.message.contains(secret),
                "{input}: the key is echoed: {}",
                dto.message
            );
        }
    }

    // CSV / pasted import: bad lines are reported by number, never looked up.
    let plan = Desk::parse_import(
        "checkout_id,note\n\
         0123456789abcdef0123456789abcdef,ok\n\
         has space,x\n\
         ,empty id\n\
         \u{7}bell,x\n\
         0123456789abcdef0123456789abcdef,again\n",
    );
    assert_eq!(plan.ids.len(), 1, "{plan:?}");
    assert_eq!(plan.duplicates.len(), 1, "{plan:?}");
    let bad: Vec<u64> = plan.bad_lines.iter().map(|b| b.line).collect();
    assert_eq!(bad, vec![3, 4, 5], "{plan:?}");
    for b in &plan.bad_lines {
        assert!(!b.reason.trim().is_empty(), "line {} has no reason", b.line);
    }

    // The verdict, all rows at once.
    let mut failures = Vec::new();
    for row in &rows {
        match &row.got {
            Ok(()) => failures.push(format!("{}: accepted", row.input)),
            Err(dto) => {
                // A status refusal may first re-read the checkout (the cache may be stale);
                // nothing else may reach the API, and nothing may write.
                let reads_allowed = if row.code == "wrong_status" { 1 } else { 0 };
                if row.sent.1 != 0 || row.sent.0 > reads_allowed {
                    failures.push(format!(
                        "{}: sent {} read(s) and {} write(s)",
                        row.input, row.sent.0, row.sent.1
                    ));
                }
                let ok = dto.code == row.code
                    && dto.field.as_deref() == row.field
                    && dto.message.contains(row.fragment)
                    && !dto.message.trim().is_empty();
                if !ok {
                    failures.push(format!(
                        "{}: got {} / {:?} / {:?}, want {} / {:?} / ..{:?}..",
                        row.input,
                        dto.code,
                        dto.field,
                        dto.message,
                        row.code,
                        row.field,
                        row.fragment
                    ));
                }
            }
        }
    }
    println!(
        "bad input table: {} inputs, {} as expected",
        rows.len(),
        rows.len() - failures.len()
    );
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    let end = seen.snapshot();
    let (reads, writes) = (end.0 - table_start.0, end.1 - table_start.1);
    println!(
        "requests during the table: {writes} write(s), {reads} read(s) (the re-reads of a \
         cached status before refusing it)"
    );
    assert_eq!(writes, 0, "a refused input sent a write");
    assert_eq!(
        sb.ledger().len(),
        ledger_before,
        "the simulator applied something"
    );
    assert_eq!(
        journal_count(&desk),
        journal_before,
        "a refused input left a journal row"
    );
    sb.shutdown().await;
}

fn journal_count(desk: &Desk) -> i64 {
    desk.store()
        .read(|conn| Ok(conn.query_row("SELECT count(*) FROM journal", [], |r| r.get(0))?))
        .expect("journal count")
}
