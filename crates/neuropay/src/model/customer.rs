//! Customers, their saved cards, and the reply to a delete.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Map, Value};

use super::tolerant::{self as t, Fields};
use crate::ids::{CardId, CustomerId};
use crate::metadata::Metadata;
use crate::Error;

/// A card a customer saved on the client page.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedCard {
    pub id: Option<CardId>,
    pub brand: Option<String>,
    pub last4: Option<String>,
    /// `MM/YY`, or whatever the server sent.
    pub expiry: Option<String>,
    pub is_default: bool,
    pub extra: Map<String, Value>,
}

/// A customer of the company that owns the key.
#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    pub id: CustomerId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// Where the customer manages saved cards.
    pub client_page: Option<String>,
    pub metadata: Metadata,
    pub saved_cards: Vec<SavedCard>,
    pub created_at: Option<DateTime<Utc>>,
    pub extra: Map<String, Value>,
}

/// The reply to `delete` (`status: "deleted"`) and `delete-customer` (`status: "delete"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deleted {
    pub id: String,
    /// As sent; empty when the reply had none.
    pub status: String,
}

impl SavedCard {
    fn from_json(v: &Value) -> Option<Self> {
        let mut f = Fields::new(v, "saved card").ok()?;
        let expiry = f.take(&["expiry", "exp", "expires"], t::token).or_else(|| {
            let m = f.take(&["exp_month", "expMonth"], t::integer)?;
            let y = f.take(&["exp_year", "expYear"], t::integer)?;
            Some(format!("{m:02}/{:02}", y.rem_euclid(100)))
        });
        Some(SavedCard {
            id: f.take(&["card_id", "id", "cardId"], |v| {
                t::token(v).and_then(|s| CardId::new(s).ok())
            }),
            brand: f.take(&["brand", "type"], t::token),
            last4: f.take(&["last4", "last_4", "last_four", "lastFour"], t::token),
            expiry,
            is_default: f
                .take(&["default", "is_default", "isDefault"], t::boolean)
                .unwrap_or(false),
            extra: f.into_extra(),
        })
    }

    fn to_json(&self) -> Value {
        let mut o = Map::new();
        o.insert(
            "card_id".into(),
            json!(self.id.as_ref().map(CardId::as_str)),
        );
        o.insert("brand".into(), json!(self.brand));
        o.insert("last4".into(), json!(self.last4));
        o.insert("expiry".into(), json!(self.expiry));
        o.insert("default".into(), json!(self.is_default));
        merge_extra(&mut o, &self.extra);
        Value::Object(o)
    }
}

fn merge_extra(o: &mut Map<String, Value>, extra: &Map<String, Value>) {
    for (k, v) in extra {
        if matches!(o.get(k), None | Some(Value::Null)) {
            o.insert(k.clone(), v.clone());
        }
    }
}

impl Customer {
    /// Requires only the id; names and e-mail default to empty when missing.
    pub fn from_json(v: &Value) -> Result<Self, Error> {
        let mut f = Fields::new(v, "customer")?;
        let id = f.require("customer", &["customer_id", "id", "customerId"], |v| {
            t::token(v).and_then(|s| CustomerId::new(s).ok())
        })?;
        Ok(Customer {
            id,
            first_name: f
                .take(&["first_name", "firstName"], t::string)
                .unwrap_or_default(),
            last_name: f
                .take(&["last_name", "lastName"], t::string)
                .unwrap_or_default(),
            email: f.take(&["email"], t::string).unwrap_or_default(),
            client_page: f.take(
                &["client_page", "clientPage", "client_page_url", "client_url"],
                t::token,
            ),
            metadata: f
                .take(&["metaData", "metadata", "meta_data"], t::metadata)
                .unwrap_or_default(),
            saved_cards: f
                .take(&["savedCards", "saved_cards", "cards"], |v| {
                    t::list(v).iter().map(SavedCard::from_json).collect()
                })
                .unwrap_or_default(),
            created_at: f.take(&["created_at", "createdAt", "created"], t::timestamp),
            extra: f.into_extra(),
        })
    }

    /// The simulator's wire shape plus `extra`.
    pub fn to_json(&self) -> Value {
        let mut o = Map::new();
        o.insert("customer_id".into(), json!(self.id.as_str()));
        o.insert("first_name".into(), json!(self.first_name));
        o.insert("last_name".into(), json!(self.last_name));
        o.insert("email".into(), json!(self.email));
        o.insert("client_page".into(), json!(self.client_page));
        // Empty lists may stand for an unreadable value kept in `extra`; let that win.
        if !(self.metadata.is_empty() && self.extra.contains_key("metaData")) {
            o.insert("metaData".into(), self.metadata.to_json());
        }
        if !(self.saved_cards.is_empty() && self.extra.contains_key("savedCards")) {
            o.insert(
                "savedCards".into(),
                Value::Array(self.saved_cards.iter().map(SavedCard::to_json).collect()),
            );
        }
        if let Some(d) = &self.created_at {
            o.insert(
                "created_at".into(),
                json!(d.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
            );
        }
        merge_extra(&mut o, &self.extra);
        Value::Object(o)
    }

    /// The default saved card, if any.
    pub fn default_card(&self) -> Option<&SavedCard> {
        self.saved_cards.iter().find(|c| c.is_default)
    }
}

const DELETED_ID_NAMES: [&str; 4] = ["checkout_id", "customer_id", "cid", "id"];

impl Deleted {
    /// Reads `{"checkout_id"|"customer_id"|"cid"|"id": "...", "status": "..."}`.
    pub fn from_json(v: &Value) -> Result<Self, Error> {
        let mut f = Fields::new(v, "delete")?;
        let id = f.require("delete", &DELETED_ID_NAMES, t::token)?;
        let status = f.take(&["status", "state"], t::string).unwrap_or_default();
        Ok(Deleted { id, status })
    }

    /// Like `from_json`, but a reply without an id is taken to be about `requested_id`
    /// (a bare `{"status": "deleted"}`, or `{}`, still confirms the delete).
    pub fn from_json_or(v: &Value, requested_id: &str) -> Result<Self, Error> {
        let mut f = Fields::new(v, "delete")?;
        let id = f
            .take(&DELETED_ID_NAMES, t::token)
            .unwrap_or_else(|| requested_id.to_owned());
        let status = f.take(&["status", "state"], t::string).unwrap_or_default();
        Ok(Deleted { id, status })
    }
}

impl Serialize for Customer {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Customer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        Customer::from_json(&v).map_err(serde::de::Error::custom)
    }
}
