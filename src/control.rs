//! What the control plane (`/__sandbox`) needs from each provider's backend: tenants on demand,
//! reset to the fixtures, and state export/import. Implementing [`ProviderStore`] is all a new
//! provider needs to appear in `/__sandbox/tenants`, `/__sandbox/reset` and `/__sandbox/state`.

use rand::Rng;
use rand::distr::Alphanumeric;
use serde::Deserialize;
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

/// Parses a tenant spec or patch, reporting unknown or mistyped fields as a 400.
pub fn parse_spec<T: serde::de::DeserializeOwned>(
    object: Map<String, Value>,
) -> Result<T, AdminError> {
    serde_json::from_value(Value::Object(object))
        .map_err(|e| AdminError::bad_request(e.to_string()))
}

/// For patch fields: tells "absent" (`None`) from "set to null" (`Some(None)`). Use with
/// `#[serde(default, deserialize_with = "present")]`.
pub fn present<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

/// A random lower-case alphanumeric string, for generated credentials.
pub fn random_token(length: usize) -> String {
    rand::rng()
        .sample_iter(Alphanumeric)
        .take(length)
        .map(|b| char::from(b).to_ascii_lowercase())
        .collect()
}

/// A webhook URL must be absolute http(s); webhooks go nowhere else.
pub fn check_webhook_url(url: Option<&str>) -> Result<(), AdminError> {
    let Some(text) = url else {
        return Ok(());
    };
    match url::Url::parse(text) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => Ok(()),
        _ => Err(AdminError::bad_request(format!(
            "webhook_url {text:?} must be an absolute http:// or https:// URL"
        ))),
    }
}
