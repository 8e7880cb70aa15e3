//! Steps the desk, profile and customer end-to-end tests share: waiting for the desk to
//! start, clicking and typing by data-testid, the real keychain through `secret-tool`, and
//! scanning the app's files for secrets.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use e2e::{find, wait_for_text};
use fantoccini::{Client, Locator};

pub type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// A small seed keeps first start quick; the live partition still gets every status.
pub fn seed_env() -> Vec<(String, String)> {
    vec![("NPDESK_SANDBOX_SEED".to_owned(), "40".to_owned())]
}

pub fn tid(id: &str) -> String {
    format!("[data-testid={id}]")
}

pub async fn click(client: &Client, css: &str) -> Res<()> {
    find(client, css).await?.click().await?;
    Ok(())
}

pub async fn type_into(client: &Client, css: &str, text: &str) -> Res<()> {
    let el = find(client, css).await?;
    el.clear().await?;
    el.send_keys(text).await?;
    Ok(())
}

pub async fn text_of(client: &Client, css: &str) -> Res<String> {
    Ok(find(client, css).await?.text().await?)
}

/// Waits until no element matches `css`.
pub async fn wait_gone(client: &Client, css: &str, timeout: Duration) -> Res<()> {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if client.find_all(Locator::Css(css)).await?.is_empty() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("`{css}` still present after {timeout:?}").into())
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

/// The app answered start_desk: the shell (top bar, navigation) is on screen.
pub async fn wait_for_desk(client: &Client) -> Res<()> {
    client
        .wait()
        .at_most(Duration::from_secs(90))
        .for_element(Locator::Css("[data-testid=desk]"))
        .await?;
    Ok(())
}

pub async fn go(client: &Client, view: &str) -> Res<()> {
    click(client, &tid(&format!("nav-{view}"))).await
}

/// Switches to live through the once-per-session question.
pub async fn switch_to_live(client: &Client, profile: &str) -> Res<()> {
    click(client, &tid("mode-live")).await?;
    wait_for_text(
        client,
        &tid("live-confirm-text"),
        &format!("You are about to work with real money for {profile}"),
        Duration::from_secs(10),
    )
    .await?;
    click(client, &tid("live-confirm-confirm")).await?;
    find(client, &tid("live-frame")).await?;
    Ok(())
}

/// The sandbox profile's id and base URL, read from Profiles & keys (where the sandbox
/// is the only profile on first run, so it is the one shown).
pub async fn sandbox_profile(client: &Client) -> Res<(String, String)> {
    go(client, "profiles").await?;
    wait_for_text(
        client,
        &tid("profile-detail-name"),
        "Sandbox",
        Duration::from_secs(10),
    )
    .await?;
    let id = find(client, &tid("profile-detail"))
        .await?
        .attr("data-profile-id")
        .await?
        .ok_or("profile detail without data-profile-id")?;
    let base = text_of(client, &tid("profile-base-url")).await?;
    Ok((id, base.trim().to_owned()))
}

/// The secret stored in the real keychain for `<profile>/<mode>`, via secret-tool (the
/// Secret Service store names the attributes `service` and `username`).
pub fn keychain_lookup(profile: &str, mode: &str) -> Res<Option<String>> {
    let out = Command::new("secret-tool")
        .args([
            "lookup",
            "service",
            "neuropay-desk",
            "username",
            &format!("{profile}/{mode}"),
        ])
        .output()
        .map_err(|e| format!("secret-tool could not run ({e}); apt-get install libsecret-tools"))?;
    if !out.status.success() {
        return Ok(None);
    }
    Ok(Some(
        String::from_utf8(out.stdout)?
            .trim_end_matches('\n')
            .to_owned(),
    ))
}

/// A value no other run produced: the clock and the process id, in hex.
pub fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{prefix}{nanos:x}{:x}", std::process::id())
}

/// Where the app and its webview keep files: the desk's data dir, WebKit's data
/// (XDG data home and ~/.local/share) and the cache home.
pub fn app_storage_dirs(data_dir: &Path) -> Vec<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let mut dirs = vec![data_dir.to_path_buf()];
    if let Some(x) = std::env::var_os("XDG_DATA_HOME") {
        dirs.push(PathBuf::from(x).join("io.neuropay.desk"));
    }
    if let Some(h) = &home {
        dirs.push(h.join(".local/share/io.neuropay.desk"));
    }
    match std::env::var_os("XDG_CACHE_HOME") {
        Some(x) => dirs.push(PathBuf::from(x)),
        None => {
            if let Some(h) = &home {
                dirs.push(h.join(".cache"));
            }
        }
    }
    dirs
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&path, out),
            Ok(t) if t.is_file() => out.push(path),
            _ => {}
        }
    }
}

/// Every file under `dirs` whose bytes contain one of `needles`, and how many files
/// were read (so a scan of nothing cannot pass unnoticed).
pub fn files_containing(dirs: &[PathBuf], needles: &[&str]) -> (usize, Vec<PathBuf>) {
    let mut files = Vec::new();
    for d in dirs {
        walk(d, &mut files);
    }
    let mut hits = Vec::new();
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        if needles
            .iter()
            .any(|n| bytes.windows(n.len()).any(|w| w == n.as_bytes()))
        {
            hits.push(f.clone());
        }
    }
    (files.len(), hits)
}
