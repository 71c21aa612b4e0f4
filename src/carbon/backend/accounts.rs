//! Static accounts: a customer's wallet (the lending precondition), or a merchant's own
//! collections sub-account. Carbon's bank is `CARBON LIMITED`, code `565`; account numbers are
//! ten digits, unique across the whole sandbox (they are bank account numbers, not per-merchant
//! ids); a customer has at most one account.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use compact_str::{CompactString, format_compact};
use rand::Rng;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::customers::Customer;
use crate::time_format;

pub const BANK_NAME: &str = "CARBON LIMITED";
pub const BANK_CODE: &str = "565";
pub const ACCOUNT_NUMBER_LENGTH: usize = 10;

/// The customer an account belongs to, as it was when the account was opened (customers never
/// change, so this stays true).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    pub id: Uuid,
    pub first_name: CompactString,
    pub last_name: CompactString,
    pub email: CompactString,
    pub phone: CompactString,
}

impl Owner {
    pub fn of(customer: &Customer) -> Self {
        let profile = &customer.profile;
        Self {
            id: customer.id,
            first_name: profile.first_name.clone(),
            last_name: profile.last_name.clone(),
            email: profile.email.clone(),
            phone: profile.phone.clone(),
        }
    }
}

/// A stored static account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: Uuid,
    pub account_number: CompactString,
    pub account_name: CompactString,
    /// Carbon's internal client number shown on creation (nine digits, e.g. `452716534`).
    pub client_id: CompactString,
    /// `None` for a merchant's own sub-account (`third_party: false`).
    pub owner: Option<Owner>,
    /// In kobo (1/100 naira); moves only with transfers simulated through the control plane.
    #[serde(default)]
    pub balance_kobo: i64,
    #[serde(with = "time_format::millis")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "time_format::millis")]
    pub updated_at: DateTime<Utc>,
}

impl Account {
    /// A customer's account, named like the documented example: `MARK ERELU-CARBON`.
    pub fn for_customer(
        customer: &Customer,
        account_number: CompactString,
        now: DateTime<Utc>,
    ) -> Self {
        let profile = &customer.profile;
        let name = format!("{} {}-CARBON", profile.first_name, profile.last_name).to_uppercase();
        Self::new(name.into(), account_number, Some(Owner::of(customer)), now)
    }

    /// A merchant sub-account, named `BUSINESS NAME - <account_name>` as Carbon's SDK describes.
    pub fn for_merchant(
        merchant_name: &str,
        account_name: &str,
        account_number: CompactString,
        now: DateTime<Utc>,
    ) -> Self {
        let name = format!("{merchant_name} - {account_name}").to_uppercase();
        Self::new(name.into(), account_number, None, now)
    }

    fn new(
        account_name: CompactString,
        account_number: CompactString,
        owner: Option<Owner>,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id: crate::ids::random_uuid(),
            account_number,
            account_name,
            client_id: format_compact!(
                "{}",
                rand::rng().random_range(100_000_000..1_000_000_000u32)
            ),
            owner,
            balance_kobo: 0,
            created_at: now,
            updated_at: now,
        }
    }

    /// Whether this is the merchant's own account rather than a customer's.
    pub fn is_business_account(&self) -> bool {
        self.owner.is_none()
    }
}

/// An amount in kobo as Carbon renders naira amounts: a JSON number (`0`, `1500`, `1500.5`).
pub fn naira(kobo: i64) -> serde_json::Number {
    if kobo % 100 == 0 {
        serde_json::Number::from(kobo / 100)
    } else {
        serde_json::Number::from_f64(kobo as f64 / 100.0)
            .unwrap_or_else(|| serde_json::Number::from(0))
    }
}

/// Whether `text` is a well-formed account number.
pub fn is_account_number(text: &str) -> bool {
    text.len() == ACCOUNT_NUMBER_LENGTH && text.bytes().all(|b| b.is_ascii_digit())
}

/// The account numbers in use across every merchant; new ones are drawn at random until free.
#[derive(Debug, Default)]
pub struct AccountNumbers {
    taken: HashSet<CompactString>,
}

impl AccountNumbers {
    /// Marks `number` as used; `false` if it already was.
    pub fn reserve(&mut self, number: &str) -> bool {
        self.taken.insert(number.into())
    }

    /// A fresh number (leading digit non-zero, like the documented `6142285181`).
    pub fn issue(&mut self) -> CompactString {
        let mut rng = rand::rng();
        loop {
            let number = format_compact!("{}", rng.random_range(1_000_000_000..10_000_000_000u64));
            if self.taken.insert(number.clone()) {
                return number;
            }
        }
    }
}

/// The customer already has an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlreadyHasAccount;

/// One merchant's accounts in creation order, indexed by number and by owning customer.
#[derive(Debug, Default)]
pub struct AccountBook {
    records: Vec<Account>,
    by_number: HashMap<CompactString, usize>,
    by_customer: HashMap<Uuid, usize>,
}

impl AccountBook {
    pub fn insert(&mut self, account: Account) -> Result<&Account, AlreadyHasAccount> {
        let owner = account.owner.as_ref().map(|owner| owner.id);
        if owner.is_some_and(|id| self.by_customer.contains_key(&id)) {
            return Err(AlreadyHasAccount);
        }
        let position = self.records.len();
        if let Some(id) = owner {
            self.by_customer.insert(id, position);
        }
        self.by_number
            .insert(account.account_number.clone(), position);
        self.records.push(account);
        Ok(&self.records[position])
    }

    pub fn get(&self, account_number: &str) -> Option<&Account> {
        self.by_number
            .get(account_number)
            .map(|&position| &self.records[position])
    }

    /// Oldest first, as stored (for export).
    pub fn iter(&self) -> impl Iterator<Item = &Account> {
        self.records.iter()
    }

    pub fn get_mut(&mut self, account_number: &str) -> Option<&mut Account> {
        self.by_number
            .get(account_number)
            .map(|&position| &mut self.records[position])
    }

    pub fn has_account(&self, customer_id: &Uuid) -> bool {
        self.by_customer.contains_key(customer_id)
    }

    /// How many accounts there are, and `limit` of them from `offset`, newest first.
    pub fn page(&self, offset: usize, limit: usize) -> (usize, Vec<Account>) {
        let page = self
            .records
            .iter()
            .rev()
            .skip(offset)
            .take(limit)
            .cloned()
            .collect();
        (self.records.len(), page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_numbers_are_ten_digits_and_never_repeat() {
        let mut numbers = AccountNumbers::default();
        assert!(numbers.reserve("6142285181"));
        assert!(!numbers.reserve("6142285181"));
        let issued: HashSet<_> = (0..1000).map(|_| numbers.issue()).collect();
        assert_eq!(issued.len(), 1000);
        assert!(
            issued
                .iter()
                .all(|n| is_account_number(n) && !n.starts_with('0'))
        );
    }

    #[test]
    fn merchant_accounts_have_no_owner_and_any_number_of_them_is_fine() {
        let mut book = AccountBook::default();
        let now = Utc::now();
        for number in ["1000000001", "1000000002"] {
            book.insert(Account::for_merchant(
                "Sandbox Merchant",
                "Rent",
                number.into(),
                now,
            ))
            .unwrap();
        }
        let account = book.get("1000000002").unwrap();
        assert_eq!(account.account_name, "SANDBOX MERCHANT - RENT");
        assert!(account.is_business_account());
        assert_eq!(book.page(0, 10).0, 2);
    }
}
