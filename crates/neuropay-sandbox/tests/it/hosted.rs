//! The hosted payment page and the customer's client page, driven like a browser.

use neuropay_sandbox::Outcome;
use serde_json::{json, Value};

use crate::common::{id_of, Env};

const EVIL: &str = "<script>alert('x')</script> & \"quotes\"";

fn location(r: &reqwest::Response) -> String {
    r.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn pay_page_shows_escaped_message_formatted_amount_and_four_choices() {
    let env = Env::start().await;
    let c = env
        .create(
            json!({"message": EVIL, "amount": 1234, "currency": "KWD", "identifier": "<b>ref</b>"}),
        )
        .await;
    let r = env.get(&format!("/pay/{}", id_of(&c))).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'none'"));
    let html = r.text().await.unwrap();
    assert!(!html.contains("<script>"), "user text is escaped");
    assert!(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;")
    );
    assert!(html.contains("&lt;b&gt;ref&lt;/b&gt;"));
    assert!(html.contains("1.234 KWD"));
    for outcome in ["pay", "reserve", "fail", "cancel"] {
        assert!(
            html.contains(&format!("name=\"outcome\" value=\"{outcome}\"")),
            "{outcome}"
        );
    }
    assert!(html.contains(&format!("action=\"/pay/{}\"", id_of(&c))));
    assert!(
        !html.contains("src=") && !html.contains("<link"),
        "no external resources"
    );
}

#[tokio::test]
async fn pay_then_redirect_to_return_url() {
    let env = Env::start().await;
    let c = env
        .create(json!({"returnUrl": "https://shop.example/thanks?order=7"}))
        .await;
    let id = id_of(&c);
    let r = env.form(&format!("/pay/{id}"), "outcome=pay").await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "https://shop.example/thanks?order=7");
    assert_eq!(env.retrieve(&id).await["status"], "paid");
    // The page now states the status, offers no buttons, and a second POST is refused.
    let html = env.get(&format!("/pay/{id}")).await.text().await.unwrap();
    assert!(html.contains("This checkout is paid."));
    assert!(!html.contains("name=\"outcome\""));
    let again = env.form(&format!("/pay/{id}"), "outcome=cancel").await;
    assert_eq!(again.status(), 409);
    assert!(again
        .text()
        .await
        .unwrap()
        .contains("cancel requires status created"));
    assert_eq!(env.retrieve(&id).await["status"], "paid");
}

#[tokio::test]
async fn each_choice_lands_where_it_should() {
    let env = Env::start().await;
    let cases = [
        (true, "pay", "paid", "https://shop.example/ok"),
        (false, "pay", "reserved", "https://shop.example/ok"),
        (true, "reserve", "reserved", "https://shop.example/ok"),
        (true, "fail", "failed", "https://shop.example/ok"),
        (true, "cancel", "canceled", "https://shop.example/cancel"),
    ];
    for (capture, choice, status, target) in cases {
        let id = id_of(&env.create(json!({ "capture": capture })).await);
        let r = env
            .form(&format!("/pay/{id}"), &format!("outcome={choice}"))
            .await;
        assert_eq!(r.status(), 303, "{choice}");
        assert_eq!(location(&r), target, "{choice}");
        assert_eq!(env.retrieve(&id).await["status"], status, "{choice}");
    }
    let actions: Vec<String> = env
        .sb
        .ledger()
        .into_iter()
        .filter(|e| e.action != "create")
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["pay", "pay", "reserve", "fail", "cancel"]);
}

#[tokio::test]
async fn unknown_checkout_and_bad_choice() {
    let env = Env::start().await;
    let r = env.get(&format!("/pay/{}", "0".repeat(32))).await;
    assert_eq!(r.status(), 404);
    assert!(r.text().await.unwrap().contains("Checkout not found"));
    assert_eq!(
        env.form(&format!("/pay/{}", "0".repeat(32)), "outcome=pay")
            .await
            .status(),
        404
    );
    let id = id_of(&env.create(json!({})).await);
    assert_eq!(
        env.form(&format!("/pay/{id}"), "outcome=steal")
            .await
            .status(),
        400
    );
    assert_eq!(env.retrieve(&id).await["status"], "created");
}

async fn customer_with_cards(env: &Env, n: usize) -> Value {
    let c = env
        .ok(
            "create-customer",
            json!({"first_name": "<i>Eve</i>", "last_name": "O'Neil", "email": "eve@example.com"}),
        )
        .await;
    let cid = c["customer_id"].as_str().unwrap().to_owned();
    for _ in 0..n {
        env.after(json!({ "customer_id": cid }), Outcome::Pay).await;
    }
    env.ok("retrieve-customer", json!({ "customer_id": cid }))
        .await
}

#[tokio::test]
async fn client_page_lists_cards_and_escapes_names() {
    let env = Env::start().await;
    let c = customer_with_cards(&env, 2).await;
    let path = c["client_page"]
        .as_str()
        .unwrap()
        .trim_start_matches(&env.base())
        .to_owned();
    let r = env.get(&path).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("&lt;i&gt;Eve&lt;/i&gt; O&#39;Neil"));
    for card in c["savedCards"].as_array().unwrap() {
        assert!(html.contains(card["last4"].as_str().unwrap()));
        assert!(html.contains(&format!("value=\"{}\"", card["card_id"].as_str().unwrap())));
    }
    assert!(html.contains("Make default") && html.contains("Remove"));
    assert_eq!(env.get("/client/nope").await.status(), 404);
}

#[tokio::test]
async fn client_page_sets_default_and_removes_cards() {
    let env = Env::start().await;
    let c = customer_with_cards(&env, 2).await;
    let cid = c["customer_id"].as_str().unwrap().to_owned();
    let path = c["client_page"]
        .as_str()
        .unwrap()
        .trim_start_matches(&env.base())
        .to_owned();
    let first = c["savedCards"][0]["card_id"].as_str().unwrap().to_owned();
    let second = c["savedCards"][1]["card_id"].as_str().unwrap().to_owned();

    let r = env
        .form(&path, &format!("action=default&card_id={second}"))
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), path);
    let now = env
        .ok("retrieve-customer", json!({ "customer_id": cid }))
        .await;
    let defaults: Vec<bool> = now["savedCards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["default"].as_bool().unwrap())
        .collect();
    assert_eq!(defaults, [false, true]);

    // Removing the default makes the remaining card the default.
    assert_eq!(
        env.form(&path, &format!("action=remove&card_id={second}"))
            .await
            .status(),
        303
    );
    let now = env
        .ok("retrieve-customer", json!({ "customer_id": cid }))
        .await;
    assert_eq!(
        now["savedCards"],
        json!([{
            "card_id": first, "brand": c["savedCards"][0]["brand"], "last4": c["savedCards"][0]["last4"],
            "expiry": c["savedCards"][0]["expiry"], "default": true
        }])
    );
    // A removed card can no longer pay.
    env.call(
        "create",
        crate::common::with(
            crate::common::checkout_body(),
            json!({"customer_id": cid, "card_id": second}),
        ),
    )
    .await
    .assert_400("has no saved card");
    assert_eq!(
        env.form(&path, &format!("action=remove&card_id={second}"))
            .await
            .status(),
        400
    );
    assert_eq!(
        env.form(&path, "action=explode&card_id=x").await.status(),
        400
    );
    let tail: Vec<String> = env
        .sb
        .ledger()
        .into_iter()
        .rev()
        .take(2)
        .map(|e| e.action)
        .collect();
    assert_eq!(tail, ["card-remove", "card-default"]);
}
