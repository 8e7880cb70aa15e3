//! One reply from a hostile or broken server: status, Content-Type, Retry-After and body,
//! all chosen by the fuzzer, through the client's whole reply path for each action; and the
//! body, when it is JSON, through `Checkout::from_json` and `Customer::from_json` directly.
//!
//! Besides "no panic, no hang, no overflow", it checks what the client promises: an
//! unreadable 2xx keeps at most 512 bytes of itself, messages stay short, the key never
//! shows, and a decoded checkout or customer survives its own round trip.

#![no_main]

use libfuzzer_sys::fuzz_target;
use neuropay::fuzzing::{decode_reply_for_fuzzing, FUZZ_KEY};
use neuropay::{Action, Checkout, Customer, Error};

const CONTENT_TYPES: [Option<&str>; 5] = [
    None,
    Some("application/json"),
    Some("application/json; charset=utf-8"),
    Some("text/html"),
    Some("text/plain"),
];
const RETRY_AFTER: [Option<&str>; 4] = [
    None,
    Some("2"),
    Some("Wed, 21 Oct 2015 07:28:00 GMT"),
    Some("soon"),
];

fn check(action: Action, status: u16, e: &Error) {
    let shown = format!("{e} {e:?}");
    assert!(!shown.contains(FUZZ_KEY), "key in {shown}");
    if let Error::Decode { snippet, .. } = e {
        assert!(
            (200..300).contains(&status),
            "{action:?}: decode error for {status}"
        );
        assert!(snippet.len() <= 512, "snippet of {} bytes", snippet.len());
    }
    let message = match e {
        Error::Rejected { message, .. }
        | Error::Unauthorized { message }
        | Error::NotFound { message }
        | Error::Conflict { message }
        | Error::RateLimited { message, .. }
        | Error::Server { message, .. } => Some(message),
        _ => None,
    };
    if let Some(m) = message {
        assert!(!m.is_empty() && m.chars().count() <= 301, "message {m:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let status = 100 + u16::from_le_bytes([data[0], data[1]]) % 500;
    let content_type = CONTENT_TYPES[usize::from(data[2]) % CONTENT_TYPES.len()];
    let retry_after = RETRY_AFTER[usize::from(data[3] >> 4) % RETRY_AFTER.len()];
    let body = &data[4..];
    for action in Action::ALL {
        match decode_reply_for_fuzzing(action, status, content_type, retry_after, body) {
            Ok(_) => assert!(
                (200..300).contains(&status),
                "{action:?} decoded a {status}"
            ),
            Err(e) => check(action, status, &e),
        }
    }
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) {
        if let Ok(c) = Checkout::from_json(&v) {
            let again = Checkout::from_json(&c.to_json()).expect("a decoded checkout re-reads");
            assert_eq!(again, c, "checkout round trip");
            let _ = c.remaining_refundable();
        }
        if let Ok(c) = Customer::from_json(&v) {
            let again = Customer::from_json(&c.to_json()).expect("a decoded customer re-reads");
            assert_eq!(again, c, "customer round trip");
        }
    }
});
