//! The desk shell in the real app: first run on the embedded simulator, the live-mode
//! frame, and a live refund that needs the amount typed.

use std::time::Duration;

use e2e::{find, run_with_env, wait_for_text, Ctx};

use crate::desk_support::{
    click, go, seed_env, switch_to_live, text_of, tid, type_into, wait_for_desk, wait_gone,
    wait_until, Res,
};

async fn checkout_count(client: &fantoccini::Client) -> Res<u64> {
    wait_until(
        "a non-zero checkout count",
        Duration::from_secs(30),
        || async {
            let Ok(el) = client
                .find(fantoccini::Locator::Css("[data-testid=list-total-count]"))
                .await
            else {
                return Ok(None);
            };
            let n: u64 = el
                .text()
                .await?
                .replace(',', "")
                .trim()
                .parse()
                .unwrap_or(0);
            Ok((n > 0).then_some(n))
        },
    )
    .await
}

/// No profile yet: the app starts the simulator, creates "Sandbox" and lands on its seeded
/// checkouts in TEST, with a banner saying it is a simulator and how to add a merchant.
#[tokio::test(flavor = "multi_thread")]
async fn first_run_lands_on_a_seeded_desk() {
    run_with_env("desk_first_run", &seed_env(), |ctx: Ctx| async move {
        let c = &ctx.client;
        wait_for_desk(c).await?;
        let banner = text_of(c, &tid("sandbox-banner")).await?;
        assert!(banner.contains("simulator"), "banner: {banner}");
        assert!(banner.contains("no real money"), "banner: {banner}");
        assert!(banner.contains("Profiles & keys"), "banner: {banner}");
        assert_eq!(text_of(c, &tid("title-profile")).await?, "Sandbox");
        assert_eq!(text_of(c, &tid("mode-badge")).await?, "TEST");
        assert_eq!(c.title().await?, "Neuro-Pay Desk");
        assert!(c
            .find_all(fantoccini::Locator::Css("[data-testid=live-frame]"))
            .await?
            .is_empty());

        let count = checkout_count(c).await?;
        eprintln!("first run: {count} checkouts cached in TEST");
        assert!(find(c, &tid("checkout-row")).await?.is_displayed().await?);

        go(c, "customers").await?;
        let customers = wait_until("cached customers", Duration::from_secs(10), || async {
            let t = text_of(c, &tid("customer-count")).await?;
            let n: u64 = t
                .split_whitespace()
                .next()
                .unwrap_or("0")
                .trim_end_matches('+')
                .parse()
                .unwrap_or(0);
            Ok((n > 0).then_some(n))
        })
        .await?;
        eprintln!("first run: {customers} customers cached in TEST");

        // The banner's link leads to where a real merchant is added.
        click(c, &tid("sandbox-banner-profiles")).await?;
        find(c, &tid("profile-add")).await?;
        go(c, "checkouts").await?;
        checkout_count(c).await?;
        Ok(())
    })
    .await;
}

/// Live mode: asked once per session, then a frame around the window, a LIVE badge in
/// words with the profile and key suffix, and the window title saying LIVE.
#[tokio::test(flavor = "multi_thread")]
async fn live_mode_frames_the_window() {
    run_with_env("desk_live_frame", &seed_env(), |ctx: Ctx| async move {
        let c = &ctx.client;
        wait_for_desk(c).await?;
        switch_to_live(c, "Sandbox").await?;

        let frame = find(c, &tid("live-frame")).await?;
        assert!(frame.is_displayed().await?);
        assert_eq!(frame.css_value("border-top-width").await?, "6px");
        assert_eq!(frame.css_value("position").await?, "fixed");
        assert_eq!(text_of(c, &tid("mode-badge")).await?, "LIVE");
        assert_eq!(text_of(c, &tid("title-profile")).await?, "Sandbox");
        let key = wait_for_text(c, &tid("title-key"), "key …", Duration::from_secs(10)).await?;
        assert_eq!(
            key.chars().count(),
            "key …".chars().count() + 4,
            "suffix: {key}"
        );
        assert_eq!(c.title().await?, "LIVE — Sandbox — Neuro-Pay Desk");

        // Back to test: the frame goes; live again: no second question.
        click(c, &tid("mode-test")).await?;
        wait_gone(c, &tid("live-frame"), Duration::from_secs(5)).await?;
        assert_eq!(c.title().await?, "Neuro-Pay Desk");
        click(c, &tid("mode-live")).await?;
        find(c, &tid("live-frame")).await?;
        assert!(c
            .find_all(fantoccini::Locator::Css("[data-testid=live-confirm-text]"))
            .await?
            .is_empty());
        // The end state (live, framed) is the screenshot.
        wait_for_text(c, &tid("mode-badge"), "LIVE", Duration::from_secs(5)).await?;
        Ok(())
    })
    .await;
}

/// A live refund goes through only after the amount is typed exactly.
#[tokio::test(flavor = "multi_thread")]
async fn live_refund_requires_typed_confirmation() {
    run_with_env("desk_live_refund", &seed_env(), |ctx: Ctx| async move {
        let c = &ctx.client;
        wait_for_desk(c).await?;
        go(c, "checkouts").await?;
        switch_to_live(c, "Sandbox").await?;

        // A paid live checkout (the seed gives live mode every status).
        click(c, "[data-testid=filter-status] summary").await?;
        click(c, "[data-testid=filter-status-option][data-status=paid]").await?;
        wait_for_text(
            c,
            &tid("filter-status-summary"),
            "Paid",
            Duration::from_secs(5),
        )
        .await?;
        let row = find(c, "[data-testid=checkout-row]").await?;
        let id = row
            .attr("data-id")
            .await?
            .ok_or("checkout row without data-id")?;
        row.find(fantoccini::Locator::Css("button"))
            .await?
            .click()
            .await?;
        wait_for_text(c, &tid("detail-id"), &id, Duration::from_secs(10)).await?;
        click(c, &tid("action-refund")).await?;

        find(c, &tid("refund-dialog")).await?;
        click(c, &tid("refund-partial")).await?;
        type_into(c, &tid("refund-amount"), "1").await?;
        click(c, &tid("refund-review")).await?;
        wait_for_text(c, &tid("refund-live"), "LIVE", Duration::from_secs(5)).await?;
        let phrase = text_of(c, &tid("refund-phrase")).await?;
        let submit = find(c, &tid("refund-submit")).await?;
        assert!(
            !submit.is_enabled().await?,
            "a live refund must wait for the typed amount"
        );
        type_into(c, &tid("refund-confirm-input"), "999").await?;
        assert!(
            !submit.is_enabled().await?,
            "a wrong amount must not confirm"
        );
        type_into(c, &tid("refund-confirm-input"), &phrase).await?;
        assert!(submit.is_enabled().await?);
        submit.click().await?;
        let result = wait_for_text(
            c,
            &tid("refund-result"),
            "Refunded",
            Duration::from_secs(20),
        )
        .await?;
        eprintln!("live refund of {id}: {result}");
        Ok(())
    })
    .await;
}
