//! What the control plane (`/__sandbox`) needs from each provider's backend: tenants on demand,
//! reset to the fixtures, and state export/import. Implementing [`ProviderStore`] is all a new
//! provider needs to appear in `/__sandbox/tenants`, `/__sandbox/reset` and `/__sandbox/state`.

use serde_json::{Map, Value};

use crate::sandbox::error::AdminError;

/// A validated import, applied only once every provider has validated its part.
pub trait PreparedImport {
    fn apply(self: Box<Self>);
}

pub trait ProviderStore: Send + Sync {
    /// The provider's name (`cartevo`), which prefixes its tenant labels (`cartevo:…`).
    fn provider(&self) -> &'static str;

    /// Every tenant, described for the control plane (each object carries its `tenant` label).
    fn tenants(&self) -> Vec<Value>;

    /// Creates a tenant from `spec` and describes it, credentials included.
    fn create_tenant(&self, spec: Map<String, Value>) -> Result<Value, AdminError>;

    /// Changes a tenant's settings.
    fn update_tenant(&self, label: &str, patch: Map<String, Value>) -> Result<Value, AdminError>;

    fn delete_tenant(&self, label: &str) -> Result<(), AdminError>;

    /// Back to the fixtures: tenants created since are gone, fixture tenants have their fixture
    /// records again.
    fn reset(&self);

    /// One tenant back to its fixture records (none, for a tenant created at run time).
    fn reset_tenant(&self, label: &str) -> Result<(), AdminError>;

    /// Everything the provider stores, as JSON.
    fn export(&self) -> Value;

    /// Checks an exported document without changing anything; `null` stands for "no tenants".
    fn prepare_import(&self, snapshot: Value) -> Result<Box<dyn PreparedImport + '_>, String>;

    /// Whether a tenant label belongs to this provider.
    fn owns_label(&self, label: &str) -> bool {
        label
            .strip_prefix(self.provider())
            .is_some_and(|rest| rest.starts_with(':'))
    }
}
