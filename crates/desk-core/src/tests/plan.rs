//! The main list query must be served by an index on a realistic amount of data.

use chrono::Utc;

use super::{make_profile, t, temp_store, Fx};
use crate::cache::events::ACTOR_SYNC;
use crate::{ListQuery, Mode, SortColumn, SortDirection};

const STATUSES: [&str; 5] = ["created", "paid", "reserved", "refunded", "canceled"];

#[test]
fn main_list_query_uses_an_index_on_20k_rows() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Big");
    let other = make_profile(&store, "Other");
    let started = std::time::Instant::now();
    store
        .write(|tx| {
            for n in 0..20_000u32 {
                let (profile, mode) = match n % 10 {
                    0 => (&other, Mode::Test),
                    1 => (&p, Mode::Live),
                    _ => (&p, Mode::Test),
                };
                let fx = Fx::new(n)
                    .status(STATUSES[(n % 5) as usize])
                    .amount(i64::from(n % 977) * 100)
                    .currency(if n % 3 == 0 { "EUR" } else { "SEK" })
                    .created(t(i64::from(n % 2000)));
                store.upsert_checkout_in(
                    tx,
                    &profile.id,
                    mode,
                    &fx.checkout(),
                    &fx.json(),
                    t(3000),
                    ACTOR_SYNC,
                )?;
            }
            Ok(())
        })
        .unwrap();
    eprintln!("seeded 20k checkouts in {:?}", started.elapsed());

    let mut q = ListQuery::new(p.id.clone(), Mode::Test);
    q.statuses = vec!["paid".into(), "created".into()];
    q.created_from = Some(t(100));
    q.created_to = Some(t(1500));
    q.sort = SortColumn::CreatedAt;
    q.direction = SortDirection::Desc;
    q.limit = 100;

    let plan = store.explain_checkout_page(&q).unwrap().join("\n");
    eprintln!("plan:\n{plan}");
    assert!(
        plan.contains("ix_checkouts_created"),
        "main query not on the created index:\n{plan}"
    );
    assert!(
        !plan.contains("TEMP B-TREE"),
        "main query sorts instead of walking the index:\n{plan}"
    );
    assert!(
        !plan
            .lines()
            .any(|l| l.starts_with("SCAN c") && !l.contains("INDEX")),
        "full table scan:\n{plan}"
    );

    let started = Utc::now();
    let page = store.list_checkouts(&q).unwrap();
    eprintln!(
        "first page + totals in {} ms",
        (Utc::now() - started).num_milliseconds()
    );
    assert_eq!(page.rows.len(), 100);
    assert!(page
        .rows
        .windows(2)
        .all(|w| w[0].created_at >= w[1].created_at));
    assert!(page
        .rows
        .iter()
        .all(|r| r.status == "paid" || r.status == "created"));
    assert!(page.totals.count > 100);

    // The totals read the covering index only, never the table.
    let totals = store.explain_checkout_totals(&q).unwrap().join("\n");
    eprintln!("totals plan:\n{totals}");
    assert!(
        totals.contains("COVERING INDEX ix_checkouts_created"),
        "{totals}"
    );

    // Keyset paging keeps using the index.
    q.after = page.next_cursor;
    let plan = store.explain_checkout_page(&q).unwrap().join("\n");
    assert!(
        plan.contains("ix_checkouts_created") && !plan.contains("TEMP B-TREE"),
        "{plan}"
    );
}
