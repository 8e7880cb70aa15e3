//! Import: parsing pasted text and CSV, then fetching the ids.

use super::support::{recorder, Env};
use crate::ops::CancelToken;
use crate::{Desk, Mode};

fn ids(plan: &crate::ImportPlan) -> Vec<&str> {
    plan.ids.iter().map(|i| i.as_str()).collect()
}

#[test]
fn pasted_ids_one_per_line() {
    let text = "\n  # ids from the support ticket\nabc123\n\n  def456  \nabc123\nbad id here\n\"quoted7\"\n# trailing comment\n";
    let plan = Desk::parse_import(text);
    assert_eq!(ids(&plan), ["abc123", "def456", "quoted7"]);
    assert_eq!(plan.duplicates.len(), 1);
    assert_eq!(
        (
            plan.duplicates[0].line,
            plan.duplicates[0].first_line,
            plan.duplicates[0].id.as_str()
        ),
        (6, 3, "abc123")
    );
    assert_eq!(plan.bad_lines.len(), 1);
    assert_eq!(plan.bad_lines[0].line, 7);
    assert_eq!(plan.bad_lines[0].content, "bad id here");
    assert!(
        plan.bad_lines[0].reason.contains("whitespace"),
        "{}",
        plan.bad_lines[0].reason
    );
}

#[test]
fn csv_with_the_id_in_any_column() {
    let text = "\u{feff}date,amount,Checkout_ID,note\n\
                2026-11-01,3000,aaa111,\"first, with comma\"\n\
                2026-11-02,500,,missing id\n\
                2026-11-03,700,bbb222,\"multi\nline note\"\n\
                2026-11-04,900,aaa111,again\n\
                2026-11-05\n\
                2026-11-06,100,ccc 333,space\n";
    let plan = Desk::parse_import(text);
    assert_eq!(ids(&plan), ["aaa111", "bbb222"]);
    let bad: Vec<(u64, &str)> = plan
        .bad_lines
        .iter()
        .map(|b| (b.line, b.reason.as_str()))
        .collect();
    assert_eq!(bad.len(), 3, "{bad:?}");
    assert_eq!(bad[0], (3, "the id column is empty"));
    assert_eq!(
        bad[1],
        (7, "the id column is empty"),
        "a short row has no id column"
    );
    assert_eq!(bad[2].0, 8, "line numbers count the quoted newline");
    assert_eq!(plan.duplicates[0].line, 6);

    // `id` and `cid` headers work too; checkout_id wins over id when both are there.
    let plan = Desk::parse_import("customer_id,id\ncu1,co1\n");
    assert_eq!(ids(&plan), ["co1"]);
    let plan = Desk::parse_import("id,checkout_id\nx1,co2\n");
    assert_eq!(ids(&plan), ["co2"]);
    let plan = Desk::parse_import("CID\nco3\n");
    assert_eq!(ids(&plan), ["co3"]);
    // Our own checkout export reads back.
    let header = crate::export::CHECKOUT_COLUMNS.join(",");
    let plan = Desk::parse_import(&format!("{header}\nco4,order-4,paid\n"));
    assert_eq!(ids(&plan), ["co4"]);
}

#[test]
fn several_columns_without_a_header_are_refused_clearly() {
    let plan = Desk::parse_import("# export\naaa111,3000\nbbb222,500\n");
    assert!(plan.ids.is_empty());
    assert_eq!(plan.bad_lines.len(), 1);
    assert_eq!(plan.bad_lines[0].line, 2);
    assert!(plan.bad_lines[0].reason.contains("no header"));
    // One id per line, then a stray comma: that line alone is bad.
    let plan = Desk::parse_import("aaa111\nbbb222,ccc333\n");
    assert_eq!(ids(&plan), ["aaa111"]);
    assert_eq!(plan.bad_lines[0].line, 2);
    assert_eq!(plan.bad_lines[0].reason, "expected one id per line");
    assert_eq!(Desk::parse_import("").ids.len(), 0);
}

