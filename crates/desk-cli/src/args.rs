//! Parsers for argument values. Each refusal names the option and says what it expects,
//! and all of them run before anything is sent or stored.

use std::collections::BTreeSet;

use chrono::{DateTime, Local, NaiveDate, Utc};
use neuropay::{CheckoutId, Currency, CustomerId, MetaValue, PaymentMethod, RefundReason, Status};

use crate::error::{request_error, CliError};

type Result<T> = std::result::Result<T, CliError>;

/// An amount in minor units: a positive whole number. A decimal point is refused rather
/// than guessed at, since 30.00 and 3000 mean the same and 30 would be a hundredth of it.
pub fn amount(flag: &str, s: &str) -> Result<i64> {
    let t = s.trim();
    if t.contains(['.', ',']) {
        return Err(CliError::invalid(
            flag,
            format!(
                "{t:?} is not a whole number: amounts are in minor units of the currency \
                 (3000 for 30.00 SEK)"
            ),
        ));
    }
    let n: i64 = t.parse().map_err(|_| {
        CliError::invalid(
            flag,
            format!("{t:?} is not a whole number of minor units (3000 for 30.00 SEK)"),
        )
    })?;
    if n <= 0 {
        return Err(CliError::invalid(
            flag,
            format!("must be positive, got {n}"),
        ));
    }
    Ok(n)
}

pub fn currency(flag: &str, s: &str) -> Result<Currency> {
    Currency::parse(s).map_err(|e| renamed(flag, e))
}

pub fn checkout_id(s: &str) -> Result<CheckoutId> {
    CheckoutId::new(s.trim()).map_err(|e| renamed("ID", e))
}

pub fn customer_id(flag: &str, s: &str) -> Result<CustomerId> {
    CustomerId::new(s.trim()).map_err(|e| renamed(flag, e))
}

pub fn card_id(flag: &str, s: &str) -> Result<neuropay::CardId> {
    neuropay::CardId::new(s.trim()).map_err(|e| renamed(flag, e))
}

pub fn refund_reason(s: &str) -> Result<RefundReason> {
    RefundReason::parse(s).map_err(|e| renamed("--reason", e))
}

/// A neuropay refusal reported under the CLI's name for the value.
fn renamed(flag: &str, e: neuropay::Error) -> CliError {
    match e {
        neuropay::Error::InvalidInput { reason, .. } => CliError::invalid(flag, reason),
        other => request_error(other),
    }
}

/// One `--meta` entry: `Some(value)` sets the key, `None` deletes it.
pub type MetaEntry = (String, Option<MetaValue>);

/// `KEY=VALUE` (a string), `KEY:=JSON` (a number, boolean or JSON string) and, when
/// `allow_delete`, `KEY=` (delete the key). A key may appear once.
pub fn meta(items: &[String], allow_delete: bool) -> Result<Vec<MetaEntry>> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let (left, raw) = item.split_once('=').ok_or_else(|| {
            CliError::invalid(
                "--meta",
                format!("{item:?} is not KEY=VALUE (or KEY:=JSON for a number or boolean)"),
            )
        })?;
        let (key, typed) = match left.strip_suffix(':') {
            Some(k) => (k.trim(), true),
            None => (left.trim(), false),
        };
        if key.is_empty() {
            return Err(CliError::invalid(
                "--meta",
                format!("{item:?} has an empty key"),
            ));
        }
        if !seen.insert(key.to_owned()) {
            return Err(CliError::invalid(
                "--meta",
                format!("key {key:?} is given more than once"),
            ));
        }
        let value = if typed {
            Some(json_scalar(key, raw)?)
        } else if raw.is_empty() {
            if !allow_delete {
                return Err(CliError::invalid(
                    "--meta",
                    format!(
                        "{key:?} has no value (an empty value deletes a key, which only \
                         `checkout update` does)"
                    ),
                ));
            }
            None
        } else {
            Some(MetaValue::String(raw.to_owned()))
        };
        out.push((key.to_owned(), value));
    }
    Ok(out)
}

fn json_scalar(key: &str, raw: &str) -> Result<MetaValue> {
    let v: serde_json::Value = serde_json::from_str(raw.trim()).map_err(|_| {
        CliError::invalid(
            "--meta",
            format!("{key}:={raw} is not JSON (use {key}:=3, {key}:=true or {key}=text)"),
        )
    })?;
    match MetaValue::from_json(&v) {
        Some(MetaValue::String(s)) if s.is_empty() => Err(CliError::invalid(
            "--meta",
            format!("{key}:=\"\" would delete the key; write {key}= to delete it"),
        )),
        Some(mv) => Ok(mv),
        None => Err(CliError::invalid(
            "--meta",
            format!("{key}: values must be strings, numbers or booleans"),
        )),
    }
}

