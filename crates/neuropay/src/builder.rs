//! Building a client: the base URL rules and the knobs.

use std::fmt;
use std::time::Duration;

use url::{Host, Url};

use crate::client::Client;
use crate::key::ApiKey;
use crate::retry::RetryPolicy;
use crate::transport::Transport;
use crate::Error;

pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const USER_AGENT: &str = concat!("neuropay-rs/", env!("CARGO_PKG_VERSION"));

/// Configures a [`Client`]; see [`Client::builder`].
pub struct ClientBuilder {
    pub(crate) base_url: String,
    pub(crate) key: ApiKey,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_reply_bytes: usize,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The base URL is shown only once parsed without credentials (it is refused with
        // them, but the builder exists before that check).
        let base = Url::parse(&self.base_url)
            .ok()
            .filter(|u| u.username().is_empty() && u.password().is_none())
            .map_or_else(|| "<unchecked>".to_owned(), |u| u.to_string());
        f.debug_struct("ClientBuilder")
            .field("base_url", &base)
            .field("key", &self.key)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("max_reply_bytes", &self.max_reply_bytes)
            .finish()
    }
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(d) => {
            let d = d.strip_suffix('.').unwrap_or(d);
            d.eq_ignore_ascii_case("localhost")
        }
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

/// Checks a base URL and gives it a trailing slash, so `checkout/<action>` joins below any
/// path prefix instead of replacing its last segment. Messages never echo the URL (it might
/// hold credentials).
pub fn parse_base_url(s: &str) -> Result<Url, Error> {
    let s = s.trim();
    // The url crate repairs `https:host` and `https:///host`; a typo like that in a payment
    // endpoint should be fixed by a person, not guessed.
    let after_scheme = s.split_once("://").map(|(_, rest)| rest);
    if after_scheme.is_none_or(|rest| rest.is_empty() || rest.starts_with('/')) {
        return Err(Error::config(
            "base URL must look like https://host[:port][/path]",
        ));
    }
    let mut url =
        Url::parse(s).map_err(|e| Error::config(format!("base URL is not valid: {e}")))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config(
            "base URL must not contain a user name or password",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config("base URL must not have a query or fragment"));
    }
    let host = url
        .host()
        .ok_or_else(|| Error::config("base URL has no host"))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => return Err(Error::config(
            "plain http is allowed only to this computer (localhost, 127.0.0.0/8, ::1); use https",
        )),
        other => {
            return Err(Error::config(format!(
                "base URL scheme must be https, not {other}"
            )))
        }
    }
    if !url.path().ends_with('/') {
        let p = format!("{}/", url.path());
        url.set_path(&p);
    }
    Ok(url)
}

impl ClientBuilder {
    /// Per-attempt limit on the whole exchange (default 30 s).
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = d;
        self
    }
    /// Limit on establishing a connection (default 5 s).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }
    pub fn retry(mut self, p: RetryPolicy) -> Self {
        self.retry = p;
        self
    }
    /// Replies larger than this are refused (default 2 MiB).
    pub fn max_reply_bytes(mut self, n: usize) -> Self {
        self.max_reply_bytes = n;
        self
    }
    pub fn build(self) -> Result<Client, Error> {
        let base = parse_base_url(&self.base_url)?;
        if self.timeout.is_zero() || self.connect_timeout.is_zero() {
            return Err(Error::config("time-outs must be longer than zero"));
        }
        let transport = Transport::new(
            self.key,
            self.timeout,
            self.connect_timeout,
            self.max_reply_bytes,
            USER_AGENT,
        )?;
        Ok(Client::from_parts(
            base,
            transport,
            self.retry,
            self.timeout,
            self.connect_timeout,
        ))
    }
}
