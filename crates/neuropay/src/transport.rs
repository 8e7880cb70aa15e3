//! One HTTP attempt: send, read the reply up to the size cap, and say whether the request
//! may have reached the server when it failed.

use std::time::Duration;

use http::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use url::Url;

use crate::key::{ApiKey, IdempotencyKey};
use crate::text;
use crate::Error;

/// Replies larger than this are refused.
pub const DEFAULT_MAX_REPLY_BYTES: usize = 2 * 1024 * 1024;

/// What came back from one attempt that got an HTTP reply.
#[derive(Debug)]
pub(crate) struct RawReply {
    pub status: u16,
    pub content_type: Option<String>,
    pub retry_after: Option<Duration>,
    /// At most `max_reply_bytes` of the body.
    pub body: Vec<u8>,
    /// The body was longer than the cap; `body` holds its beginning.
    pub over_cap: bool,
}

/// Why an attempt got no complete reply.
#[derive(Debug)]
pub(crate) enum SendError {
    /// No connection was made (refused, DNS, connect time-out, TLS handshake): the request
    /// cannot have reached the server.
    Connect(String),
    /// Timed out after connecting: the request may have been processed.
    Timeout,
    /// The connection broke after the request started: it may have been processed.
    Dropped(String),
}

pub(crate) struct Transport {
    http: reqwest::Client,
    auth: HeaderValue,
    key: ApiKey,
    max_reply_bytes: usize,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("key", &self.key)
            .field("max_reply_bytes", &self.max_reply_bytes)
            .finish_non_exhaustive()
    }
}

/// Makes ring the process's TLS provider unless one is installed already (reqwest is built
/// without a provider of its own). Idempotent; any crate building a reqwest client in
/// this workspace calls it first.
pub fn install_crypto_provider() {
    // Err means a provider is installed already: that one is used.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The error chain of a reqwest error without its URL, scrubbed.
fn describe(e: &reqwest::Error, key: &ApiKey) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(err) = cur {
        let s = err.to_string();
        if !parts.iter().any(|p| p == &s) {
            parts.push(s);
        }
        cur = err.source();
    }
    let head = if e.is_connect() {
        "connection failed"
    } else if e.is_timeout() {
        "timed out"
    } else if e.is_body() || e.is_decode() {
        "reply interrupted"
    } else {
        "request failed"
    };
    let detail = if parts.is_empty() {
        head.to_owned()
    } else {
        format!("{head}: {}", parts.join(": "))
    };
    text::truncate_chars(
        &text::scrub(&detail, key.expose_secret()),
        text::MAX_MESSAGE_CHARS,
    )
}

impl Transport {
    pub(crate) fn new(
        key: ApiKey,
        timeout: Duration,
        connect_timeout: Duration,
        max_reply_bytes: usize,
        user_agent: &str,
    ) -> Result<Self, Error> {
        let mut auth = HeaderValue::from_str(&format!("Bearer {}", key.expose_secret()))
            .map_err(|_| Error::config("the API key cannot be sent in a header"))?;
        auth.set_sensitive(true);
        install_crypto_provider();
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(connect_timeout)
            // A redirect of a POST would be replayed as GET or to another host; neither is
            // something a payment call should do silently.
            .redirect(reqwest::redirect::Policy::none())
            // reqwest's default retry policy is kept: it only replays protocol refusals
            // (e.g. HTTP/2 REFUSED_STREAM) that prove the server did not process the request.
            .user_agent(user_agent)
            .build()
            .map_err(|e| Error::config(format!("HTTP client: {}", describe(&e, &key))))?;
        Ok(Self {
            http,
            auth,
            key,
            max_reply_bytes,
        })
    }

    pub(crate) fn key(&self) -> &ApiKey {
        &self.key
    }

    pub(crate) fn max_reply_bytes(&self) -> usize {
        self.max_reply_bytes
    }

    pub(crate) async fn send(
        &self,
        url: Url,
        body: Vec<u8>,
        idempotency_key: Option<&IdempotencyKey>,
    ) -> Result<RawReply, SendError> {
        let mut req = self
            .http
            .post(url)
            .header(AUTHORIZATION, self.auth.clone())
            .header(CONTENT_TYPE, "application/json")
            .header(ACCEPT, "application/json")
            .body(body);
        if let Some(k) = idempotency_key {
            req = req.header("Idempotency-Key", k.as_str());
        }
        let mut resp = req.send().await.map_err(|e| self.classify(&e))?;
        let status = resp.status().as_u16();
        let headers = resp.headers();
        let content_type = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|s| text::truncate_chars(s, 100));
        let retry_after = headers
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| crate::retry::parse_retry_after(v, chrono::Utc::now()));
        let declared = headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > self.max_reply_bytes as u64) {
            return Ok(RawReply {
                status,
                content_type,
                retry_after,
                body: Vec::new(),
                over_cap: true,
            });
        }
        // Read in chunks and stop at the cap: Content-Length may be absent or wrong.
        let mut body = Vec::new();
        let mut over_cap = false;
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    let room = self.max_reply_bytes - body.len();
                    if chunk.len() > room {
                        body.extend_from_slice(&chunk[..room]);
                        over_cap = true;
                        break;
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) if e.is_timeout() => return Err(SendError::Timeout),
                Err(e) => return Err(SendError::Dropped(describe(&e, &self.key))),
            }
        }
        Ok(RawReply {
            status,
            content_type,
            retry_after,
            body,
            over_cap,
        })
    }

    fn classify(&self, e: &reqwest::Error) -> SendError {
        if e.is_connect() {
            SendError::Connect(describe(e, &self.key))
        } else if e.is_timeout() {
            SendError::Timeout
        } else {
            SendError::Dropped(describe(e, &self.key))
        }
    }

    /// Server text made safe to show: see `text::error_message`.
    pub(crate) fn message(&self, reply: &RawReply) -> String {
        text::error_message(
            &reply.body,
            reply.content_type.as_deref(),
            reply.status,
            self.key.expose_secret(),
        )
    }

    pub(crate) fn snippet(&self, body: &[u8]) -> String {
        text::snippet(body, self.key.expose_secret())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_header_is_marked_sensitive() {
        let key = ApiKey::new("npsb_test_0123456789abcdef").unwrap();
        let t = Transport::new(
            key,
            Duration::from_secs(1),
            Duration::from_secs(1),
            DEFAULT_MAX_REPLY_BYTES,
            "t",
        )
        .unwrap();
        assert!(t.auth.is_sensitive());
        assert_eq!(
            t.auth.to_str().unwrap(),
            "Bearer npsb_test_0123456789abcdef"
        );
        // http's Debug of a sensitive value hides it.
        assert_eq!(format!("{:?}", t.auth), "Sensitive");
        assert!(!format!("{t:?}").contains("0123456789abcdef"));
    }
}
