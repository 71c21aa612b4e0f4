//! Customer records and the per-company table that holds them. The table's unique indexes
//! (email, identification number) are checked and updated under one lock, so two racing
//! requests can never both create the same customer.

use std::hash::{BuildHasher, Hash};

use chrono::{DateTime, Utc};
use compact_str::CompactString;
use hashbrown::DefaultHashBuilder;
use serde::{Deserialize, Serialize, Serializer};
use uuid::Uuid;

use super::chunked::Chunked;
use super::key_index::KeyIndex;
use crate::cartevo::domain::{IdDocumentType, NewCustomer};
use crate::http::json_writer::{JsonWriter, WriteJson};
use crate::time_format;

/// Upstream KYC state of a customer. Cartevo documents it but shows it in no response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum KycStatus {
    Pending,
    Approved,
    Rejected,
}

/// A stored customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub id: Uuid,
    pub first_name: CompactString,
    pub last_name: CompactString,
    pub email: CompactString,
    pub country: CompactString,
    pub street: CompactString,
    pub city: CompactString,
    pub state: CompactString,
    pub postal_code: CompactString,
    pub country_iso_code: CompactString,
    pub phone_country_code: CompactString,
    pub phone_number: CompactString,
    pub identification_number: CompactString,
    pub id_document_type: IdDocumentType,
    /// Front of the ID: the caller's URL (enroll) or a sandbox-hosted one (upload).
    pub image: CompactString,
    /// Back of the ID, when there is one.
    pub photo: Option<CompactString>,
    #[serde(with = "time_format::millis")]
    pub date_of_birth: DateTime<Utc>,
    pub is_active: bool,
    /// Whether the customer was enrolled with the upstream issuer at creation.
    pub enrolled: bool,
    pub kyc_status: KycStatus,
    #[serde(with = "time_format::millis")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "time_format::millis")]
    pub updated_at: DateTime<Utc>,
}

impl Customer {
    pub fn new(
        details: NewCustomer,
        image: CompactString,
        photo: Option<CompactString>,
        enrolled: bool,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id: crate::ids::random_uuid(),
            first_name: details.first_name,
            last_name: details.last_name,
            email: details.email,
            country: details.country,
            street: details.street,
            city: details.city,
            state: details.state,
            postal_code: details.postal_code,
            country_iso_code: details.country_iso_code,
            phone_country_code: details.country_phone_code,
            phone_number: details.phone_number,
            identification_number: details.identification_number,
            id_document_type: details.id_document_type,
            image,
            photo,
            date_of_birth: details.date_of_birth,
            is_active: true,
            enrolled,
            kyc_status: KycStatus::Pending,
            created_at: now,
            updated_at: now,
        }
    }
}

/// A customer as Cartevo's API renders it (`GET /customers/{id}` field reference): `type` and
/// `number` repeat the document type and identification number.
pub struct CustomerView<'a>(pub &'a Customer);

impl Serialize for CustomerView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct View<'a> {
            id: &'a Uuid,
            first_name: &'a str,
            last_name: &'a str,
            country: &'a str,
            email: &'a str,
            street: &'a str,
            city: &'a str,
            state: &'a str,
            postal_code: &'a str,
            phone_country_code: &'a str,
            phone_number: &'a str,
            identification_number: &'a str,
            #[serde(rename = "type")]
            document_type: &'a str,
            image: &'a str,
            photo: Option<&'a str>,
            number: &'a str,
            #[serde(with = "time_format::millis")]
            date_of_birth: DateTime<Utc>,
            is_active: bool,
            #[serde(with = "time_format::millis")]
            created_at: DateTime<Utc>,
            #[serde(with = "time_format::millis")]
            updated_at: DateTime<Utc>,
        }
        let c = self.0;
        View {
            id: &c.id,
            first_name: &c.first_name,
            last_name: &c.last_name,
            country: &c.country,
            email: &c.email,
            street: &c.street,
            city: &c.city,
            state: &c.state,
            postal_code: &c.postal_code,
            phone_country_code: &c.phone_country_code,
            phone_number: &c.phone_number,
            identification_number: &c.identification_number,
            document_type: c.id_document_type.as_str(),
            image: &c.image,
            photo: c.photo.as_deref(),
            number: &c.identification_number,
            date_of_birth: c.date_of_birth,
            is_active: c.is_active,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
        .serialize(serializer)
    }
}

