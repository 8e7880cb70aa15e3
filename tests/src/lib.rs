//! The end-to-end harness: one real app per test, in WebKitGTK, driven through
//! tauri-driver. `tests/run-e2e.sh` provides the display, the D-Bus session and an
//! unlocked gnome-keyring; this crate starts tauri-driver and the app with a fresh data
//! dir, and keeps a screenshot of every test's end state in `target/e2e-artifacts/`.
//!
//! A missing prerequisite is a failure, never a skip: a suite that silently ran nothing
//! would look green while proving nothing.

use std::future::Future;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use tempfile::TempDir;

/// Upper bound for closing the session, so a wedged driver
/// fails the test instead of hanging CI.
const STEP_TIMEOUT: Duration = Duration::from_secs(20);

pub type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// Everything a test body gets: the WebDriver client and the app's data dir.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub client: Client,
    pub data_dir: PathBuf,
}

/// reqwest is built without a TLS provider of its own (see the workspace Cargo.toml):
/// call before building a reqwest client here.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives inside the workspace")
        .to_path_buf()
}

pub fn artifacts_dir() -> PathBuf {
    workspace_root().join("target").join("e2e-artifacts")
}

fn find_in_path(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|d| d.join(name))
        .find(|candidate| candidate.is_file())
}

fn require_tool(name: &str, hint: &str) -> PathBuf {
    find_in_path(name).unwrap_or_else(|| {
        panic!("e2e prerequisite missing: `{name}` not found ({hint}); run `make deps`")
    })
}

fn app_binary() -> PathBuf {
    let path = std::env::var_os("NPDESK_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/neuropay-desk"));
    assert!(
        path.is_file(),
        "e2e prerequisite missing: app binary {} not built; run `make e2e`",
        path.display()
    );
    path
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free loopback port")
}

fn wait_for_port(port: u16, timeout: Duration) -> bool {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let start = Instant::now();
    while start.elapsed() < timeout {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// tauri-driver for one test; killed when dropped so no helper outlives its test.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_driver(data_dir: &Path, extra_env: &[(String, String)]) -> Driver {
    assert!(
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some(),
        "e2e prerequisite missing: no display; run the suite through tests/run-e2e.sh (it starts Xvfb)"
    );
    let tauri_driver = require_tool(
        "tauri-driver",
        "cargo install tauri-driver --locked --version 2.1.0",
    );
    let native = require_tool("WebKitWebDriver", "apt-get install webkit2gtk-driver");
    let port = free_port();
    let native_port = free_port();
    let log = std::fs::File::create(artifacts_dir().join(format!("tauri-driver-{port}.log")))
        .expect("create driver log");
    let mut cmd = Command::new(tauri_driver);
    cmd.arg("--port")
        .arg(port.to_string())
        .arg("--native-port")
        .arg(native_port.to_string())
        .arg("--native-driver")
        .arg(native)
        // The app inherits this environment through WebKitWebDriver.
        .env("NPDESK_DATA_DIR", data_dir)
        // Software rendering: Xvfb has no GPU and DMA-BUF leaves the window blank.
        .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
        .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("clone log handle"))
        .stderr(log);
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let child = cmd.spawn().expect("start tauri-driver");
    let driver = Driver { child, port };
    assert!(
        wait_for_port(port, Duration::from_secs(15)),
        "tauri-driver did not listen on port {port}"
    );
    driver
}

async fn connect(port: u16, app: &Path) -> Client {
    // Before fantoccini builds its TLS config: with both rustls providers compiled into
    // this test build, rustls would not pick one by itself.
    install_crypto_provider();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": app.display().to_string() }),
    );
    caps.insert("browserName".into(), serde_json::json!("wry"));
    ClientBuilder::rustls()
        .expect("rustls client")
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("WebDriver session with the app (is the app binary runnable?)")
}

