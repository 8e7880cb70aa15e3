//! `desk-bench app`: the release app on the 1M-row cache, and beside it a hello-world
//! Tauri window built with the same Tauri version (benches/hello-tauri), both launched
//! through the end-to-end harness (tauri-driver, WebKitGTK) under tests/session.sh.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, UNIX_EPOCH};

use e2e::Session;
use fantoccini::{Client, Locator};

use crate::figures::{bench_dir, record, Figure};
use crate::procs::{self, Memory};
use crate::stats::{ms, summarize};

/// Settling time before memory is read: start-up work done, caches warm, nothing pending.
const IDLE: Duration = Duration::from_secs(5);
const READY_TIMEOUT: Duration = Duration::from_secs(120);

#[derive(Debug, Clone)]
pub struct AppArgs {
    pub app: PathBuf,
    pub hello: PathBuf,
    pub db: PathBuf,
    pub launches: usize,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

pub async fn run(args: AppArgs) -> Result<(), BoxError> {
    for bin in [&args.app, &args.hello] {
        if !bin.is_file() {
            return Err(format!("{} is missing: make bench builds it", bin.display()).into());
        }
    }
    let size = std::fs::metadata(&args.app)?.len() as f64 / 1e6;
    record(
        Figure::new("app: release binary size", size, "MB")
            .at_most(15.0)
            .note(format!("{}, stripped", args.app.display())),
    )?;

    let data = tempfile::Builder::new()
        .prefix("app-data-")
        .tempdir_in(bench_dir())?;
    let rows = prepare_data_dir(&args.db, data.path())?;

    let mut starts = Vec::new();
    let mut first = None;
    for i in 0..args.launches.max(1) {
        let session = Session::launch(&args.app, data.path(), &[]).await;
        let outcome = measure_launch(&session.client, &args.app, i == 0, rows).await;
        session.close().await;
        let (cold, extra) = outcome?;
        first.get_or_insert(cold);
        starts.push(cold);
        if let Some((app_mem, dom_rows, breakdown)) = extra {
            let hello = hello_memory(&args.hello).await?;
            record_memory((app_mem, breakdown), hello)?;
            record(
                Figure::new(
                    format!("app: DOM rows while scrolling {rows} rows (max)"),
                    dom_rows as f64,
                    "rows",
                )
                .at_most(100.0)
                .note("top, 10%, 50%, 90%, bottom of the list"),
            )?;
        }
    }
    let s = summarize(&starts).ok_or("no launches")?;
    record(
        Figure::new(format!("app: cold start to a ready list, {rows} rows (p50)"), ms(s.p50), "ms")
            .at_most(1000.0)
            .note(format!(
                "{} launches: first {:.0} ms, p95 {:.0} ms; process start to the list's first page drawn; warm page cache",
                s.n,
                ms(first.unwrap_or_default()),
                ms(s.p95)
            )),
    )?;
    Ok(())
}

/// Copies the fixture in as the app's database (after folding its WAL in).
fn prepare_data_dir(db: &Path, dir: &Path) -> Result<usize, BoxError> {
    let info = crate::scenarios::FixtureInfo::load(db)?;
    {
        let conn = rusqlite::Connection::open(db)?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    }
    std::fs::copy(db, dir.join(desk_core::paths::DB_FILE_NAME))?;
    Ok(info.rows)
}

/// Cold start, and on the first launch the idle memory and the DOM rows while scrolling.
async fn measure_launch(
    client: &Client,
    app: &Path,
    detailed: bool,
    rows: usize,
) -> Result<(Duration, Option<(Memory, usize, String)>), BoxError> {
    let deadline = Instant::now() + READY_TIMEOUT;
    loop {
        if client
            .find(Locator::Css(
                r#"[data-testid="checkout-list"][data-ready="true"]"#,
            ))
            .await
            .is_ok()
        {
            break;
        }
        if Instant::now() > deadline {
            return Err("the list never reported ready".into());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let marks = client
        .execute(
            "const at = (n) => performance.getEntriesByName(n)[0]?.startTime ?? null;
             const nav = performance.getEntriesByType('navigation')[0];
             return [performance.timeOrigin, at('npdesk:list-ready'),
                     nav ? nav.domContentLoadedEventEnd : null, at('npdesk:desk-started')];",
            vec![],
        )
        .await?;
    let num = |i: usize| marks.get(i).and_then(|v| v.as_f64());
    let (Some(origin_ms), Some(in_page_ms)) = (num(0), num(1)) else {
        return Err("no npdesk:list-ready mark".into());
    };
    let ready_ms = origin_ms + in_page_ms;
    let pid = procs::newest_pid_of(app).ok_or("app process not found")?;
    let started = procs::start_time(pid).ok_or("no start time")?;
    let started_ms = started.duration_since(UNIX_EPOCH)?.as_secs_f64() * 1000.0;
    let cold = Duration::from_secs_f64(((ready_ms - started_ms) / 1000.0).max(0.0));
    println!(
        "  launch: {:.0} ms to the page's navigation start; then DOM loaded at {:.0} ms, desk \
         started at {:.0} ms, list shown at {in_page_ms:.0} ms",
        origin_ms - started_ms,
        num(2).unwrap_or(f64::NAN),
        num(3).unwrap_or(f64::NAN),
    );
    if !detailed {
        return Ok((cold, None));
    }
    let total = client
        .find(Locator::Css(r#"[data-testid="checkout-list"]"#))
        .await?
        .attr("data-total")
        .await?
        .unwrap_or_default();
    if total != rows.to_string() {
        // Totals arrive after the rows; wait for them before reading memory.
        wait_for_total(client, rows).await?;
    }
    tokio::time::sleep(IDLE).await;
    let (mem, breakdown) = tree_memory(pid);
    let dom_rows = dom_rows_while_scrolling(client).await?;
    Ok((cold, Some((mem, dom_rows, breakdown))))
}

async fn wait_for_total(client: &Client, rows: usize) -> Result<(), BoxError> {
    let deadline = Instant::now() + READY_TIMEOUT;
    while Instant::now() < deadline {
        let el = client
            .find(Locator::Css(r#"[data-testid="checkout-list"]"#))
            .await?;
        if el.attr("data-total").await?.as_deref() == Some(rows.to_string().as_str()) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("the list never showed {rows} rows in all").into())
}

/// Scrolls to several points of the list and returns the most rows ever in the DOM.
async fn dom_rows_while_scrolling(client: &Client) -> Result<usize, BoxError> {
    let mut most = 0;
    for fraction in [0.0, 0.1, 0.5, 0.9, 1.0] {
        client
            .execute(
                "const v = document.querySelector('[data-testid=\"checkout-viewport\"]');
                 v.scrollTop = arguments[0] * (v.scrollHeight - v.clientHeight);
                 v.dispatchEvent(new Event('scroll'));
                 return v.scrollTop;",
                vec![serde_json::json!(fraction)],
            )
            .await?;
        // Pages load once scrolling pauses (40 ms), then render.
        tokio::time::sleep(Duration::from_millis(600)).await;
        let n = client
            .execute(
                "return document.querySelectorAll('[data-testid=\"checkout-row\"]').length;",
                vec![],
            )
            .await?
            .as_u64()
            .unwrap_or(0) as usize;
        most = most.max(n);
    }
    if most == 0 {
        return Err("no rows rendered while scrolling".into());
    }
    Ok(most)
}

/// Memory of a process and everything it started (WebKit's web and network processes).
fn tree_memory(root: u32) -> (Memory, String) {
    let mut sum = Memory::default();
    let mut parts = Vec::new();
    for pid in procs::tree(root) {
        if let Some(m) = procs::memory(pid) {
            sum.pss_kib += m.pss_kib;
            sum.rss_kib += m.rss_kib;
            parts.push(format!(
                "{} {:.0}",
                procs::name(pid),
                m.pss_kib as f64 / 1024.0
            ));
        }
    }
    (sum, parts.join(", "))
}

async fn hello_memory(hello: &Path) -> Result<(Memory, String), BoxError> {
    let dir = tempfile::tempdir()?;
    let session = Session::launch(hello, dir.path(), &[]).await;
    let result: Result<(Memory, String), BoxError> = async {
        session
            .client
            .wait()
            .at_most(READY_TIMEOUT)
            .for_element(Locator::Css(r#"[data-testid="hello"]"#))
            .await?;
        let pid = procs::newest_pid_of(hello).ok_or("hello-tauri process not found")?;
        let loaded = session
            .client
            .execute("return performance.timeOrigin + performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd;", vec![])
            .await?
            .as_f64()
            .ok_or("no navigation timing")?;
        let started = procs::start_time(pid).ok_or("no start time")?;
        let started_ms = started.duration_since(UNIX_EPOCH)?.as_secs_f64() * 1000.0;
        record(
            Figure::new("hello-world Tauri window: process start to its page loaded", loaded - started_ms, "ms")
                .note("the platform's floor for a cold start under this harness"),
        )?;
        tokio::time::sleep(IDLE).await;
        Ok(tree_memory(pid))
    }
    .await;
    session.close().await;
    result
}

fn record_memory(app: (Memory, String), hello: (Memory, String)) -> Result<(), BoxError> {
    let idle = |name: &str, (m, by_process): &(Memory, String)| {
        let mib = |k: u64| k as f64 / 1024.0;
        record(Figure::new(name, mib(m.pss_kib), "MiB").note(format!(
            "RSS {:.0} MiB; PSS by process (MiB): {by_process}",
            mib(m.rss_kib)
        )))
    };
    idle("app: idle memory, app + WebKit processes (PSS)", &app)?;
    idle("hello-world Tauri window: idle memory (PSS)", &hello)?;
    record(
        Figure::new(
            "app idle PSS / hello-world idle PSS",
            app.0.pss_kib as f64 / hello.0.pss_kib.max(1) as f64,
            "×",
        )
        .at_most(1.25)
        .note(format!(
            "RSS ratio {:.2}×",
            app.0.rss_kib as f64 / hello.0.rss_kib.max(1) as f64
        )),
    )?;
    Ok(())
}