#[tokio::test]
async fn import_fetches_and_caches_and_reports_unknown_ids() {
    let env = Env::start().await;
    // Checkouts the desk never saw: created straight on the simulator by another tool.
    let client = env.desk.client(&env.scope(Mode::Test)).await.unwrap();
    let mut known = Vec::new();
    for amount in [100, 200, 300] {
        let req = super::support::checkout_request(amount, true);
        let c = client
            .create_checkout(&req, &neuropay::IdempotencyKey::random())
            .await
            .unwrap();
        known.push(c.value.id.to_string());
    }
    let live = env.create(Mode::Live, 999, true).await;
    let text = format!(
        "checkout_id\n{}\n{}\n{}\n{}\n{}\nffffffffffffffffffffffffffffffff\n",
        known[0], known[1], known[0], live.id, known[2]
    );
    let plan = Desk::parse_import(&text);
    assert_eq!(plan.ids.len(), 5);
    assert_eq!(plan.duplicates.len(), 1);

    let (progress, seen) = recorder();
    let scope = env.scope(Mode::Test);
    let report = env
        .desk
        .import(&scope, plan.ids, progress, CancelToken::new())
        .await
        .unwrap();
    assert_eq!((report.requested, report.imported, report.new), (5, 3, 3));
    let failed: Vec<&str> = report.failed.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(failed.len(), 2);
    assert!(
        failed.contains(&live.id.as_str()),
        "a live id is unknown to the test key"
    );
    assert!(failed.contains(&"ffffffffffffffffffffffffffffffff"));
    assert!(report.failed.iter().all(|f| f.1 == "rejected"));
    for id in &known {
        let row = env
            .desk
            .store()
            .get_checkout(&scope.profile, Mode::Test, id)
            .unwrap();
        assert_eq!(row.status, "created");
    }
    assert_eq!(seen.lock().unwrap().last().unwrap().failed, 2);
    let audit = env.audit("import_run").pop().unwrap();
    assert_eq!(
        (
            audit.params["requested"].as_u64(),
            audit.params["failed"].as_u64()
        ),
        (Some(5), Some(2))
    );
}

#[tokio::test]
async fn ids_an_import_could_not_retrieve_stay_queued_for_the_next_sync() {
    let env = Env::start().await;
    let a = env.create(Mode::Test, 100, true).await;
    let b = env.create(Mode::Test, 200, true).await;
    let scope = env.scope(Mode::Test);
    let store = env.desk.store();
    let text = format!("{}\n{}\nffffffffffffffffffffffffffffffff\n", a.id, b.id);

    // The API fails every request: nothing is retrieved, nothing is forgotten.
    env.sb.set_faults(neuropay_sandbox::Faults {
        error_rate: 1.0,
        ..Default::default()
    });
    let report = env
        .desk
        .import(
            &scope,
            Desk::parse_import(&text).ids,
            crate::ops::no_progress(),
            CancelToken::new(),
        )
        .await
        .unwrap();
    assert_eq!((report.imported, report.failed.len()), (0, 3));
    let mut queued = store.queued_import_ids(&scope.profile, Mode::Test).unwrap();
    queued.sort();
    let mut want = vec![a.id.clone(), b.id.clone(), "f".repeat(32)];
    want.sort();
    assert_eq!(queued, want);

    // The next sync retrieves what was left; the id the server does not know leaves the
    // queue as a failure, the others as cached rows.
    env.sb.set_faults(neuropay_sandbox::Faults::default());
    store
        .write(|tx| Ok(tx.execute("DELETE FROM checkouts", [])?))
        .unwrap();
    let sync = env
        .desk
        .sync_open(
            &scope,
            crate::ops::SyncOptions::default(),
            crate::ops::no_progress(),
            CancelToken::new(),
        )
        .await
        .unwrap();
    assert_eq!((sync.checked, sync.failed.len()), (2, 1));
    assert_eq!(sync.failed[0].1, "rejected");
    assert!(store
        .queued_import_ids(&scope.profile, Mode::Test)
        .unwrap()
        .is_empty());
    for id in [&a.id, &b.id] {
        store.get_checkout(&scope.profile, Mode::Test, id).unwrap();
    }
}
