//! The overview's aggregations against hand-computed fixtures, their agreement with the
//! list's totals, and their query plans.

use serde_json::json;

use super::{make_profile, t, temp_store, Fx};
use crate::cache::events::ACTOR_SYNC;
use crate::overview::Chart;
use crate::{ListQuery, Mode, Profile, Store};

fn refunds(fx: Fx, list: &[(i64, &str)]) -> Fx {
    let total: i64 = list.iter().map(|(a, _)| a).sum();
    let items: Vec<_> = list
        .iter()
        .map(|(a, r)| json!({"amount": a, "reason": r, "created_at": t(30).to_rfc3339()}))
        .collect();
    fx.refunded(total).set("refunds", json!(items))
}

/// Day 1 = 2026-11-01, day 2 = 2026-11-02 (UTC).
fn seed(store: &Store) -> Profile {
    let p = make_profile(store, "Shop");
    let day1 = t(10);
    let day2 = t(30);
    let fixtures = [
        Fx::new(1)
            .status("paid")
            .amount(1000)
            .customer("cusA")
            .created(day1),
        refunds(
            Fx::new(2)
                .status("partialRefund")
                .amount(3000)
                .customer("cusA"),
            &[(500, "duplicate")],
        )
        .created(day1),
        refunds(
            Fx::new(3)
                .status("refunded")
                .amount(2000)
                .currency("EUR")
                .customer("cusB"),
            &[(1500, "requested_by_customer"), (500, "fraudolent")],
        )
        .created(day2),
        Fx::new(4)
            .status("reserved")
            .amount(4000)
            .set("capture", json!(false))
            .created(day2),
        Fx::new(5)
            .status("reserve released")
            .amount(700)
            .currency("EUR")
            .set("capture", json!(false))
            .created(day2),
        Fx::new(6)
            .status("paid")
            .amount(900)
            .currency("EUR")
            .customer("cusB")
            .set("capture", json!(false))
            .created(day1),
        Fx::new(7).status("created").amount(500).created(day1),
        Fx::new(8)
            .status("failed")
            .amount(100)
            .customer("cusC")
            .created(day2),
    ];
    for fx in &fixtures {
        fx.save(store, &p, Mode::Test, t(40));
    }
    // Other partitions must not count.
    Fx::new(9)
        .status("paid")
        .amount(99_999)
        .created(day1)
        .save(store, &p, Mode::Live, t(40));
    let other = make_profile(store, "Other");
    Fx::new(10)
        .status("paid")
        .amount(77_777)
        .created(day1)
        .save(store, &other, Mode::Test, t(40));
    p
}

