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
use dashmap::DashMap;
use parking_lot::{Mutex, MutexGuard, RwLock};
use uuid::Uuid;

use self::accounts::{Account, AccountBook, AccountNumbers, AlreadyHasAccount};
use self::customers::{Customer, CustomerBook, CustomerFilter, DuplicateEmail};
use self::kyc::{Kyc, KycStatus, Verification};
use self::lending::Enrollment;
use self::merchant::Merchant;
use super::domain::{NewAccount, NewCustomer};
use super::fixtures::{CarbonSeed, MerchantSeed};
use super::webhooks::{Transaction, TransactionType};
use crate::clock::SandboxClock;
use crate::webhooks::{NewDelivery, Webhooks};

/// The `apikey` Carbon's own TypeScript SDK sends in sandbox mode; always accepted.
pub const SDK_SANDBOX_GATEWAY_KEY: &str = "baas-consumers";

/// One merchant's records, always used together under the merchant's lock.
#[derive(Debug, Default)]
pub struct Books {
    pub customers: CustomerBook,
    pub accounts: AccountBook,
    pub enrollments: HashMap<Uuid, Enrollment>,
}

impl Books {
    /// Records checked the way requests are: unique customer ids and emails, one account per
    /// customer and only for customers of this merchant, enrollments only of its customers.
    pub fn new(
        customers: impl IntoIterator<Item = Customer>,
        accounts: impl IntoIterator<Item = Account>,
        enrollments: impl IntoIterator<Item = Enrollment>,
    ) -> Result<Self, String> {
        let mut books = Books::default();
        for customer in customers {
            let id = customer.id;
            books
                .customers
                .insert(customer)
                .map_err(|_| format!("customer {id}: duplicate id or email"))?;
        }
        for account in accounts {
            let number = account.account_number.clone();
            if let Some(owner) = &account.owner
                && books.customers.get(&owner.id).is_none()
            {
                return Err(format!(
                    "account {number}: owner {} is not a customer",
                    owner.id
                ));
            }
            books
                .accounts
                .insert(account)
                .map_err(|_| format!("account {number}: its customer already has an account"))?;
        }
        for enrollment in enrollments {
            let id = enrollment.customer_id;
            if books.customers.get(&id).is_none() || books.enrollments.contains_key(&id) {
                return Err(format!(
                    "enrollment of {id}: unknown or already enrolled customer"
                ));
            }
            books.enrollments.insert(id, enrollment);
        }
        Ok(books)
    }
}

/// One merchant and its records.
pub struct Tenant {
    merchant: RwLock<Merchant>,
    label: Arc<str>,
    books: Mutex<Books>,
}

impl Tenant {
    pub fn new(merchant: Merchant, books: Books) -> Self {
        Self {
            label: merchant.tenant_label().into(),
            merchant: RwLock::new(merchant),
            books: Mutex::new(books),
        }
    }

    pub fn merchant(&self) -> Merchant {
        self.merchant.read().clone()
    }

