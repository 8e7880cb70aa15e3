//! Hostile replies: random bytes, random JSON, wrong types, huge numbers, deep nesting,
//! invalid UTF-8, HTML pages, truncated and oversize bodies. None may panic; each ends in a
//! decoded value or a typed error, and an unreadable 2xx keeps its first bytes (`snippet`).
//!
//! Most cases go through `neuropay::fuzzing::decode_reply_for_fuzzing`, the reply path
//! without a socket (the cargo-fuzz target calls the same function). One property sends
//! generated replies over real HTTP (wiremock) and checks the client ends exactly where
//! that function does, so what is fuzzed is what runs.

use neuropay::fuzzing::{decode_reply_for_fuzzing, Decoded, FUZZ_ID, FUZZ_KEY};
use neuropay::{
    Action, ApiKey, CheckoutId, Client, CustomerId, Error, IdempotencyKey, RetryPolicy,
    DEFAULT_MAX_REPLY_BYTES,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::checkout_json;

const SNIPPET_BYTES: usize = 512;
const MAX_MESSAGE_CHARS: usize = 300;

fn valid_checkout() -> Value {
    let mut v = checkout_json("paid");
    v["checkout_id"] = json!(FUZZ_ID);
    v
}

fn valid_customer() -> Value {
    json!({
        "customer_id": FUZZ_ID, "first_name": "Ada", "last_name": "Lovelace",
        "email": "ada@example.com", "metaData": {}, "savedCards": [],
        "created_at": "2026-11-21T10:00:00Z"
    })
}

/// What a `Decode` snippet must be for a body: its first bytes, lossy UTF-8, cut on a char
/// boundary at 512 bytes (bodies here never hold a key or a bearer token to scrub).
fn expected_snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET_BYTES * 4)]).into_owned();
    let mut end = text.len().min(SNIPPET_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

fn has_token_text(body: &[u8]) -> bool {
    let lower = String::from_utf8_lossy(body).to_ascii_lowercase();
    lower.contains("bearer") || lower.contains(&FUZZ_KEY.to_ascii_lowercase())
}

/// The error code a non-2xx status must end in.
fn code_for(status: u16, write: bool) -> &'static str {
    match status {
        401 => "unauthorized",
        404 => "not_found",
        409 => "conflict",
        429 => "rate_limited",
        500..=599 if write => "outcome_unknown",
        500..=599 => "server_error",
        _ => "rejected",
    }
}

/// The invariants every reply must satisfy, whatever its bytes.
fn check_reply(action: Action, status: u16, ct: Option<&str>, body: &[u8]) -> Result<(), String> {
    let result = decode_reply_for_fuzzing(action, status, ct, None, body);
    let fail = |what: String| Err(format!("{action:?} {status} {ct:?}: {what}: {result:?}"));
    match &result {
        Ok(d) => {
            if !(200..300).contains(&status) {
                return fail("a non-2xx reply decoded".into());
            }
            let (raw_status, attempts) = match d {
                Decoded::Checkout(r) => (r.http_status, r.attempts),
                Decoded::Customer(r) => (r.http_status, r.attempts),
                Decoded::Deleted(r) => (r.http_status, r.attempts),
            };
            if (raw_status, attempts) != (status, 1) {
                return fail("status or attempts not kept".into());
            }
        }
        Err(e) if (200..300).contains(&status) => match e {
            Error::TooLarge { limit } if body.len() > *limit => {}
            Error::Decode {
                status: s,
                content_type,
                snippet,
                reason,
            } => {
                // The transport keeps at most 100 characters of the header.
                let ct_kept = match (content_type.as_deref(), ct) {
                    (Some(kept), Some(sent)) if sent.chars().count() > 100 => {
                        kept.ends_with('…') && sent.starts_with(kept.trim_end_matches('…'))
                    }
                    (kept, sent) => kept == sent,
                };
                if *s != status || !ct_kept || reason.is_empty() {
                    return fail("decode error lost the status, type or reason".into());
                }
                if snippet.len() > SNIPPET_BYTES {
                    return fail(format!("snippet of {} bytes", snippet.len()));
                }
                if !has_token_text(body) && *snippet != expected_snippet(body) {
                    return fail("snippet is not the body's first bytes".into());
                }
            }
            other => return fail(format!("a 2xx ended in {}", other.code())),
        },
        Err(e) => {
            let want = code_for(status, action.is_write());
            if e.code() != want {
                return fail(format!("code {} instead of {want}", e.code()));
            }
            let shown = e.to_string();
            if shown.contains(FUZZ_KEY) {
                return fail("the key reached a message".into());
            }
            let msg_len = match e {
                Error::Rejected { message, .. }
                | Error::Unauthorized { message }
                | Error::NotFound { message }
                | Error::Conflict { message }
                | Error::RateLimited { message, .. }
                | Error::Server { message, .. } => message.chars().count(),
                Error::OutcomeUnknown { last, .. } => last.chars().count().min(MAX_MESSAGE_CHARS),
                _ => 0,
            };
            if msg_len == 0 || msg_len > MAX_MESSAGE_CHARS + 1 {
                return fail(format!("message of {msg_len} chars"));
            }
        }
    }
    Ok(())
}

