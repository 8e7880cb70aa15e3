//! No API key ever reaches a file: a whole session of writes, failures, settles, syncs
//! and imports, then every byte under the data directory is searched for the keys.

use std::path::{Path, PathBuf};

use neuropay::{ApiKey, CheckoutId, CreateCustomer, CustomerId, RefundRequest, UpdateMetadata};
use neuropay_sandbox::{Faults, Outcome};

use super::sandbox::contains;
use super::support::fast;
use crate::ops::{no_progress, Actor, CancelToken, ClientOverrides, Scope, SyncOptions, WriteCtx};
use crate::{Desk, Mode, Store, Vault};

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[tokio::test]
async fn a_session_leaves_no_key_in_any_file() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::new(
        Store::open(dir.path().join("desk.sqlite3")).unwrap(),
        Vault::mock(),
    )
    .with_overrides(fast());
    let emb = desk
        .ensure_sandbox_profile(25)
        .await
        .unwrap()
        .expect("sandbox");
    let sb = emb.sandbox();
    let keys = sb.keys().clone();
    let profile = emb.profile_id().clone();
    let test = Scope::new(profile.clone(), Mode::Test);
    let live = Scope::new(profile.clone(), Mode::Live);
    let ctx = WriteCtx::new(test.clone(), Actor::Ui);
    let live_ctx = WriteCtx::new(live.clone(), Actor::Cli).confirmed();
    let request = super::support::checkout_request;

    // Successful writes in both modes.
    let a = desk
        .create_checkout(&ctx, request(3000, true))
        .await
        .unwrap();
    sb.buyer_outcome(&keys.test, &a.id, Outcome::Pay).unwrap();
    let a_id = CheckoutId::new(a.id.clone()).unwrap();
    desk.refund(
        &ctx,
        RefundRequest::new(a_id.clone())
            .amount(700)
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    desk.update_metadata(
        &ctx,
        UpdateMetadata::new(a_id.clone())
            .set("k", "v")
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    let c = desk
        .create_customer(
            &ctx,
            CreateCustomer::new("Ada", "L", "ada@example.com")
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    desk.delete_customer(&ctx, &CustomerId::new(c.id).unwrap())
        .await
        .unwrap();
    let l = desk
        .create_checkout(&live_ctx, request(900, true))
        .await
        .unwrap();

    // Refused, unknown-then-settled.
    let refused = desk
        .refund(
            &ctx,
            RefundRequest::new(a_id.clone())
                .amount(99_999)
                .build()
                .unwrap(),
        )
        .await;
    assert_eq!(refused.unwrap_err().code(), "invalid_input");
    let one_shot = desk.clone().with_overrides(ClientOverrides {
        retry: Some(neuropay::RetryPolicy::none()),
        ..ClientOverrides::default()
    });
    sb.set_faults(Faults {
        drop_after_apply_rate: 1.0,
        ..Faults::default()
    });
    let dropped = one_shot
        .update_metadata(
            &ctx,
            UpdateMetadata::new(a_id.clone())
                .set("n", 1)
                .build()
                .unwrap(),
        )
        .await;
    assert_eq!(dropped.unwrap_err().code(), "outcome_unknown");
    sb.set_faults(Faults::default());
    assert_eq!(desk.settle_unsettled(None).await.unwrap().done, 1);

    // Syncs, an import, connection tests (one with a wrong key).
    for scope in [&test, &live] {
        desk.sync_open(
            scope,
            SyncOptions::default(),
            no_progress(),
            CancelToken::new(),
        )
        .await
        .unwrap();
    }
    let plan = Desk::parse_import(&format!("id\n{}\n{}\n", a.id, l.id));
    desk.import(&test, plan.ids, no_progress(), CancelToken::new())
        .await
        .unwrap();
    let wrong = "npsb_test_feedfacefeedfacefeedfacefeedface";
    desk.set_key(&profile, Mode::Test, ApiKey::new(wrong).unwrap())
        .await
        .unwrap();
    assert!(!desk.test_connection(&test).await.unwrap().ok);
    desk.set_key(
        &profile,
        Mode::Test,
        ApiKey::new(keys.test.as_str()).unwrap(),
    )
    .await
    .unwrap();
    assert!(desk.test_connection(&test).await.unwrap().ok);
    assert!(!desk
        .store()
        .list_audit(&Default::default())
        .unwrap()
        .is_empty());

    // Every file, including the WAL (not checkpointed: the desk is still open).
    let files = files_under(dir.path());
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in [
        "desk.sqlite3",
        "desk.sqlite3-wal",
        "desk.sqlite3-shm",
        "sandbox-state.json",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} missing from {names:?}"
        );
    }
    let secrets = [keys.test.as_str(), keys.live.as_str(), wrong];
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        for secret in secrets {
            // The whole key, and its random part alone (in case of another encoding).
            let random_part = &secret[secret.len() - 32..];
            assert!(
                !contains(&bytes, secret.as_bytes()),
                "key in {}",
                path.display()
            );
            assert!(
                !contains(&bytes, random_part.as_bytes()),
                "key part in {}",
                path.display()
            );
        }
    }
    drop(one_shot);
    emb.shutdown().await;
}
