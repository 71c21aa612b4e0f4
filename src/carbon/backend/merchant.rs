//! Carbon merchants: the tenants. The `x-carbon-key` header names one; every customer, account
//! and enrollment belongs to exactly one.

use uuid::Uuid;

/// A merchant's identity and credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merchant {
    pub id: Uuid,
    /// Short public name for logs (`sandbox-merchant`); never the key.
    pub slug: String,
    /// The business name; merchant sub-accounts are named after it.
    pub name: String,
    /// The `x-carbon-key` that authenticates as this merchant.
    pub carbon_key: String,
}

impl Merchant {
    /// The label logs and the journal use for this tenant: `carbon:<slug>`.
    pub fn tenant_label(&self) -> String {
        format!("carbon:{}", self.slug)
    }
}
