//! Carbon's state and rules: merchants, their customers and accounts, lending enrollments and
//! KYC. Knows nothing of HTTP; `routes` parse requests, call in here and render the results.
//!
//! Each merchant's records sit behind one lock ([`Tenant::books`]), and every rule that decides
//! between "new" and "already there" (duplicate email, one account per customer, enroll once)
//! runs entirely under it, so concurrent requests cannot both win.

pub mod accounts;
pub mod customers;
pub mod kyc;
pub mod lending;
pub mod merchant;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::Duration;
use parking_lot::{Mutex, MutexGuard};
use uuid::Uuid;

use self::accounts::{Account, AccountBook, AccountNumbers, AlreadyHasAccount};
use self::customers::{Customer, CustomerBook, CustomerFilter, DuplicateEmail};
use self::kyc::{Kyc, KycStatus, Verification};
use self::lending::Enrollment;
use self::merchant::Merchant;
use super::domain::{NewAccount, NewCustomer};
use super::fixtures::{CarbonSeed, MerchantSeed};
use crate::clock::SandboxClock;

/// The `apikey` Carbon's own TypeScript SDK sends in sandbox mode; always accepted.
pub const SDK_SANDBOX_GATEWAY_KEY: &str = "baas-consumers";

/// One merchant's records, always used together under the merchant's lock.
#[derive(Debug, Default)]
pub struct Books {
    pub customers: CustomerBook,
    pub accounts: AccountBook,
    pub enrollments: HashMap<Uuid, Enrollment>,
}

/// One merchant and its records.
pub struct Tenant {
    merchant: Merchant,
    label: Arc<str>,
    books: Mutex<Books>,
}

impl Tenant {
    pub fn merchant(&self) -> &Merchant {
        &self.merchant
    }

    /// `carbon:<slug>`, for logs.
    pub fn label(&self) -> Arc<str> {
        self.label.clone()
    }

    /// The merchant's records, locked for the caller.
    pub fn books(&self) -> MutexGuard<'_, Books> {
        self.books.lock()
    }

    /// A customer of this merchant by id as sent; a malformed id is simply not found.
    fn find<'b>(books: &'b Books, id: &str) -> Option<&'b Customer> {
        Uuid::parse_str(id)
            .ok()
            .and_then(|id| books.customers.get(&id))
    }
}

/// Why a request did not authenticate (the headers are checked in this order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("The apikey header is required")]
    MissingGatewayKey,
    #[error("The apikey header is not a recognised gateway key")]
    UnknownGatewayKey,
    #[error("The x-carbon-key header is required")]
    MissingMerchantKey,
    /// The documented `details` of Carbon's one error example.
    #[error("The provided API key is invalid or expired")]
    UnknownMerchantKey,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CreateCustomerError {
    #[error("Customer with this email already exists")]
    DuplicateEmail,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CreateAccountError {
    #[error("Customer not found")]
    CustomerNotFound,
    #[error("Customer already has an account")]
    AlreadyHasAccount,
}

/// Why an enroll was refused; the messages are the seed's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EnrollError {
    #[error("Customer not found")]
    CustomerNotFound,
    #[error("Customer must have a BVN to enroll for lending")]
    NoBvn,
    #[error("Customer must have an account before enrolling for lending")]
    NoAccount,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KycError {
    #[error("Customer not found")]
    CustomerNotFound,
    #[error("Customer is not enrolled for lending")]
    NotEnrolled,
}

/// What an enroll call found or did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enrolled {
    /// The first enroll of the customer (201).
    New(Enrollment),
    /// A repeat (200), with the enrollment's KYC as it stands now.
    Existing(Enrollment, Kyc),
}

/// What `verify-kyc` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KycCheck {
    /// A check was started, or one is already running, for this customer.
    Initiated(Uuid),
    AlreadyVerified,
}

/// Cheap-to-clone handle on Carbon's state.
#[derive(Clone)]
pub struct CarbonBackend {
    inner: Arc<Inner>,
}

