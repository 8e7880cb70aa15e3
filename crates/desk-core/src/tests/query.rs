//! Filters, sorting, paging and totals, checked against the same rule applied in Rust to
//! the full data set.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{cid, make_profile, t, temp_store, Fx};
use crate::db::to_ms;
use crate::{CheckoutRow, ListQuery, Mode, Profile, SortColumn, SortDirection, Store};

const STATUSES: [&str; 6] = [
    "created",
    "paid",
    "reserved",
    "refunded",
    "partialRefund",
    "canceled",
];
const CURRENCIES: [&str; 3] = ["SEK", "EUR", "JPY"];

/// 60 checkouts with many ties (amount, created_at, identifier, sync time) and NULLs.
fn seed(store: &Store, p: &Profile) {
    for n in 1..=60u32 {
        let i = n as usize;
        let mut fx = Fx::new(n)
            .status(STATUSES[i % 6])
            .amount(((n % 7) * 1000 + 100).into())
            .currency(CURRENCIES[(i / 6) % 3])
            .created(t(i64::from(n % 20)))
            .identifier((n % 5 != 0).then(|| format!("order-{}", n % 9)).as_deref());
        if STATUSES[i % 6] == "partialRefund" {
            fx = fx.refunded(100);
        }
        if n % 4 == 0 {
            fx = Fx(with_null(fx.json(), "message"));
        }
        match n % 6 {
            0 => fx = fx.customer("cust-a"),
            1 => fx = fx.customer("cust-b"),
            _ => {}
        }
        fx.save(store, p, Mode::Test, t(100 + i64::from(n % 3)));
    }
}

fn with_null(mut v: Value, key: &str) -> Value {
    v[key] = Value::Null;
    v
}

fn all_rows(store: &Store, p: &Profile) -> Vec<CheckoutRow> {
    let mut q = ListQuery::new(p.id.clone(), Mode::Test);
    q.limit = 1000;
    store.list_checkouts(&q).unwrap().rows
}

fn query(p: &Profile) -> ListQuery {
    let mut q = ListQuery::new(p.id.clone(), Mode::Test);
    q.limit = 1000;
    q
}

fn ids(rows: &[CheckoutRow]) -> Vec<String> {
    let mut v: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    v.sort();
    v
}

fn check_filter(
    store: &Store,
    all: &[CheckoutRow],
    q: &ListQuery,
    keep: impl Fn(&CheckoutRow) -> bool,
) {
    let got = store.list_checkouts(q).unwrap();
    let want: Vec<CheckoutRow> = all.iter().filter(|r| keep(r)).cloned().collect();
    assert!(!want.is_empty(), "filter {q:?} should match something");
    assert!(
        want.len() < all.len(),
        "filter {q:?} should exclude something"
    );
    assert_eq!(ids(&got.rows), ids(&want), "{q:?}");
    assert_eq!(got.totals.count, want.len() as i64);
}

#[test]
fn every_filter_matches_the_rust_rule() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    seed(&store, &p);
    let all = all_rows(&store, &p);
    assert_eq!(all.len(), 60);

    let mut q = query(&p);
    q.statuses = vec!["paid".into(), "partialRefund".into()];
    check_filter(&store, &all, &q, |r| {
        r.status == "paid" || r.status == "partialRefund"
    });

    let mut q = query(&p);
    q.created_from = Some(t(5));
    q.created_to = Some(t(10));
    check_filter(&store, &all, &q, |r| {
        r.created_at >= t(5) && r.created_at < t(10)
    });

    let mut q = query(&p);
    q.currency = Some("eur".into());
    check_filter(&store, &all, &q, |r| r.currency == "EUR");

    let mut q = query(&p);
    q.amount_min = Some(2100);
    q.amount_max = Some(4100);
    check_filter(&store, &all, &q, |r| (2100..=4100).contains(&r.amount));

    let mut q = query(&p);
    q.customer_id = Some("cust-a".into());
    check_filter(&store, &all, &q, |r| {
        r.customer_id.as_deref() == Some("cust-a")
    });

    // All of them at once.
    let mut q = query(&p);
    q.statuses = vec!["paid".into(), "created".into(), "refunded".into()];
    q.created_from = Some(t(2));
    q.created_to = Some(t(18));
    q.currency = Some("SEK".into());
    q.amount_min = Some(1000);
    check_filter(&store, &all, &q, |r| {
        ["paid", "created", "refunded"].contains(&r.status.as_str())
            && r.created_at >= t(2)
            && r.created_at < t(18)
            && r.currency == "SEK"
            && r.amount >= 1000
    });
}

