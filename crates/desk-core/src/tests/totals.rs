//! The list's totals through `checkout_daily` (whole days) plus the rows of the partial
//! days, checked against the same sums computed in Rust from every row, before and after
//! the rows change.

use chrono::Duration;

use super::{make_profile, t, temp_store, Fx};
use crate::{CheckoutRow, ListQuery, Mode, Profile, Store, Totals};

const STATUSES: [&str; 5] = ["created", "paid", "reserved", "refunded", "partialRefund"];
const CURRENCIES: [&str; 3] = ["SEK", "JPY", "KWD"];

/// 240 checkouts, one every 4 hours and 7 minutes: 40 days, every hour of the day.
fn seed(store: &Store, p: &Profile) {
    for n in 0..240u32 {
        let i = n as usize;
        let status = STATUSES[i % STATUSES.len()];
        let mut fx = Fx::new(n + 1)
            .status(status)
            .amount(i64::from(n) * 37 + 100)
            .currency(CURRENCIES[(i / 5) % 3])
            .created(t(0) + Duration::minutes(i64::from(n) * 247));
        if status == "refunded" {
            fx = fx.refunded(i64::from(n) * 37 + 100);
        } else if status == "partialRefund" {
            fx = fx.refunded(50);
        }
        fx.save(store, p, Mode::Test, t(2000));
    }
}

fn all_rows(store: &Store, p: &Profile) -> Vec<CheckoutRow> {
    let q = ListQuery {
        limit: 1000,
        ..ListQuery::new(p.id.clone(), Mode::Test)
    };
    store.checkout_page(&q).unwrap().rows
}

/// The totals of `q` computed from the rows in Rust.
fn expected(rows: &[CheckoutRow], q: &ListQuery) -> Totals {
    let keep = |r: &&CheckoutRow| {
        (q.statuses.is_empty() || q.statuses.contains(&r.status))
            && q.currency.as_ref().is_none_or(|c| &r.currency == c)
            && q.created_from.is_none_or(|f| r.created_at >= f)
            && q.created_to.is_none_or(|to| r.created_at < to)
    };
    let mut sums = std::collections::BTreeMap::<String, (i64, i64, i64)>::new();
    for r in rows.iter().filter(keep) {
        let e = sums.entry(r.currency.clone()).or_default();
        e.0 += 1;
        e.1 += r.amount;
        e.2 += r.refunded;
    }
    let mut t = Totals::default();
    for (currency, (count, amount, refunded)) in sums {
        t.count += count;
        t.per_currency.push(crate::CurrencyTotal {
            amount_formatted: crate::money::format_amount(amount, &currency),
            refunded_formatted: crate::money::format_amount(refunded, &currency),
            currency,
            count,
            amount,
            refunded,
        });
    }
    t
}

/// Ranges with partial days at either end, whole days, a single partial day, open ends.
fn queries(p: &Profile) -> Vec<ListQuery> {
    let base = ListQuery::new(p.id.clone(), Mode::Test);
    let ranges = [
        (None, None),
        (Some(t(5)), Some(t(24 * 20 + 7))),
        (Some(t(24)), Some(t(24 * 30))),
        (Some(t(3)), Some(t(9))),
        (Some(t(24 * 12 + 1)), None),
        (None, Some(t(24 * 33 - 5))),
        (Some(t(-100)), Some(t(24 * 100))),
    ];
    let filters: [(Vec<String>, Option<String>); 4] = [
        (vec![], None),
        (vec!["paid".into(), "refunded".into()], None),
        (vec![], Some("jpy".into())),
        (vec![" partialRefund ".into()], Some("KWD".into())),
    ];
    let mut out = Vec::new();
    for (from, to) in ranges {
        for (statuses, currency) in &filters {
            out.push(ListQuery {
                created_from: from,
                created_to: to,
                statuses: statuses.clone(),
                currency: currency.clone(),
                ..base.clone()
            });
        }
    }
    out
}

