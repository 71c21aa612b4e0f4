//! Carbon's part of the control plane: merchants on demand, reset, export and import.
//!
//! ```text
//! POST /__sandbox/tenants {"provider": "carbon", "name": "Acme Lending",
//!                          "webhook_url": "http://127.0.0.1:9000/hooks", "invented_events": true}
//! ```

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::backend::accounts::Account;
use super::backend::customers::Customer;
use super::backend::lending::Enrollment;
use super::backend::merchant::Merchant;
use super::backend::{Books, CarbonBackend, SDK_SANDBOX_GATEWAY_KEY, Tenant};
use crate::control::{
    PreparedImport, ProviderStore, check_webhook_url, parse_spec, present, random_token,
};
use crate::sandbox::error::AdminError;

/// What `POST /__sandbox/tenants` accepts for a Carbon merchant (besides `"provider"`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MerchantSpec {
    name: Option<String>,
    slug: Option<String>,
    carbon_key: Option<String>,
    webhook_url: Option<String>,
    webhook_secret: Option<String>,
    #[serde(default)]
    invented_events: bool,
}

/// What `PATCH /__sandbox/tenants/{tenant}` may change.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MerchantPatch {
    name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    webhook_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    webhook_secret: Option<Option<String>>,
    invented_events: Option<bool>,
}

fn describe(backend: &CarbonBackend, tenant: &Tenant) -> Value {
    let merchant = tenant.merchant();
    let fixture = backend
        .seed()
        .merchants
        .iter()
        .any(|seed| seed.merchant.id == merchant.id);
    let books = tenant.books();
    json!({
        "provider": "carbon",
        "tenant": merchant.tenant_label(),
        "id": merchant.id,
        "name": merchant.name,
        "slug": merchant.slug,
        "apikey": SDK_SANDBOX_GATEWAY_KEY,
        "carbon_key": merchant.carbon_key,
        "webhook_url": merchant.webhook_url,
        "webhook_secret": merchant.webhook_secret,
        "invented_events": merchant.invented_events,
        "customers": books.customers.len(),
        "from_fixtures": fixture,
    })
}

fn unknown(label: &str) -> AdminError {
    AdminError::not_found(format!("no Carbon merchant with tenant label {label:?}"))
}

/// One merchant in an export.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MerchantSnapshot {
    merchant: Merchant,
    customers: Vec<Customer>,
    accounts: Vec<Account>,
    enrollments: Vec<Enrollment>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CarbonSnapshot {
    merchants: Vec<MerchantSnapshot>,
}

struct CarbonImport<'a> {
    backend: &'a CarbonBackend,
    tenants: Vec<Tenant>,
}

impl PreparedImport for CarbonImport<'_> {
    fn apply(self: Box<Self>) {
        self.backend.replace_all(self.tenants);
    }
}