    /// Changes the merchant's settings (its id, slug and key never change).
    pub fn update_merchant(&self, change: impl FnOnce(&mut Merchant)) -> Merchant {
        let mut merchant = self.merchant.write();
        change(&mut merchant);
        merchant.clone()
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
pub enum TransferError {
    #[error("no Carbon account has this account number")]
    AccountNotFound,
    #[error("the account's balance is smaller than the amount")]
    InsufficientBalance,
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
    webhooks: Webhooks,
    /// By `x-carbon-key`.
    tenants: DashMap<String, Arc<Tenant>>,
    /// Bank account numbers are unique across merchants. Locked after a merchant's books,
    /// never before, so the two locks cannot deadlock.
    account_numbers: Mutex<AccountNumbers>,
}

impl CarbonBackend {
    /// Carbon's state from `seed`; KYC checks resolve `kyc_delay` after they start.
    pub fn new(
        seed: CarbonSeed,
        clock: SandboxClock,
        kyc_delay: std::time::Duration,
        webhooks: Webhooks,
    ) -> Self {
        let gateway_keys = std::iter::once(SDK_SANDBOX_GATEWAY_KEY.to_owned())
            .chain(seed.gateway_keys.iter().cloned())
            .collect();
        let backend = Self {
            inner: Arc::new(Inner {
                clock,
                seed,
                kyc_delay: Duration::from_std(kyc_delay).unwrap_or(Duration::MAX),
                gateway_keys,
                webhooks,
                tenants: DashMap::new(),
                account_numbers: Mutex::new(AccountNumbers::default()),
            }),
        };
        backend.reset();
        backend
    }

    /// A merchant's fixture records, as a fresh book.
    fn books_from_seed(seed: &MerchantSeed) -> Books {
        // Fixture loading already checked these records, so this cannot fail.
        Books::new(seed.customers.clone(), seed.accounts.clone(), []).unwrap_or_default()
    }

    /// Adds (or replaces) a merchant.
    pub fn insert_tenant(&self, tenant: Tenant) -> Arc<Tenant> {
        let key = tenant.merchant().carbon_key;
        let tenant = Arc::new(tenant);
        self.inner.tenants.insert(key, tenant.clone());
        self.rebuild_account_numbers();
        tenant
    }

    /// Every merchant, in no particular order.
    pub fn tenants(&self) -> Vec<Arc<Tenant>> {
        self.inner
            .tenants
            .iter()
            .map(|entry| entry.value().clone())
            .collect()
    }

    /// The merchant with tenant label `carbon:<slug>`.
    pub fn tenant_by_label(&self, label: &str) -> Option<Arc<Tenant>> {
        self.inner
            .tenants
            .iter()
            .find(|entry| &*entry.value().label == label)
            .map(|entry| entry.value().clone())
    }

    /// Removes a merchant and its records; its key stops authenticating.
    pub fn remove_tenant(&self, tenant: &Tenant) {
        self.inner.tenants.remove(&tenant.merchant().carbon_key);
        self.rebuild_account_numbers();
    }

    /// Everything back to the fixtures.
    pub fn reset(&self) {
        let tenants = self
            .inner
            .seed
            .merchants
            .iter()
            .map(|seed| Tenant::new(seed.merchant.clone(), Self::books_from_seed(seed)))
            .collect();
        self.replace_all(tenants);
    }

    /// One merchant back to its fixture settings and records (or to none, without a fixture).
    pub fn reset_tenant(&self, tenant: &Tenant) {
        let id = tenant.merchant().id;
        let fixture = self
            .inner
            .seed
            .merchants
            .iter()
            .find(|seed| seed.merchant.id == id);
        let books = fixture.map(Self::books_from_seed).unwrap_or_default();
        if let Some(seed) = fixture {
            tenant.update_merchant(|merchant| *merchant = seed.merchant.clone());
        }
        *tenant.books() = books;
        self.rebuild_account_numbers();
    }

    /// Replaces every merchant at once (for reset and imports).
    pub fn replace_all(&self, tenants: Vec<Tenant>) {
        self.inner.tenants.clear();
        for tenant in tenants {
            self.inner
                .tenants
                .insert(tenant.merchant().carbon_key, Arc::new(tenant));
        }
        self.rebuild_account_numbers();
    }

    /// Account numbers are unique across merchants; after merchants or their books change
    /// wholesale, the registry is rebuilt from what exists. (Books are locked one at a time and
    /// never while the registry is held, the order `create_account` uses.)
    fn rebuild_account_numbers(&self) {
        let mut numbers = AccountNumbers::default();
        for tenant in self.tenants() {
            for account in tenant.books().accounts.iter() {
                numbers.reserve(&account.account_number);
            }
        }
        *self.inner.account_numbers.lock() = numbers;
    }

    pub fn clock(&self) -> &SandboxClock {
        &self.inner.clock
    }

    /// Queues an event, if there is one to send (see `carbon::webhooks`).
    pub fn notify(&self, delivery: Option<NewDelivery>) {
        if let Some(delivery) = delivery {
            self.inner.webhooks.enqueue(delivery);
        }
    }

    pub fn webhooks(&self) -> &Webhooks {
        &self.inner.webhooks
    }

    /// Moves money into or out of an account (a transfer simulated through the control plane),
    /// returning the account's merchant and the account afterwards.
    pub fn transfer(
        &self,
        account_number: &str,
        kind: TransactionType,
        amount_kobo: i64,
    ) -> Result<(Arc<Tenant>, Account), TransferError> {
        for tenant in self.tenants() {
            let mut books = tenant.books();
            let Some(account) = books.accounts.get_mut(account_number) else {
                continue;
            };
            let balance = match kind {
                TransactionType::Credit => account.balance_kobo.checked_add(amount_kobo),
                TransactionType::Debit => account
                    .balance_kobo
                    .checked_sub(amount_kobo)
                    .filter(|left| *left >= 0),
            }
            .ok_or(TransferError::InsufficientBalance)?;
            account.balance_kobo = balance;
            account.updated_at = self.inner.clock.now();
            let account = account.clone();
            drop(books);
            return Ok((tenant, account));
        }
        Err(TransferError::AccountNotFound)
    }

    /// A transaction record for a transfer made now.
    pub fn new_transaction(
        &self,
        kind: TransactionType,
        amount_kobo: i64,
        reference: Option<String>,
        remark: String,
        counterparty: super::webhooks::Party,
    ) -> Transaction {
        use rand::Rng;
        Transaction {
            id: crate::ids::random_uuid(),
            reference: reference.unwrap_or_else(|| {
                format!(
                    "REF-{}",
                    rand::rng().random_range(100_000_000_000u64..1_000_000_000_000)
                )
            }),
            kind,
            amount_kobo,
            remark,
            counterparty,
            at: self.inner.clock.now(),
        }
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
            .map(|tenant| tenant.clone())
            .ok_or(AuthError::UnknownMerchantKey)
    }

    /// `POST /v1/customers`
    pub fn create_customer(
        &self,
        tenant: &Tenant,
        profile: NewCustomer,
    ) -> Result<Customer, CreateCustomerError> {
        let customer = Customer::new(crate::ids::random_uuid(), profile, self.inner.clock.now());
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
                Account::for_merchant(&tenant.merchant().name, account_name, number, now)
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
