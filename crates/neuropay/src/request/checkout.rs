//! `create`: the request value and its builder.

use serde::{Deserialize, Serialize};

use super::validate;
use crate::ids::{CardId, CustomerId};
use crate::metadata::Metadata;
use crate::money::Currency;
use crate::payment_method::PaymentMethod;
use crate::Error;

/// The only template the API knows.
pub const TEMPLATE_IFRAME: &str = "iframe";

/// A validated `create` request. Serializes to the exact wire body; deserializing (e.g. from
/// a journal row) validates again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "CreateCheckoutWire")]
pub struct CreateCheckout {
    #[serde(skip_serializing_if = "Option::is_none")]
    identifier: Option<String>,
    amount: i64,
    currency: Currency,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    capture: Option<bool>,
    #[serde(rename = "allowSaveCard", skip_serializing_if = "Option::is_none")]
    allow_save_card: Option<bool>,
    #[serde(rename = "returnUrl")]
    return_url: String,
    #[serde(rename = "returnUrlCancel")]
    return_url_cancel: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_id: Option<CustomerId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    card_id: Option<CardId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    template: Option<String>,
    #[serde(rename = "metaData", skip_serializing_if = "Option::is_none")]
    metadata: Option<Metadata>,
    #[serde(rename = "paymentMethods", skip_serializing_if = "Vec::is_empty")]
    payment_methods: Vec<PaymentMethod>,
}

/// Collects `create` fields; [`CreateCheckoutBuilder::build`] checks them all.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateCheckoutBuilder {
    wire: CreateCheckoutWire,
}

/// The unchecked shape, used by the builder and for deserializing.
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct CreateCheckoutWire {
    #[serde(default)]
    identifier: Option<String>,
    amount: i64,
    currency: String,
    message: String,
    #[serde(default)]
    capture: Option<bool>,
    #[serde(rename = "allowSaveCard", default)]
    allow_save_card: Option<bool>,
    #[serde(rename = "returnUrl")]
    return_url: String,
    #[serde(rename = "returnUrlCancel")]
    return_url_cancel: String,
    #[serde(default)]
    customer_id: Option<String>,
    #[serde(default)]
    card_id: Option<String>,
    #[serde(default)]
    template: Option<String>,
    #[serde(rename = "metaData", default)]
    metadata: Option<Metadata>,
    #[serde(rename = "paymentMethods", default)]
    payment_methods: Vec<PaymentMethod>,
}

impl TryFrom<CreateCheckoutWire> for CreateCheckout {
    type Error = Error;

    fn try_from(w: CreateCheckoutWire) -> Result<Self, Error> {
        let amount = validate::amount("amount", w.amount)?;
        let currency = Currency::parse(&w.currency)?;
        let message = validate::text("message", &w.message, validate::MAX_MESSAGE_CHARS, true)?;
        let return_url = validate::url("returnUrl", &w.return_url)?;
        let return_url_cancel = validate::url("returnUrlCancel", &w.return_url_cancel)?;
        let identifier = w
            .identifier
            .map(|s| validate::text("identifier", &s, validate::MAX_IDENTIFIER_CHARS, false))
            .transpose()?;
        let customer_id = w.customer_id.map(CustomerId::new).transpose()?;
        let card_id = w.card_id.map(CardId::new).transpose()?;
        if card_id.is_some() && customer_id.is_none() {
            return Err(Error::invalid(
                "card_id",
                "requires customer_id: a saved card belongs to a customer",
            ));
        }
        if let Some(t) = &w.template {
            if t != TEMPLATE_IFRAME {
                return Err(Error::invalid(
                    "template",
                    format!("must be \"{TEMPLATE_IFRAME}\", the only template the API knows"),
                ));
            }
        }
        if let Some(m) = &w.metadata {
            m.validate()?;
        }
        for pm in &w.payment_methods {
            pm.validate()?;
        }
        Ok(CreateCheckout {
            identifier,
            amount,
            currency,
            message,
            capture: w.capture,
            allow_save_card: w.allow_save_card,
            return_url,
            return_url_cancel,
            customer_id,
            card_id,
            template: w.template,
            metadata: w.metadata,
            payment_methods: w.payment_methods,
        })
    }
}

