//! Demo data: checkouts in every status, several currencies, customers with saved cards,
//! spread over the last ~90 days. Deterministic from the store's seeded RNG (times are
//! relative to now).

use chrono::{DateTime, Duration, Utc};
use rand::seq::IndexedRandom;
use rand::{Rng, RngCore};
use serde_json::{json, Map, Value};

use crate::keys::Mode;
use crate::model::{now, Checkout, Customer, PaymentMethod, Refund, RefundReason, Status};
use crate::ops::new_saved_card;
use crate::state::{Store, WorldKey};

/// Demo first names (also the desk's benchmark fixtures').
pub const FIRST: [&str; 12] = [
    "Astrid", "Liam", "Elsa", "Noah", "Maja", "Hugo", "Saga", "Oscar", "Yuki", "Omar", "Lena",
    "Mateo",
];
/// Demo last names.
pub const LAST: [&str; 12] = [
    "Lindqvist",
    "Berg",
    "Nakamura",
    "Al-Sabah",
    "Schmidt",
    "García",
    "Nilsson",
    "Dubois",
    "Rossi",
    "Kowalski",
    "Okafor",
    "Hansen",
];
/// Demo product lines, used as checkout messages.
pub const PRODUCTS: [&str; 14] = [
    "Espresso beans 1 kg",
    "Yoga class, 10-pass",
    "Wireless earbuds",
    "Annual membership",
    "Running shoes",
    "Concert ticket, row 12",
    "Ceramic teapot",
    "Bike service",
    "Hotel night, double room",
    "Winter jacket",
    "E-book bundle",
    "Gift card",
    "Dinner for two",
    "Phone case",
];
const CHANNELS: [&str; 3] = ["web", "app", "pos"];
/// Currency and a plausible range of amounts in its minor units.
const CURRENCIES: [(&str, i64, i64); 5] = [
    ("SEK", 4_900, 250_000),
    ("EUR", 500, 40_000),
    ("USD", 500, 40_000),
    ("JPY", 500, 60_000),
    ("KWD", 1_000, 90_000),
];
/// After one of each status, the rest are drawn with these weights.
const WEIGHTS: [(Status, u32); 9] = [
    (Status::Paid, 30),
    (Status::Created, 12),
    (Status::Reserved, 8),
    (Status::ReserveReleased, 5),
    (Status::PartialRefund, 8),
    (Status::Refunded, 12),
    (Status::Failed, 10),
    (Status::Canceled, 12),
    (Status::Revoked, 3),
];

/// Seeds `n` checkouts into the company's test world and a smaller set into its live world.
pub(crate) fn seed(store: &mut Store, company: u32, n: usize) {
    seed_world(
        store,
        WorldKey {
            company,
            mode: Mode::Test,
        },
        n,
    );
    let live = if n == 0 { 0 } else { (n / 5).max(n.min(9)) };
    seed_world(
        store,
        WorldKey {
            company,
            mode: Mode::Live,
        },
        live,
    );
}

fn seed_world(store: &mut Store, wk: WorldKey, n: usize) {
    if n == 0 {
        return;
    }
    let now = now();
    let customers: Vec<String> = (0..(n / 10).clamp(2, 50))
        .map(|i| seed_customer(store, wk, i, now))
        .collect();
    for i in 0..n {
        let status = if i < Status::ALL.len() {
            Status::ALL[i]
        } else {
            pick_status(store)
        };
        let c = seed_checkout(store, wk, i, status, &customers, now);
        store.insert_checkout(wk, c);
    }
    store.touch();
}

fn pick_status(store: &mut Store) -> Status {
    let total: u32 = WEIGHTS.iter().map(|(_, w)| w).sum();
    let mut roll = store.rng.random_range(0..total);
    for (s, w) in WEIGHTS {
        if roll < w {
            return s;
        }
        roll -= w;
    }
    Status::Paid
}

fn seed_customer(store: &mut Store, wk: WorldKey, i: usize, now: DateTime<Utc>) -> String {
    let id = store.new_id();
    let first = FIRST[i % FIRST.len()];
    let last = LAST[(i * 7 + 3) % LAST.len()];
    let mut cards = Vec::new();
    for k in 0..store.rng.random_range(0..=3) {
        cards.push(new_saved_card(store, k == 0));
    }
    let mut token = [0u8; 16];
    rand::rng().fill_bytes(&mut token);
    let mut meta = Map::new();
    meta.insert("crm_id".into(), json!(format!("C-{}", 5000 + i)));
    meta.insert("tier".into(), json!(["standard", "gold"][i % 2]));
    let c = Customer {
        customer_id: id.clone(),
        first_name: first.into(),
        last_name: last.into(),
        email: format!("{}.{}@example.com", first.to_lowercase(), ascii_lower(last)),
        metadata: meta,
        saved_cards: cards,
        created_at: now - Duration::days(store.rng.random_range(91..=120)),
        client_token: hex::encode(token),
    };
    store.insert_customer(wk, c);
    id
}

