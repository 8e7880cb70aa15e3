//! Properties over many generated values: status strings, money formatting, and the
//! checkout round trip.

use neuropay::{format_minor, Checkout, Currency, MetaValue, Metadata, Status};
use proptest::prelude::*;
use serde_json::json;

proptest! {
    #[test]
    fn any_status_string_is_kept_and_round_trips(s in ".{0,40}") {
        let st = Status::parse(&s);
        prop_assert_eq!(Status::parse(st.as_str()), st.clone());
        if !st.is_known() {
            prop_assert_eq!(st.as_str(), s.as_str());
        }
    }

    #[test]
    fn format_minor_loses_no_digits(amount in any::<i64>(), code in prop::sample::select(vec!["SEK", "JPY", "KWD", "EUR", "CLF"])) {
        let cur = Currency::parse(code).unwrap();
        let text = format_minor(amount, &cur);
        let number = text.strip_suffix(&format!(" {code}")).unwrap();
        let digits: String = number.chars().filter(|c| *c != '.').collect();
        prop_assert_eq!(digits.parse::<i128>().unwrap(), i128::from(amount));
        let decimals = number.split_once('.').map_or(0, |(_, d)| d.len());
        prop_assert_eq!(decimals, usize::from(cur.exponent()));
    }

    #[test]
    fn checkout_round_trips(
        amount in 1i64..1_000_000_000,
        refunded in 0i64..1_000_000,
        as_string in any::<bool>(),
        status in prop::sample::select(vec!["created", "paid", "partialRefund", "reserve released", "weird"]),
        meta in prop::collection::btree_map("[a-z]{1,8}", "[ -~]{0,12}", 0..6),
        ts in 0i64..4_000_000_000,
    ) {
        let amount_json = if as_string { json!(amount.to_string()) } else { json!(amount) };
        let v = json!({
            "cid": "abc", "status": status, "amount": amount_json, "currency": "SEK",
            "refunded_amount": refunded, "created_at": ts,
            "metaData": meta.iter().map(|(k, v)| json!({"key": k, "value": v})).collect::<Vec<_>>(),
            "unknownField": [1, "two"]
        });
        let c = Checkout::from_json(&v).unwrap();
        prop_assert_eq!(c.amount, amount);
        prop_assert_eq!(c.refunded_amount, refunded);
        prop_assert_eq!(c.created_at.unwrap().timestamp(), ts);
        let want: Metadata = meta.into_iter().map(|(k, v)| (k, MetaValue::String(v))).collect();
        prop_assert_eq!(&c.metadata, &want);
        prop_assert_eq!(Checkout::from_json(&c.to_json()).unwrap(), c);
    }
}