/// The same shape as the `Serialize` impl above, written directly (the enroll and `GET` by id
/// responses); a test keeps the two byte for byte equal.
impl WriteJson for CustomerView<'_> {
    fn write_json(&self, json: &mut JsonWriter) {
        let c = self.0;
        let mut id = [0; uuid::fmt::Hyphenated::LENGTH];
        json.raw("{\"id\":\"");
        json.raw(c.id.hyphenated().encode_lower(&mut id));
        json.raw("\",\"first_name\":");
        json.string(&c.first_name);
        json.raw(",\"last_name\":");
        json.string(&c.last_name);
        json.raw(",\"country\":");
        json.string(&c.country);
        json.raw(",\"email\":");
        json.string(&c.email);
        json.raw(",\"street\":");
        json.string(&c.street);
        json.raw(",\"city\":");
        json.string(&c.city);
        json.raw(",\"state\":");
        json.string(&c.state);
        json.raw(",\"postal_code\":");
        json.string(&c.postal_code);
        json.raw(",\"phone_country_code\":");
        json.string(&c.phone_country_code);
        json.raw(",\"phone_number\":");
        json.string(&c.phone_number);
        json.raw(",\"identification_number\":");
        json.string(&c.identification_number);
        json.raw(",\"type\":");
        json.string(c.id_document_type.as_str());
        json.raw(",\"image\":");
        json.string(&c.image);
        json.raw(",\"photo\":");
        json.optional_string(c.photo.as_deref());
        json.raw(",\"number\":");
        json.string(&c.identification_number);
        json.raw(",\"date_of_birth\":");
        time_format::with_iso_millis(&c.date_of_birth, |text| json.string(text));
        json.raw(",\"is_active\":");
        json.bool(c.is_active);
        json.raw(",\"created_at\":");
        time_format::with_iso_millis(&c.created_at, |text| json.string(text));
        json.raw(",\"updated_at\":");
        time_format::with_iso_millis(&c.updated_at, |text| json.string(text));
        json.raw("}");
    }

    fn size_hint(&self) -> usize {
        let c = self.0;
        // Keys, punctuation, the id and three timestamps take about 400 bytes.
        400 + [
            &c.first_name,
            &c.last_name,
            &c.country,
            &c.email,
            &c.street,
            &c.city,
            &c.state,
            &c.postal_code,
            &c.phone_country_code,
            &c.phone_number,
            &c.identification_number,
            &c.identification_number,
            &c.image,
        ]
        .iter()
        .map(|text| text.len())
        .sum::<usize>()
            + c.photo.as_ref().map_or(0, |photo| photo.len())
    }
}

/// The list-item shape of `GET /customers`.
pub struct CustomerSummary<'a>(pub &'a Customer);

impl Serialize for CustomerSummary<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Summary<'a> {
            id: &'a Uuid,
            first_name: &'a str,
            last_name: &'a str,
            email: &'a str,
            country: &'a str,
            phone_country_code: &'a str,
            phone_number: &'a str,
            is_active: bool,
            #[serde(with = "time_format::millis")]
            created_at: DateTime<Utc>,
            #[serde(with = "time_format::millis")]
            updated_at: DateTime<Utc>,
        }
        let c = self.0;
        Summary {
            id: &c.id,
            first_name: &c.first_name,
            last_name: &c.last_name,
            email: &c.email,
            country: &c.country,
            phone_country_code: &c.phone_country_code,
            phone_number: &c.phone_number,
            is_active: c.is_active,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
        .serialize(serializer)
    }
}

/// Why a customer could not be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    #[error("email")]
    Email,
    #[error("identification number")]
    IdentificationNumber,
}

/// One company's customers, in creation order, indexed by id, email and identification number.
/// The indexes hold positions into `records` (and 32 bits of each key's hash) rather than copies
/// of the keys, which keeps a million customers within the memory budget; `records` grows by
/// chunks, never moving them.
#[derive(Default)]
pub struct CustomerTable {
    records: Chunked<Customer>,
    by_id: KeyIndex,
    by_email: KeyIndex,
    by_identification: KeyIndex,
    hasher: DefaultHashBuilder,
}

impl CustomerTable {
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    fn hash<K: Hash + ?Sized>(&self, key: &K) -> u64 {
        self.hasher.hash_one(key)
    }