fn check_all(store: &Store, p: &Profile) {
    let rows = all_rows(store, p);
    for q in queries(p) {
        let mut want_q = q.clone();
        want_q.statuses = q.statuses.iter().map(|s| s.trim().to_owned()).collect();
        want_q.currency = q.currency.as_ref().map(|c| c.trim().to_ascii_uppercase());
        let want = expected(&rows, &want_q);
        assert_eq!(store.checkout_totals(&q).unwrap(), want, "totals of {q:?}");
        assert_eq!(
            store.count_checkouts(&q).unwrap(),
            want.count,
            "count of {q:?}"
        );
    }
}

#[test]
fn day_sums_plus_edges_equal_the_rows() {
    let (_dir, store) = temp_store();
    let p = make_profile(&store, "Shop");
    seed(&store, &p);
    check_all(&store, &p);
}

#[test]
fn the_common_filters_read_day_sums_and_the_others_the_rows() {
    let (_dir, store) = temp_store();
    let p = make_profile(&store, "Shop");
    let q = ListQuery {
        statuses: vec!["paid".into()],
        created_from: Some(t(5)),
        created_to: Some(t(24 * 20 + 7)),
        ..ListQuery::new(p.id.clone(), Mode::Test)
    };
    let plan = store.explain_checkout_totals(&q).unwrap().join("\n");
    assert!(plan.contains("checkout_daily"), "{plan}");
    let searched = ListQuery {
        search: Some("order".into()),
        ..q
    };
    let plan = store.explain_checkout_totals(&searched).unwrap().join("\n");
    assert!(!plan.contains("checkout_daily"), "{plan}");
}

#[test]
fn day_sums_follow_status_changes_refunds_and_deletes() {
    let (_dir, store) = temp_store();
    let p = make_profile(&store, "Shop");
    seed(&store, &p);
    // A sync sees paid checkouts refunded and reserves captured.
    for n in (0..240u32).step_by(7) {
        Fx::new(n + 1)
            .status("refunded")
            .amount(i64::from(n) * 37 + 100)
            .refunded(i64::from(n) * 37 + 100)
            .currency("SEK")
            .created(t(0) + Duration::minutes(i64::from(n) * 247))
            .updated(t(3000))
            .save(&store, &p, Mode::Test, t(3000));
    }
    // A reply that moves created_at to another day (the server's word wins).
    Fx::new(3)
        .created(t(24 * 35))
        .updated(t(3001))
        .save(&store, &p, Mode::Test, t(3001));
    // Our own delete keeps the row with status `deleted`.
    store
        .write(|tx| {
            crate::cache::checkouts::mark_deleted_in(
                tx,
                &p.id,
                Mode::Test,
                &super::cid(10),
                t(3002),
            )
        })
        .unwrap();
    check_all(&store, &p);
}

#[test]
fn a_purged_profile_leaves_no_day_sums() {
    let (_dir, store) = temp_store();
    let p = make_profile(&store, "Shop");
    let other = make_profile(&store, "Other");
    seed(&store, &p);
    seed(&store, &other);
    store.delete_profile_rows(&p.id, true).unwrap();
    let left: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM checkout_daily WHERE profile_id = ?1",
                [p.id.as_str()],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(left, 0);
    check_all(&store, &other);
}

#[test]
fn the_count_alone_agrees_with_the_totals_for_every_filter() {
    let (_dir, store) = temp_store();
    let p = make_profile(&store, "Shop");
    seed(&store, &p);
    let base = ListQuery::new(p.id.clone(), Mode::Test);
    for q in [
        ListQuery {
            stale_hours: Some(24),
            ..base.clone()
        },
        ListQuery {
            search: Some("order".into()),
            ..base.clone()
        },
        ListQuery {
            amount_min: Some(5000),
            ..base.clone()
        },
    ] {
        assert_eq!(
            store.count_checkouts(&q).unwrap(),
            store.checkout_totals(&q).unwrap().count,
            "{q:?}"
        );
    }
}
