//! `update`: merge metadata keys into a checkout; an empty value deletes a key.

use serde::{Deserialize, Serialize};

use crate::ids::CheckoutId;
use crate::metadata::{MetaValue, Metadata};
use crate::Error;

/// A validated metadata update (at least one key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "UpdateWire")]
pub struct UpdateMetadata {
    checkout_id: CheckoutId,
    #[serde(rename = "metaData")]
    metadata: Metadata,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct UpdateWire {
    checkout_id: CheckoutId,
    #[serde(rename = "metaData")]
    metadata: Metadata,
}

/// Collects keys to set or remove; the last call for a key wins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateMetadataBuilder {
    wire: UpdateWire,
}

impl TryFrom<UpdateWire> for UpdateMetadata {
    type Error = Error;

    fn try_from(w: UpdateWire) -> Result<Self, Error> {
        if w.metadata.is_empty() {
            return Err(Error::invalid(
                "metaData",
                "an update needs at least one key to set or remove",
            ));
        }
        w.metadata.validate()?;
        Ok(UpdateMetadata {
            checkout_id: w.checkout_id,
            metadata: w.metadata,
        })
    }
}

impl UpdateMetadata {
    #[allow(clippy::new_ret_no_self)]
    pub fn new(checkout_id: CheckoutId) -> UpdateMetadataBuilder {
        UpdateMetadataBuilder {
            wire: UpdateWire {
                checkout_id,
                metadata: Metadata::new(),
            },
        }
    }

    pub fn checkout_id(&self) -> &CheckoutId {
        &self.checkout_id
    }

    /// The keys as sent: an empty string value means "remove".
    pub fn metadata(&self) -> &Metadata {
        &self.metadata
    }

    /// Keys this update removes.
    pub fn removed_keys(&self) -> impl Iterator<Item = &str> {
        self.metadata
            .iter()
            .filter(|(_, v)| v.is_empty_string())
            .map(|(k, _)| k.as_str())
    }
}

impl UpdateMetadataBuilder {
    pub fn set(mut self, key: impl Into<String>, value: impl Into<MetaValue>) -> Self {
        self.wire.metadata.insert(key, value);
        self
    }
    /// Sent as the empty string, which the API reads as "delete this key".
    pub fn remove(mut self, key: impl Into<String>) -> Self {
        self.wire
            .metadata
            .insert(key, MetaValue::String(String::new()));
        self
    }
    pub fn build(self) -> Result<UpdateMetadata, Error> {
        UpdateMetadata::try_from(self.wire)
    }
}