fn any_action() -> impl Strategy<Value = Action> {
    prop::sample::select(Action::ALL.to_vec())
}

fn any_status() -> impl Strategy<Value = u16> {
    prop_oneof![
        prop::sample::select(vec![
            200u16, 201, 204, 302, 400, 401, 403, 404, 409, 418, 422, 429, 500, 502, 503, 504, 505,
            599
        ]),
        200u16..600,
    ]
}

fn any_content_type() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        Just("application/json".to_owned()),
        Just("application/json; charset=utf-8".to_owned()),
        Just("text/html; charset=iso-8859-1".to_owned()),
        Just("text/plain".to_owned()),
        "[ -~]{0,150}",
    ])
}

/// Any JSON value, nested a few levels, with odd strings and extreme numbers.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,40}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(".{0,12}", inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The field names replies use, so wrong types land where the decoder looks.
fn reply_field() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "checkout_id",
        "cid",
        "id",
        "status",
        "amount",
        "currency",
        "refundedAmount",
        "refunded_amount",
        "metaData",
        "paymentMethods",
        "created_at",
        "updated_at",
        "link",
        "customer_id",
        "card_id",
        "refunds",
        "capture",
        "customer_id",
        "first_name",
        "email",
        "savedCards",
        "message",
        "identifier",
    ])
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn random_bytes_never_panic(
        action in any_action(), status in any_status(), ct in any_content_type(),
        body in prop::collection::vec(any::<u8>(), 0..3000),
    ) {
        check_reply(action, status, ct.as_deref(), &body).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn random_json_never_panics(
        action in any_action(), status in any_status(), v in any_json(),
    ) {
        let body = v.to_string();
        check_reply(action, status, Some("application/json"), body.as_bytes())
            .map_err(TestCaseError::fail)?;
    }

    #[test]
    fn a_field_of_the_wrong_type_is_a_typed_error(
        action in any_action(), field in reply_field(), v in any_json(), customer in any::<bool>(),
    ) {
        let mut reply = if customer { valid_customer() } else { valid_checkout() };
        reply[field] = v;
        let body = reply.to_string();
        check_reply(action, 200, Some("application/json"), body.as_bytes())
            .map_err(TestCaseError::fail)?;
    }

    #[test]
    fn huge_and_odd_numbers_are_refused_or_kept_exactly(
        field in prop::sample::select(vec!["amount", "refundedAmount", "created_at"]),
        n in prop_oneof![
            Just("1e400".to_owned()), Just("-0".to_owned()), Just("18446744073709551616".to_owned()),
            Just("\"99999999999999999999999\"".to_owned()), Just("9.5".to_owned()),
            Just("-9223372036854775808".to_owned()), Just("\"0x10\"".to_owned()),
            "-?[0-9]{1,40}(\\.[0-9]{1,5})?(e-?[0-9]{1,4})?",
        ],
    ) {
        let body = valid_checkout().to_string().replacen(
            &format!("\"{field}\":{}", valid_checkout()[field]),
            &format!("\"{field}\":{n}"),
            1,
        );
        let result = decode_reply_for_fuzzing(Action::Retrieve, 200, Some("application/json"), None, body.as_bytes());
        match result {
            Ok(Decoded::Checkout(r)) if field == "amount" => {
                // A number is kept only when it is exactly an integer that fits.
                let text = n.trim_matches('"');
                match text.parse::<i64>() {
                    Ok(i) => prop_assert_eq!(r.value.amount, i),
                    Err(_) => prop_assert_eq!(r.value.amount as f64, text.parse::<f64>().unwrap()),
                }
            }
            Ok(_) => {}
            Err(Error::Decode { snippet, .. }) => prop_assert_eq!(snippet, expected_snippet(body.as_bytes())),
            Err(e) => prop_assert!(false, "{}", e),
        }
    }

    #[test]
    fn invalid_utf8_is_a_decode_error_with_the_bytes_kept(
        at in 0usize..400, junk in prop::collection::vec(0x80u8..=0xff, 1..4),
    ) {
        let text = valid_checkout().to_string();
        // Inside the message string, so only the encoding is wrong.
        let start = text.find("Order 1001").unwrap() + (at % 10);
        let mut body = text.as_bytes()[..start].to_vec();
        body.extend_from_slice(&junk);
        body.extend_from_slice(&text.as_bytes()[start..]);
        let valid = std::str::from_utf8(&body).is_ok();
        let result = decode_reply_for_fuzzing(Action::Retrieve, 200, Some("application/json"), None, &body);
        if valid {
            prop_assert!(result.is_ok());
        } else {
            match result {
                Err(Error::Decode { snippet, reason, .. }) => {
                    prop_assert!(reason.contains("not JSON"), "{}", reason);
                    prop_assert!(snippet.contains(char::REPLACEMENT_CHARACTER), "{}", snippet);
                    prop_assert_eq!(snippet, expected_snippet(&body));
                }
                other => prop_assert!(false, "{:?}", other),
            }
        }
    }

    #[test]
    fn a_truncated_body_keeps_its_beginning(cut in 0usize..2000, customer in any::<bool>()) {
        let (action, full) = if customer {
            (Action::RetrieveCustomer, valid_customer().to_string())
        } else {
            (Action::Retrieve, valid_checkout().to_string())
        };
        let body = &full.as_bytes()[..cut % full.len()];
        match decode_reply_for_fuzzing(action, 200, Some("application/json"), None, body) {
            Err(Error::Decode { snippet, reason, .. }) => {
                prop_assert!(reason.contains("not JSON"), "{}", reason);
                prop_assert_eq!(snippet, expected_snippet(body));
            }
            other => prop_assert!(false, "{:?}", other),
        }
    }
}

