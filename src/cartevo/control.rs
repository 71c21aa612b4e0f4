//! Cartevo's part of the control plane: companies on demand, reset, export and import.
//!
//! ```text
//! POST /__sandbox/tenants {"provider": "cartevo", "name": "Acme", "kyb_status": "APPROVED",
//!                          "webhook_url": "http://127.0.0.1:9000/hooks", "webhook_secret": "whsec_1"}
//! ```

use std::collections::HashSet;

use actix_web::web::Bytes;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::backend::company::{Company, KybStatus};
use super::backend::customers::Customer;
use super::backend::{CartevoBackend, Document, Tenant};
use crate::control::{
    PreparedImport, ProviderStore, check_webhook_url, parse_spec, present, random_token,
};
use crate::sandbox::error::AdminError;

/// What `POST /__sandbox/tenants` accepts for a Cartevo company (besides `"provider"`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CompanySpec {
    name: Option<String>,
    kyb_status: Option<KybStatus>,
    client_key: Option<String>,
    webhook_url: Option<String>,
    webhook_secret: Option<String>,
}

/// What `PATCH /__sandbox/tenants/{tenant}` may change.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CompanyPatch {
    name: Option<String>,
    kyb_status: Option<KybStatus>,
    client_key: Option<String>,
    #[serde(default, deserialize_with = "present")]
    webhook_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    webhook_secret: Option<Option<String>>,
}

fn describe(backend: &CartevoBackend, tenant: &Tenant) -> Value {
    let company = tenant.company();
    let fixture = backend
        .seed()
        .companies
        .iter()
        .any(|seed| seed.company.id == company.id);
    json!({
        "provider": "cartevo",
        "tenant": company.tenant_label(),
        "id": company.id,
        "name": company.name,
        "kyb_status": company.kyb_status,
        "client_id": company.client_id,
        "client_key": company.client_key,
        "webhook_url": company.webhook_url,
        "webhook_secret": company.webhook_secret,
        "customers": tenant.customers().len(),
        "from_fixtures": fixture,
    })
}

fn unknown(label: &str) -> AdminError {
    AdminError::not_found(format!("no Cartevo company with tenant label {label:?}"))
}

/// One company in an export.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CompanySnapshot {
    company: Company,
    customers: Vec<Customer>,
    #[serde(default)]
    documents: Vec<DocumentSnapshot>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentSnapshot {
    id: Uuid,
    file_name: String,
    content_type: String,
    /// The bytes, base64.
    data: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CartevoSnapshot {
    companies: Vec<CompanySnapshot>,
}

struct CartevoImport<'a> {
    backend: &'a CartevoBackend,
    tenants: Vec<Tenant>,
    documents: Vec<(Uuid, Document)>,
}

impl PreparedImport for CartevoImport<'_> {
    fn apply(self: Box<Self>) {
        self.backend.replace_all(self.tenants, self.documents);
    }
}

