//! Customer records and the per-merchant book that holds them. Emails are unique within a
//! merchant (compared case-insensitively); the book is only ever used under the merchant's
//! lock, so the duplicate check and the insert are one step.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::carbon::domain::{Gender, NewCustomer};
use crate::time_format;

/// A stored customer. Carbon has no update or delete endpoint, so records never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub id: Uuid,
    pub profile: NewCustomer,
    #[serde(with = "time_format::millis")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "time_format::millis")]
    pub updated_at: DateTime<Utc>,
}

impl Customer {
    pub fn new(id: Uuid, profile: NewCustomer, now: DateTime<Utc>) -> Self {
        Self {
            id,
            profile,
            created_at: now,
            updated_at: now,
        }
    }

    pub fn is_business(&self) -> bool {
        self.profile.business_name.is_some()
    }
}

/// The filters of `GET /v1/customers`; `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerFilter {
    pub gender: Option<Gender>,
    /// Compared case-insensitively, like the uniqueness rule.
    pub email: Option<String>,
    pub bvn: Option<String>,
    pub phone: Option<String>,
}

impl CustomerFilter {
    pub fn matches(&self, customer: &Customer) -> bool {
        let profile = &customer.profile;
        self.gender.is_none_or(|gender| profile.gender == gender)
            && self
                .email
                .as_deref()
                .is_none_or(|email| profile.email.eq_ignore_ascii_case(email))
            && self
                .bvn
                .as_deref()
                .is_none_or(|bvn| profile.bvn.as_deref() == Some(bvn))
            && self
                .phone
                .as_deref()
                .is_none_or(|phone| profile.phone == phone)
    }
}

/// The email is already used by another customer of the merchant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DuplicateEmail;

/// One merchant's customers in creation order, indexed by id and by lower-cased email.
#[derive(Debug, Default)]
pub struct CustomerBook {
    records: Vec<Customer>,
    by_id: HashMap<Uuid, usize>,
    by_email: HashMap<CompactString, usize>,
}

impl CustomerBook {
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Adds `customer` unless its email (or id) is taken.
    pub fn insert(&mut self, customer: Customer) -> Result<&Customer, DuplicateEmail> {
        let email = customer.profile.email.to_lowercase();
        if self.by_email.contains_key(&email) || self.by_id.contains_key(&customer.id) {
            return Err(DuplicateEmail);
        }
        let position = self.records.len();
        self.by_id.insert(customer.id, position);
        self.by_email.insert(email, position);
        self.records.push(customer);
        Ok(&self.records[position])
    }

    pub fn get(&self, id: &Uuid) -> Option<&Customer> {
        self.by_id.get(id).map(|&position| &self.records[position])
    }

    /// Oldest first, as stored (for export).
    pub fn iter(&self) -> impl Iterator<Item = &Customer> {
        self.records.iter()
    }

    /// The customers `filter` keeps, newest first: how many there are, and `limit` of them
    /// from `offset`.
    pub fn search(
        &self,
        filter: &CustomerFilter,
        offset: usize,
        limit: usize,
    ) -> (usize, Vec<Customer>) {
        let matching = || self.records.iter().rev().filter(|c| filter.matches(c));
        let page = matching().skip(offset).take(limit).cloned().collect();
        (matching().count(), page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::carbon::domain::Address;

    fn customer(email: &str, gender: Gender, bvn: Option<&str>) -> Customer {
        let profile = NewCustomer {
            first_name: "Ada".into(),
            last_name: "Obi".into(),
            email: email.into(),
            phone: "08071000030".into(),
            gender,
            dob: Utc::now(),
            address: Address {
                street: "1 Marina".into(),
                city: "Lagos".into(),
                state: "Lagos State".into(),
                country: "Nigeria".into(),
            },
            bvn: bvn.map(Into::into),
            nin: None,
            business_name: None,
        };
        Customer::new(Uuid::new_v4(), profile, Utc::now())
    }

    #[test]
    fn emails_are_unique_whatever_their_case() {
        let mut book = CustomerBook::default();
        assert!(
            book.insert(customer("a@example.com", Gender::Male, None))
                .is_ok()
        );
        assert_eq!(
            book.insert(customer("A@Example.com", Gender::Male, None))
                .unwrap_err(),
            DuplicateEmail
        );
        assert_eq!(book.len(), 1);
    }

    #[test]
    fn searches_filter_then_page_newest_first() {
        let mut book = CustomerBook::default();
        for n in 0..5 {
            let gender = if n % 2 == 0 {
                Gender::Female
            } else {
                Gender::Male
            };
            book.insert(customer(
                &format!("{n}@example.com"),
                gender,
                Some("11111111111"),
            ))
            .unwrap();
        }
        let filter = CustomerFilter {
            gender: Some(Gender::Female),
            ..CustomerFilter::default()
        };
        let (total, page) = book.search(&filter, 1, 1);
        assert_eq!(total, 3);
        assert_eq!(page[0].profile.email, "2@example.com");
        let by_email = CustomerFilter {
            email: Some("3@EXAMPLE.com".into()),
            ..CustomerFilter::default()
        };
        assert_eq!(book.search(&by_email, 0, 10).0, 1);
    }
}