#[test]
fn an_id_selection_narrows_list_totals_and_export() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    seed(&store, &p);
    let all = all_rows(&store, &p);
    let picked: Vec<String> = all.iter().step_by(7).map(|r| r.id.clone()).collect();

    let mut q = query(&p);
    q.ids = Some(picked.clone());
    check_filter(&store, &all, &q, |r| picked.contains(&r.id));
    let page = store.list_checkouts(&q).unwrap();
    assert_eq!(page.totals.count as usize, picked.len());

    // The selection combines with the other filters, and a bulk export writes exactly it.
    q.statuses = vec!["paid".into()];
    check_filter(&store, &all, &q, |r| {
        picked.contains(&r.id) && r.status == "paid"
    });
    q.statuses.clear();
    let mut csv = Vec::new();
    let summary = store
        .export_checkouts_csv(&q, &mut csv, &chrono::Utc)
        .unwrap();
    assert_eq!(summary.rows as usize, picked.len());

    // An empty selection selects nothing, not everything.
    q.ids = Some(Vec::new());
    assert!(store.list_checkouts(&q).unwrap().rows.is_empty());
    q.ids = Some(vec!["x".to_owned(); crate::cache::MAX_SELECTED_IDS + 1]);
    assert_eq!(store.list_checkouts(&q).unwrap_err().field(), Some("ids"));
}

#[test]
fn contradictory_filters_are_refused() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    let mut q = query(&p);
    q.amount_min = Some(10);
    q.amount_max = Some(5);
    assert_eq!(
        store.list_checkouts(&q).unwrap_err().code(),
        "invalid_input"
    );
    let mut q = query(&p);
    q.created_from = Some(t(2));
    q.created_to = Some(t(1));
    assert_eq!(
        store.list_checkouts(&q).unwrap_err().code(),
        "invalid_input"
    );
    let mut q = query(&p);
    q.statuses = vec![" ".into()];
    assert_eq!(
        store.list_checkouts(&q).unwrap_err().code(),
        "invalid_input"
    );
}

/// The SQL sort rule in Rust: NULL text sorts as '', ties broken by id.
fn key_cmp(col: SortColumn, a: &CheckoutRow, b: &CheckoutRow) -> Ordering {
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    let primary = match col {
        SortColumn::Id => Ordering::Equal,
        SortColumn::Identifier => s(&a.identifier).cmp(&s(&b.identifier)),
        SortColumn::Status => a.status.cmp(&b.status),
        SortColumn::Amount => a.amount.cmp(&b.amount),
        SortColumn::Refunded => a.refunded.cmp(&b.refunded),
        SortColumn::Currency => a.currency.cmp(&b.currency),
        SortColumn::CustomerId => s(&a.customer_id).cmp(&s(&b.customer_id)),
        SortColumn::Message => s(&a.message).cmp(&s(&b.message)),
        SortColumn::CreatedAt => to_ms(a.created_at).cmp(&to_ms(b.created_at)),
        SortColumn::UpdatedAt => to_ms(a.updated_at).cmp(&to_ms(b.updated_at)),
        SortColumn::LastSyncedAt => to_ms(a.last_synced_at).cmp(&to_ms(b.last_synced_at)),
    };
    primary.then_with(|| a.id.cmp(&b.id))
}

#[test]
fn every_sort_column_both_directions() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    seed(&store, &p);
    for col in SortColumn::ALL {
        for dir in [SortDirection::Asc, SortDirection::Desc] {
            let mut q = query(&p);
            q.sort = col;
            q.direction = dir;
            let rows = store.list_checkouts(&q).unwrap().rows;
            assert_eq!(rows.len(), 60);
            let mut want = rows.clone();
            want.sort_by(|a, b| match dir {
                SortDirection::Asc => key_cmp(col, a, b),
                SortDirection::Desc => key_cmp(col, b, a),
            });
            let got: Vec<_> = rows.iter().map(|r| &r.id).collect();
            let exp: Vec<_> = want.iter().map(|r| &r.id).collect();
            assert_eq!(got, exp, "sort {col:?} {dir:?}");
        }
    }
}