impl ProviderStore for CarbonBackend {
    fn provider(&self) -> &'static str {
        "carbon"
    }

    fn tenants(&self) -> Vec<Value> {
        let mut tenants: Vec<_> = CarbonBackend::tenants(self)
            .iter()
            .map(|tenant| describe(self, tenant))
            .collect();
        tenants.sort_by(|a, b| a["tenant"].as_str().cmp(&b["tenant"].as_str()));
        tenants
    }

    fn create_tenant(&self, spec: Map<String, Value>) -> Result<Value, AdminError> {
        let spec: MerchantSpec = parse_spec(spec)?;
        check_webhook_url(spec.webhook_url.as_deref())?;
        let slug = spec
            .slug
            .unwrap_or_else(|| format!("merchant-{}", random_token(10)));
        if slug.is_empty()
            || !slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(AdminError::bad_request(format!(
                "slug {slug:?} must be lower-case letters, digits and dashes"
            )));
        }
        let existing = CarbonBackend::tenants(self);
        if existing.iter().any(|tenant| tenant.merchant().slug == slug) {
            return Err(AdminError::bad_request(format!("slug {slug:?} is taken")));
        }
        let carbon_key = spec
            .carbon_key
            .unwrap_or_else(|| format!("sk_carbon_sandbox_{}", random_token(24)));
        if existing
            .iter()
            .any(|tenant| tenant.merchant().carbon_key == carbon_key)
        {
            return Err(AdminError::bad_request(
                "carbon_key is already used by another merchant",
            ));
        }
        let webhook_secret = spec
            .webhook_secret
            .or_else(|| spec.webhook_url.as_ref().map(|_| random_token(32)));
        let merchant = Merchant {
            id: crate::ids::random_uuid(),
            slug,
            name: spec.name.unwrap_or_else(|| "Test Merchant".to_owned()),
            carbon_key,
            webhook_url: spec.webhook_url,
            webhook_secret,
            invented_events: spec.invented_events,
        };
        let tenant = self.insert_tenant(Tenant::new(merchant, Books::default()));
        Ok(describe(self, &tenant))
    }

    fn update_tenant(&self, label: &str, patch: Map<String, Value>) -> Result<Value, AdminError> {
        let tenant = self.tenant_by_label(label).ok_or_else(|| unknown(label))?;
        let patch: MerchantPatch = parse_spec(patch)?;
        if let Some(url) = &patch.webhook_url {
            check_webhook_url(url.as_deref())?;
        }
        tenant.update_merchant(|merchant| {
            if let Some(name) = patch.name {
                merchant.name = name;
            }
            if let Some(url) = patch.webhook_url {
                merchant.webhook_url = url;
            }
            if let Some(secret) = patch.webhook_secret {
                merchant.webhook_secret = secret;
            }
            if let Some(invented) = patch.invented_events {
                merchant.invented_events = invented;
            }
        });
        Ok(describe(self, &tenant))
    }

    fn delete_tenant(&self, label: &str) -> Result<(), AdminError> {
        let tenant = self.tenant_by_label(label).ok_or_else(|| unknown(label))?;
        self.remove_tenant(&tenant);
        Ok(())
    }

    fn reset(&self) {
        CarbonBackend::reset(self);
    }

    fn reset_tenant(&self, label: &str) -> Result<(), AdminError> {
        let tenant = self.tenant_by_label(label).ok_or_else(|| unknown(label))?;
        CarbonBackend::reset_tenant(self, &tenant);
        Ok(())
    }

    fn export(&self) -> Value {
        let mut merchants: Vec<MerchantSnapshot> = CarbonBackend::tenants(self)
            .iter()
            .map(|tenant| {
                let books = tenant.books();
                let mut enrollments: Vec<_> = books.enrollments.values().cloned().collect();
                enrollments.sort_by_key(|enrollment| enrollment.enrolled_at);
                MerchantSnapshot {
                    merchant: tenant.merchant(),
                    customers: books.customers.iter().cloned().collect(),
                    accounts: books.accounts.iter().cloned().collect(),
                    enrollments,
                }
            })
            .collect();
        merchants.sort_by(|a, b| a.merchant.slug.cmp(&b.merchant.slug));
        serde_json::to_value(CarbonSnapshot { merchants }).unwrap_or(Value::Null)
    }

    fn prepare_import(&self, snapshot: Value) -> Result<Box<dyn PreparedImport + '_>, String> {
        let snapshot: CarbonSnapshot = if snapshot.is_null() {
            CarbonSnapshot::default()
        } else {
            serde_json::from_value(snapshot).map_err(|e| e.to_string())?
        };
        let mut ids = HashSet::new();
        let mut slugs = HashSet::new();
        let mut keys = HashSet::new();
        let mut account_numbers = HashSet::new();
        let mut tenants = Vec::new();
        for (index, entry) in snapshot.merchants.into_iter().enumerate() {
            let at = format!("merchants[{index}]");
            let merchant = entry.merchant;
            if !ids.insert(merchant.id)
                || !slugs.insert(merchant.slug.clone())
                || !keys.insert(merchant.carbon_key.clone())
            {
                return Err(format!(
                    "{at}: duplicate merchant id, slug or carbon_key ({})",
                    merchant.slug
                ));
            }
            if let Some(number) = entry
                .accounts
                .iter()
                .map(|account| account.account_number.to_string())
                .find(|number| !account_numbers.insert(number.clone()))
            {
                return Err(format!("{at}: account number {number} is used twice"));
            }
            let books = Books::new(entry.customers, entry.accounts, entry.enrollments)
                .map_err(|problem| format!("{at}: {problem}"))?;
            tenants.push(Tenant::new(merchant, books));
        }
        Ok(Box::new(CarbonImport {
            backend: self,
            tenants,
        }))
    }
}