fn ascii_lower(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase()
}

fn seed_checkout(
    store: &mut Store,
    wk: WorldKey,
    i: usize,
    status: Status,
    customers: &[String],
    now: DateTime<Utc>,
) -> Checkout {
    let id = store.new_id();
    let rng = &mut store.rng;
    let (currency, lo, hi) = *CURRENCIES.choose(rng).unwrap_or(&CURRENCIES[0]);
    // Round to whole units where the currency has decimals, like real prices.
    let unit = if crate::currency::exponent(currency) == Some(3) {
        1_000
    } else {
        100
    };
    let cents_off = if rng.random_bool(0.4) { unit / 100 } else { 0 };
    let amount = (rng.random_range(lo..=hi) / unit).max(1) * unit - cents_off;
    let order = 10_000 + i;
    let product = PRODUCTS.choose(rng).copied().unwrap_or("Order");
    let created_at = now - Duration::seconds(rng.random_range(60..90 * 86_400));
    let updated_at = if status == Status::Created {
        created_at
    } else {
        (created_at + Duration::seconds(rng.random_range(30..3 * 86_400))).min(now)
    };
    let capture = match status {
        Status::Reserved | Status::ReserveReleased => false,
        Status::Created => !rng.random_bool(0.2),
        _ => true,
    };
    let mut metadata = Map::new();
    metadata.insert("order".into(), json!(order.to_string()));
    metadata.insert(
        "channel".into(),
        json!(CHANNELS.choose(rng).copied().unwrap_or("web")),
    );
    metadata.insert("items".into(), json!(rng.random_range(1..=6)));
    if rng.random_bool(0.2) {
        metadata.insert("vip".into(), Value::Bool(true));
    }
    let identifier = rng.random_bool(0.85).then(|| format!("order-{order}"));
    let template = rng.random_bool(0.1).then(|| "iframe".to_owned());
    let payment_methods = if rng.random_bool(0.15) {
        vec![PaymentMethod {
            method: "card".into(),
            brands: vec!["visa".into(), "mastercard".into()],
        }]
    } else {
        Vec::new()
    };
    let customer_id = if rng.random_bool(0.3) {
        customers.choose(rng).cloned()
    } else {
        None
    };
    let paid_like = !matches!(status, Status::Created | Status::Failed | Status::Canceled);
    let card_id = match (&customer_id, paid_like && rng.random_bool(0.5)) {
        (Some(cid), true) => store
            .customer(wk, cid)
            .and_then(|c| c.saved_cards.first())
            .map(|card| card.card_id.clone()),
        _ => None,
    };
    let rng = &mut store.rng;
    let reasons = [
        RefundReason::RequestedByCustomer,
        RefundReason::Duplicate,
        RefundReason::Fraudolent,
    ];
    let mut refunds = Vec::new();
    let mut refund = |amount: i64, rng: &mut rand::rngs::StdRng| {
        refunds.push(Refund {
            amount,
            reason: reasons.choose(rng).copied(),
            refund_details: rng
                .random_bool(0.5)
                .then(|| "Refunded at the customer's request".to_owned()),
            created_at: updated_at,
        });
    };
    match status {
        Status::Refunded if rng.random_bool(0.3) && amount >= 2 => {
            let part = amount / 3;
            refund(part, rng);
            refund(amount - part, rng);
        }
        Status::Refunded | Status::ReserveReleased => refund(amount, rng),
        Status::PartialRefund => {
            let part = (amount * rng.random_range(10..=60) / 100).clamp(1, amount - 1);
            refund(part, rng);
        }
        _ => {}
    }
    let refunded_amount = refunds.iter().map(|r| r.amount).sum();
    Checkout {
        checkout_id: id,
        identifier,
        status,
        amount,
        currency: currency.into(),
        message: format!("Order #{order}: {product}"),
        capture,
        allow_save_card: true,
        return_url: format!("https://shop.example/orders/{order}/thanks"),
        return_url_cancel: format!("https://shop.example/orders/{order}/cart"),
        customer_id,
        card_id,
        template,
        metadata,
        payment_methods,
        refunded_amount,
        refunds,
        created_at,
        updated_at,
    }
}