#[test]
fn offset_and_keyset_paging_agree_for_every_sort() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    seed(&store, &p);
    for col in SortColumn::ALL {
        for dir in [SortDirection::Asc, SortDirection::Desc] {
            let mut base = query(&p);
            base.sort = col;
            base.direction = dir;
            base.statuses = vec![
                "paid".into(),
                "created".into(),
                "canceled".into(),
                "reserved".into(),
            ];
            let full: Vec<String> = store
                .list_checkouts(&base)
                .unwrap()
                .rows
                .into_iter()
                .map(|r| r.id)
                .collect();
            assert_eq!(full.len(), 40);
            base.limit = 7;

            let mut by_offset = Vec::new();
            let mut q = base.clone();
            loop {
                let page = store.checkout_page(&q).unwrap();
                if page.rows.is_empty() {
                    break;
                }
                by_offset.extend(page.rows.into_iter().map(|r| r.id));
                q.offset += 7;
            }

            let mut by_cursor = Vec::new();
            let mut q = base.clone();
            let mut pages = 0;
            loop {
                let page = store.checkout_page(&q).unwrap();
                pages += 1;
                by_cursor.extend(page.rows.into_iter().map(|r| r.id));
                match page.next_cursor {
                    Some(c) => q.after = Some(c),
                    None => break,
                }
            }
            assert_eq!(by_offset, full, "offset {col:?} {dir:?}");
            assert_eq!(by_cursor, full, "keyset {col:?} {dir:?}");
            assert_eq!(pages, 6, "40 rows in pages of 7");
        }
    }
}

#[test]
fn bad_cursors_are_refused() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    seed(&store, &p);
    let mut q = query(&p);
    q.limit = 5;
    let cursor = store.checkout_page(&q).unwrap().next_cursor.unwrap();
    let mut other_sort = q.clone();
    other_sort.sort = SortColumn::Amount;
    other_sort.after = Some(cursor.clone());
    assert_eq!(
        store.checkout_page(&other_sort).unwrap_err().code(),
        "invalid_input"
    );
    let mut both = q.clone();
    both.after = Some(cursor);
    both.offset = 5;
    assert_eq!(
        store.checkout_page(&both).unwrap_err().code(),
        "invalid_input"
    );
    let mut junk = q.clone();
    junk.after = Some("'; DROP TABLE checkouts; --".into());
    assert_eq!(
        store.checkout_page(&junk).unwrap_err().code(),
        "invalid_input"
    );
}

#[test]
fn totals_are_per_currency_over_all_filtered_rows() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    seed(&store, &p);
    let all = all_rows(&store, &p);
    let mut q = query(&p);
    q.statuses = vec!["paid".into(), "partialRefund".into(), "reserved".into()];
    q.limit = 3;
    let page = store.list_checkouts(&q).unwrap();
    assert_eq!(page.rows.len(), 3, "page is limited; totals are not");

    let mut want: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    for r in all.iter().filter(|r| q.statuses.contains(&r.status)) {
        let e = want.entry(r.currency.clone()).or_default();
        e.0 += 1;
        e.1 += r.amount;
        e.2 += r.refunded;
    }
    let got: BTreeMap<String, (i64, i64, i64)> = page
        .totals
        .per_currency
        .iter()
        .map(|c| (c.currency.clone(), (c.count, c.amount, c.refunded)))
        .collect();
    assert_eq!(got, want);
    assert_eq!(page.totals.count, want.values().map(|v| v.0).sum::<i64>());
    assert!(
        want.values().any(|v| v.2 > 0),
        "refunded sums are exercised"
    );
    let jpy = page
        .totals
        .per_currency
        .iter()
        .find(|c| c.currency == "JPY")
        .unwrap();
    assert_eq!(jpy.amount_formatted, format!("{} JPY", jpy.amount));
    let sek = page
        .totals
        .per_currency
        .iter()
        .find(|c| c.currency == "SEK")
        .unwrap();
    assert!(
        sek.amount_formatted.ends_with(".00 SEK"),
        "{}",
        sek.amount_formatted
    );
}

#[test]
fn list_query_round_trips_through_camel_case_json() {
    let p = crate::ProfileId::generate();
    let q: ListQuery = serde_json::from_value(json!({
        "profileId": p.as_str(),
        "mode": "live",
        "statuses": ["reserve released"],
        "sort": "lastSyncedAt",
        "direction": "asc",
        "amountMin": 5
    }))
    .unwrap();
    assert_eq!(q.mode, Mode::Live);
    assert_eq!(q.sort, SortColumn::LastSyncedAt);
    assert_eq!(q.limit, crate::cache::DEFAULT_PAGE_SIZE);
    assert_eq!(q.amount_min, Some(5));
    let back = serde_json::to_value(&q).unwrap();
    assert_eq!(back["createdFrom"], Value::Null);
    assert_eq!(back["sort"], "lastSyncedAt");
    assert_eq!(cid(1).len(), 32);
}
