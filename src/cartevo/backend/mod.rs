//! Cartevo's state and rules: companies and their customers, tokens, uploaded documents. Knows
//! nothing of HTTP; `routes` parse requests, call in here and render the results.

pub mod chunked;
pub mod company;
pub mod customers;
pub mod key_index;
pub mod rules;
pub mod token_cache;
pub mod tokens;

use std::sync::Arc;

use actix_web::web::Bytes;
use compact_str::CompactString;
use dashmap::DashMap;
use parking_lot::{Mutex, MutexGuard, RwLock};
use uuid::Uuid;

use self::company::{Company, KybStatus};
use self::customers::{Conflict, Customer, CustomerTable};
use self::rules::{DocumentSide, Verdict};
use self::token_cache::{TokenCache, VerifiedToken};
use self::tokens::{TokenError, TokenSigner};
use super::domain::{DocumentUrls, NewCustomer};
use super::fixtures::{CartevoSeed, CompanySeed};
use super::webhooks;
use crate::clock::SandboxClock;
use crate::webhooks::Webhooks;

/// One company and its customers.
pub struct Tenant {
    company: RwLock<Company>,
    label: Arc<str>,
    customers: Mutex<CustomerTable>,
}

impl Tenant {
    /// A company with its customers; fails on two customers sharing an email or ID number.
    pub fn new(
        company: Company,
        customers: impl IntoIterator<Item = Customer>,
    ) -> Result<Self, Conflict> {
        let mut table = CustomerTable::default();
        for customer in customers {
            table.insert(customer)?;
        }
        Ok(Self {
            label: company.tenant_label().into(),
            company: RwLock::new(company),
            customers: Mutex::new(table),
        })
    }

    fn from_seed(seed: &CompanySeed) -> Result<Self, Conflict> {
        Self::new(seed.company.clone(), seed.customers.iter().cloned())
    }

    /// Changes the company's settings (its id and `client_id` never change).
    pub fn update_company(&self, change: impl FnOnce(&mut Company)) -> Company {
        let mut company = self.company.write();
        change(&mut company);
        company.clone()
    }

    /// Empties the customer table (or fills it with `customers`).
    fn replace_customers(&self, table: CustomerTable) {
        *self.customers.lock() = table;
    }

    pub fn company(&self) -> Company {
        self.company.read().clone()
    }

    pub fn id(&self) -> Uuid {
        self.company.read().id
    }

    pub fn kyb_status(&self) -> KybStatus {
        self.company.read().kyb_status
    }

    /// `cartevo:<client_id>`, for logs.
    pub fn label(&self) -> Arc<str> {
        self.label.clone()
    }

    /// The company's customers, locked for the caller's read.
    pub fn customers(&self) -> MutexGuard<'_, CustomerTable> {
        self.customers.lock()
    }
}

/// A freshly issued access token.
#[derive(Debug, Clone)]
pub struct AccessToken {
    pub token: String,
    pub expires_in: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenRequestError {
    #[error("Invalid client credentials")]
    InvalidCredentials,
    #[error("Could not sign the access token")]
    Signing,
}

/// Why a bearer token did not authenticate a company.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthError {
    Token(TokenError),
    /// A genuine token for a company that no longer exists.
    UnknownCompany,
}

/// Why a customer was not created. The messages are Cartevo's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreateCustomerError {
    #[error("{} must be HTTPS", .0.url_field())]
    InsecureDocumentUrl(DocumentSide),
    #[error("Customer must be 18 or older")]
    Underage,
    #[error(
        "Company KYB status is {}: only companies with KYB status APPROVED can create customers",
        .0.as_str()
    )]
    KybNotApproved(KybStatus),
    #[error("Customer with this email or ID already exists")]
    Duplicate,
    #[error("Could not fetch {}", .0.url_field())]
    DocumentUnreachable(DocumentSide),
    #[error("KYC document unreadable")]
    DocumentUnreadable,
}

/// An uploaded identity document, served back at its sandbox-hosted URL.
#[derive(Debug, Clone)]
pub struct Document {
    pub company_id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub bytes: Bytes,
}

/// A document upload on its way to being stored, with the id its URL was minted from.
#[derive(Debug, Clone)]
pub struct Upload {
    pub id: Uuid,
    pub url: String,
    pub file_name: String,
    pub content_type: String,
    pub bytes: Bytes,
}

/// Where a new customer's identity documents come from.
#[derive(Debug, Clone)]
pub enum Documents {
    /// `POST /customers/enroll`: the caller hosts them; the customer is always enrolled upstream.
    Urls(DocumentUrls),
    /// `POST /customers`: uploaded; enrolled upstream (and so verified) only when asked to.
    Uploads {
        front: Upload,
        back: Option<Upload>,
        enroll: bool,
    },
}

/// Cheap-to-clone handle on Cartevo's state.
#[derive(Clone)]
pub struct CartevoBackend {
    inner: Arc<Inner>,
}