/// `card:visa,amex` or `swish`.
pub fn payment_method(s: &str) -> Result<PaymentMethod> {
    let (method, brands) = match s.split_once(':') {
        Some((m, b)) => (m.trim(), Some(b)),
        None => (s.trim(), None),
    };
    let mut pm = PaymentMethod::new(method);
    if let Some(brands) = brands {
        for b in brands.split(',') {
            let b = b.trim();
            if b.is_empty() {
                return Err(CliError::invalid(
                    "--payment-method",
                    format!("{s:?} has an empty brand (write card:visa,amex)"),
                ));
            }
            pm = pm.brand(b);
        }
    }
    pm.validate().map_err(|e| renamed("--payment-method", e))?;
    Ok(pm)
}

/// Where a day-only date falls: its first instant, or the first instant after it (an
/// exclusive end that includes the whole day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayEdge {
    Start,
    EndExclusive,
}

/// `YYYY-MM-DD` (a day in local time) or an RFC 3339 instant.
pub fn date(flag: &str, s: &str, edge: DayEdge) -> Result<DateTime<Utc>> {
    let t = s.trim();
    if let Ok(day) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        let day = match edge {
            DayEdge::Start => day,
            DayEdge::EndExclusive => day
                .succ_opt()
                .ok_or_else(|| CliError::invalid(flag, format!("{t} is out of range")))?,
        };
        let midnight = day
            .and_hms_opt(0, 0, 0)
            .and_then(|naive| naive.and_local_timezone(Local).earliest())
            .ok_or_else(|| CliError::invalid(flag, format!("{t} has no local midnight")))?;
        return Ok(midnight.with_timezone(&Utc));
    }
    DateTime::parse_from_rfc3339(t)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| {
            CliError::invalid(
                flag,
                format!("{t:?} is not YYYY-MM-DD or RFC 3339 (2026-11-21T10:00:00Z)"),
            )
        })
}

/// A documented status, in its wire spelling. Case, `_` and `-` are forgiven
/// (`reserve_released`, `partialrefund`); anything else is refused with the list.
pub fn status(s: &str) -> Result<String> {
    let norm = |x: &str| x.trim().to_ascii_lowercase().replace(['_', '-', ' '], "");
    let wanted = norm(s);
    Status::KNOWN
        .iter()
        .find(|k| norm(k.as_str()) == wanted)
        .map(|k| k.as_str().to_owned())
        .ok_or_else(|| {
            let known: Vec<&str> = Status::KNOWN.iter().map(|k| k.as_str()).collect();
            CliError::invalid(
                "--status",
                format!("{s:?} is not a status; use one of: {}", known.join(", ")),
            )
        })
}

/// A page size between 1 and `max`.
pub fn limit(flag: &str, n: u32, max: u32) -> Result<u32> {
    if n == 0 || n > max {
        return Err(CliError::invalid(
            flag,
            format!("must be between 1 and {max}, got {n}"),
        ));
    }
    Ok(n)
}