    /// Which unique key `email` / `identification_number` already uses, if any.
    pub fn conflict(&self, email: &str, identification_number: &str) -> Option<Conflict> {
        let records = &self.records;
        if self
            .by_email
            .find(self.hash(email), |i| records[i as usize].email == email)
            .is_some()
        {
            return Some(Conflict::Email);
        }
        self.by_identification
            .find(self.hash(identification_number), |i| {
                records[i as usize].identification_number == identification_number
            })
            .map(|_| Conflict::IdentificationNumber)
    }

    /// Adds `customer` unless its email or identification number is taken.
    pub fn insert(&mut self, customer: Customer) -> Result<&Customer, Conflict> {
        if let Some(conflict) = self.conflict(&customer.email, &customer.identification_number) {
            return Err(conflict);
        }
        let position = u32::try_from(self.records.len()).map_err(|_| Conflict::Email)?;
        let id_hash = self.hash(&customer.id);
        let email_hash = self.hash(customer.email.as_str());
        let identification_hash = self.hash(customer.identification_number.as_str());
        self.records.push(customer);
        self.by_id.insert_unique(id_hash, position);
        self.by_email.insert_unique(email_hash, position);
        self.by_identification
            .insert_unique(identification_hash, position);
        Ok(&self.records[position as usize])
    }

    pub fn get(&self, id: &Uuid) -> Option<&Customer> {
        let records = &self.records;
        self.by_id
            .find(self.hash(id), |i| records[i as usize].id == *id)
            .map(|i| &records[i as usize])
    }

    /// Newest first, `limit` from `offset`.
    pub fn newest_first(&self, offset: usize, limit: usize) -> impl Iterator<Item = &Customer> {
        self.records.newest_first(offset, limit)
    }

    /// Oldest first, as stored (for export).
    pub fn iter(&self) -> impl Iterator<Item = &Customer> {
        self.records.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time_format::midnight_utc;
    use chrono::NaiveDate;

    fn customer(email: &str, identification_number: &str) -> Customer {
        let details = NewCustomer {
            first_name: "John".into(),
            last_name: "Doe".into(),
            email: email.into(),
            country: "Cameroon".into(),
            street: "1 Main Street".into(),
            city: "Yaoundé".into(),
            state: "Centre".into(),
            postal_code: "00237".into(),
            country_iso_code: "CM".into(),
            country_phone_code: "+237".into(),
            phone_number: "600000000".into(),
            identification_number: identification_number.into(),
            id_document_type: IdDocumentType::Nin,
            date_of_birth: midnight_utc(NaiveDate::from_ymd_opt(1990, 1, 15).unwrap()),
        };
        Customer::new(
            details,
            "https://x.test/f.jpg".into(),
            None,
            true,
            Utc::now(),
        )
    }

    #[test]
    fn emails_and_identification_numbers_are_unique() {
        let mut table = CustomerTable::default();
        let first = table.insert(customer("a@example.com", "1")).unwrap().id;
        assert_eq!(
            table.insert(customer("a@example.com", "2")).unwrap_err(),
            Conflict::Email
        );
        assert_eq!(
            table.insert(customer("b@example.com", "1")).unwrap_err(),
            Conflict::IdentificationNumber
        );
        // Emails are compared exactly, as Cartevo stores them as given.
        assert!(table.insert(customer("A@example.com", "3")).is_ok());
        assert_eq!(table.len(), 2);
        assert_eq!(
            table.get(&first).map(|c| c.email.as_str()),
            Some("a@example.com")
        );
    }

    #[test]
    fn the_written_view_is_the_serialised_view() {
        let mut odd = customer("quote\"back\\slash\u{1}@example.com", "ÿ 😀 \n");
        odd.first_name = "María-José".into();
        odd.photo = Some("https://x.test/b.jpg".into());
        odd.is_active = false;
        odd.created_at = DateTime::<Utc>::MAX_UTC;
        for c in [customer("a@example.com", "1"), odd] {
            let mut json = JsonWriter::default();
            CustomerView(&c).write_json(&mut json);
            let written = json.into_bytes();
            assert_eq!(
                String::from_utf8_lossy(&written),
                String::from_utf8_lossy(&serde_json::to_vec(&CustomerView(&c)).unwrap())
            );
        }
    }

    #[test]
    fn listing_is_newest_first() {
        let mut table = CustomerTable::default();
        for n in 0..5 {
            table
                .insert(customer(&format!("{n}@example.com"), &n.to_string()))
                .unwrap();
        }
        let page: Vec<_> = table
            .newest_first(1, 2)
            .map(|c| c.email.to_string())
            .collect();
        assert_eq!(page, ["3@example.com", "2@example.com"]);
    }
}
