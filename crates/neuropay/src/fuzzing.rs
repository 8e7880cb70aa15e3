//! The reply path without a socket, for the fuzzer (`fuzz/`) and the hostile-reply property
//! tests. A reply handed in as status, headers and body bytes goes through exactly the code
//! a reply from the network goes through after it was read: the size cap, the status
//! classification (retry, refusal, unknown outcome), the error-message extraction, the JSON
//! parse, the typed decode and the check that the reply is about the requested object.
//! Not part of the API: hidden from the docs and free to change.

use std::sync::OnceLock;

use crate::attempt::{classify, finish, Step};
use crate::client::{Action, Client};
use crate::key::ApiKey;
use crate::model::{Checkout, Customer, Deleted, Reply};
use crate::transport::RawReply;
use crate::{text, Error};

/// The key the fuzzing client carries: a reply that echoes it must come out scrubbed.
pub const FUZZ_KEY: &str = "npsb_test_f0zzf00dfeedbeef0123456789abcd";
/// The object every request of the fuzzing client is about (retrieve, capture, ...).
pub const FUZZ_ID: &str = "0123456789abcdef0123456789abcdef";

/// A reply decoded into the type its action expects.
#[derive(Debug, Clone, PartialEq)]
pub enum Decoded {
    Checkout(Reply<Checkout>),
    Customer(Reply<Customer>),
    Deleted(Reply<Deleted>),
}

/// One client for every call: building a reqwest client per input would dominate the run.
/// Its address is never contacted.
fn client() -> Result<&'static Client, Error> {
    static CLIENT: OnceLock<Result<Client, Error>> = OnceLock::new();
    CLIENT
        .get_or_init(|| Client::builder("http://127.0.0.1:9", ApiKey::new(FUZZ_KEY)?).build())
        .as_ref()
        .map_err(Clone::clone)
}

/// What the client makes of one reply to `action` that arrived with this status,
/// `Content-Type`, `Retry-After` and body, on the first attempt. Reads and writes differ
/// only in how a failure ends (a write that may have been applied is `OutcomeUnknown`).
pub fn decode_reply_for_fuzzing(
    action: Action,
    status: u16,
    content_type: Option<&str>,
    retry_after: Option<&str>,
    body: &[u8],
) -> Result<Decoded, Error> {
    let client = client()?;
    let t = client.transport();
    let cap = t.max_reply_bytes();
    let raw = RawReply {
        status,
        // The transport keeps at most 100 characters of the header, as here.
        content_type: content_type.map(|s| text::truncate_chars(s, 100)),
        retry_after: retry_after
            .and_then(|v| crate::retry::parse_retry_after(v, chrono::Utc::now())),
        body: body[..body.len().min(cap)].to_vec(),
        over_cap: body.len() > cap,
    };
    let write = action.is_write();
    let raw = match classify(t, Ok(raw), write, false) {
        Step::Reply(raw) => raw,
        Step::Stop { error, reached } | Step::Retry { error, reached, .. } => {
            return Err(finish(error, write, reached, 1))
        }
    };
    match action {
        Action::Create => client
            .decode(raw, 1, &Checkout::from_json, None)
            .map(Decoded::Checkout),
        Action::Retrieve | Action::Capture | Action::Refund | Action::Update => client
            .decode(raw, 1, &Checkout::from_json, Some(FUZZ_ID))
            .map(Decoded::Checkout),
        Action::CreateCustomer => client
            .decode(raw, 1, &Customer::from_json, None)
            .map(Decoded::Customer),
        Action::RetrieveCustomer => client
            .decode(raw, 1, &Customer::from_json, Some(FUZZ_ID))
            .map(Decoded::Customer),
        Action::Delete | Action::DeleteCustomer => client
            .decode(
                raw,
                1,
                &|v: &serde_json::Value| Deleted::from_json_or(v, FUZZ_ID),
                Some(FUZZ_ID),
            )
            .map(Decoded::Deleted),
    }
}
