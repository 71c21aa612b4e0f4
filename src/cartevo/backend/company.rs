//! Cartevo companies: the tenants. Every customer belongs to exactly one.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where a company stands in Know-Your-Business review. Only `APPROVED` companies may create
/// customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum KybStatus {
    None,
    Pending,
    Approved,
    Rejected,
}

impl KybStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            KybStatus::None => "NONE",
            KybStatus::Pending => "PENDING",
            KybStatus::Approved => "APPROVED",
            KybStatus::Rejected => "REJECTED",
        }
    }
}

/// A company's settings and credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Company {
    pub id: Uuid,
    pub name: String,
    pub client_id: String,
    pub client_key: String,
    pub kyb_status: KybStatus,
    /// Where `customer.created` and other events are delivered, if anywhere.
    #[serde(default)]
    pub webhook_url: Option<String>,
    /// Signs deliveries (`X-Cartevo-Signature`) when set.
    #[serde(default)]
    pub webhook_secret: Option<String>,
}

impl Company {
    /// The label logs and the journal use for this tenant (never a secret).
    pub fn tenant_label(&self) -> String {
        format!("cartevo:{}", self.client_id)
    }
}
