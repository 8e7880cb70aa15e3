//! How a checkout looks in the human output.

use chrono::{DateTime, Local, Utc};
use desk_core::money::format_amount;
use desk_core::{CheckoutDetail, CheckoutEvent, CheckoutRow};

use crate::table::{fields, Align, Table};

/// A timestamp in local time, to the second.
pub fn local_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// The detail view of one checkout, with its timeline when given.
pub fn checkout_text(row: &CheckoutRow, events: Option<&[CheckoutEvent]>) -> String {
    let opt = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".to_owned());
    let mut pairs = vec![
        ("id", row.id.clone()),
        ("identifier", opt(&row.identifier)),
        ("status", row.status.clone()),
        ("amount", row.amount_formatted.clone()),
        ("refunded", row.refunded_formatted.clone()),
        (
            "refundable",
            format_amount(row.remaining_refundable, &row.currency),
        ),
        ("message", opt(&row.message)),
        ("customer", opt(&row.customer_id)),
        ("link", opt(&row.link)),
        ("created", local_time(row.created_at)),
        ("updated", local_time(row.updated_at)),
        ("synced", local_time(row.last_synced_at)),
        ("mode", row.mode.to_string()),
    ];
    let meta: Vec<String> = row
        .metadata
        .iter()
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => format!("{k}={s}"),
            other => format!("{k}:={other}"),
        })
        .collect();
    pairs.push((
        "metadata",
        if meta.is_empty() {
            "-".to_owned()
        } else {
            meta.join("  ")
        },
    ));
    let mut s = fields(&pairs);
    if let Some(events) = events.filter(|e| !e.is_empty()) {
        s.push('\n');
        s.push_str(&events_table(events, &row.currency));
    }
    s
}

/// `checkout show`: the checkout, its refunds, what it allows, any unsettled write, and
/// its timeline.
pub fn detail_text(d: &CheckoutDetail) -> String {
    let mut s = checkout_text(&d.row, None);
    let a = &d.actions;
    let allowed: Vec<&str> = [
        ("capture", &a.capture),
        ("release", &a.release),
        ("refund", &a.refund),
        ("delete", &a.delete),
    ]
    .iter()
    .filter(|(_, why_not)| why_not.is_none())
    .map(|(name, _)| *name)
    .collect();
    s.push_str(&fields(&[(
        "allows",
        if allowed.is_empty() {
            "no writes".to_owned()
        } else {
            allowed.join(", ")
        },
    )]));
    if let Some(j) = &d.unsettled {
        s.push_str(&format!(
            "\nWARNING: a {} write on this checkout is {}: run `npdesk sync` to settle it\n",
            j.operation.as_str(),
            j.state.as_str()
        ));
    }
    if !d.refunds.is_empty() {
        let mut t = Table::new(&[
            ("REFUND", Align::Right),
            ("REASON", Align::Left),
            ("DETAILS", Align::Left),
            ("AT", Align::Left),
        ]);
        for r in &d.refunds {
            t.row(vec![
                format_amount(r.amount, &d.row.currency),
                r.reason.clone().unwrap_or_default(),
                r.details.clone().unwrap_or_default(),
                r.created_at.clone().unwrap_or_default(),
            ]);
        }
        s.push('\n');
        s.push_str(&t.render());
    }
    if !d.events.is_empty() {
        s.push('\n');
        s.push_str(&events_table(&d.events, &d.row.currency));
    }
    s
}

fn events_table(events: &[CheckoutEvent], currency: &str) -> String {
    let mut t = Table::new(&[
        ("AT", Align::Left),
        ("EVENT", Align::Left),
        ("STATUS", Align::Left),
        ("AMOUNT", Align::Right),
        ("BY", Align::Left),
    ]);
    for e in events {
        let status = match (&e.from_status, &e.to_status) {
            (Some(f), Some(to)) => format!("{f} -> {to}"),
            (None, Some(to)) => to.clone(),
            (Some(f), None) => f.clone(),
            (None, None) => String::new(),
        };
        t.row(vec![
            local_time(e.at),
            e.kind.as_str().to_owned(),
            status,
            e.amount
                .map(|a| format_amount(a, currency))
                .unwrap_or_default(),
            e.actor.clone(),
        ]);
    }
    t.render()
}

/// The list view: one line per checkout.
pub fn rows_table(rows: &[CheckoutRow]) -> Table {
    let mut t = Table::new(&[
        ("ID", Align::Left),
        ("IDENTIFIER", Align::Left),
        ("STATUS", Align::Left),
        ("AMOUNT", Align::Right),
        ("REFUNDED", Align::Right),
        ("CREATED", Align::Left),
        ("MESSAGE", Align::Left),
    ]);
    for r in rows {
        t.row(vec![
            r.id.clone(),
            r.identifier.clone().unwrap_or_default(),
            r.status.clone(),
            r.amount_formatted.clone(),
            if r.refunded == 0 {
                String::new()
            } else {
                r.refunded_formatted.clone()
            },
            local_time(r.created_at),
            r.message.as_deref().map(short).unwrap_or_default(),
        ]);
    }
    t
}

/// At most 40 characters, with an ellipsis when cut.
fn short(s: &str) -> String {
    if s.chars().count() <= 40 {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(39).collect();
        out.push('…');
        out
    }
}