/// `--refund-cap`: minor units, or `none` for no cap.
pub fn refund_cap(s: &str) -> Result<Option<i64>> {
    let t = s.trim();
    if t.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    match t.parse::<i64>() {
        Ok(n) if n >= 0 => Ok(Some(n)),
        _ => Err(CliError::invalid(
            "--refund-cap",
            format!("{t:?} is not a whole number of minor units (or none)"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn msg(r: Result<impl std::fmt::Debug>) -> String {
        r.unwrap_err().to_string()
    }

    #[test]
    fn amounts_are_positive_minor_units() {
        assert_eq!(amount("--amount", " 3000 ").unwrap(), 3000);
        assert!(msg(amount("--amount", "30.00")).contains("minor units"));
        assert!(msg(amount("--amount", "30,5")).starts_with("--amount:"));
        assert!(msg(amount("--amount", "0")).contains("positive"));
        assert!(msg(amount("--amount", "-5")).contains("positive"));
        assert!(msg(amount("--amount", "ten")).contains("whole number"));
        assert!(msg(amount("--amount", "99999999999999999999")).contains("whole number"));
    }

    #[test]
    fn currencies_and_ids() {
        assert_eq!(currency("--currency", "sek").unwrap().code(), "SEK");
        assert!(msg(currency("--currency", "XYZ")).starts_with("--currency:"));
        assert!(checkout_id("abc").is_ok());
        assert!(msg(checkout_id("a b")).starts_with("ID:"));
        assert!(msg(customer_id("--customer", "")).starts_with("--customer:"));
        assert_eq!(
            refund_reason("Fraudulent").unwrap(),
            RefundReason::Fraudulent
        );
        assert!(msg(refund_reason("angry")).starts_with("--reason:"));
    }

    #[test]
    fn meta_syntax() {
        let m = meta(
            &[
                "order=1001".into(),
                "n:=3".into(),
                "vip:=true".into(),
                "a:b=c=d".into(),
                "gone=".into(),
            ],
            true,
        )
        .unwrap();
        assert_eq!(m[0], ("order".into(), Some(MetaValue::from("1001"))));
        assert_eq!(m[1], ("n".into(), Some(MetaValue::from(3i64))));
        assert_eq!(m[2], ("vip".into(), Some(MetaValue::Bool(true))));
        assert_eq!(m[3], ("a:b".into(), Some(MetaValue::from("c=d"))));
        assert_eq!(m[4], ("gone".into(), None));
        assert!(msg(meta(&["gone=".into()], false)).contains("only `checkout update`"));
        assert!(msg(meta(&["novalue".into()], true)).contains("KEY=VALUE"));
        assert!(msg(meta(&["=x".into()], true)).contains("empty key"));
        assert!(msg(meta(&["k=1".into(), "k=2".into()], true)).contains("more than once"));
        assert!(msg(meta(&["k:=[1]".into()], true)).contains("strings, numbers or booleans"));
        assert!(msg(meta(&["k:=nope".into()], true)).contains("is not JSON"));
        assert!(msg(meta(&["k:=\"\"".into()], true)).contains("would delete"));
    }

    #[test]
    fn payment_methods() {
        let pm = payment_method("card:visa,amex").unwrap();
        assert_eq!(pm.method, "card");
        assert_eq!(pm.brands, vec!["visa", "amex"]);
        assert!(payment_method("swish").unwrap().brands.is_empty());
        assert!(msg(payment_method("card:visa,,amex")).contains("empty brand"));
        assert!(msg(payment_method("Card")).starts_with("--payment-method:"));
    }

    #[test]
    fn dates_are_days_or_instants() {
        let t = date("--from", "2026-11-21T10:00:00Z", DayEdge::Start).unwrap();
        assert_eq!(t, Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0).unwrap());
        let t = date("--from", "2026-11-21T12:00:00+02:00", DayEdge::Start).unwrap();
        assert_eq!(t, Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0).unwrap());
        let start = date("--from", "2026-11-21", DayEdge::Start).unwrap();
        let end = date("--to", "2026-11-21", DayEdge::EndExclusive).unwrap();
        let local = start.with_timezone(&Local);
        assert_eq!(local.date_naive().to_string(), "2026-11-21");
        assert_eq!(local.time().to_string(), "00:00:00");
        assert_eq!(
            end.with_timezone(&Local).date_naive().to_string(),
            "2026-11-22"
        );
        assert!(msg(date("--to", "21/11/2026", DayEdge::Start)).starts_with("--to:"));
        assert!(msg(date("--to", "2026-02-30", DayEdge::Start)).contains("RFC 3339"));
    }

    #[test]
    fn statuses_use_wire_spelling() {
        assert_eq!(status("paid").unwrap(), "paid");
        assert_eq!(status("reserve_released").unwrap(), "reserve released");
        assert_eq!(status("Reserve Released").unwrap(), "reserve released");
        assert_eq!(status("partialrefund").unwrap(), "partialRefund");
        assert!(msg(status("cancelled")).contains("canceled"));
    }

    #[test]
    fn limits_and_caps() {
        assert_eq!(limit("--limit", 5, 1000).unwrap(), 5);
        assert!(msg(limit("--limit", 0, 1000)).contains("between 1 and 1000"));
        assert!(limit("--limit", 1001, 1000).is_err());
        assert_eq!(refund_cap("none").unwrap(), None);
        assert_eq!(refund_cap("5000").unwrap(), Some(5000));
        assert!(msg(refund_cap("-1")).starts_with("--refund-cap:"));
    }
}
