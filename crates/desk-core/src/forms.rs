//! What the UI's forms send, and their conversion into validated API requests.
//!
//! The UI holds plain values (amounts already in minor units, metadata as JSON); every rule
//! lives in `neuropay`'s builders, so a form and the CLI refuse exactly the same input and
//! the error names the field at fault.

use std::collections::BTreeMap;

use neuropay::{
    CardId, CheckoutId, CreateCheckout, CreateCustomer, Currency, CustomerId, MetaValue, Metadata,
    PaymentMethod, RefundReason, RefundRequest, UpdateMetadata,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};

/// The create-checkout form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CheckoutForm {
    /// Minor units of `currency` (3000 = 30.00 SEK).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub amount: i64,
    pub currency: String,
    pub message: String,
    pub return_url: String,
    pub return_url_cancel: String,
    pub identifier: Option<String>,
    /// false reserves the funds; a capture or a release follows.
    pub capture: bool,
    pub allow_save_card: bool,
    pub customer_id: Option<String>,
    pub card_id: Option<String>,
    /// Only `iframe` exists.
    pub template: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "Record<string, string | number | boolean>"))]
    pub metadata: BTreeMap<String, Value>,
    pub payment_methods: Vec<PaymentMethodForm>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PaymentMethodForm {
    pub method: String,
    pub brands: Vec<String>,
}

/// The refund dialog. No amount refunds whatever remains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RefundForm {
    pub checkout_id: String,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub amount: Option<i64>,
    /// `duplicate`, `requested_by_customer` or `fraudulent`.
    pub reason: Option<String>,
    pub details: Option<String>,
}

/// The metadata editor's changes: keys to set and keys to delete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MetadataChange {
    pub checkout_id: String,
    #[cfg_attr(feature = "ts", ts(type = "Record<string, string | number | boolean>"))]
    pub set: BTreeMap<String, Value>,
    pub remove: Vec<String>,
}

/// The create-customer form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CustomerForm {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    #[cfg_attr(feature = "ts", ts(type = "Record<string, string | number | boolean>"))]
    pub metadata: BTreeMap<String, Value>,
}

/// A currency the forms offer, with the exponent the UI needs to turn "30.50" into 3050.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CurrencyInfo {
    pub code: String,
    pub name: String,
    pub exponent: u8,
}

/// The currencies offered first in pickers; any other ISO 4217 code is still accepted.
const COMMON_CURRENCIES: &[&str] = &[
    "SEK", "EUR", "USD", "GBP", "NOK", "DKK", "CHF", "PLN", "CZK", "HUF", "ISK", "JPY", "KRW",
    "CAD", "AUD", "NZD", "KWD", "BHD", "JOD", "OMR", "TND",
];

