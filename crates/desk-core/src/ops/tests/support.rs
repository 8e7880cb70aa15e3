//! A desk wired to a fresh simulator: one profile with both keys in the mock vault.

use std::sync::{Arc, Mutex};

use neuropay::{ApiKey, CheckoutId, CreateCheckout, RetryPolicy};
use neuropay_sandbox::{LedgerEntry, Outcome, Sandbox, SandboxConfig};
use rusqlite::params;
use tempfile::TempDir;

use crate::ops::{Actor, ClientOverrides, Progress, ProgressFn, Scope, WriteCtx};
use crate::{
    AuditEntry, AuditFilter, CheckoutRow, Desk, GuardRails, JournalEntry, Mode, NewProfile,
    Profile, Store, Vault,
};

pub(crate) struct Env {
    pub _dir: TempDir,
    pub desk: Desk,
    pub sb: Sandbox,
    pub profile: Profile,
}

/// Fast retries: tests exercise failures without waiting.
pub(crate) fn fast() -> ClientOverrides {
    ClientOverrides {
        retry: Some(RetryPolicy::fast(3)),
        ..ClientOverrides::default()
    }
}

impl Env {
    pub(crate) async fn start() -> Env {
        Env::with_rails(GuardRails::default()).await
    }

    pub(crate) async fn with_rails(rails: GuardRails) -> Env {
        let sb = neuropay_sandbox::start(SandboxConfig::default())
            .await
            .expect("sandbox starts");
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path().join("desk.sqlite3")).expect("store");
        let desk = Desk::new(store, Vault::mock()).with_overrides(fast());
        let profile = desk
            .store()
            .create_profile(&NewProfile {
                name: "Shop".into(),
                color: "#336699".into(),
                base_url: sb.base_url(),
                guard_rails: rails,
            })
            .expect("profile");
        for mode in Mode::ALL {
            let key = ApiKey::new(sb.keys().for_mode(sandbox_mode(mode))).unwrap();
            desk.set_key(&profile.id, mode, key).await.expect("key");
        }
        Env {
            _dir: dir,
            desk,
            sb,
            profile,
        }
    }

    pub(crate) fn scope(&self, mode: Mode) -> Scope {
        Scope::new(self.profile.id.clone(), mode)
    }

    /// A test-mode context, or a confirmed live one.
    pub(crate) fn ctx(&self, mode: Mode) -> WriteCtx {
        let ctx = WriteCtx::new(self.scope(mode), Actor::Ui);
        if mode.is_live() {
            ctx.confirmed()
        } else {
            ctx
        }
    }

    pub(crate) fn key(&self, mode: Mode) -> String {
        self.sb.keys().for_mode(sandbox_mode(mode)).to_owned()
    }

    /// Creates a checkout through the desk.
    pub(crate) async fn create(&self, mode: Mode, amount: i64, capture: bool) -> CheckoutRow {
        let req = checkout_request(amount, capture);
        self.desk
            .create_checkout(&self.ctx(mode), req)
            .await
            .expect("create")
    }

    /// What the buyer does on the hosted page.
    pub(crate) fn buyer(&self, mode: Mode, id: &str, o: Outcome) {
        self.sb
            .buyer_outcome(&self.key(mode), id, o)
            .expect("buyer outcome");
    }

    /// A checkout created, paid by the buyer and refreshed into the cache.
    pub(crate) async fn paid(&self, mode: Mode, amount: i64) -> CheckoutRow {
        let row = self.create(mode, amount, true).await;
        self.buyer(mode, &row.id, Outcome::Pay);
        self.refresh(mode, &row.id).await
    }

    /// A checkout created with capture=false, reserved by the buyer, refreshed.
    pub(crate) async fn reserved(&self, mode: Mode, amount: i64) -> CheckoutRow {
        let row = self.create(mode, amount, false).await;
        self.buyer(mode, &row.id, Outcome::Reserve);
        self.refresh(mode, &row.id).await
    }

    pub(crate) async fn refresh(&self, mode: Mode, id: &str) -> CheckoutRow {
        self.desk
            .refresh_checkout(&self.scope(mode), &cid(id))
            .await
            .expect("refresh")
    }

    /// The simulator's applied mutations.
    pub(crate) fn ledger(&self) -> Vec<LedgerEntry> {
        self.sb.ledger()
    }

    /// Every journal row of the profile, oldest first.
    pub(crate) fn journal(&self) -> Vec<JournalEntry> {
        journal_rows(self.desk.store(), &self.profile)
    }

    pub(crate) fn audit(&self, action: &str) -> Vec<AuditEntry> {
        self.desk
            .store()
            .list_audit(&AuditFilter {
                action: Some(action.to_owned()),
                ..AuditFilter::default()
            })
            .expect("audit")
    }
}

pub(crate) fn journal_rows(store: &Store, profile: &Profile) -> Vec<JournalEntry> {
    let ids: Vec<String> = store
        .read(|conn| {
            let mut stmt = conn
                .prepare("SELECT id FROM journal WHERE profile_id = ?1 ORDER BY created_at, id")?;
            let rows = stmt.query_map(params![profile.id], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
        })
        .expect("journal ids");
    ids.iter()
        .map(|id| store.journal_entry(id).expect("journal row"))
        .collect()
}

pub(crate) fn sandbox_mode(mode: Mode) -> neuropay_sandbox::Mode {
    match mode {
        Mode::Test => neuropay_sandbox::Mode::Test,
        Mode::Live => neuropay_sandbox::Mode::Live,
    }
}

pub(crate) fn cid(id: &str) -> CheckoutId {
    CheckoutId::new(id).expect("checkout id")
}

pub(crate) fn checkout_request(amount: i64, capture: bool) -> CreateCheckout {
    CreateCheckout::builder(
        amount,
        "SEK",
        "Coffee beans",
        "https://shop.example/ok",
        "https://shop.example/cancel",
    )
    .identifier(format!("order-{amount}"))
    .capture(capture)
    .build()
    .expect("request")
}

/// A port nothing listens on.
pub(crate) fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// A progress callback that keeps every report.
pub(crate) fn recorder() -> (ProgressFn, Arc<Mutex<Vec<Progress>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    (Arc::new(move |p| sink.lock().unwrap().push(p)), seen)
}