impl CreateCheckout {
    /// The required fields; the optional ones follow on the builder.
    pub fn builder(
        amount: i64,
        currency: impl AsRef<str>,
        message: impl Into<String>,
        return_url: impl AsRef<str>,
        return_url_cancel: impl AsRef<str>,
    ) -> CreateCheckoutBuilder {
        CreateCheckoutBuilder {
            wire: CreateCheckoutWire {
                identifier: None,
                amount,
                currency: currency.as_ref().to_owned(),
                message: message.into(),
                capture: None,
                allow_save_card: None,
                return_url: return_url.as_ref().to_owned(),
                return_url_cancel: return_url_cancel.as_ref().to_owned(),
                customer_id: None,
                card_id: None,
                template: None,
                metadata: None,
                payment_methods: Vec::new(),
            },
        }
    }

    pub fn amount(&self) -> i64 {
        self.amount
    }
    pub fn currency(&self) -> &Currency {
        &self.currency
    }
    pub fn message(&self) -> &str {
        &self.message
    }
    pub fn identifier(&self) -> Option<&str> {
        self.identifier.as_deref()
    }
    /// `None` means not sent (the API defaults to `true`).
    pub fn capture(&self) -> Option<bool> {
        self.capture
    }
    /// `None` means not sent (the API defaults to `true`).
    pub fn allow_save_card(&self) -> Option<bool> {
        self.allow_save_card
    }
    pub fn return_url(&self) -> &str {
        &self.return_url
    }
    pub fn return_url_cancel(&self) -> &str {
        &self.return_url_cancel
    }
    pub fn customer_id(&self) -> Option<&CustomerId> {
        self.customer_id.as_ref()
    }
    pub fn card_id(&self) -> Option<&CardId> {
        self.card_id.as_ref()
    }
    pub fn template(&self) -> Option<&str> {
        self.template.as_deref()
    }
    pub fn metadata(&self) -> Option<&Metadata> {
        self.metadata.as_ref()
    }
    pub fn payment_methods(&self) -> &[PaymentMethod] {
        &self.payment_methods
    }
}

impl CreateCheckoutBuilder {
    /// The merchant's own reference.
    pub fn identifier(mut self, s: impl Into<String>) -> Self {
        self.wire.identifier = Some(s.into());
        self
    }
    /// `false` reserves the funds; a `capture` or a `refund` follows.
    pub fn capture(mut self, capture: bool) -> Self {
        self.wire.capture = Some(capture);
        self
    }
    pub fn allow_save_card(mut self, allow: bool) -> Self {
        self.wire.allow_save_card = Some(allow);
        self
    }
    pub fn customer(mut self, id: CustomerId) -> Self {
        self.wire.customer_id = Some(id.into_string());
        self
    }
    /// Charges a saved card; needs [`CreateCheckoutBuilder::customer`] too.
    pub fn card(mut self, id: CardId) -> Self {
        self.wire.card_id = Some(id.into_string());
        self
    }
    /// Only `"iframe"` is accepted.
    pub fn template(mut self, t: impl Into<String>) -> Self {
        self.wire.template = Some(t.into());
        self
    }
    pub fn metadata(mut self, m: Metadata) -> Self {
        self.wire.metadata = Some(m);
        self
    }
    pub fn payment_method(mut self, pm: PaymentMethod) -> Self {
        self.wire.payment_methods.push(pm);
        self
    }
    pub fn payment_methods(mut self, pms: impl IntoIterator<Item = PaymentMethod>) -> Self {
        self.wire.payment_methods.extend(pms);
        self
    }
    /// Checks every field; the first problem found is reported, naming the wire field.
    pub fn build(self) -> Result<CreateCheckout, Error> {
        CreateCheckout::try_from(self.wire)
    }
}
