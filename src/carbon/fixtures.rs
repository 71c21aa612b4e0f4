//! The schema of `fixtures/carbon.yaml`: extra gateway keys, merchants (tenants) with their
//! `x-carbon-key`, and the customers (and their accounts) each starts with. Checked at load:
//! an invalid file stops start-up, naming the file and the problem.
//!
//! ```yaml
//! gateway_keys: [my-gateway-key]     # optional; `baas-consumers` is always accepted
//! merchants:
//!   - id: c4b0a7e2-1d3f-4e5a-9b6c-7d8e9f0a1b01
//!     slug: sandbox-merchant         # log label carbon:<slug>; [a-z0-9-]
//!     name: Sandbox Merchant
//!     carbon_key: sandbox_carbon_key
//!     webhook_url: http://127.0.0.1:9000/hooks   # optional
//!     webhook_secret: whsec_test                  # optional
//!     invented_events: false         # optional; true also sends the sandbox's sandbox.* events
//!     customers:                     # optional; the fields of POST /v1/customers, plus `id`
//!       - id: 1732ca47-42b2-4990-a65d-c369e934eed3
//!         account_number: "6142285181"   # optional: the customer's static account
//!         first_name: Mark
//!         ...
//! ```

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::backend::accounts::{Account, is_account_number};
use super::backend::customers::Customer;
use super::backend::merchant::Merchant;
use super::domain::NewCustomer;
use crate::fixtures::{FixtureSet, Parsed};
use crate::yaml::FileError;

pub const FILE: &str = "carbon.yaml";