impl ProviderStore for CartevoBackend {
    fn provider(&self) -> &'static str {
        "cartevo"
    }

    fn tenants(&self) -> Vec<Value> {
        let mut tenants: Vec<_> = CartevoBackend::tenants(self)
            .iter()
            .map(|tenant| describe(self, tenant))
            .collect();
        tenants.sort_by(|a, b| a["tenant"].as_str().cmp(&b["tenant"].as_str()));
        tenants
    }

    fn create_tenant(&self, spec: Map<String, Value>) -> Result<Value, AdminError> {
        let spec: CompanySpec = parse_spec(spec)?;
        check_webhook_url(spec.webhook_url.as_deref())?;
        let company = Company {
            id: crate::ids::random_uuid(),
            name: spec.name.unwrap_or_else(|| "Test Company".to_owned()),
            client_id: format!("client_{}", random_token(16)),
            client_key: spec
                .client_key
                .unwrap_or_else(|| format!("sk_sandbox_{}", random_token(32))),
            kyb_status: spec.kyb_status.unwrap_or(KybStatus::Approved),
            webhook_url: spec.webhook_url,
            webhook_secret: spec.webhook_secret,
        };
        let tenant = Tenant::new(company, [])
            .map_err(|_| AdminError::bad_request("a new company cannot conflict"))?;
        let tenant = self.insert_tenant(tenant);
        Ok(describe(self, &tenant))
    }

    fn update_tenant(&self, label: &str, patch: Map<String, Value>) -> Result<Value, AdminError> {
        let tenant = self.tenant_by_label(label).ok_or_else(|| unknown(label))?;
        let patch: CompanyPatch = parse_spec(patch)?;
        if let Some(url) = &patch.webhook_url {
            check_webhook_url(url.as_deref())?;
        }
        tenant.update_company(|company| {
            if let Some(name) = patch.name {
                company.name = name;
            }
            if let Some(status) = patch.kyb_status {
                company.kyb_status = status;
            }
            if let Some(key) = patch.client_key {
                company.client_key = key;
            }
            if let Some(url) = patch.webhook_url {
                company.webhook_url = url;
            }
            if let Some(secret) = patch.webhook_secret {
                company.webhook_secret = secret;
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
        CartevoBackend::reset(self);
    }

    fn reset_tenant(&self, label: &str) -> Result<(), AdminError> {
        let tenant = self.tenant_by_label(label).ok_or_else(|| unknown(label))?;
        CartevoBackend::reset_tenant(self, &tenant);
        Ok(())
    }

    fn export(&self) -> Value {
        let documents = self.documents();
        let mut companies: Vec<CompanySnapshot> = CartevoBackend::tenants(self)
            .iter()
            .map(|tenant| {
                let company = tenant.company();
                CompanySnapshot {
                    customers: tenant.customers().iter().cloned().collect(),
                    documents: documents
                        .iter()
                        .filter(|(_, document)| document.company_id == company.id)
                        .map(|(id, document)| DocumentSnapshot {
                            id: *id,
                            file_name: document.file_name.clone(),
                            content_type: document.content_type.clone(),
                            data: BASE64.encode(&document.bytes),
                        })
                        .collect(),
                    company,
                }
            })
            .collect();
        companies.sort_by(|a, b| a.company.client_id.cmp(&b.company.client_id));
        serde_json::to_value(CartevoSnapshot { companies }).unwrap_or(Value::Null)
    }

    fn prepare_import(&self, snapshot: Value) -> Result<Box<dyn PreparedImport + '_>, String> {
        let snapshot: CartevoSnapshot = if snapshot.is_null() {
            CartevoSnapshot {
                companies: Vec::new(),
            }
        } else {
            serde_json::from_value(snapshot).map_err(|e| e.to_string())?
        };
        let mut ids = HashSet::new();
        let mut client_ids = HashSet::new();
        let mut tenants = Vec::new();
        let mut documents = Vec::new();
        for (index, entry) in snapshot.companies.into_iter().enumerate() {
            let at = format!("companies[{index}]");
            let company = entry.company;
            if !ids.insert(company.id) || !client_ids.insert(company.client_id.clone()) {
                return Err(format!(
                    "{at}: duplicate company id or client_id {}",
                    company.client_id
                ));
            }
            if !company.client_id.starts_with("client_") {
                return Err(format!("{at}: client_id must begin with client_"));
            }
            for document in entry.documents {
                let bytes = BASE64
                    .decode(&document.data)
                    .map_err(|e| format!("{at}: document {}: {e}", document.id))?;
                documents.push((
                    document.id,
                    Document {
                        company_id: company.id,
                        file_name: document.file_name,
                        content_type: document.content_type,
                        bytes: Bytes::from(bytes),
                    },
                ));
            }
            let tenant = Tenant::new(company, entry.customers)
                .map_err(|conflict| format!("{at}: two customers share an {conflict}"))?;
            tenants.push(tenant);
        }
        Ok(Box::new(CartevoImport {
            backend: self,
            tenants,
            documents,
        }))
    }
}