#[test]
fn each_chart_matches_the_hand_computed_numbers() {
    let (_d, store) = temp_store();
    let p = seed(&store);
    let o = store
        .overview(&ListQuery::new(p.id.clone(), Mode::Test))
        .unwrap();

    let days: Vec<_> = o
        .volume_by_day
        .iter()
        .map(|d| {
            (
                d.day.as_str(),
                d.currency.as_str(),
                d.count,
                d.amount,
                d.charged,
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            ("2026-11-01", "EUR", 1, 900, 900),
            ("2026-11-01", "SEK", 3, 4500, 4000),
            ("2026-11-02", "EUR", 2, 2700, 2000),
            ("2026-11-02", "SEK", 2, 4100, 0),
        ]
    );
    assert_eq!(o.volume_by_day[1].charged_formatted, "40.00 SEK");

    let statuses: Vec<_> = o
        .by_status
        .iter()
        .map(|s| (s.status.as_str(), s.count))
        .collect();
    assert_eq!(
        statuses,
        [
            ("paid", 2),
            ("created", 1),
            ("failed", 1),
            ("partialRefund", 1),
            ("refunded", 1),
            ("reserve released", 1),
            ("reserved", 1),
        ]
    );

    let refunds: Vec<_> = o
        .refunds
        .iter()
        .map(|r| {
            (
                r.currency.as_str(),
                r.count,
                r.refunded,
                r.charged,
                r.share_bp,
            )
        })
        .collect();
    // EUR: 2000 of 2900 charged = 68.96 %; SEK: 500 of 4000 = 12.5 %.
    assert_eq!(
        refunds,
        [
            ("EUR", 1, 2000, 2900, Some(6896)),
            ("SEK", 1, 500, 4000, Some(1250))
        ]
    );

    let reasons: Vec<_> = o
        .refund_reasons
        .iter()
        .map(|r| (r.reason.as_str(), r.currency.as_str(), r.count, r.amount))
        .collect();
    assert_eq!(
        reasons,
        [
            ("duplicate", "SEK", 1, 500),
            ("fraudulent", "EUR", 1, 500),
            ("requested_by_customer", "EUR", 1, 1500),
        ]
    );

    // Reservations: #6 captured, #5 released, #4 still reserved.
    assert_eq!(
        (
            o.capture.captured,
            o.capture.released,
            o.capture.reserved,
            o.capture.rate_bp
        ),
        (1, 1, 1, Some(3333))
    );

    let top: Vec<_> = o
        .top_customers
        .iter()
        .map(|c| {
            (
                c.customer_id.as_str(),
                c.currency.as_str(),
                c.count,
                c.amount,
            )
        })
        .collect();
    // cusC only has a failed checkout: nothing charged, not a top customer.
    assert_eq!(top, [("cusB", "EUR", 2, 2900), ("cusA", "SEK", 2, 4000)]);
    assert_eq!(o.top_customers[1].amount_formatted, "40.00 SEK");
}

#[test]
fn the_overview_agrees_with_the_list_totals_for_the_same_filter() {
    let (_d, store) = temp_store();
    let p = seed(&store);
    let base = ListQuery::new(p.id.clone(), Mode::Test);
    let mut eur = base.clone();
    eur.currency = Some("eur".into());
    let mut day1 = base.clone();
    day1.created_from = Some(t(0));
    day1.created_to = Some(t(24));
    let mut charged = base.clone();
    charged.statuses = vec!["paid".into(), "partialRefund".into(), "refunded".into()];
    let mut search = base.clone();
    search.search = Some("number".into());
    search.amount_min = Some(800);

    for q in [base, eur, day1, charged, search] {
        let o = store.overview(&q).unwrap();
        let totals = store.list_checkouts(&q).unwrap().totals;
        assert!(totals.count > 0, "{q:?}");
        assert_eq!(
            o.by_status.iter().map(|s| s.count).sum::<i64>(),
            totals.count
        );
        for t in &totals.per_currency {
            let days = o.volume_by_day.iter().filter(|d| d.currency == t.currency);
            let (count, amount) = days.fold((0, 0), |(c, a), d| (c + d.count, a + d.amount));
            assert_eq!((count, amount), (t.count, t.amount), "{} {q:?}", t.currency);
            let refunded = o
                .refunds
                .iter()
                .find(|r| r.currency == t.currency)
                .map_or(0, |r| r.refunded);
            assert_eq!(refunded, t.refunded, "{} {q:?}", t.currency);
        }
        let currencies = o
            .volume_by_day
            .iter()
            .filter(|d| !totals.per_currency.iter().any(|t| t.currency == d.currency));
        assert_eq!(currencies.count(), 0, "no currency outside the list's");
    }
}

#[test]
fn an_empty_partition_has_no_rates() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Empty");
    let o = store.overview(&ListQuery::new(p.id, Mode::Test)).unwrap();
    assert!(o.volume_by_day.is_empty() && o.by_status.is_empty() && o.refunds.is_empty());
    assert_eq!(o.capture.rate_bp, None);
}

#[test]
fn charts_read_the_created_index_not_the_table() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Big");
    store
        .write(|tx| {
            for n in 0..3_000u32 {
                let mode = if n % 7 == 0 { Mode::Live } else { Mode::Test };
                let fx = Fx::new(n)
                    .status(["paid", "reserved", "refunded", "created"][(n % 4) as usize])
                    .amount(i64::from(n % 500) * 10 + 100)
                    .currency(if n % 3 == 0 { "EUR" } else { "SEK" })
                    .created(t(i64::from(n % 900)));
                store.upsert_checkout_in(
                    tx,
                    &p.id,
                    mode,
                    &fx.checkout(),
                    &fx.json(),
                    t(1000),
                    ACTOR_SYNC,
                )?;
            }
            Ok(())
        })
        .unwrap();
    let mut q = ListQuery::new(p.id.clone(), Mode::Test);
    q.created_from = Some(t(100));
    q.created_to = Some(t(700));
    q.statuses = vec!["paid".into(), "refunded".into()];
    for chart in Chart::ALL {
        let plan = store.explain_overview(chart, &q).unwrap().join("\n");
        eprintln!("{chart:?}:\n{plan}");
        assert!(
            plan.contains("ix_checkouts_created"),
            "{chart:?} not on the index:\n{plan}"
        );
        assert!(
            !plan
                .lines()
                .any(|l| l.contains("SCAN c") && !l.contains("INDEX")),
            "{chart:?} scans the table:\n{plan}"
        );
    }
    // The charts that need only the indexed columns never touch the table.
    for chart in [Chart::Volume, Chart::Status, Chart::Refunds] {
        let plan = store.explain_overview(chart, &q).unwrap().join("\n");
        assert!(
            plan.contains("COVERING INDEX ix_checkouts_created"),
            "{chart:?}:\n{plan}"
        );
    }
    let started = std::time::Instant::now();
    let o = store.overview(&q).unwrap();
    eprintln!("overview of 3k rows in {:?}", started.elapsed());
    assert_eq!(
        o.by_status.iter().map(|s| s.count).sum::<i64>(),
        store.checkout_totals(&q).unwrap().count
    );
}
