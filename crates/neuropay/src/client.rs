//! The client: one method per endpoint, all going through one retry loop.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use serde_json::{json, Value};
use url::Url;

use crate::attempt::{classify, finish, Step};
use crate::builder::{ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT};
use crate::ids::{CheckoutId, CustomerId};
use crate::key::{ApiKey, IdempotencyKey};
use crate::model::{Checkout, Customer, Deleted, Reply};
use crate::request::{CreateCheckout, CreateCustomer, RefundRequest, UpdateMetadata};
use crate::retry::RetryPolicy;
use crate::transport::{Transport, DEFAULT_MAX_REPLY_BYTES};
use crate::Error;

/// The API's actions: `POST {base}/checkout/{action}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Create,
    Retrieve,
    Capture,
    Refund,
    Update,
    Delete,
    CreateCustomer,
    RetrieveCustomer,
    DeleteCustomer,
}

impl Action {
    pub const ALL: [Action; 9] = [
        Action::Create,
        Action::Retrieve,
        Action::Capture,
        Action::Refund,
        Action::Update,
        Action::Delete,
        Action::CreateCustomer,
        Action::RetrieveCustomer,
        Action::DeleteCustomer,
    ];

    pub fn path(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Retrieve => "retrieve",
            Action::Capture => "capture",
            Action::Refund => "refund",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::CreateCustomer => "create-customer",
            Action::RetrieveCustomer => "retrieve-customer",
            Action::DeleteCustomer => "delete-customer",
        }
    }

    /// Writes carry an Idempotency-Key; reads are retried freely.
    pub fn is_write(self) -> bool {
        !matches!(self, Action::Retrieve | Action::RetrieveCustomer)
    }
}

/// A Neuro-Pay API client for one base URL and one key. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    base: Url,
    transport: Transport,
    retry: RetryPolicy,
    timeout: Duration,
    connect_timeout: Duration,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base.as_str())
            .field("key", self.inner.transport.key())
            .field("timeout", &self.inner.timeout)
            .field("connect_timeout", &self.inner.connect_timeout)
            .field("retry", &self.inner.retry)
            .finish()
    }
}

impl Client {
    pub(crate) fn transport(&self) -> &Transport {
        &self.inner.transport
    }

    pub(crate) fn from_parts(
        base: Url,
        transport: Transport,
        retry: RetryPolicy,
        timeout: Duration,
        connect_timeout: Duration,
    ) -> Client {
        Client {
            inner: Arc::new(Inner {
                base,
                transport,
                retry,
                timeout,
                connect_timeout,
            }),
        }
    }

    pub fn builder(base_url: &str, key: ApiKey) -> ClientBuilder {
        ClientBuilder {
            base_url: base_url.to_owned(),
            key,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_reply_bytes: DEFAULT_MAX_REPLY_BYTES,
        }
    }

    /// The base URL, normalised with a trailing slash.
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// The key's masked form (`…4f2a`).
    pub fn key_masked(&self) -> String {
        self.inner.transport.key().masked()
    }

    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The full URL of an action.
    pub fn endpoint(&self, action: Action) -> Url {
        // Both parts are fixed ASCII path segments, so joining cannot fail.
        self.inner
            .base
            .join(&format!("checkout/{}", action.path()))
            .unwrap_or_else(|_| self.inner.base.clone())
    }

    pub async fn create_checkout(
        &self,
        req: &CreateCheckout,
        key: &IdempotencyKey,
    ) -> Result<Reply<Checkout>, Error> {
        self.call(Action::Create, req, Some(key), Checkout::from_json, None)
            .await
    }

    /// Reads are retried freely and need no key.
    pub async fn retrieve_checkout(&self, id: &CheckoutId) -> Result<Reply<Checkout>, Error> {
        let body = json!({ "checkout_id": id });
        self.call(
            Action::Retrieve,
            &body,
            None,
            Checkout::from_json,
            Some(id.as_str()),
        )
        .await
    }

    pub async fn capture_checkout(
        &self,
        id: &CheckoutId,
        key: &IdempotencyKey,
    ) -> Result<Reply<Checkout>, Error> {
        let body = json!({ "checkout_id": id });
        self.call(
            Action::Capture,
            &body,
            Some(key),
            Checkout::from_json,
            Some(id.as_str()),
        )
        .await
    }

    pub async fn refund_checkout(
        &self,
        req: &RefundRequest,
        key: &IdempotencyKey,
    ) -> Result<Reply<Checkout>, Error> {
        let id = req.checkout_id().as_str();
        self.call(
            Action::Refund,
            req,
            Some(key),
            Checkout::from_json,
            Some(id),
        )
        .await
    }

    pub async fn update_checkout(
        &self,
        req: &UpdateMetadata,
        key: &IdempotencyKey,
    ) -> Result<Reply<Checkout>, Error> {
        let id = req.checkout_id().as_str();
        self.call(
            Action::Update,
            req,
            Some(key),
            Checkout::from_json,
            Some(id),
        )
        .await
    }

