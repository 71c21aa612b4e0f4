//! The schema of `fixtures/cartevo.yaml`: companies (tenants), their credentials and KYB status,
//! and customers they start with.
//!
//! ```yaml
//! companies:
//!   - id: 5a3f0c8e-2b7d-4c1e-9f60-8d2a4b6c0e11
//!     name: Sandbox Company
//!     client_id: client_sandbox
//!     client_key: sandbox_secret
//!     kyb_status: APPROVED          # NONE | PENDING | APPROVED | REJECTED
//!     webhook_url: http://127.0.0.1:9000/hooks   # optional
//!     webhook_secret: whsec_test                  # optional
//!     customers:                    # optional; the fields of POST /customers/enroll, plus `id`
//!       - id: 0f8e5d2c-...
//!         first_name: Ada
//!         ...
//! ```

use std::collections::HashSet;

use serde::Deserialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::backend::company::{Company, KybStatus};
use super::backend::customers::Customer;
use super::domain::{ENROLL_FIELDS, NewCustomer};
use crate::fixtures::{FixtureSet, Parsed};
use crate::http::json_fields::JsonFields;
use crate::yaml::FileError;

pub const FILE: &str = "cartevo.yaml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureFile {
    #[serde(default)]
    companies: Vec<CompanyFixture>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CompanyFixture {
    id: Uuid,
    name: String,
    client_id: String,
    client_key: String,
    kyb_status: KybStatus,
    #[serde(default)]
    webhook_url: Option<String>,
    #[serde(default)]
    webhook_secret: Option<String>,
    #[serde(default)]
    customers: Vec<Map<String, Value>>,
}

/// A company and the customers it starts with, checked.
#[derive(Debug, Clone)]
pub struct CompanySeed {
    pub company: Company,
    pub customers: Vec<Customer>,
}

/// Everything Cartevo starts with (and returns to on reset).
#[derive(Debug, Clone, Default)]
pub struct CartevoSeed {
    pub companies: Vec<CompanySeed>,
}

impl CartevoSeed {
    /// Reads and checks `cartevo.yaml` from `fixtures`.
    pub fn load(fixtures: &FixtureSet) -> Result<Self, FileError> {
        let Parsed { value, file } = fixtures.parse::<FixtureFile>(FILE)?;
        let invalid = |message: String| FileError::whole_file(&file, message);
        let mut ids = HashSet::new();
        let mut client_ids = HashSet::new();
        let mut companies = Vec::new();
        for (index, fixture) in value.companies.into_iter().enumerate() {
            let at = format!("companies[{index}]");
            if !ids.insert(fixture.id) {
                return Err(invalid(format!(
                    "{at}: duplicate company id {}",
                    fixture.id
                )));
            }
            if !fixture.client_id.starts_with("client_") {
                return Err(invalid(format!(
                    "{at}: client_id {:?} must begin with client_",
                    fixture.client_id
                )));
            }
            if !client_ids.insert(fixture.client_id.clone()) {
                return Err(invalid(format!(
                    "{at}: duplicate client_id {}",
                    fixture.client_id
                )));
            }
            if fixture.client_key.is_empty() || fixture.name.is_empty() {
                return Err(invalid(format!(
                    "{at}: name and client_key must not be empty"
                )));
            }
            let customers = fixture
                .customers
                .into_iter()
                .enumerate()
                .map(|(n, fields)| {
                    seed_customer(fields)
                        .map_err(|problem| invalid(format!("{at}.customers[{n}]: {problem}")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            companies.push(CompanySeed {
                company: Company {
                    id: fixture.id,
                    name: fixture.name,
                    client_id: fixture.client_id,
                    client_key: fixture.client_key,
                    kyb_status: fixture.kyb_status,
                    webhook_url: fixture.webhook_url,
                    webhook_secret: fixture.webhook_secret,
                },
                customers,
            });
        }
        Ok(Self { companies })
    }
}

/// A pre-seeded customer: the enroll fields, validated as a request would be, plus a fixed `id`.
fn seed_customer(mut fields: Map<String, Value>) -> Result<Customer, String> {
    let id = match fields.remove("id") {
        Some(Value::String(id)) => Uuid::parse_str(&id).map_err(|e| format!("id: {e}"))?,
        Some(_) => return Err("id must be a UUID string".into()),
        None => crate::ids::random_uuid(),
    };
    let (details, urls) =
        NewCustomer::parse_enrollment(&JsonFields::from_map(&fields, &ENROLL_FIELDS))
            .map_err(|m| m.join("; "))?;
    let created_at = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00.000Z")
        .map(|t| t.to_utc())
        .map_err(|e| e.to_string())?;
    let mut customer = Customer::new(
        details,
        urls.front.into_text(),
        Some(urls.back.into_text()),
        true,
        created_at,
    );
    customer.id = id;
    Ok(customer)
}
