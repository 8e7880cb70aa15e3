//! Helpers shared by the integration tests: clients with tiny delays, a raw TCP server
//! that can misbehave in ways wiremock cannot (drop a connection, stream a huge body), and
//! canned replies.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use neuropay::{ApiKey, Client, RetryPolicy};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::MockServer;

/// A key that looks real; tests check that it never appears in any output.
pub const KEY: &str = "npsb_test_5ecre7k3y0123456789abcdef4f2a";
/// The key's tail, which is allowed to appear (masked form `…4f2a`).
pub const KEY_HEAD: &str = "npsb_test_5ecre7k3y";

pub fn api_key() -> ApiKey {
    ApiKey::new(KEY).unwrap()
}

/// A client with millisecond backoff and short time-outs, so retries cost nothing.
pub fn client_for(base: &str, attempts: u32) -> Client {
    Client::builder(base, api_key())
        .retry(RetryPolicy::fast(attempts))
        .timeout(Duration::from_millis(400))
        .connect_timeout(Duration::from_millis(300))
        .build()
        .unwrap()
}

pub fn client(server: &MockServer, attempts: u32) -> Client {
    client_for(&server.uri(), attempts)
}

pub const CID: &str = "0123456789abcdef0123456789abcdef";

/// A checkout in the simulator's shape.
pub fn checkout_json(status: &str) -> Value {
    json!({
        "checkout_id": CID,
        "identifier": "order-1001",
        "status": status,
        "amount": 3000,
        "currency": "SEK",
        "message": "Order 1001",
        "capture": true,
        "allowSaveCard": true,
        "returnUrl": "https://shop.example/ok",
        "returnUrlCancel": "https://shop.example/cancel",
        "customer_id": null,
        "card_id": null,
        "template": null,
        "metaData": {"order": "1001"},
        "paymentMethods": [],
        "link": format!("https://pay.example/pay/{CID}"),
        "refundedAmount": 0,
        "refunds": [],
        "created_at": "2026-11-21T10:00:00Z",
        "updated_at": "2026-11-21T10:00:00Z"
    })
}

pub fn customer_json() -> Value {
    json!({
        "customer_id": "c0ffee", "first_name": "Ada", "last_name": "Lovelace",
        "email": "ada@example.com", "client_page": "https://pay.example/client/t",
        "metaData": {}, "savedCards": [], "created_at": "2026-11-21T10:00:00Z"
    })
}

/// What the raw server does with one connection.
#[derive(Debug, Clone)]
pub enum Act {
    /// Read the request, then close without a reply (a reply lost after processing).
    Drop,
    /// Read the request, then send these bytes verbatim and close.
    Raw(Vec<u8>),
}

/// A one-request-per-connection HTTP/1.1 server that follows a script; after the script
/// ends it repeats the last act. Records every request it read.
pub struct RawServer {
    pub base: String,
    pub requests: Arc<Mutex<Vec<String>>>,
}

async fn read_request(sock: &mut TcpStream) -> String {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = sock.read(&mut chunk).await.unwrap_or(0);
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let len = text[..end]
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if buf.len() >= end + 4 + len {
                break;
            }
        }
    }
    String::from_utf8_lossy(&buf).to_string()
}

impl RawServer {
    pub async fn start(script: Vec<Act>) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = requests.clone();
        tokio::spawn(async move {
            let mut i = 0;
            loop {
                let Ok((mut sock, _)) = listener.accept().await else {
                    return;
                };
                let act = script[i.min(script.len() - 1)].clone();
                i += 1;
                let log = log.clone();
                tokio::spawn(async move {
                    let req = read_request(&mut sock).await;
                    log.lock().unwrap().push(req);
                    if let Act::Raw(bytes) = act {
                        let _ = sock.write_all(&bytes).await;
                        let _ = sock.flush().await;
                    }
                    let _ = sock.shutdown().await;
                });
            }
        });
        RawServer { base, requests }
    }

    pub fn request_count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }

    /// The Idempotency-Key header of each request read, in order.
    pub fn idempotency_keys(&self) -> Vec<Option<String>> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .map(|r| {
                r.lines().find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("idempotency-key")
                        .then(|| v.trim().to_owned())
                })
            })
            .collect()
    }
}

/// A complete HTTP/1.1 reply with a JSON body.
pub fn http_json(status: u16, body: &Value) -> Act {
    let b = body.to_string();
    Act::Raw(
        format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{b}",
            b.len()
        )
        .into_bytes(),
    )
}

/// A loopback address where nothing listens: connecting is refused at once.
pub async fn refused_base() -> String {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    drop(l);
    format!("http://{addr}")
}

/// Fails if `text` contains the key or a recognisable part of it.
pub fn assert_no_key(text: &str) {
    assert!(!text.contains(KEY), "key leaked: {text}");
    assert!(!text.contains(KEY_HEAD), "key prefix leaked: {text}");
}
