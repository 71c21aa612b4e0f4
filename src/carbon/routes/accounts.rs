//! `POST /baas/api/v1/accounts`, `GET /baas/api/v1/accounts`,
//! `GET /baas/api/v1/accounts/{account_number}`,
//! `GET /baas/api/v1/accounts/{account_number}/balance`

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::customers::MODE;
use super::pagination::PageRequest;
use super::parse_body;
use crate::carbon::auth::AuthenticatedMerchant;
use crate::carbon::backend::accounts::{Account, BANK_CODE, BANK_NAME, Owner, naira};
use crate::carbon::backend::{CarbonBackend, CreateAccountError};
use crate::carbon::domain::NewAccount;
use crate::carbon::envelope::{self, CarbonError, ErrorCode};
use crate::time_format;

/// `account` of the creation response.
#[derive(Serialize)]
struct NewAccountDetails<'a> {
    bank_name: &'static str,
    bank_code: &'static str,
    account_name: &'a str,
    account_number: &'a str,
    client_id: &'a str,
}

/// `owner` of the creation response (no `id`, as documented).
#[derive(Serialize)]
struct NewOwner<'a> {
    first_name: &'a str,
    last_name: &'a str,
    email: &'a str,
    phone: &'a str,
}

/// The documented 200 of `POST /v1/accounts`.
#[derive(Serialize)]
struct CreatedView<'a> {
    id: &'a Uuid,
    account: NewAccountDetails<'a>,
    owner: Option<NewOwner<'a>>,
    account_type: &'static str,
    mode: &'static str,
    #[serde(with = "time_format::millis")]
    created_at: DateTime<Utc>,
    #[serde(with = "time_format::millis")]
    updated_at: DateTime<Utc>,
}

impl<'a> From<&'a Account> for CreatedView<'a> {
    fn from(account: &'a Account) -> Self {
        Self {
            id: &account.id,
            account: NewAccountDetails {
                bank_name: BANK_NAME,
                bank_code: BANK_CODE,
                account_name: &account.account_name,
                account_number: &account.account_number,
                client_id: &account.client_id,
            },
            owner: account.owner.as_ref().map(|owner| NewOwner {
                first_name: &owner.first_name,
                last_name: &owner.last_name,
                email: &owner.email,
                phone: &owner.phone,
            }),
            account_type: "static",
            mode: MODE,
            created_at: account.created_at,
            updated_at: account.updated_at,
        }
    }
}

/// `account` of list items and of `GET /v1/accounts/{account_number}` (which adds `bank_code`).
#[derive(Serialize)]
struct AccountDetails<'a> {
    bank_name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    bank_code: Option<&'static str>,
    account_name: &'a str,
    account_number: &'a str,
    balance: serde_json::Number,
    available_balance: serde_json::Number,
    locked: bool,
}

/// An account as the list and get routes render it.
#[derive(Serialize)]
struct AccountView<'a> {
    id: &'a Uuid,
    account: AccountDetails<'a>,
    owner: Option<OwnerView<'a>>,
    is_static: bool,
    mode: &'static str,
    #[serde(with = "time_format::millis")]
    created_at: DateTime<Utc>,
    #[serde(with = "time_format::millis")]
    updated_at: DateTime<Utc>,
}

/// `owner` of list items: the customer, with its `id`.
#[derive(Serialize)]
struct OwnerView<'a> {
    id: &'a Uuid,
    first_name: &'a str,
    last_name: &'a str,
    email: &'a str,
    phone: &'a str,
}

impl<'a> From<&'a Owner> for OwnerView<'a> {
    fn from(owner: &'a Owner) -> Self {
        Self {
            id: &owner.id,
            first_name: &owner.first_name,
            last_name: &owner.last_name,
            email: &owner.email,
            phone: &owner.phone,
        }
    }
}

