//! Steps the checkout end-to-end tests share: driving the Checkouts view by data-testid,
//! acting as the buyer on the simulator's hosted page, and running an external simulator
//! that a test can stop to take the desk offline.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use e2e::{find, wait_for_text, workspace_root};
use fantoccini::{Client, Locator};

pub type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

pub const LONG: Duration = Duration::from_secs(45);

/// A small seed keeps first start quick.
pub fn seed_env() -> Vec<(String, String)> {
    vec![("NPDESK_SANDBOX_SEED".to_owned(), "40".to_owned())]
}

pub fn tid(id: &str) -> String {
    format!("[data-testid={id}]")
}

/// Scrolls the element to the middle of its scroll containers first: the detail panel
/// scrolls on its own, and WebKit refuses clicks on an element at the window's edge.
async fn centered(c: &Client, css: &str) -> Res<fantoccini::elements::Element> {
    let el = find(c, css).await?;
    c.execute(
        "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});",
        vec![serde_json::to_value(&el)?],
    )
    .await?;
    Ok(el)
}

pub async fn click(c: &Client, css: &str) -> Res<()> {
    centered(c, css).await?.click().await?;
    Ok(())
}

/// Replaces the field's text; an empty `text` just clears it.
pub async fn type_into(c: &Client, css: &str, text: &str) -> Res<()> {
    let el = centered(c, css).await?;
    el.clear().await?;
    if !text.is_empty() {
        el.send_keys(text).await?;
    }
    Ok(())
}

pub async fn value_of(c: &Client, css: &str) -> Res<String> {
    Ok(find(c, css).await?.prop("value").await?.unwrap_or_default())
}

pub async fn wait_text(c: &Client, css: &str, text: &str) -> Res<String> {
    wait_for_text(c, css, text, LONG).await
}

