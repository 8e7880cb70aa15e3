use std::time::Duration;

use e2e::{find, run, wait_for_text, Ctx};

/// The app starts in WebKitGTK, a click reaches Rust, and Rust's answer is on screen:
/// the data dir shown is the one this test gave the app, so it came from the command.
#[tokio::test(flavor = "multi_thread")]
async fn system_view_shows_what_rust_reports() {
    run("shell_system_view", |ctx: Ctx| async move {
        // The desk opens on Checkouts; System is one click away in the navigation.
        find(&ctx.client, "[data-testid=nav-system]")
            .await?
            .click()
            .await?;
        find(&ctx.client, "[data-testid=check-system]")
            .await?
            .click()
            .await?;
        wait_for_text(
            &ctx.client,
            "[data-testid=app-version]",
            env!("CARGO_PKG_VERSION"),
            Duration::from_secs(10),
        )
        .await?;
        wait_for_text(
            &ctx.client,
            "[data-testid=data-dir]",
            &ctx.data_dir.display().to_string(),
            Duration::from_secs(5),
        )
        .await?;
        let title = ctx.client.title().await?;
        assert_eq!(title, "Neuro-Pay Desk");
        Ok(())
    })
    .await;
}
