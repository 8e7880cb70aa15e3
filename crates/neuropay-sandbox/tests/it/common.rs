use std::time::Duration;

use neuropay_sandbox::{start, Outcome, Sandbox, SandboxConfig};
use reqwest::header::HeaderMap;
use serde_json::{json, Value};

pub struct Env {
    pub sb: Sandbox,
    pub http: reqwest::Client,
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("reply is not JSON ({e}): {}", self.text))
    }

    pub fn message(&self) -> String {
        self.json()["message"]
            .as_str()
            .unwrap_or_else(|| panic!("no message in {}", self.text))
            .to_owned()
    }

    /// Asserts a 400 whose message contains `needle`.
    pub fn assert_400(&self, needle: &str) {
        assert_eq!(self.status, 400, "{}", self.text);
        let m = self.message();
        assert!(m.contains(needle), "message {m:?} lacks {needle:?}");
    }
}

pub fn client() -> reqwest::Client {
    // reqwest is built without a TLS provider of its own (see the workspace Cargo.toml).
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

pub fn checkout_body() -> Value {
    json!({
        "amount": 3000,
        "currency": "SEK",
        "message": "Coffee beans",
        "returnUrl": "https://shop.example/ok",
        "returnUrlCancel": "https://shop.example/cancel",
    })
}

/// `base` with `over`'s keys set (a null removes the key).
pub fn with(mut base: Value, over: Value) -> Value {
    let obj = base.as_object_mut().expect("object");
    for (k, v) in over.as_object().expect("object") {
        if v.is_null() {
            obj.remove(k);
        } else {
            obj.insert(k.clone(), v.clone());
        }
    }
    base
}

impl Env {
    pub async fn start() -> Env {
        Env::with(SandboxConfig::default()).await
    }

    pub async fn with(config: SandboxConfig) -> Env {
        Env {
            sb: start(config).await.expect("sandbox starts"),
            http: client(),
        }
    }

    pub fn base(&self) -> String {
        self.sb.base_url()
    }

    pub fn key(&self) -> String {
        self.sb.keys().test.clone()
    }

    pub async fn post(
        &self,
        key: Option<&str>,
        action: &str,
        body: &str,
        idem: Option<&str>,
    ) -> Reply {
        let mut req = self
            .http
            .post(format!("{}/checkout/{action}", self.base()))
            .header("content-type", "application/json")
            .body(body.to_owned());
        if let Some(k) = key {
            req = req.bearer_auth(k);
        }
        if let Some(i) = idem {
            req = req.header("Idempotency-Key", i);
        }
        let resp = req.send().await.expect("request");
        Reply {
            status: resp.status().as_u16(),
            headers: resp.headers().clone(),
            text: resp.text().await.expect("body"),
        }
    }

    /// A call with the default company's test key.
    pub async fn call(&self, action: &str, body: Value) -> Reply {
        self.post(Some(&self.key()), action, &body.to_string(), None)
            .await
    }

    /// A call that must succeed; returns the reply's JSON.
    pub async fn ok(&self, action: &str, body: Value) -> Value {
        let r = self.call(action, body).await;
        assert_eq!(r.status, 200, "{action}: {}", r.text);
        r.json()
    }

    /// Creates a checkout from the default body with `over` applied.
    pub async fn create(&self, over: Value) -> Value {
        self.ok("create", with(checkout_body(), over)).await
    }

    /// A checkout moved by the buyer's `outcome`; returns its id.
    pub async fn after(&self, over: Value, outcome: Outcome) -> String {
        let id = self.create(over).await["checkout_id"]
            .as_str()
            .expect("id")
            .to_owned();
        self.sb
            .buyer_outcome(&self.key(), &id, outcome)
            .expect("outcome applies");
        id
    }

    pub async fn retrieve(&self, id: &str) -> Value {
        self.ok("retrieve", json!({ "checkout_id": id })).await
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.base()))
            .send()
            .await
            .expect("GET")
    }

    pub async fn form(&self, path: &str, body: &str) -> reqwest::Response {
        self.http
            .post(format!("{}{path}", self.base()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_owned())
            .send()
            .await
            .expect("POST form")
    }
}

pub fn id_of(v: &Value) -> String {
    v["checkout_id"].as_str().expect("checkout_id").to_owned()
}