/// One app under tauri-driver, for callers that drive and measure it themselves (the
/// end-to-end tests through [`run`], the benchmarks directly).
pub struct Session {
    pub client: Client,
    driver: Driver,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("driver_port", &self.driver.port)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// Starts tauri-driver and, through it, `app` with `NPDESK_DATA_DIR=data_dir` plus
    /// `env`. Needs a display (tests/session.sh).
    pub async fn launch(app: &Path, data_dir: &Path, env: &[(String, String)]) -> Session {
        let driver = start_driver(data_dir, env);
        let client = connect(driver.port, app).await;
        Session { client, driver }
    }

    /// Ends the WebDriver session (which closes the app) and stops tauri-driver.
    pub async fn close(self) {
        let _ = tokio::time::timeout(STEP_TIMEOUT, self.client.close()).await;
        drop(self.driver);
    }
}

/// Runs one end-to-end test: a fresh data dir, tauri-driver and the app; the body drives
/// it; a screenshot of the end state is kept whatever the outcome; then everything stops.
pub async fn run<F, Fut>(name: &str, body: F)
where
    F: FnOnce(Ctx) -> Fut,
    Fut: Future<Output = TestResult> + Send + 'static,
{
    run_with_env(name, &[], body).await
}

pub async fn run_with_env<F, Fut>(name: &str, env: &[(String, String)], body: F)
where
    F: FnOnce(Ctx) -> Fut,
    Fut: Future<Output = TestResult> + Send + 'static,
{
    std::fs::create_dir_all(artifacts_dir()).expect("create artifacts dir");
    let app = app_binary();
    let data_dir = TempDir::with_prefix("npdesk-e2e-").expect("temp data dir");
    let session = Session::launch(&app, data_dir.path(), env).await;
    let client = session.client.clone();
    let ctx = Ctx {
        client: client.clone(),
        data_dir: data_dir.path().to_path_buf(),
    };
    // Spawned so a panicking assertion still lets us take the screenshot and clean up.
    let outcome = tokio::spawn(body(ctx)).await;
    // NPDESK_E2E_PREFIX keeps runs apart (e.g. `installed_` for the .deb's binary).
    let prefix = std::env::var("NPDESK_E2E_PREFIX").unwrap_or_default();
    let shot = artifacts_dir().join(format!("{prefix}{name}.png"));
    let shot_result = screenshot(&shot);
    eprintln!("e2e {name}: closing session");
    session.close().await;
    if let Err(err) = shot_result {
        panic!("screenshot of {name} failed: {err}");
    }
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(err)) => panic!("{name} failed: {err} (screenshot: {})", shot.display()),
        Err(join) => panic!("{name} panicked: {join} (screenshot: {})", shot.display()),
    }
}

/// Captures the X display the app runs on. WebKitWebDriver's own screenshot command hangs
/// under Xvfb without a compositor, so the picture comes from the X server instead.
fn screenshot(path: &Path) -> Result<(), String> {
    let import = find_in_path("import").ok_or("`import` (apt package imagemagick) is missing")?;
    let status = Command::new(import)
        .args(["-window", "root"])
        .arg(path)
        .status()
        .map_err(|e| format!("could not run import: {e}"))?;
    if !status.success() {
        return Err(format!("import exited with {status}"));
    }
    Ok(())
}

/// Waits until the element's text contains `expected`; returns the full text.
pub async fn wait_for_text(
    client: &Client,
    css: &str,
    expected: &str,
    timeout: Duration,
) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let start = Instant::now();
    let mut last = String::new();
    while start.elapsed() < timeout {
        if let Ok(el) = client.find(Locator::Css(css)).await {
            if let Ok(text) = el.text().await {
                if text.contains(expected) {
                    return Ok(text);
                }
                last = text;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(
        format!("`{css}` never contained {expected:?} within {timeout:?}; last text {last:?}")
            .into(),
    )
}

/// Finds an element, waiting for it to appear.
pub async fn find(
    client: &Client,
    css: &str,
) -> Result<fantoccini::elements::Element, Box<dyn std::error::Error + Send + Sync>> {
    Ok(client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(css))
        .await?)
}
