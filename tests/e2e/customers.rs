//! Customers in the real app: create one on the simulator, open its client page in the
//! system browser, delete it after typing its e-mail.

use std::time::Duration;

use e2e::{find, run_with_env, wait_for_text, Ctx};
use fantoccini::Locator;

use crate::desk_support::{
    click, go, sandbox_profile, seed_env, text_of, tid, type_into, unique, wait_for_desk,
    wait_gone, wait_until,
};

#[tokio::test(flavor = "multi_thread")]
async fn create_open_client_page_and_delete_a_customer() {
    // The "browser" is a script that records what it was asked to open: xdg-open runs
    // $BROWSER when no desktop is configured, which is the case under Xvfb.
    let dir = tempfile::tempdir().expect("temp dir");
    let opened = dir.path().join("opened.txt");
    let browser = dir.path().join("browser.sh");
    std::fs::write(
        &browser,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n",
            opened.display()
        ),
    )
    .expect("write browser script");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let mut env = seed_env();
    env.push(("BROWSER".to_owned(), browser.display().to_string()));

    run_with_env("customers_lifecycle", &env, move |ctx: Ctx| async move {
        let c = &ctx.client;
        wait_for_desk(c).await?;
        let (_, base_url) = sandbox_profile(c).await?;
        go(c, "customers").await?;

        let email = format!("{}@example.se", unique("e2e"));
        click(c, &tid("customer-new")).await?;
        // Inline validation before anything is sent.
        click(c, &tid("customer-create-submit")).await?;
        wait_for_text(
            c,
            &tid("customer-first-error"),
            "Required",
            Duration::from_secs(5),
        )
        .await?;
        type_into(c, &tid("customer-first"), "Ebba").await?;
        type_into(c, &tid("customer-last"), "Test").await?;
        type_into(c, &tid("customer-email"), &email).await?;
        click(c, &tid("metadata-add")).await?;
        type_into(c, &tid("metadata-key"), "source").await?;
        type_into(c, &tid("metadata-value"), "e2e").await?;
        click(c, &tid("customer-create-submit")).await?;

        wait_for_text(
            c,
            &tid("customer-name"),
            "Ebba Test",
            Duration::from_secs(15),
        )
        .await?;
        wait_for_text(c, &tid("customer-metadata"), "e2e", Duration::from_secs(5)).await?;
        let id = text_of(c, &tid("customer-id")).await?;

        // The client page is the simulator's, and opening it reaches the system browser.
        let link = text_of(c, &tid("customer-client-link")).await?;
        assert!(
            link.starts_with(&format!("{base_url}/client/")),
            "client page {link} is not on {base_url}"
        );
        click(c, &tid("customer-client-open")).await?;
        // The opener answers with success (status) or its refusal (error), never silence.
        let status = wait_until("the opener to answer", Duration::from_secs(10), || async {
            if let Ok(err) = c
                .find(Locator::Css("[data-testid=customer-client-error]"))
                .await
            {
                return Err(
                    format!("opening the client page failed: {}", err.text().await?).into(),
                );
            }
            match c
                .find(Locator::Css("[data-testid=customer-client-status]"))
                .await
            {
                Ok(el) => Ok(Some(el.text().await?)),
                Err(_) => Ok(None),
            }
        })
        .await?;
        assert_eq!(status, "Opened in your browser.");
        let recorded = wait_until(
            "the browser to be started",
            Duration::from_secs(10),
            || async {
                Ok(std::fs::read_to_string(&opened)
                    .ok()
                    .filter(|s| !s.is_empty()))
            },
        )
        .await?;
        assert_eq!(recorded.trim(), link);

        // Delete: the confirm button waits for the e-mail.
        click(c, &tid("customer-delete")).await?;
        let confirm = find(c, &tid("customer-delete-confirm-confirm")).await?;
        assert!(!confirm.is_enabled().await?);
        type_into(c, &tid("customer-delete-confirm-type"), "someone@else.se").await?;
        assert!(!confirm.is_enabled().await?);
        type_into(c, &tid("customer-delete-confirm-type"), &email).await?;
        confirm.click().await?;
        find(c, &tid("customer-none")).await?;
        wait_gone(
            c,
            &format!("[data-testid=customer-row][data-customer-id='{id}']"),
            Duration::from_secs(5),
        )
        .await?;

        // Both writes are in the audit log.
        go(c, "audit").await?;
        find(
            c,
            "[data-testid=audit-row][data-action=customer_deleted][data-outcome=success]",
        )
        .await?;
        find(
            c,
            "[data-testid=audit-row][data-action=customer_created][data-outcome=success]",
        )
        .await?;
        Ok(())
    })
    .await;
}
