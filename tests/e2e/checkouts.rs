//! The Checkouts view in the real app, against the simulator: the money flows a finance
//! clerk runs (reserve → pay → capture; partial then full refund), metadata, search,
//! filters and export, importing ids, sync, and what still works with the API gone.

use e2e::{find, run_with_env, Ctx};
use fantoccini::Locator;

use crate::checkouts_support::{
    buyer, click, confirm_action, create_checkout, open_checkouts, read_csv, refresh_until,
    seed_env, tid, total_count, type_into, wait_status, wait_text, wait_total, wait_until,
    ExternalSandbox, LONG,
};

/// A value no other run produced.
fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{prefix}-{nanos:x}")
}

#[tokio::test(flavor = "multi_thread")]
async fn reserve_pay_and_capture() {
    run_with_env("checkouts_capture", &seed_env(), |ctx: Ctx| async move {
        let c = &ctx.client;
        open_checkouts(c).await?;
        let identifier = unique("e2e-reserve");
        let (_id, link) = create_checkout(c, "30", &identifier, true).await?;
        wait_status(c, "created").await?;
        // Created and unpaid: capture is off, and says why.
        let capture = find(c, &tid("action-capture")).await?;
        assert!(
            !capture.is_enabled().await?,
            "capture must be off for a created checkout"
        );
        let why = capture.attr("title").await?.unwrap_or_default();
        assert!(
            why.contains("only a reserved checkout"),
            "capture title was {why:?}"
        );

        buyer(&link, "pay").await?;
        refresh_until(c, "reserved").await?;
        confirm_action(c, "capture", "Captured 30.00 SEK").await?;
        wait_status(c, "paid").await?;
        wait_text(c, &tid("timeline"), "Captured").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn partial_refund_with_a_reason_then_the_rest() {
    run_with_env("checkouts_refund", &seed_env(), |ctx: Ctx| async move {
        let c = &ctx.client;
        open_checkouts(c).await?;
        let identifier = unique("e2e-refund");
        let (_id, link) = create_checkout(c, "100", &identifier, false).await?;
        buyer(&link, "pay").await?;
        refresh_until(c, "paid").await?;

        // Part of it, with a reason.
        click(c, &tid("action-refund")).await?;
        let prefilled = find(c, &tid("refund-amount")).await?.prop("value").await?;
        assert_eq!(
            prefilled.as_deref(),
            Some("100.00"),
            "the dialog starts at the remaining amount"
        );
        click(c, &tid("refund-partial")).await?;
        type_into(c, &tid("refund-amount"), "100.01").await?;
        wait_text(
            c,
            &tid("refund-amount-error"),
            "At most 100.00 SEK can be refunded",
        )
        .await?;
        type_into(c, &tid("refund-amount"), "25.50").await?;
        find(c, &tid("refund-reason"))
            .await?
            .select_by_value("requested_by_customer")
            .await?;
        type_into(c, &tid("refund-details"), "one item returned").await?;
        click(c, &tid("refund-review")).await?;
        wait_text(c, &tid("refund-review-amount"), "25.50 SEK").await?;
        click(c, &tid("refund-submit")).await?;
        wait_text(c, &tid("refund-result"), "Refunded 25.50 SEK").await?;
        click(c, &tid("refund-close")).await?;
        wait_status(c, "partialRefund").await?;
        wait_text(c, &tid("detail-remaining"), "74.50 SEK").await?;
        wait_text(c, &tid("refund-lines"), "Requested by customer").await?;

        // Then everything that remains.
        click(c, &tid("action-refund")).await?;
        let rest = find(c, &tid("refund-amount")).await?.prop("value").await?;
        assert_eq!(rest.as_deref(), Some("74.50"));
        click(c, &tid("refund-review")).await?;
        click(c, &tid("refund-submit")).await?;
        wait_text(c, &tid("refund-result"), "Refunded in total: 100.00 SEK").await?;
        click(c, &tid("refund-close")).await?;
        wait_status(c, "refunded").await?;
        let refund = find(c, &tid("action-refund")).await?;
        assert!(!refund.is_enabled().await?, "nothing is left to refund");
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn edit_and_delete_metadata() {
    run_with_env("checkouts_metadata", &seed_env(), |ctx: Ctx| async move {
        let c = &ctx.client;
        open_checkouts(c).await?;
        let identifier = unique("e2e-meta");
        create_checkout(c, "12", &identifier, false).await?;

        click(c, &tid("metadata-edit")).await?;
        click(c, &tid("metadata-add")).await?;
        type_into(
            c,
            &format!("{} {}", tid("metadata-row"), tid("metadata-key")),
            "order",
        )
        .await?;
        type_into(
            c,
            &format!("{} {}", tid("metadata-row"), tid("metadata-value")),
            "1001",
        )
        .await?;
        click(c, &tid("metadata-save")).await?;
        wait_text(c, &tid("metadata-result"), "Metadata saved: 1 key set").await?;
        wait_text(c, "[data-testid=metadata-entry][data-key=order]", "1001").await?;

        // Change it, then delete it explicitly.
        click(c, &tid("metadata-edit")).await?;
        type_into(
            c,
            "[data-testid=metadata-row][data-key=order] [data-testid=metadata-value]",
            "1002",
        )
        .await?;
        click(c, &tid("metadata-save")).await?;
        wait_text(c, "[data-testid=metadata-entry][data-key=order]", "1002").await?;
        click(c, &tid("metadata-edit")).await?;
        click(
            c,
            "[data-testid=metadata-row][data-key=order] [data-testid=metadata-delete]",
        )
        .await?;
        wait_text(c, &tid("metadata-will-delete"), "“order” will be deleted").await?;
        click(c, &tid("metadata-save")).await?;
        wait_text(c, &tid("metadata-result"), "1 deleted").await?;
        wait_until("the key to disappear", LONG, || async {
            Ok(
                c.find_all(Locator::Css("[data-testid=metadata-entry][data-key=order]"))
                    .await?
                    .is_empty()
                    .then_some(()),
            )
        })
        .await?;
        wait_text(c, &tid("timeline"), "Metadata updated").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn search_filter_and_export_csv() {
    run_with_env(
        "checkouts_search_export",
        &seed_env(),
        |ctx: Ctx| async move {
            let c = &ctx.client;
            open_checkouts(c).await?;
            let identifier = unique("e2e-find");
            let (id, _link) = create_checkout(c, "42.50", &identifier, false).await?;
            click(c, &tid("detail-close")).await?;
            let everything = total_count(c).await?;
            assert!(
                everything > 1,
                "the seeded cache and the new checkout are listed"
            );

            // Search by identifier: exactly the new checkout.
            type_into(c, &tid("filter-search"), &identifier).await?;
            wait_total(c, 1).await?;
            let row = find(c, &tid("checkout-row")).await?;
            assert_eq!(row.attr("data-id").await?.as_deref(), Some(id.as_str()));

            // Export what the list shows, to a path typed into the export dialog.
            let out = ctx.data_dir.join("export-search.csv");
            click(c, &tid("export-open")).await?;
            type_into(c, &tid("export-path"), &out.display().to_string()).await?;
            click(c, &tid("export-run")).await?;
            wait_text(c, &tid("export-result"), "1 rows written").await?;
            click(c, "[data-testid=export-dialog] button.close").await?;
            let records = read_csv(&out)?;
            assert_eq!(records.len(), 2, "header and one row: {records:?}");
            let header = &records[0];
            let col = |name: &str| header.iter().position(|h| h == name);
            let id_col = col("id")
                .or_else(|| col("checkout_id"))
                .ok_or("no id column")?;
            assert_eq!(records[1][id_col], id);
            assert!(
                records[1].iter().any(|f| f == &identifier),
                "identifier in {:?}",
                records[1]
            );

            // Filters: only created ones, in SEK, 40–45 SEK: the new checkout is among them.
            type_into(c, &tid("filter-search"), "").await?;
            wait_total(c, everything).await?;
            click(c, "[data-testid=filter-status] summary").await?;
            click(c, "[data-testid=filter-status-option][data-status=created]").await?;
            find(c, &tid("filter-currency"))
                .await?
                .select_by_value("SEK")
                .await?;
            type_into(c, &tid("filter-amount-min"), "40").await?;
            type_into(c, &tid("filter-amount-max"), "45").await?;
            let filtered = wait_until("the filtered list", LONG, || async {
                let n = total_count(c).await?;
                Ok((n < everything).then_some(n))
            })
            .await?;
            assert!(filtered >= 1);
            wait_until("the new checkout in the filtered list", LONG, || async {
                Ok((!c
                    .find_all(Locator::Css(&format!(
                        "[data-testid=checkout-row][data-id=\"{id}\"]"
                    )))
                    .await?
                    .is_empty())
                .then_some(()))
            })
            .await?;
            for badge in c
                .find_all(Locator::Css(
                    "[data-testid=checkout-row] [data-testid=status-badge]",
                ))
                .await?
            {
                assert_eq!(badge.attr("data-status").await?.as_deref(), Some("created"));
            }
            let out2 = ctx.data_dir.join("export-filtered.csv");
            click(c, &tid("export-open")).await?;
            type_into(c, &tid("export-path"), &out2.display().to_string()).await?;
            click(c, &tid("export-run")).await?;
            wait_text(
                c,
                &tid("export-result"),
                &format!("{filtered} rows written"),
            )
            .await?;
            let rows = read_csv(&out2)?;
            assert_eq!(rows.len() as u64, filtered + 1);
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn import_ids_sync_then_work_offline() {
    run_with_env(
        "checkouts_import_offline",
        &seed_env(),
        |ctx: Ctx| async move {
            let c = &ctx.client;
            let mut sim = ExternalSandbox::start(12)?;
            let ids = sim.checkout_ids().await?;
            assert!(
                ids.len() >= 5,
                "the external simulator seeded checkouts: {ids:?}"
            );

            // A profile on the external simulator, with its test key.
            open_checkouts(c).await?;
            click(c, &tid("nav-profiles")).await?;
            click(c, &tid("profile-add")).await?;
            type_into(c, &tid("profile-create-name"), "External shop").await?;
            find(c, &tid("profile-create-base-choice"))
                .await?
                .select_by_value("custom")
                .await?;
            type_into(c, &tid("profile-create-base-custom"), &sim.base_url).await?;
            click(c, &tid("profile-create-submit")).await?;
            wait_text(c, &tid("profile-detail-name"), "External shop").await?;
            type_into(c, &tid("key-input-test"), &sim.test_key).await?;
            click(c, &tid("key-save-test")).await?;
            find(c, &tid("key-masked-test")).await?;
            click(c, &tid("profile-use")).await?;
            click(c, &tid("nav-checkouts")).await?;
            wait_text(c, &tid("checkouts-view"), "No checkouts cached yet").await?;

            // Paste the ids with a duplicate and a bad line: the parse shows before any fetch.
            // WebDriver types a new line as the Enter key.
            let enter = "\u{e007}";
            let mut pasted = ids.join(enter);
            pasted.push_str(&format!("{enter}not an id!{enter}{}", ids[0]));
            click(c, &tid("import-open")).await?;
            type_into(c, &tid("import-text"), &pasted).await?;
            click(c, &tid("import-check")).await?;
            wait_text(c, &tid("import-id-count"), &ids.len().to_string()).await?;
            wait_text(
                c,
                &tid("import-bad-line"),
                &format!("Line {}", ids.len() + 1),
            )
            .await?;
            wait_text(c, &tid("import-duplicates"), &ids[0]).await?;
            click(c, &tid("import-fetch")).await?;
            wait_text(
                c,
                &tid("import-report"),
                &format!("{n} of {n} fetched and cached ({n} new)", n = ids.len()),
            )
            .await?;
            click(c, "[data-testid=import-dialog] button.close").await?;
            wait_total(c, ids.len() as u64).await?;

            // Sync the open ones.
            click(c, &tid("sync-open")).await?;
            wait_text(c, &tid("sync-result"), "Sync finished").await?;
            wait_text(c, &tid("sync-last"), "just now").await?;

            // The API goes away: the cache still lists, searches and shows details…
            sim.stop();
            let first = &ids[0];
            type_into(c, &tid("filter-search"), first).await?;
            wait_total(c, 1).await?;
            click(
                c,
                &format!("[data-testid=checkout-row][data-id=\"{first}\"] button"),
            )
            .await?;
            wait_text(c, &tid("detail-id"), first).await?;
            find(c, &tid("detail-amount")).await?;
            // …a refresh says plainly that nothing was sent, and writes are refused with the reason.
            click(c, &tid("detail-refresh")).await?;
            wait_text(c, &tid("detail-note"), "Nothing was sent").await?;
            find(c, &tid("offline-banner")).await?;
            wait_text(c, &tid("view-writes-blocked"), "Offline").await?;
            let create = find(c, &tid("create-open")).await?;
            assert!(!create.is_enabled().await?, "no new checkout while offline");
            let title = create.attr("title").await?.unwrap_or_default();
            assert!(title.starts_with("Offline"), "create title {title:?}");
            for action in ["capture", "refund", "release", "delete"] {
                let b = find(c, &tid(&format!("action-{action}"))).await?;
                assert!(!b.is_enabled().await?, "{action} must be off offline");
                let why = b.attr("title").await?.unwrap_or_default();
                assert!(why.starts_with("Offline"), "{action} title {why:?}");
            }
            let edit = find(c, &tid("metadata-edit")).await?;
            assert!(
                !edit.is_enabled().await?,
                "metadata edit must be off offline"
            );
            Ok(())
        },
    )
    .await;
}