struct Inner {
    clock: SandboxClock,
    tokens: TokenSigner,
    verified_tokens: TokenCache,
    webhooks: Webhooks,
    /// What `reset` returns to.
    seed: CartevoSeed,
    tenants: DashMap<Uuid, Arc<Tenant>>,
    client_ids: DashMap<String, Uuid>,
    documents: DashMap<Uuid, Document>,
}

impl CartevoBackend {
    pub fn new(
        seed: CartevoSeed,
        clock: SandboxClock,
        token_secret: &str,
        webhooks: Webhooks,
    ) -> Self {
        let backend = Self {
            inner: Arc::new(Inner {
                clock,
                tokens: TokenSigner::new(token_secret),
                verified_tokens: TokenCache::default(),
                webhooks,
                seed,
                tenants: DashMap::new(),
                client_ids: DashMap::new(),
                documents: DashMap::new(),
            }),
        };
        backend.reset();
        backend
    }

    pub fn clock(&self) -> &SandboxClock {
        &self.inner.clock
    }

    pub fn seed(&self) -> &CartevoSeed {
        &self.inner.seed
    }

    /// Adds (or replaces) a company.
    pub fn insert_tenant(&self, tenant: Tenant) -> Arc<Tenant> {
        let company = tenant.company();
        let tenant = Arc::new(tenant);
        self.inner.client_ids.insert(company.client_id, company.id);
        self.inner.tenants.insert(company.id, tenant.clone());
        tenant
    }

    /// The company with tenant label `cartevo:<client_id>`.
    pub fn tenant_by_label(&self, label: &str) -> Option<Arc<Tenant>> {
        let client_id = label.strip_prefix("cartevo:")?;
        let id = *self.inner.client_ids.get(client_id)?;
        self.inner.tenants.get(&id).map(|tenant| tenant.clone())
    }

    /// Every company, in no particular order.
    pub fn tenants(&self) -> Vec<Arc<Tenant>> {
        self.inner
            .tenants
            .iter()
            .map(|entry| entry.value().clone())
            .collect()
    }

    /// Removes a company, its customers and its documents; its tokens stop working.
    pub fn remove_tenant(&self, tenant: &Tenant) {
        let company = tenant.company();
        self.inner.tenants.remove(&company.id);
        self.inner.client_ids.remove(&company.client_id);
        self.remove_documents_of(company.id);
    }

    fn remove_documents_of(&self, company_id: Uuid) {
        self.inner
            .documents
            .retain(|_, document| document.company_id != company_id);
    }

    /// Everything back to the fixtures.
    pub fn reset(&self) {
        self.replace_all(Vec::new(), Vec::new());
        for seed in &self.inner.seed.companies {
            // Fixture loading already rejected duplicate customers within a company.
            if let Ok(tenant) = Tenant::from_seed(seed) {
                self.insert_tenant(tenant);
            }
        }
    }

    /// One company back to its fixture settings and customers (or to none, if it has no
    /// fixture).
    pub fn reset_tenant(&self, tenant: &Tenant) {
        let id = tenant.id();
        self.remove_documents_of(id);
        match self
            .inner
            .seed
            .companies
            .iter()
            .find(|seed| seed.company.id == id)
        {
            Some(seed) => {
                tenant.update_company(|company| *company = seed.company.clone());
                let mut table = CustomerTable::default();
                for customer in &seed.customers {
                    let _ = table.insert(customer.clone());
                }
                tenant.replace_customers(table);
            }
            None => tenant.replace_customers(CustomerTable::default()),
        }
    }

    /// Replaces every company and document at once (for imports).
    pub fn replace_all(&self, tenants: Vec<Tenant>, documents: Vec<(Uuid, Document)>) {
        self.inner.tenants.clear();
        self.inner.client_ids.clear();
        self.inner.documents.clear();
        for tenant in tenants {
            self.insert_tenant(tenant);
        }
        for (id, document) in documents {
            self.inner.documents.insert(id, document);
        }
    }

    /// Every stored document.
    pub fn documents(&self) -> Vec<(Uuid, Document)> {
        self.inner
            .documents
            .iter()
            .map(|entry| (*entry.key(), entry.value().clone()))
            .collect()
    }

    /// `POST /auth/token`: exchanges client credentials for a one-hour token.
    pub fn issue_token(
        &self,
        client_id: &str,
        client_key: &str,
    ) -> Result<AccessToken, TokenRequestError> {
        let company = self
            .inner
            .client_ids
            .get(client_id)
            .and_then(|id| self.inner.tenants.get(&*id).map(|t| t.company()))
            .filter(|company| company.client_key == client_key)
            .ok_or(TokenRequestError::InvalidCredentials)?;
        let now = self.inner.clock.now().timestamp();
        let token = self
            .inner
            .tokens
            .issue(company.id, &company.client_id, now)
            .map_err(|_| TokenRequestError::Signing)?;
        Ok(AccessToken {
            token,
            expires_in: tokens::TOKEN_LIFETIME_SECONDS,
        })
    }