struct Inner {
    clock: SandboxClock,
    /// What the sandbox started from.
    seed: CarbonSeed,
    kyc_delay: Duration,
    gateway_keys: HashSet<String>,
    /// By `x-carbon-key`. Merchants come only from the fixtures, so this never changes.
    tenants: HashMap<String, Arc<Tenant>>,
    /// Bank account numbers are unique across merchants. Locked after a merchant's books,
    /// never before, so the two locks cannot deadlock.
    account_numbers: Mutex<AccountNumbers>,
}

impl CarbonBackend {
    /// Carbon's state from `seed`; KYC checks resolve `kyc_delay` after they start.
    pub fn new(seed: CarbonSeed, clock: SandboxClock, kyc_delay: std::time::Duration) -> Self {
        let mut numbers = AccountNumbers::default();
        let tenants = seed
            .merchants
            .iter()
            .map(|seed| {
                let tenant = Self::tenant_from_seed(seed, &mut numbers);
                (seed.merchant.carbon_key.clone(), Arc::new(tenant))
            })
            .collect();
        let gateway_keys = std::iter::once(SDK_SANDBOX_GATEWAY_KEY.to_owned())
            .chain(seed.gateway_keys.iter().cloned())
            .collect();
        Self {
            inner: Arc::new(Inner {
                clock,
                seed,
                kyc_delay: Duration::from_std(kyc_delay).unwrap_or(Duration::MAX),
                gateway_keys,
                tenants,
                account_numbers: Mutex::new(numbers),
            }),
        }
    }

    fn tenant_from_seed(seed: &MerchantSeed, numbers: &mut AccountNumbers) -> Tenant {
        // Fixture loading already rejected duplicate ids, emails and account numbers.
        let mut books = Books::default();
        for customer in &seed.customers {
            let _ = books.customers.insert(customer.clone());
        }
        for account in &seed.accounts {
            numbers.reserve(&account.account_number);
            let _ = books.accounts.insert(account.clone());
        }
        Tenant {
            label: seed.merchant.tenant_label().into(),
            merchant: seed.merchant.clone(),
            books: Mutex::new(books),
        }
    }

    pub fn clock(&self) -> &SandboxClock {
        &self.inner.clock
    }

    pub fn seed(&self) -> &CarbonSeed {
        &self.inner.seed
    }

    /// The merchant a request's `apikey` and `x-carbon-key` speak for.
    pub fn authenticate(
        &self,
        gateway_key: Option<&str>,
        merchant_key: Option<&str>,
    ) -> Result<Arc<Tenant>, AuthError> {
        let gateway_key = gateway_key.ok_or(AuthError::MissingGatewayKey)?;
        if !self.inner.gateway_keys.contains(gateway_key) {
            return Err(AuthError::UnknownGatewayKey);
        }
        let merchant_key = merchant_key.ok_or(AuthError::MissingMerchantKey)?;
        self.inner
            .tenants
            .get(merchant_key)
            .cloned()
            .ok_or(AuthError::UnknownMerchantKey)
    }

    /// `POST /v1/customers`
    pub fn create_customer(
        &self,
        tenant: &Tenant,
        profile: NewCustomer,
    ) -> Result<Customer, CreateCustomerError> {
        let customer = Customer::new(Uuid::new_v4(), profile, self.inner.clock.now());
        tenant
            .books()
            .customers
            .insert(customer)
            .cloned()
            .map_err(|_: DuplicateEmail| CreateCustomerError::DuplicateEmail)
    }

    /// `GET /v1/customers/{id}`
    pub fn customer(&self, tenant: &Tenant, id: &str) -> Option<Customer> {
        Tenant::find(&tenant.books(), id).cloned()
    }

    /// `GET /v1/customers`: how many match, and one page of them, newest first.
    pub fn customers(
        &self,
        tenant: &Tenant,
        filter: &CustomerFilter,
        offset: usize,
        limit: usize,
    ) -> (usize, Vec<Customer>) {
        tenant.books().customers.search(filter, offset, limit)
    }

