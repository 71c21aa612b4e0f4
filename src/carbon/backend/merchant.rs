//! Carbon merchants: the tenants. The `x-carbon-key` header names one; every customer, account
//! and enrollment belongs to exactly one.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A merchant's identity, credential and webhook settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merchant {
    pub id: Uuid,
    /// Short public name for logs (`sandbox-merchant`); never the key.
    pub slug: String,
    /// The business name; merchant sub-accounts are named after it.
    pub name: String,
    /// The `x-carbon-key` that authenticates as this merchant.
    pub carbon_key: String,
    /// Where events go (`PUT /v1/webhook`).
    #[serde(default)]
    pub webhook_url: Option<String>,
    /// Signs events (`X-Carbon-Baas-Signature`); issued with the first webhook URL.
    #[serde(default)]
    pub webhook_secret: Option<String>,
    /// Also send the sandbox's own `sandbox.*` events, which Carbon does not document.
    #[serde(default)]
    pub invented_events: bool,
}

impl Merchant {
    /// The label logs and the journal use for this tenant: `carbon:<slug>`.
    pub fn tenant_label(&self) -> String {
        format!("carbon:{}", self.slug)
    }
}