    /// The company a bearer token speaks for. A token's signature is checked once (see
    /// `token_cache`); its expiry and its company are checked on every call.
    pub fn authenticate(&self, token: &str) -> Result<Arc<Tenant>, AuthError> {
        let now = self.inner.clock.now().timestamp();
        let verified = match self.inner.verified_tokens.get(token) {
            Some(verified) if now >= verified.expires_at => {
                return Err(AuthError::Token(TokenError::Expired));
            }
            Some(verified) => verified,
            None => {
                let claims = self
                    .inner
                    .tokens
                    .verify(token, now)
                    .map_err(AuthError::Token)?;
                let verified = VerifiedToken {
                    company_id: Uuid::parse_str(&claims.company_id)
                        .map_err(|_| AuthError::Token(TokenError::Malformed))?,
                    expires_at: claims.exp,
                };
                self.inner.verified_tokens.insert(token, verified);
                verified
            }
        };
        self.inner
            .tenants
            .get(&verified.company_id)
            .map(|tenant| tenant.clone())
            .ok_or(AuthError::UnknownCompany)
    }

    /// Creates a customer for `tenant`, applying Cartevo's rules in this order: HTTPS document
    /// URLs, age, company KYB, duplicates (atomically with the insert), the upstream verifier.
    /// Returns what `render` makes of the new customer (the response), rendered from the record
    /// before it is stored, so that no copy of it is needed.
    pub fn create_customer<T>(
        &self,
        tenant: &Tenant,
        details: NewCustomer,
        documents: Documents,
        render: impl FnOnce(&Customer) -> T,
    ) -> Result<T, CreateCustomerError> {
        if let Documents::Urls(urls) = &documents
            && let Some(side) = rules::first_insecure_url(&urls.front, &urls.back)
        {
            return Err(CreateCustomerError::InsecureDocumentUrl(side));
        }
        let now = self.inner.clock.now();
        if !rules::is_adult(details.date_of_birth, now) {
            return Err(CreateCustomerError::Underage);
        }
        let kyb = tenant.kyb_status();
        if kyb != KybStatus::Approved {
            return Err(CreateCustomerError::KybNotApproved(kyb));
        }
        let (verdict, image, photo, enrolled, uploads) = match documents {
            Documents::Urls(urls) => (
                rules::verify_urls(&urls.front, &urls.back),
                urls.front.into_text(),
                Some(urls.back.into_text()),
                true,
                Vec::new(),
            ),
            Documents::Uploads {
                front,
                back,
                enroll,
            } => {
                let verdict = if enroll {
                    rules::verify_uploads(
                        std::iter::once(front.file_name.as_str())
                            .chain(back.as_ref().map(|b| b.file_name.as_str())),
                    )
                } else {
                    Verdict::Accepted
                };
                let image = CompactString::from(front.url.as_str());
                let photo = back.as_ref().map(|b| CompactString::from(b.url.as_str()));
                (
                    verdict,
                    image,
                    photo,
                    enroll,
                    std::iter::once(front).chain(back).collect(),
                )
            }
        };

        // The record, the response and the webhook delivery are made before the company's table
        // is locked: every enroll of a company goes through that one lock, so it guards only the
        // duplicate check and the insert, which must stay one atomic step. The webhook is still
        // queued only once the record is stored ("emitted immediately after the customer
        // record is persisted"), and never waited for. The company's settings are read in place:
        // most companies have no webhook URL, and cloning them showed in profiles.
        let customer = Customer::new(details, image, photo, enrolled, now);
        let rendered = render(&customer);
        let delivery = webhooks::customer_created(&tenant.company.read(), &customer);
        {
            let mut table = tenant.customers();
            let refusal = match verdict {
                Verdict::Accepted => None,
                Verdict::Unreachable(side) => Some(CreateCustomerError::DocumentUnreachable(side)),
                Verdict::Unreadable => Some(CreateCustomerError::DocumentUnreadable),
            };
            // A duplicate is reported before the verifier's verdict.
            if let Some(refusal) = refusal {
                return Err(
                    match table.conflict(&customer.email, &customer.identification_number) {
                        Some(_) => CreateCustomerError::Duplicate,
                        None => refusal,
                    },
                );
            }
            table
                .insert(customer)
                .map_err(|_: Conflict| CreateCustomerError::Duplicate)?;
        }
        let company_id = tenant.id();
        for upload in uploads {
            self.inner.documents.insert(
                upload.id,
                Document {
                    company_id,
                    file_name: upload.file_name,
                    content_type: upload.content_type,
                    bytes: upload.bytes,
                },
            );
        }
        if let Some(delivery) = delivery {
            self.inner.webhooks.enqueue(delivery);
        }
        Ok(rendered)
    }

    /// An uploaded document by id.
    pub fn document(&self, id: &Uuid) -> Option<Document> {
        self.inner
            .documents
            .get(id)
            .map(|document| document.clone())
    }
}
