//! Secret hygiene of the logs: with a subscriber at TRACE for every target (desk-core,
//! neuropay, the simulator, reqwest through the `log` bridge, hyper-util, h2), writes,
//! reads, failures and settling are run with a known key, and the key must appear nowhere
//! in what was logged. (That the Authorization header value is marked sensitive, so
//! `http`'s Debug prints `Sensitive`, is checked where the header is built:
//! `neuropay::transport::tests::authorization_header_is_marked_sensitive`.)

use std::io::Write;
use std::sync::{Arc, Mutex};

use desk_core::{
    Actor, ClientOverrides, Desk, GuardRails, Mode, NewProfile, Scope, Store, Vault, WriteCtx,
};
use neuropay::{
    ApiKey, CheckoutId, CreateCheckout, CreateCustomer, CustomerId, MetaValue, RefundRequest,
    RetryPolicy, UpdateMetadata,
};
use neuropay_sandbox::{CompanyKeys, Faults, Outcome, SandboxConfig};
use tracing::Level;

const TEST_KEY: &str = "npsb_test_L0gS3cr3tK3y0123456789abcdef";
const LIVE_KEY: &str = "npsb_live_L0gS3cr3tK3y0123456789fedcba";
/// A wrong key the desk sends once (to get a 401): it must not be logged either.
const WRONG_KEY: &str = "npsb_test_Wr0ngK3yN0tL0gg3d000000000000";

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("capture").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_key_reaches_any_log_at_trace_level() {
    let capture = Capture::default();
    let sink = capture.clone();
    tracing_subscriber::fmt()
        .with_max_level(Level::TRACE)
        .with_ansi(false)
        .with_target(true)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_writer(move || sink.clone())
        .try_init()
        .expect("the only subscriber of this test binary");

    let sb = neuropay_sandbox::start(SandboxConfig {
        company: Some(CompanyKeys {
            test: TEST_KEY.into(),
            live: LIVE_KEY.into(),
        }),
        ..SandboxConfig::default()
    })
    .await
    .expect("simulator");
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = Desk::new(
        Store::open(dir.path().join("desk.sqlite3")).expect("store"),
        Vault::mock(),
    )
    .with_overrides(ClientOverrides {
        retry: Some(RetryPolicy::fast(3)),
        ..ClientOverrides::default()
    });
    let profile = desk
        .store()
        .create_profile(&NewProfile {
            name: "Logs".into(),
            color: "#336699".into(),
            base_url: sb.base_url(),
            guard_rails: GuardRails::default(),
        })
        .expect("profile");
    desk.set_key(&profile.id, Mode::Test, ApiKey::new(TEST_KEY).expect("key"))
        .await
        .expect("test key");
    desk.set_key(&profile.id, Mode::Live, ApiKey::new(LIVE_KEY).expect("key"))
        .await
        .expect("live key");
    let test = WriteCtx::new(Scope::new(profile.id.clone(), Mode::Test), Actor::Ui);
    let live = WriteCtx::new(Scope::new(profile.id.clone(), Mode::Live), Actor::Cli).confirmed();

    let request = |capture: bool| {
        CreateCheckout::builder(
            4200,
            "SEK",
            "Log check",
            "https://shop.example/ok",
            "https://shop.example/cancel",
        )
        .capture(capture)
        .build()
        .expect("request")
    };
    let cid = |s: &str| CheckoutId::new(s).expect("id");

    // Every kind of write, in both modes, succeeding.
    for ctx in [&test, &live] {
        let key = if ctx.scope.mode == Mode::Test {
            TEST_KEY
        } else {
            LIVE_KEY
        };
        let paid = desk
            .create_checkout(ctx, request(true))
            .await
            .expect("create");
        sb.buyer_outcome(key, &paid.id, Outcome::Pay).expect("pay");
        desk.refresh_checkout(&ctx.scope, &cid(&paid.id))
            .await
            .expect("refresh");
        let req = RefundRequest::new(cid(&paid.id))
            .amount(100)
            .build()
            .expect("refund");
        desk.refund(ctx, req).await.expect("refund");
        let req = UpdateMetadata::new(cid(&paid.id))
            .set("order", MetaValue::String("1".into()))
            .build()
            .expect("update");
        desk.update_metadata(ctx, req).await.expect("update");
        let reserved = desk
            .create_checkout(ctx, request(false))
            .await
            .expect("create");
        sb.buyer_outcome(key, &reserved.id, Outcome::Reserve)
            .expect("reserve");
        desk.capture(ctx, &cid(&reserved.id))
            .await
            .expect("capture");
        let doomed = desk
            .create_checkout(ctx, request(true))
            .await
            .expect("create");
        desk.delete_checkout(ctx, &cid(&doomed.id))
            .await
            .expect("delete");
        let req = CreateCustomer::new("Ada", "Lovelace", "ada@example.com")
            .build()
            .expect("customer");
        let c = desk.create_customer(ctx, req).await.expect("customer");
        desk.delete_customer(ctx, &CustomerId::new(c.id).expect("id"))
            .await
            .expect("delete customer");
        desk.test_connection(&ctx.scope)
            .await
            .expect("connection check");
    }

    // Failures: server errors, lost replies settled later, refused connections, a
    // rejected key, a server refusal.
    sb.set_faults(Faults {
        error_rate: 0.5,
        drop_after_apply_rate: 0.4,
        ..Faults::default()
    });
    for _ in 0..6 {
        let _ = desk.create_checkout(&test, request(true)).await;
    }
    sb.set_faults(Faults::default());
    desk.settle_unsettled(None).await.expect("settle");
    let offline = desk.clone().with_overrides(ClientOverrides {
        base_url: Some("http://127.0.0.1:9".into()),
        retry: Some(RetryPolicy::fast(2)),
        ..ClientOverrides::default()
    });
    let err = offline
        .create_checkout(&test, request(true))
        .await
        .expect_err("nothing listens on port 9");
    assert_eq!(err.code(), "offline");
    let wrong = desk.clone().with_overrides(ClientOverrides {
        api_key: Some(ApiKey::new(WRONG_KEY).expect("key")),
        ..ClientOverrides::default()
    });
    let err = wrong
        .create_checkout(&test, request(true))
        .await
        .expect_err("wrong key");
    assert_eq!(err.code(), "unauthorized");
    let err = desk
        .refresh_checkout(&test.scope, &cid("0000000000000000000000000000dead"))
        .await
        .expect_err("unknown checkout");
    assert_eq!(err.code(), "rejected");
    desk.sync_open(
        &test.scope,
        desk_core::SyncOptions::default(),
        desk_core::no_progress(),
        desk_core::CancelToken::new(),
    )
    .await
    .expect("sync");
    sb.shutdown().await;

    let logged = String::from_utf8_lossy(&capture.0.lock().expect("capture")).into_owned();
    // The capture really saw every layer, at every level.
    for needle in [
        "neuropay request",
        "neuropay attempt failed",
        "TRACE",
        "DEBUG",
        "hyper_util",
        "reqwest",
    ] {
        assert!(
            logged.contains(needle),
            "the TRACE capture has no {needle:?}; it holds {} bytes",
            logged.len()
        );
    }
    for secret in [TEST_KEY, LIVE_KEY, WRONG_KEY] {
        // The key, its distinctive middle, or it as a header value.
        let middle = &secret[10..30];
        for needle in [secret, middle, &format!("Bearer {secret}")] {
            assert!(
                !logged.contains(needle),
                "{needle:?} was logged:\n{}",
                logged
                    .lines()
                    .filter(|l| l.contains(needle))
                    .take(5)
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    }
    assert!(
        !logged
            .to_ascii_lowercase()
            .contains("authorization: bearer"),
        "an Authorization header was logged"
    );
    println!(
        "TRACE capture: {} lines, {} bytes, no key found",
        logged.lines().count(),
        logged.len()
    );
}