pub fn common_currencies() -> Vec<CurrencyInfo> {
    COMMON_CURRENCIES
        .iter()
        .filter_map(|code| Currency::parse(code).ok())
        .map(|c| CurrencyInfo {
            code: c.code().to_owned(),
            name: c.name().to_owned(),
            exponent: c.exponent(),
        })
        .collect()
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn metadata_from(map: &BTreeMap<String, Value>, field: &str) -> Result<Metadata> {
    let mut md = Metadata::new();
    for (key, value) in map {
        let mv = MetaValue::from_json(value).ok_or_else(|| {
            Error::invalid(
                format!("{field}.{key}"),
                "values must be text, numbers or true/false",
            )
        })?;
        md.insert(key.clone(), mv);
    }
    md.validate()?;
    Ok(md)
}

impl CheckoutForm {
    pub fn to_request(&self) -> Result<CreateCheckout> {
        let mut b = CreateCheckout::builder(
            self.amount,
            self.currency.trim(),
            self.message.trim(),
            self.return_url.trim(),
            self.return_url_cancel.trim(),
        )
        .capture(self.capture)
        .allow_save_card(self.allow_save_card);
        if let Some(identifier) = non_empty(&self.identifier) {
            b = b.identifier(identifier);
        }
        if let Some(customer) = non_empty(&self.customer_id) {
            b = b.customer(CustomerId::new(customer)?);
        }
        if let Some(card) = non_empty(&self.card_id) {
            b = b.card(CardId::new(card)?);
        }
        if let Some(template) = non_empty(&self.template) {
            b = b.template(template);
        }
        if !self.metadata.is_empty() {
            b = b.metadata(metadata_from(&self.metadata, "metaData")?);
        }
        for pm in &self.payment_methods {
            let mut method = PaymentMethod::new(pm.method.trim());
            for brand in &pm.brands {
                method = method.brand(brand.trim());
            }
            b = b.payment_method(method);
        }
        Ok(b.build()?)
    }
}

impl RefundForm {
    pub fn to_request(&self) -> Result<RefundRequest> {
        let mut b = RefundRequest::new(CheckoutId::new(self.checkout_id.trim())?);
        if let Some(amount) = self.amount {
            b = b.amount(amount);
        }
        if let Some(reason) = non_empty(&self.reason) {
            b = b.reason(RefundReason::parse(reason)?);
        }
        if let Some(details) = non_empty(&self.details) {
            b = b.details(details);
        }
        Ok(b.build()?)
    }
}

impl MetadataChange {
    pub fn to_request(&self) -> Result<UpdateMetadata> {
        let mut b = UpdateMetadata::new(CheckoutId::new(self.checkout_id.trim())?);
        for (key, value) in &self.set {
            let mv = MetaValue::from_json(value).ok_or_else(|| {
                Error::invalid(
                    format!("metaData.{key}"),
                    "values must be text, numbers or true/false",
                )
            })?;
            // An empty value means "delete" on the wire; the editor says so explicitly.
            b = if mv.is_empty_string() {
                b.remove(key.clone())
            } else {
                b.set(key.clone(), mv)
            };
        }
        for key in &self.remove {
            b = b.remove(key.clone());
        }
        Ok(b.build()?)
    }
}

impl CustomerForm {
    pub fn to_request(&self) -> Result<CreateCustomer> {
        let mut b = CreateCustomer::new(
            self.first_name.trim(),
            self.last_name.trim(),
            self.email.trim(),
        );
        if !self.metadata.is_empty() {
            b = b.metadata(metadata_from(&self.metadata, "metaData")?);
        }
        Ok(b.build()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn checkout_form() -> CheckoutForm {
        CheckoutForm {
            amount: 3000,
            currency: "sek".into(),
            message: "Order 1001".into(),
            return_url: "https://shop.example/ok".into(),
            return_url_cancel: "https://shop.example/cancel".into(),
            identifier: Some("  ".into()),
            capture: false,
            allow_save_card: true,
            customer_id: None,
            card_id: None,
            template: None,
            metadata: BTreeMap::from([("order".to_owned(), json!("1001"))]),
            payment_methods: vec![PaymentMethodForm {
                method: "card".into(),
                brands: vec!["visa".into()],
            }],
        }
    }

    #[test]
    fn a_valid_checkout_form_becomes_the_wire_request() {
        let req = checkout_form().to_request().expect("valid form");
        assert_eq!(req.amount(), 3000);
        assert_eq!(req.currency().code(), "SEK");
        assert_eq!(req.capture(), Some(false));
        // A blank identifier is "not given", not an empty reference.
        assert_eq!(req.identifier(), None);
        assert_eq!(req.payment_methods().len(), 1);
    }

    type Mutation = Box<dyn Fn(&mut CheckoutForm)>;

    #[test]
    fn each_bad_checkout_field_is_named() {
        let cases: Vec<(Mutation, &str)> = vec![
            (Box::new(|f| f.amount = 0), "amount"),
            (Box::new(|f| f.currency = "XYZ".into()), "currency"),
            (Box::new(|f| f.return_url = "ftp://x".into()), "returnUrl"),
            (Box::new(|f| f.card_id = Some("card1".into())), "card_id"),
            (Box::new(|f| f.template = Some("modal".into())), "template"),
            (
                Box::new(|f| {
                    f.metadata.insert("nested".into(), json!({"a": 1}));
                }),
                "metaData.nested",
            ),
        ];
        for (mutate, field) in cases {
            let mut form = checkout_form();
            mutate(&mut form);
            let err = form.to_request().expect_err(field);
            assert_eq!(err.code(), "invalid_input", "{field}");
            assert_eq!(err.field(), Some(field), "{err}");
        }
    }

    #[test]
    fn refund_form_accepts_the_english_spelling_and_sends_the_api_one() {
        let req = RefundForm {
            checkout_id: "abc123".into(),
            amount: Some(500),
            reason: Some("fraudulent".into()),
            details: Some("chargeback".into()),
        }
        .to_request()
        .expect("valid refund");
        assert_eq!(req.reason().map(|r| r.as_wire()), Some("fraudolent"));
        let bad = RefundForm {
            checkout_id: "abc123".into(),
            amount: Some(-1),
            reason: None,
            details: None,
        };
        assert_eq!(
            bad.to_request().expect_err("negative").field(),
            Some("amount")
        );
    }

    #[test]
    fn metadata_change_turns_empty_values_into_deletions() {
        let req = MetadataChange {
            checkout_id: "abc123".into(),
            set: BTreeMap::from([
                ("order".to_owned(), json!("1002")),
                ("gone".to_owned(), json!("")),
            ]),
            remove: vec!["old".into()],
        }
        .to_request()
        .expect("valid change");
        let removed: Vec<&str> = req.removed_keys().collect();
        assert!(removed.contains(&"gone") && removed.contains(&"old"));
        assert_eq!(
            req.metadata().get("order").and_then(|v| v.as_str()),
            Some("1002")
        );
    }

    #[test]
    fn customer_form_refuses_a_malformed_email() {
        let form = CustomerForm {
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            email: "ada at example".into(),
            metadata: BTreeMap::new(),
        };
        assert_eq!(
            form.to_request().expect_err("bad email").field(),
            Some("email")
        );
    }

    #[test]
    fn common_currencies_carry_their_exponents() {
        let list = common_currencies();
        let exp = |code: &str| list.iter().find(|c| c.code == code).map(|c| c.exponent);
        assert_eq!(exp("SEK"), Some(2));
        assert_eq!(exp("JPY"), Some(0));
        assert_eq!(exp("KWD"), Some(3));
        assert_eq!(list.len(), COMMON_CURRENCIES.len());
    }
}
