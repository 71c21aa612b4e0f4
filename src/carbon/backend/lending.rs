//! Lending enrollment: a customer registered with Carbon's lending engine. Enrolling needs a BVN
//! and an account; it happens once per customer, and every later enroll call finds the same
//! enrollment (the caller decides under the merchant's lock, so racing calls agree).

use chrono::{DateTime, Utc};
use compact_str::CompactString;
use rand::Rng;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::customers::Customer;
use super::kyc::{Kyc, Verification};

/// `customer_type` of an enrollment: follows the customer's `is_business`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CustomerType {
    Individual,
    Business,
}

/// Length of the random part of an `account_identifier` (`PC_abc123xyz456def78901`).
const IDENTIFIER_LENGTH: usize = 20;
const IDENTIFIER_ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// A lending-engine identifier: `PC_` and twenty lower-case alphanumerics, like the documented
/// example. Random, so collisions are not worth checking for (36^20 values).
pub fn new_account_identifier() -> CompactString {
    let mut rng = rand::rng();
    let mut identifier = CompactString::from("PC_");
    for _ in 0..IDENTIFIER_LENGTH {
        let index = rng.random_range(0..IDENTIFIER_ALPHABET.len());
        identifier.push(char::from(IDENTIFIER_ALPHABET[index]));
    }
    identifier
}

/// A customer's enrollment for lending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrollment {
    pub customer_id: Uuid,
    pub account_identifier: CompactString,
    pub customer_type: CustomerType,
    #[serde(with = "crate::time_format::millis")]
    pub enrolled_at: DateTime<Utc>,
    /// The BVN checked by KYC (customers never change, so it is the customer's BVN).
    pub bvn: CompactString,
    /// The latest KYC check, once one was started.
    pub verification: Option<Verification>,
}

impl Enrollment {
    pub fn new(customer: &Customer, bvn: CompactString, now: DateTime<Utc>) -> Self {
        Self {
            customer_id: customer.id,
            account_identifier: new_account_identifier(),
            customer_type: if customer.is_business() {
                CustomerType::Business
            } else {
                CustomerType::Individual
            },
            enrolled_at: now,
            bvn,
            verification: None,
        }
    }

    /// KYC at `now`: `PENDING` from enrollment until a started check resolves.
    pub fn kyc(&self, now: DateTime<Utc>) -> Kyc {
        self.verification
            .as_ref()
            .map_or(Kyc::PENDING, |check| check.resolve(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_look_like_the_documented_example() {
        let identifier = new_account_identifier();
        assert_eq!(identifier.len(), "PC_abc123xyz456def78901".len());
        let suffix = identifier.strip_prefix("PC_").unwrap();
        assert!(
            suffix
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
        assert_ne!(identifier, new_account_identifier());
    }
}