#[test]
fn deep_nesting_stops_at_the_parser_limit_without_overflow() {
    for depth in [100, 127, 128, 129, 1_000, 100_000] {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let nested = format!("{}1{}", open.repeat(depth), close.repeat(depth));
            for body in [
                nested.clone(),
                valid_checkout()
                    .to_string()
                    .replacen("{\"order\":\"1001\"}", &nested, 1),
            ] {
                for status in [200, 400, 503] {
                    for action in [Action::Retrieve, Action::Refund, Action::CreateCustomer] {
                        check_reply(action, status, Some("application/json"), body.as_bytes())
                            .unwrap_or_else(|e| panic!("depth {depth}: {e}"));
                    }
                }
                if depth > 128 {
                    match decode_reply_for_fuzzing(
                        Action::Retrieve,
                        200,
                        None,
                        None,
                        body.as_bytes(),
                    ) {
                        Err(Error::Decode { reason, .. }) => {
                            assert!(reason.contains("recursion limit"), "{reason}")
                        }
                        other => panic!("depth {depth}: {other:?}"),
                    }
                }
            }
        }
    }
}

#[test]
fn html_pages_are_errors_with_their_text_or_kept_as_snippets() {
    let page = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title>\
        <script>var k='x'</script></head><body><h1>Bad&nbsp;Gateway</h1>\
        <p>nginx</p></body></html>";
    for (status, code) in [
        (400, "rejected"),
        (502, "outcome_unknown"),
        (403, "rejected"),
    ] {
        let e = decode_reply_for_fuzzing(
            Action::Refund,
            status,
            Some("text/html"),
            None,
            page.as_bytes(),
        )
        .unwrap_err();
        assert_eq!(e.code(), code);
        assert!(e.to_string().contains("Bad Gateway nginx"), "{e}");
        assert!(!e.to_string().contains("<script"), "{e}");
    }
    let e = decode_reply_for_fuzzing(
        Action::Retrieve,
        200,
        Some("text/html"),
        None,
        page.as_bytes(),
    )
    .unwrap_err();
    match e {
        Error::Decode {
            status,
            content_type,
            snippet,
            ..
        } => {
            assert_eq!((status, content_type.as_deref()), (200, Some("text/html")));
            assert_eq!(snippet, page);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_oversize_body_is_refused_by_its_size() {
    let mut body = valid_checkout().to_string().into_bytes();
    body.resize(DEFAULT_MAX_REPLY_BYTES + 1, b' ');
    for action in Action::ALL {
        let e = decode_reply_for_fuzzing(action, 200, Some("application/json"), None, &body)
            .unwrap_err();
        assert_eq!(
            e,
            Error::TooLarge {
                limit: DEFAULT_MAX_REPLY_BYTES
            }
        );
    }
    // At the cap exactly, the same bytes decode: trailing whitespace is valid JSON.
    body.truncate(DEFAULT_MAX_REPLY_BYTES);
    assert!(decode_reply_for_fuzzing(Action::Retrieve, 200, None, None, &body).is_ok());
    // An error page that large still yields a short message.
    let big = "<p>".to_owned() + &"down ".repeat(500_000) + "</p>";
    let e = decode_reply_for_fuzzing(
        Action::Retrieve,
        503,
        Some("text/html"),
        None,
        big.as_bytes(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "server_error");
    assert!(e.to_string().chars().count() < 400, "{e}");
}

#[test]
fn an_echoed_key_is_scrubbed_from_snippets_and_messages() {
    let body = format!("<p>Authorization: Bearer {FUZZ_KEY}</p> key={FUZZ_KEY}");
    for status in [200, 400, 401, 500] {
        let e = decode_reply_for_fuzzing(
            Action::Capture,
            status,
            Some("text/html"),
            None,
            body.as_bytes(),
        )
        .unwrap_err();
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains(FUZZ_KEY), "{shown}");
        assert!(!shown.contains("f0zzf00d"), "{shown}");
    }
}

/// The same reply over HTTP: the real client must end exactly where the socket-less path
/// does (same value, same error, same message).
#[test]
fn over_http_the_client_ends_where_the_fuzzed_path_ends() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let server = rt.block_on(MockServer::start());
    let client = Client::builder(&server.uri(), ApiKey::new(FUZZ_KEY).expect("key"))
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    let mut runner = TestRunner::new(Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    });
    let body = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..600),
        any_json().prop_map(|v| v.to_string().into_bytes()),
        (reply_field(), any_json()).prop_map(|(f, v)| {
            let mut c = valid_checkout();
            c[f] = v;
            c.to_string().into_bytes()
        }),
    ];
    let ct = prop::sample::select(vec!["application/json", "text/html", "text/plain"]);
    let status = prop::sample::select(vec![200u16, 201, 400, 401, 404, 409, 429, 500, 503]);
    let action = prop::sample::select(vec![
        Action::Retrieve,
        Action::Capture,
        Action::RetrieveCustomer,
        Action::DeleteCustomer,
    ]);
    runner
        .run(&(action, status, ct, body), |(action, status, ct, body)| {
            let over_http = rt.block_on(async {
                server.reset().await;
                Mock::given(method("POST"))
                    .respond_with(ResponseTemplate::new(status).set_body_raw(body.clone(), ct))
                    .mount(&server)
                    .await;
                send(&client, action).await
            });
            let direct = decode_reply_for_fuzzing(action, status, Some(ct), None, &body);
            prop_assert_eq!(over_http, direct);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

async fn send(client: &Client, action: Action) -> Result<Decoded, Error> {
    let cid = CheckoutId::new(FUZZ_ID).expect("id");
    let customer = CustomerId::new(FUZZ_ID).expect("id");
    let key = IdempotencyKey::random();
    match action {
        Action::Retrieve => client.retrieve_checkout(&cid).await.map(Decoded::Checkout),
        Action::Capture => client
            .capture_checkout(&cid, &key)
            .await
            .map(Decoded::Checkout),
        Action::RetrieveCustomer => client
            .retrieve_customer(&customer)
            .await
            .map(Decoded::Customer),
        Action::DeleteCustomer => client
            .delete_customer(&customer, &key)
            .await
            .map(Decoded::Deleted),
        other => unreachable!("not generated: {other:?}"),
    }
}
