use chrono::FixedOffset;
use serde_json::json;

use super::{cid, make_profile, t, temp_store, Fx};
use crate::export::{neutralise, CHECKOUT_COLUMNS};
use crate::{AuditFilter, ListQuery, Mode, SortColumn, SortDirection};

fn read(out: &[u8]) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut r = csv::Reader::from_reader(out);
    let headers = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r.records().map(|r| r.unwrap()).collect();
    (headers, rows)
}

#[test]
fn exports_headers_times_metadata_columns_and_neutralised_cells() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    Fx::new(1)
        .amount(3000)
        .identifier(Some("=cmd|' /C calc'!A0"))
        .message("+1 for the team")
        .meta("order", json!("1001"))
        .meta("vip", json!(true))
        .created(t(10))
        .save(&store, &p, Mode::Test, t(11));
    Fx::new(2)
        .amount(500)
        .currency("JPY")
        .status("paid")
        .message("-2 degrees")
        .meta("note", json!("@x"))
        .meta("delta", json!(-2))
        .meta("tab", json!("\tlead"))
        .created(t(12))
        .save(&store, &p, Mode::Test, t(13));
    Fx::new(3).save(&store, &p, Mode::Live, t(1));

    let mut q = ListQuery::new(p.id.clone(), Mode::Test);
    q.sort = SortColumn::CreatedAt;
    q.direction = SortDirection::Asc;
    q.limit = 1; // paging does not limit an export
    let mut out = Vec::new();
    let cet = FixedOffset::east_opt(3600).unwrap();
    let summary = store.export_checkouts_csv(&q, &mut out, &cet).unwrap();
    assert_eq!(summary.rows, 2, "only the test partition");
    assert_eq!(
        summary.metadata_keys,
        ["delta", "note", "order", "tab", "vip"]
    );

    let (headers, rows) = read(&out);
    let mut want: Vec<String> = CHECKOUT_COLUMNS.iter().map(|s| s.to_string()).collect();
    want.extend(
        ["delta", "note", "order", "tab", "vip"]
            .iter()
            .map(|k| format!("metadata.{k}")),
    );
    assert_eq!(headers, want);
    assert_eq!(
        &headers[..4],
        ["id", "identifier", "status", "amount_minor"]
    );
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();

    let first = &rows[0];
    assert_eq!(&first[col("id")], cid(1));
    assert_eq!(&first[col("identifier")], "'=cmd|' /C calc'!A0");
    assert_eq!(&first[col("message")], "'+1 for the team");
    assert_eq!(&first[col("amount_minor")], "3000");
    assert_eq!(&first[col("amount")], "30.00 SEK");
    assert_eq!(&first[col("refunded_minor")], "0");
    assert_eq!(&first[col("created_at_utc")], "2026-11-01T10:00:00Z");
    assert_eq!(
        &first[col("created_at_local")],
        "2026-11-01 11:00:00 +01:00"
    );
    assert_eq!(&first[col("updated_at_utc")], "2026-11-01T10:00:00Z");
    assert_eq!(
        &first[col("updated_at_local")],
        "2026-11-01 11:00:00 +01:00"
    );
    assert_eq!(&first[col("last_synced_at_utc")], "2026-11-01T11:00:00Z");
    assert_eq!(&first[col("metadata.order")], "1001");
    assert_eq!(&first[col("metadata.vip")], "true");
    assert_eq!(&first[col("metadata.note")], "", "key absent in this row");

    let second = &rows[1];
    assert_eq!(&second[col("amount")], "500 JPY");
    assert_eq!(&second[col("status")], "paid");
    assert_eq!(&second[col("message")], "'-2 degrees");
    assert_eq!(&second[col("metadata.note")], "'@x");
    assert_eq!(&second[col("metadata.delta")], "'-2");
    assert_eq!(&second[col("metadata.tab")], "'\tlead");

    let last = &store.list_audit(&AuditFilter::default()).unwrap()[0];
    assert_eq!(last.action, "checkouts_exported");
    assert_eq!(last.params["rows"], 2);
    assert_eq!(last.mode, Some(Mode::Test));
}

#[test]
fn export_follows_filters_and_sort() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    for n in 1..=5u32 {
        Fx::new(n)
            .amount(i64::from(n) * 100)
            .status(if n % 2 == 0 { "paid" } else { "created" })
            .save(&store, &p, Mode::Test, t(1));
    }
    let mut q = ListQuery::new(p.id.clone(), Mode::Test);
    q.statuses = vec!["created".into()];
    q.sort = SortColumn::Amount;
    q.direction = SortDirection::Desc;
    let mut out = Vec::new();
    store
        .export_checkouts_csv(&q, &mut out, &chrono::Utc)
        .unwrap();
    let (headers, rows) = read(&out);
    assert_eq!(
        headers.len(),
        CHECKOUT_COLUMNS.len(),
        "no metadata, no extra columns"
    );
    let ids: Vec<&str> = rows.iter().map(|r| r.get(0).unwrap()).collect();
    assert_eq!(ids, [cid(5), cid(3), cid(1)]);
    assert_eq!(
        &rows[0][10], "2026-11-01 00:00:00 +00:00",
        "local in the given zone"
    );
}

#[test]
fn neutralise_prefixes_only_formula_starters() {
    for (input, want) in [
        ("=cmd", "'=cmd"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
    ] {
        assert_eq!(neutralise(input), want, "{input:?}");
    }
}