impl<'a> AccountView<'a> {
    fn new(account: &'a Account, with_bank_code: bool) -> Self {
        Self {
            id: &account.id,
            account: AccountDetails {
                bank_name: BANK_NAME,
                bank_code: with_bank_code.then_some(BANK_CODE),
                account_name: &account.account_name,
                account_number: &account.account_number,
                balance: naira(account.balance_kobo),
                available_balance: naira(account.balance_kobo),
                locked: false,
            },
            owner: account.owner.as_ref().map(OwnerView::from),
            is_static: true,
            mode: MODE,
            created_at: account.created_at,
            updated_at: account.updated_at,
        }
    }
}

/// Opens a static account for a customer, or a merchant sub-account (200, as documented).
pub async fn create(
    merchant: AuthenticatedMerchant,
    backend: web::Data<CarbonBackend>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, CarbonError> {
    let new_account = parse_body(&request, payload, NewAccount::parse).await?;
    let account = backend
        .create_account(merchant.tenant(), new_account)
        .map_err(|error| {
            let (code, details) = match error {
                CreateAccountError::CustomerNotFound => (
                    ErrorCode::CustomerNotFound,
                    "customer_id not found under this merchant",
                ),
                CreateAccountError::AlreadyHasAccount => (
                    ErrorCode::AccountAlreadyExists,
                    "A customer has one static account; read it with GET /v1/accounts",
                ),
            };
            CarbonError::new(StatusCode::BAD_REQUEST, code, error.to_string(), details)
        })?;
    Ok(envelope::success(
        StatusCode::OK,
        "account created successfully",
        CreatedView::from(&account),
    ))
}

/// Lists the merchant's accounts, newest first.
pub async fn list(
    merchant: AuthenticatedMerchant,
    backend: web::Data<CarbonBackend>,
    request: HttpRequest,
) -> Result<HttpResponse, CarbonError> {
    let page = PageRequest::from_query(&request)?;
    let (total, accounts) = backend.accounts(merchant.tenant(), page.offset(), page.limit);
    let items: Vec<_> = accounts
        .iter()
        .map(|account| AccountView::new(account, false))
        .collect();
    Ok(envelope::page(
        "Accounts fetched successfully",
        items,
        page.meta(total),
        (),
    ))
}

fn find(
    merchant: &AuthenticatedMerchant,
    backend: &CarbonBackend,
    account_number: &str,
) -> Result<Account, CarbonError> {
    backend
        .account(merchant.tenant(), account_number)
        .ok_or_else(|| {
            CarbonError::new(
                StatusCode::NOT_FOUND,
                ErrorCode::AccountNotFound,
                "Account not found",
                "No account with this number belongs to this merchant",
            )
        })
}

/// One account of the merchant.
pub async fn get(
    merchant: AuthenticatedMerchant,
    backend: web::Data<CarbonBackend>,
    account_number: web::Path<String>,
) -> Result<HttpResponse, CarbonError> {
    let account = find(&merchant, &backend, &account_number)?;
    Ok(envelope::success(
        StatusCode::OK,
        "Account fetched successfully",
        AccountView::new(&account, true),
    ))
}

#[derive(Serialize)]
struct BalanceView<'a> {
    account_number: &'a str,
    balance: serde_json::Number,
    available_balance: serde_json::Number,
    business_account: bool,
    locked: bool,
}

/// An account's balance: zero until transfers are simulated through
/// `POST /__sandbox/carbon/transactions`.
pub async fn balance(
    merchant: AuthenticatedMerchant,
    backend: web::Data<CarbonBackend>,
    account_number: web::Path<String>,
) -> Result<HttpResponse, CarbonError> {
    let account = find(&merchant, &backend, &account_number)?;
    Ok(envelope::success(
        StatusCode::OK,
        "Balance fetched successfully",
        BalanceView {
            account_number: &account.account_number,
            balance: naira(account.balance_kobo),
            available_balance: naira(account.balance_kobo),
            business_account: account.is_business_account(),
            locked: false,
        },
    ))
}
