//! The overview, the reserve radar and bulk actions in the real app, on the seeded
//! simulator: charts drawn from the cache, a chart element opening the filtered list,
//! and a bulk capture of a mixed selection.

use e2e::{find, run_with_env, Ctx};
use fantoccini::{Client, Locator};

use crate::checkouts_support::{
    buyer, click, create_checkout, open_checkouts, refresh_until, seed_env, tid, wait_text,
    wait_total, wait_until, Res, LONG,
};

/// Opens the overview over all time and waits for its charts.
async fn open_overview(c: &Client) -> Res<()> {
    open_checkouts(c).await?;
    click(c, &tid("nav-overview")).await?;
    find(c, &tid("overview-preset"))
        .await?
        .select_by_value("all")
        .await?;
    c.wait()
        .at_most(LONG)
        .for_element(Locator::Css(&tid("status-row")))
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn overview_draws_the_seeded_cache() {
    run_with_env("overview_charts", &seed_env(), |ctx: Ctx| async move {
        let c = &ctx.client;
        open_overview(c).await?;
        // The status counts add up to the seeded checkouts.
        let mut sum = 0u64;
        for el in c.find_all(Locator::Css(&tid("status-count"))).await? {
            sum += el.text().await?.trim().parse::<u64>()?;
        }
        assert_eq!(sum, 40, "status counts of the seeded cache");
        // uPlot drew on canvases under the app's CSP (no inline scripts or styles).
        let canvases = c
            .find_all(Locator::Css("[data-testid=chart-status] canvas"))
            .await?;
        assert!(!canvases.is_empty(), "the status chart has a canvas");
        let volume = c
            .find_all(Locator::Css("[data-testid^=volume-chart-] canvas"))
            .await?;
        assert!(!volume.is_empty(), "a volume chart per currency");
        find(c, &tid("capture-rate")).await?;
        find(c, &tid("reserve-radar")).await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_status_in_the_chart_opens_the_filtered_list() {
    run_with_env(
        "overview_filters_list",
        &seed_env(),
        |ctx: Ctx| async move {
            let c = &ctx.client;
            open_overview(c).await?;
            let row = find(c, &tid("status-row")).await?;
            let status = row
                .attr("data-status")
                .await?
                .ok_or("status-row without status")?;
            let count: u64 = find(c, &tid("status-count"))
                .await?
                .text()
                .await?
                .trim()
                .parse()?;
            click(
                c,
                &format!("[data-testid=status-row][data-status=\"{status}\"]"),
            )
            .await?;
            find(c, &tid("checkouts-view")).await?;
            wait_total(c, count).await?;
            let shown = c.find_all(Locator::Css(&tid("checkout-row"))).await?;
            assert!(!shown.is_empty());
            for r in shown {
                let badge = r.find(Locator::Css(&tid("status-badge"))).await?;
                let shown_status = badge.attr("data-status").await?.unwrap_or_default();
                assert_eq!(
                    shown_status, status,
                    "a listed row outside the clicked status"
                );
            }
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bulk_capture_takes_only_the_reserved() {
    run_with_env(
        "overview_bulk_capture",
        &seed_env(),
        |ctx: Ctx| async move {
            let c = &ctx.client;
            open_checkouts(c).await?;
            // One reserved checkout, and one created (unpaid) beside it.
            let (reserved, link) = create_checkout(c, "41", "e2e-bulk-reserved", true).await?;
            buyer(&link, "pay").await?;
            refresh_until(c, "reserved").await?;
            let (created, _) = create_checkout(c, "42", "e2e-bulk-created", false).await?;

            for id in [&reserved, &created] {
                let css = format!(
                    "[data-testid=checkout-row][data-id=\"{id}\"] [data-testid=row-select]"
                );
                wait_until(&format!("row {id} listed"), LONG, || async {
                    Ok(c.find(Locator::Css(&css)).await.ok().map(|_| ()))
                })
                .await?;
                click(c, &css).await?;
            }
            wait_text(c, &tid("bulk-count"), "2 selected").await?;
            click(c, &tid("bulk-capture")).await?;
            wait_text(c, &tid("bulk-will"), &reserved).await?;
            wait_text(
                c,
                &tid("bulk-wont"),
                "status is created: only reserved checkouts can be captured",
            )
            .await?;
            let will = c.find_all(Locator::Css(&tid("bulk-will-row"))).await?;
            assert_eq!(will.len(), 1, "only the reserved checkout is planned");
            click(c, &tid("bulk-run")).await?;
            wait_text(c, &tid("bulk-summary"), "1 done, 0 failed, 1 not touched.").await?;
            wait_text(c, &tid("bulk-result"), "done — now paid").await?;
            Ok(())
        },
    )
    .await;
}