    /// `POST /v1/accounts`: one account per customer; any number of merchant sub-accounts.
    pub fn create_account(
        &self,
        tenant: &Tenant,
        request: NewAccount,
    ) -> Result<Account, CreateAccountError> {
        let now = self.inner.clock.now();
        let mut books = tenant.books();
        let account = match &request {
            NewAccount::Customer { customer_id } => {
                let customer = Tenant::find(&books, customer_id)
                    .ok_or(CreateAccountError::CustomerNotFound)?;
                if books.accounts.has_account(&customer.id) {
                    return Err(CreateAccountError::AlreadyHasAccount);
                }
                let number = self.inner.account_numbers.lock().issue();
                Account::for_customer(customer, number, now)
            }
            NewAccount::Merchant { account_name } => {
                let number = self.inner.account_numbers.lock().issue();
                Account::for_merchant(&tenant.merchant.name, account_name, number, now)
            }
        };
        books
            .accounts
            .insert(account)
            .cloned()
            .map_err(|_: AlreadyHasAccount| CreateAccountError::AlreadyHasAccount)
    }

    /// `GET /v1/accounts/{account_number}`
    pub fn account(&self, tenant: &Tenant, account_number: &str) -> Option<Account> {
        tenant.books().accounts.get(account_number).cloned()
    }

    /// `GET /v1/accounts`: how many there are, and one page of them, newest first.
    pub fn accounts(&self, tenant: &Tenant, offset: usize, limit: usize) -> (usize, Vec<Account>) {
        tenant.books().accounts.page(offset, limit)
    }

    /// `POST /v1/loans/customers/enroll`. Checks, in order: the customer exists under this
    /// merchant; an existing enrollment is returned as is; the customer has a BVN; the
    /// customer has an account.
    pub fn enroll(&self, tenant: &Tenant, customer_id: &str) -> Result<Enrolled, EnrollError> {
        let now = self.inner.clock.now();
        let mut books = tenant.books();
        let customer = Tenant::find(&books, customer_id).ok_or(EnrollError::CustomerNotFound)?;
        if let Some(existing) = books.enrollments.get(&customer.id) {
            return Ok(Enrolled::Existing(existing.clone(), existing.kyc(now)));
        }
        let bvn = customer.profile.bvn.clone().ok_or(EnrollError::NoBvn)?;
        if !books.accounts.has_account(&customer.id) {
            return Err(EnrollError::NoAccount);
        }
        let enrollment = Enrollment::new(customer, bvn, now);
        books
            .enrollments
            .insert(enrollment.customer_id, enrollment.clone());
        Ok(Enrolled::New(enrollment))
    }

    /// `POST /v1/loans/customers/{id}/verify-kyc`: starts a check unless one is running or the
    /// customer is verified; a rejected customer may start again.
    pub fn verify_kyc(&self, tenant: &Tenant, customer_id: &str) -> Result<KycCheck, KycError> {
        let now = self.inner.clock.now();
        let mut books = tenant.books();
        let id = Tenant::find(&books, customer_id)
            .map(|customer| customer.id)
            .ok_or(KycError::CustomerNotFound)?;
        let enrollment = books
            .enrollments
            .get_mut(&id)
            .ok_or(KycError::NotEnrolled)?;
        match enrollment.kyc(now).status {
            KycStatus::Verified => Ok(KycCheck::AlreadyVerified),
            KycStatus::Pending if enrollment.verification.is_some() => Ok(KycCheck::Initiated(id)),
            KycStatus::Pending | KycStatus::Rejected | KycStatus::NotEnrolled => {
                enrollment.verification = Some(Verification::start(
                    &enrollment.bvn,
                    now,
                    self.inner.kyc_delay,
                ));
                Ok(KycCheck::Initiated(id))
            }
        }
    }

    /// `GET /v1/loans/customers/{id}/kyc-status`: the customer's id and KYC, `NOT_ENROLLED`
    /// for a customer who is not.
    pub fn kyc_status(&self, tenant: &Tenant, customer_id: &str) -> Result<(Uuid, Kyc), KycError> {
        let now = self.inner.clock.now();
        let books = tenant.books();
        let customer = Tenant::find(&books, customer_id).ok_or(KycError::CustomerNotFound)?;
        let kyc = books
            .enrollments
            .get(&customer.id)
            .map_or(Kyc::NOT_ENROLLED, |enrollment| enrollment.kyc(now));
        Ok((customer.id, kyc))
    }
}