    pub async fn delete_checkout(
        &self,
        id: &CheckoutId,
        key: &IdempotencyKey,
    ) -> Result<Reply<Deleted>, Error> {
        let body = json!({ "checkout_id": id });
        let fallback = id.as_str();
        self.call(
            Action::Delete,
            &body,
            Some(key),
            |v| Deleted::from_json_or(v, fallback),
            Some(fallback),
        )
        .await
    }

    pub async fn create_customer(
        &self,
        req: &CreateCustomer,
        key: &IdempotencyKey,
    ) -> Result<Reply<Customer>, Error> {
        self.call(
            Action::CreateCustomer,
            req,
            Some(key),
            Customer::from_json,
            None,
        )
        .await
    }

    pub async fn retrieve_customer(&self, id: &CustomerId) -> Result<Reply<Customer>, Error> {
        let body = json!({ "customer_id": id });
        self.call(
            Action::RetrieveCustomer,
            &body,
            None,
            Customer::from_json,
            Some(id.as_str()),
        )
        .await
    }

    pub async fn delete_customer(
        &self,
        id: &CustomerId,
        key: &IdempotencyKey,
    ) -> Result<Reply<Deleted>, Error> {
        let body = json!({ "customer_id": id });
        let fallback = id.as_str();
        self.call(
            Action::DeleteCustomer,
            &body,
            Some(key),
            |v| Deleted::from_json_or(v, fallback),
            Some(fallback),
        )
        .await
    }

    /// The one retry loop. `expect_id`: the object the reply must be about.
    async fn call<T, B, F>(
        &self,
        action: Action,
        body: &B,
        idempotency_key: Option<&IdempotencyKey>,
        decode: F,
        expect_id: Option<&str>,
    ) -> Result<Reply<T>, Error>
    where
        B: Serialize + ?Sized,
        F: Fn(&Value) -> Result<T, Error>,
        T: HasId,
    {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| Error::invalid("body", format!("cannot be encoded: {e}")))?;
        let url = self.endpoint(action);
        let write = action.is_write();
        let policy = &self.inner.retry;
        let transport = &self.inner.transport;
        let mut maybe_applied = false;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            tracing::debug!(action = action.path(), attempt, "neuropay request");
            let result = transport
                .send(url.clone(), bytes.clone(), idempotency_key)
                .await;
            match classify(transport, result, write, maybe_applied) {
                Step::Reply(raw) => {
                    tracing::debug!(
                        action = action.path(),
                        attempt,
                        status = raw.status,
                        "neuropay reply"
                    );
                    return self.decode(raw, attempt, &decode, expect_id);
                }
                Step::Stop { error, reached } => {
                    tracing::debug!(
                        action = action.path(),
                        attempt,
                        code = error.code(),
                        "neuropay refused"
                    );
                    return Err(finish(error, write, maybe_applied || reached, attempt));
                }
                Step::Retry {
                    error,
                    reached,
                    wait,
                } => {
                    maybe_applied |= reached;
                    tracing::debug!(
                        action = action.path(),
                        attempt,
                        code = error.code(),
                        "neuropay attempt failed"
                    );
                    if wait.is_some_and(|w| w > policy.max_retry_after) {
                        return Err(finish(error, write, maybe_applied, attempt));
                    }
                    if attempt >= policy.attempts() {
                        return Err(finish(error, write, maybe_applied, attempt));
                    }
                    let delay = match wait {
                        Some(w) if !w.is_zero() => w,
                        _ => policy.backoff(attempt),
                    };
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }

    pub(crate) fn decode<T: HasId>(
        &self,
        raw: crate::transport::RawReply,
        attempts: u32,
        decode: &impl Fn(&Value) -> Result<T, Error>,
        expect_id: Option<&str>,
    ) -> Result<Reply<T>, Error> {
        let t = &self.inner.transport;
        let decode_error = |reason: String| Error::Decode {
            status: raw.status,
            content_type: raw.content_type.clone(),
            snippet: t.snippet(&raw.body),
            reason,
        };
        if raw.over_cap {
            return Err(Error::TooLarge {
                limit: t.max_reply_bytes(),
            });
        }
        let value: Value = serde_json::from_slice(&raw.body)
            .map_err(|e| decode_error(format!("reply is not JSON ({e})")))?;
        let typed = decode(&value).map_err(|e| match e {
            Error::Decode { reason, .. } => decode_error(reason),
            other => other,
        })?;
        if let Some(want) = expect_id {
            let got = typed.object_id();
            if got != want {
                return Err(decode_error(format!(
                    "reply is about {got}, not the requested {want}"
                )));
            }
        }
        Ok(Reply {
            value: typed,
            raw: value,
            http_status: raw.status,
            attempts,
        })
    }
}

/// The id a reply is about, to check it against the request.
pub(crate) trait HasId {
    fn object_id(&self) -> &str;
}

impl HasId for Checkout {
    fn object_id(&self) -> &str {
        self.id.as_str()
    }
}

impl HasId for Customer {
    fn object_id(&self) -> &str {
        self.id.as_str()
    }
}

impl HasId for Deleted {
    fn object_id(&self) -> &str {
        &self.id
    }
}