/// When pre-seeded records were created, fixed so that responses are reproducible.
const SEEDED_AT: &str = "2026-01-01T00:00:00.000Z";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureFile {
    #[serde(default)]
    gateway_keys: Vec<String>,
    #[serde(default)]
    merchants: Vec<MerchantFixture>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MerchantFixture {
    id: Uuid,
    slug: String,
    name: String,
    carbon_key: String,
    #[serde(default)]
    webhook_url: Option<String>,
    #[serde(default)]
    webhook_secret: Option<String>,
    #[serde(default)]
    invented_events: bool,
    #[serde(default)]
    customers: Vec<Map<String, Value>>,
}

/// A merchant and the records it starts with, checked.
#[derive(Debug, Clone)]
pub struct MerchantSeed {
    pub merchant: Merchant,
    pub customers: Vec<Customer>,
    pub accounts: Vec<Account>,
}

/// Everything Carbon starts with.
#[derive(Debug, Clone, Default)]
pub struct CarbonSeed {
    /// `apikey` values accepted besides `baas-consumers`.
    pub gateway_keys: Vec<String>,
    pub merchants: Vec<MerchantSeed>,
}

/// The uniqueness rules that span the whole file.
#[derive(Default)]
struct Seen {
    merchant_ids: HashSet<Uuid>,
    slugs: HashSet<String>,
    carbon_keys: HashSet<String>,
    customer_ids: HashSet<Uuid>,
    account_numbers: HashSet<String>,
}

impl CarbonSeed {
    /// Reads and checks `carbon.yaml` from `fixtures`.
    pub fn load(fixtures: &FixtureSet) -> Result<Self, FileError> {
        let Parsed { value, file } = fixtures.parse::<FixtureFile>(FILE)?;
        let invalid = |message: String| FileError::whole_file(&file, message);
        if let Some(index) = value.gateway_keys.iter().position(|k| k.trim().is_empty()) {
            return Err(invalid(format!("gateway_keys[{index}] must not be empty")));
        }
        let seeded_at = DateTime::parse_from_rfc3339(SEEDED_AT)
            .map(|t| t.to_utc())
            .map_err(|e| invalid(e.to_string()))?;
        let mut seen = Seen::default();
        let merchants = value
            .merchants
            .into_iter()
            .enumerate()
            .map(|(index, fixture)| {
                seed_merchant(fixture, &mut seen, seeded_at)
                    .map_err(|problem| invalid(format!("merchants[{index}]{problem}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            gateway_keys: value.gateway_keys,
            merchants,
        })
    }
}

fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Checks one merchant; a problem is returned as `<.path>: <message>`.
fn seed_merchant(
    fixture: MerchantFixture,
    seen: &mut Seen,
    seeded_at: DateTime<Utc>,
) -> Result<MerchantSeed, String> {
    if !seen.merchant_ids.insert(fixture.id) {
        return Err(format!(": duplicate merchant id {}", fixture.id));
    }
    if !is_slug(&fixture.slug) {
        return Err(format!(
            ": slug {:?} must be lower-case letters, digits and dashes",
            fixture.slug
        ));
    }
    if !seen.slugs.insert(fixture.slug.clone()) {
        return Err(format!(": duplicate slug {}", fixture.slug));
    }
    if fixture.name.trim().is_empty() || fixture.carbon_key.trim().is_empty() {
        return Err(": name and carbon_key must not be empty".into());
    }
    if !seen.carbon_keys.insert(fixture.carbon_key.clone()) {
        // The key itself stays out of the message: it is a credential.
        return Err(": carbon_key is already used by another merchant".into());
    }
    let mut customers = Vec::new();
    let mut accounts = Vec::new();
    let mut emails = HashSet::new();
    for (n, fields) in fixture.customers.into_iter().enumerate() {
        let at = |problem: String| format!(".customers[{n}]: {problem}");
        let (customer, account_number) = seed_customer(fields, seeded_at).map_err(at)?;
        if !seen.customer_ids.insert(customer.id) {
            return Err(at(format!("duplicate customer id {}", customer.id)));
        }
        if !emails.insert(customer.profile.email.to_lowercase()) {
            return Err(at(format!("duplicate email {}", customer.profile.email)));
        }
        if let Some(number) = account_number {
            if !seen.account_numbers.insert(number.clone()) {
                return Err(at(format!("duplicate account_number {number}")));
            }
            accounts.push(Account::for_customer(&customer, number.into(), seeded_at));
        }
        customers.push(customer);
    }
    Ok(MerchantSeed {
        merchant: Merchant {
            id: fixture.id,
            slug: fixture.slug,
            name: fixture.name,
            carbon_key: fixture.carbon_key,
            webhook_url: fixture.webhook_url,
            webhook_secret: fixture.webhook_secret,
            invented_events: fixture.invented_events,
        },
        customers,
        accounts,
    })
}

/// A pre-seeded customer: the fields of `POST /v1/customers`, validated as a request would be,
/// plus a fixed `id` and an optional `account_number`.
fn seed_customer(
    mut fields: Map<String, Value>,
    seeded_at: DateTime<Utc>,
) -> Result<(Customer, Option<String>), String> {
    let id = match fields.remove("id") {
        Some(Value::String(id)) => Uuid::parse_str(&id).map_err(|e| format!("id: {e}"))?,
        Some(_) => return Err("id must be a UUID string".into()),
        None => return Err("id is required (pre-seeded customers have fixed ids)".into()),
    };
    let account_number = match fields.remove("account_number") {
        None | Some(Value::Null) => None,
        Some(Value::String(number)) if is_account_number(&number) => Some(number),
        Some(other) => {
            return Err(format!(
                "account_number must be a quoted string of 10 digits, not {other}"
            ));
        }
    };
    let profile = NewCustomer::parse(&fields).map_err(|errors| {
        errors
            .into_iter()
            .map(|error| error.msg)
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    Ok((Customer::new(id, profile, seeded_at), account_number))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::FixtureSource;

    #[test]
    fn the_embedded_fixtures_load() {
        let fixtures = FixtureSet::load(&FixtureSource::Embedded).unwrap();
        let seed = CarbonSeed::load(&fixtures).unwrap();
        let keys: Vec<_> = seed
            .merchants
            .iter()
            .map(|m| m.merchant.carbon_key.as_str())
            .collect();
        assert_eq!(keys, ["sandbox_carbon_key", "sandbox_carbon_key_2"]);
        let example: Uuid = "1732ca47-42b2-4990-a65d-c369e934eed3".parse().unwrap();
        let first = &seed.merchants[0];
        assert!(first.customers.iter().any(|c| c.id == example));
        assert!(
            first
                .accounts
                .iter()
                .any(|a| a.owner.as_ref().map(|o| o.id) == Some(example))
        );
    }

    #[test]
    fn customers_are_checked_like_requests() {
        let fields = serde_json::json!({"id": "1732ca47-42b2-4990-a65d-c369e934eed3", "bvn": "1"});
        let problem =
            seed_customer(fields.as_object().cloned().unwrap_or_default(), Utc::now()).unwrap_err();
        assert!(problem.starts_with("first_name is required; "), "{problem}");
        assert!(
            problem.ends_with("BVN must be 11 numbers long"),
            "{problem}"
        );
    }
}
