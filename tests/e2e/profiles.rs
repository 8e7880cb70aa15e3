//! Profiles and keys in the real app with the real keychain (gnome-keyring): keys go to
//! the keychain and nowhere else on disk.

use std::time::Duration;

use e2e::{find, run_with_env, wait_for_text, Ctx};

use crate::desk_support::{
    app_storage_dirs, click, files_containing, keychain_lookup, sandbox_profile, seed_env, text_of,
    tid, type_into, unique, wait_for_desk, wait_until,
};

#[tokio::test(flavor = "multi_thread")]
async fn added_profile_keys_live_in_the_keychain_only() {
    run_with_env(
        "profiles_keys_keychain",
        &seed_env(),
        |ctx: Ctx| async move {
            let c = &ctx.client;
            wait_for_desk(c).await?;
            let (sandbox_id, base_url) = sandbox_profile(c).await?;
            wait_for_text(
                c,
                &tid("vault-status"),
                "Keychain available",
                Duration::from_secs(10),
            )
            .await?;
            // start_desk put the simulator's keys in the real keychain.
            let test_key = keychain_lookup(&sandbox_id, "test")?
                .ok_or("the sandbox test key is not in the keychain")?;
            let live_key = unique("npsb_live_e2e");

            // A second profile on the same simulator.
            let name = "Acme E2E";
            click(c, &tid("profile-add")).await?;
            type_into(c, &tid("profile-create-name"), name).await?;
            find(c, &tid("profile-create-base-choice"))
                .await?
                .select_by_value("custom")
                .await?;
            type_into(c, &tid("profile-create-base-custom"), &base_url).await?;
            click(c, &tid("profile-create-submit")).await?;
            wait_for_text(
                c,
                &tid("profile-detail-name"),
                name,
                Duration::from_secs(10),
            )
            .await?;
            let id = find(c, &tid("profile-detail"))
                .await?
                .attr("data-profile-id")
                .await?
                .ok_or("no profile id")?;
            assert_ne!(id, sandbox_id);

            // The test key: write-only field, emptied, only the masked form comes back.
            type_into(c, &tid("key-input-test"), &test_key).await?;
            click(c, &tid("key-save-test")).await?;
            let suffix: String = test_key
                .chars()
                .rev()
                .take(4)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            wait_for_text(
                c,
                &tid("key-masked-test"),
                &format!("…{suffix}"),
                Duration::from_secs(10),
            )
            .await?;
            click(c, &tid("key-test-test")).await?;
            wait_for_text(
                c,
                &tid("connection-result-test"),
                "Connected",
                Duration::from_secs(15),
            )
            .await?;

            // A live key the simulator does not know: stored, and the server rejects it.
            type_into(c, &tid("key-input-live"), &live_key).await?;
            let input = find(c, &tid("key-input-live")).await?;
            click(c, &tid("key-save-live")).await?;
            let live_suffix = &live_key[live_key.len() - 4..];
            wait_for_text(
                c,
                &tid("key-masked-live"),
                &format!("…{live_suffix}"),
                Duration::from_secs(10),
            )
            .await?;
            assert!(input
                .prop("value")
                .await
                .map(|v| v.unwrap_or_default())
                .unwrap_or_default()
                .is_empty());
            click(c, &tid("key-test-live")).await?;
            wait_for_text(
                c,
                &tid("connection-result-live"),
                "Key rejected",
                Duration::from_secs(15),
            )
            .await?;

            // The keychain holds both, under service neuropay-desk, user <profile>/<mode>.
            assert_eq!(
                keychain_lookup(&id, "test")?.as_deref(),
                Some(test_key.as_str())
            );
            assert_eq!(
                keychain_lookup(&id, "live")?.as_deref(),
                Some(live_key.as_str())
            );

            // Nowhere else: not in the page, not in any file of the app or its webview.
            let source = c.source().await?;
            assert!(
                !source.contains(&test_key) && !source.contains(&live_key),
                "a key is in the page"
            );
            let dirs = app_storage_dirs(&ctx.data_dir);
            let (scanned, hits) = files_containing(&dirs, &[&test_key, &live_key]);
            eprintln!("scanned {scanned} files under {dirs:?}");
            assert!(scanned > 0, "nothing was scanned under {dirs:?}");
            assert!(hits.is_empty(), "API key bytes found in {hits:?}");

            // Deleting the live key removes it from the keychain.
            click(c, &tid("key-delete-live")).await?;
            click(c, &tid("key-delete-confirm-live-confirm")).await?;
            find(c, &tid("key-absent-live")).await?;
            wait_until(
                "the live key to leave the keychain",
                Duration::from_secs(5),
                || async { Ok(keychain_lookup(&id, "live")?.is_none().then_some(())) },
            )
            .await?;
            assert_eq!(text_of(c, &tid("profile-base-url")).await?, base_url);
            Ok(())
        },
    )
    .await;
}