/// Waits until `probe` returns Some.
pub async fn wait_until<T, F, Fut>(what: &str, timeout: Duration, mut probe: F) -> Res<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Res<Option<T>>>,
{
    let start = Instant::now();
    while start.elapsed() < timeout {
        if let Some(v) = probe().await? {
            return Ok(v);
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    Err(format!("timed out after {timeout:?} waiting for {what}").into())
}

/// The desk started (start_desk answered) and the Checkouts view lists the cache.
pub async fn open_checkouts(c: &Client) -> Res<()> {
    c.wait()
        .at_most(Duration::from_secs(90))
        .for_element(Locator::Css("[data-testid=desk]"))
        .await?;
    click(c, &tid("nav-checkouts")).await?;
    find(c, &tid("checkouts-view")).await?;
    Ok(())
}

/// The count the list's totals show.
pub async fn total_count(c: &Client) -> Res<u64> {
    let text = find(c, &tid("list-total-count")).await?.text().await?;
    Ok(text.replace(',', "").trim().parse()?)
}

pub async fn wait_total(c: &Client, expected: u64) -> Res<()> {
    wait_until(&format!("{expected} checkouts listed"), LONG, || async {
        Ok(match c.find(Locator::Css(&tid("list-total-count"))).await {
            Ok(el) => {
                let t = el.text().await?.replace(',', "");
                (t.trim() == expected.to_string()).then_some(())
            }
            Err(_) => None,
        })
    })
    .await
}

/// Fills and submits the New checkout form; returns the new id and its hosted link, read
/// from the detail panel it opens.
pub async fn create_checkout(
    c: &Client,
    amount: &str,
    identifier: &str,
    reserve_only: bool,
) -> Res<(String, String)> {
    click(c, &tid("create-open")).await?;
    type_into(c, &tid("create-amount"), amount).await?;
    type_into(c, &tid("create-message"), &format!("E2E {identifier}")).await?;
    type_into(c, &tid("create-return-url"), "https://shop.example/ok").await?;
    type_into(c, &tid("create-cancel-url"), "https://shop.example/cancel").await?;
    type_into(c, &tid("create-identifier"), identifier).await?;
    if reserve_only {
        click(c, &tid("create-reserve-only")).await?;
    }
    click(c, &tid("create-submit")).await?;
    wait_text(c, &tid("view-note"), &format!("Created {identifier}")).await?;
    wait_text(c, &tid("detail-identifier"), identifier).await?;
    let id = find(c, &tid("detail-panel"))
        .await?
        .attr("data-id")
        .await?
        .ok_or("detail panel without data-id")?;
    let link = value_of(c, &tid("hosted-link")).await?;
    assert!(
        link.ends_with(&format!("/pay/{id}")),
        "hosted link {link} is not the page of {id}"
    );
    Ok((id, link))
}

/// Acts as the buyer: submits the hosted page's form with `outcome` (pay, reserve, fail,
/// cancel). The simulator answers with a redirect to the return URL, not followed here.
pub async fn buyer(link: &str, outcome: &str) -> Res<()> {
    e2e::install_crypto_provider();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let reply = http
        .post(link)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("outcome={outcome}"))
        .send()
        .await?;
    let status = reply.status();
    if !status.is_redirection() {
        return Err(format!(
            "buyer {outcome} on {link}: HTTP {status}: {}",
            reply.text().await?
        )
        .into());
    }
    Ok(())
}

/// Waits until the detail panel shows `status` (wire spelling).
pub async fn wait_status(c: &Client, status: &str) -> Res<()> {
    let css = format!("[data-testid=detail-status][data-status=\"{status}\"]");
    c.wait()
        .at_most(LONG)
        .for_element(Locator::Css(&css))
        .await?;
    Ok(())
}

/// Refresh (retrieve from the API) until the panel shows `status`.
pub async fn refresh_until(c: &Client, status: &str) -> Res<()> {
    click(c, &tid("detail-refresh")).await?;
    wait_text(c, &tid("detail-note"), "Refreshed from the server").await?;
    wait_status(c, status).await
}

/// Confirms the open ConfirmDialog of a capture/release/delete.
pub async fn confirm_action(c: &Client, action: &str, expected: &str) -> Res<()> {
    click(c, &tid(&format!("action-{action}"))).await?;
    click(c, &tid("action-confirm-confirm")).await?;
    wait_text(c, &tid("action-result"), expected).await?;
    Ok(())
}

/// An external simulator on a free loopback port; killed when dropped.
pub struct ExternalSandbox {
    child: Child,
    pub base_url: String,
    pub test_key: String,
}

impl ExternalSandbox {
    pub fn start(seed: usize) -> Res<Self> {
        let bin = workspace_root().join("target/debug/neuropay-sandbox");
        if !bin.is_file() {
            return Err(format!(
                "{} is not built (cargo build -p neuropay-sandbox)",
                bin.display()
            )
            .into());
        }
        let mut child = Command::new(&bin)
            .args(["--port", "0", "--seed", &seed.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut base_url = None;
        let mut test_key = None;
        for line in BufReader::new(stdout).lines() {
            let line = line?;
            if let Some(rest) = line.strip_prefix("listening on ") {
                base_url = Some(rest.trim().to_owned());
            } else if let Some(rest) = line.strip_prefix("test key: ") {
                test_key = Some(rest.trim().to_owned());
            }
            if base_url.is_some() && test_key.is_some() {
                break;
            }
        }
        match (base_url, test_key) {
            (Some(base_url), Some(test_key)) => Ok(ExternalSandbox {
                child,
                base_url,
                test_key,
            }),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                Err("the simulator did not print its URL and keys".into())
            }
        }
    }

    /// The ids the simulator's test company has (its control endpoint, not the API).
    pub async fn checkout_ids(&self) -> Res<Vec<String>> {
        e2e::install_crypto_provider();
        let reply: serde_json::Value = reqwest::Client::new()
            .get(format!("{}/_sandbox/checkouts", self.base_url))
            .bearer_auth(&self.test_key)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let ids = reply["checkout_ids"]
            .as_array()
            .ok_or("no checkout_ids in the reply")?
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        Ok(ids)
    }

    /// Stops the simulator: the desk's next request finds nobody listening.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ExternalSandbox {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Records of a CSV file (header first), parsed with quotes so that a message with a
/// comma or a newline stays one field.
pub fn read_csv(path: &Path) -> Res<Vec<Vec<String>>> {
    let text = std::fs::read_to_string(path)?;
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match (quoted, ch) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, _) => field.push(ch),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, _) => field.push(ch),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    Ok(records)
}
