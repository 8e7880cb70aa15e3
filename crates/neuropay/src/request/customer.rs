//! `create-customer`: the request value and its builder.

use serde::{Deserialize, Serialize};

use super::validate;
use crate::metadata::Metadata;
use crate::Error;

/// A validated new customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CustomerWire")]
pub struct CreateCustomer {
    first_name: String,
    last_name: String,
    email: String,
    #[serde(rename = "metaData", skip_serializing_if = "Option::is_none")]
    metadata: Option<Metadata>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct CustomerWire {
    first_name: String,
    last_name: String,
    email: String,
    #[serde(rename = "metaData", default)]
    metadata: Option<Metadata>,
}

/// Collects customer fields; [`CreateCustomerBuilder::build`] checks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateCustomerBuilder {
    wire: CustomerWire,
}

impl TryFrom<CustomerWire> for CreateCustomer {
    type Error = Error;

    fn try_from(w: CustomerWire) -> Result<Self, Error> {
        let first_name = validate::text(
            "first_name",
            w.first_name.trim(),
            validate::MAX_NAME_CHARS,
            false,
        )?;
        let last_name = validate::text(
            "last_name",
            w.last_name.trim(),
            validate::MAX_NAME_CHARS,
            false,
        )?;
        let email = validate::email("email", &w.email)?;
        if let Some(m) = &w.metadata {
            m.validate()?;
        }
        Ok(CreateCustomer {
            first_name,
            last_name,
            email,
            metadata: w.metadata,
        })
    }
}

impl CreateCustomer {
    #[allow(clippy::new_ret_no_self)]
    pub fn new(
        first_name: impl Into<String>,
        last_name: impl Into<String>,
        email: impl Into<String>,
    ) -> CreateCustomerBuilder {
        CreateCustomerBuilder {
            wire: CustomerWire {
                first_name: first_name.into(),
                last_name: last_name.into(),
                email: email.into(),
                metadata: None,
            },
        }
    }

    pub fn first_name(&self) -> &str {
        &self.first_name
    }
    pub fn last_name(&self) -> &str {
        &self.last_name
    }
    pub fn email(&self) -> &str {
        &self.email
    }
    pub fn metadata(&self) -> Option<&Metadata> {
        self.metadata.as_ref()
    }
}

impl CreateCustomerBuilder {
    pub fn metadata(mut self, m: Metadata) -> Self {
        self.wire.metadata = Some(m);
        self
    }
    pub fn build(self) -> Result<CreateCustomer, Error> {
        CreateCustomer::try_from(self.wire)
    }
}
