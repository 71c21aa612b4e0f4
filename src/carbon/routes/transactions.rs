//! `POST /__sandbox/carbon/transactions`: a control-plane endpoint, not part of Carbon's API.
//! Simulates money arriving in (CREDIT) or leaving (DEBIT) an account, which moves its balance
//! and sends Carbon's documented `account.incoming-transaction` or `account.outgoing-transaction`
//! webhook to the owning merchant.
//!
//! ```text
//! POST /__sandbox/carbon/transactions
//! {"account_number": "6142285181", "amount": 5000.50, "type": "CREDIT", "remark": "Invoice 42"}
//! ```

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use crate::carbon::backend::accounts::naira;
use crate::carbon::backend::{CarbonBackend, TransferError};
use crate::carbon::webhooks::{self, Party, TransactionData, TransactionType};
use crate::control::parse_spec;
use crate::http::body::read_json_object;
use crate::sandbox::error::AdminError;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TransferRequest {
    account_number: String,
    /// In naira, up to two decimals.
    amount: f64,
    #[serde(rename = "type", default = "credit")]
    kind: Kind,
    #[serde(default)]
    remark: Option<String>,
    /// `uniqueRef` (and webhook `event_id`); generated when absent.
    #[serde(default)]
    reference: Option<String>,
    #[serde(default)]
    counterparty: Option<Counterparty>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
enum Kind {
    Credit,
    Debit,
}

fn credit() -> Kind {
    Kind::Credit
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Counterparty {
    account_name: String,
    account_number: String,
    bank_name: String,
}

/// Largest simulated amount: a billion naira keeps kobo well inside an `i64`.
const MAX_NAIRA: f64 = 1_000_000_000.0;

pub async fn simulate(
    backend: web::Data<CarbonBackend>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AdminError> {
    let body: TransferRequest = parse_spec(read_json_object(&request, payload).await?)?;
    let kobo = body.amount * 100.0;
    if !(body.amount > 0.0 && body.amount <= MAX_NAIRA) || (kobo - kobo.round()).abs() > 1e-6 {
        return Err(AdminError::bad_request(
            "amount must be a positive number of naira with at most two decimals, up to 1,000,000,000",
        ));
    }
    let kind = match body.kind {
        Kind::Credit => TransactionType::Credit,
        Kind::Debit => TransactionType::Debit,
    };
    let (tenant, account) = backend
        .transfer(&body.account_number, kind, kobo.round() as i64)
        .map_err(|error| match error {
            TransferError::AccountNotFound => AdminError::not_found(error.to_string()),
            TransferError::InsufficientBalance => AdminError::bad_request(error.to_string()),
        })?;
    let counterparty = body.counterparty.map_or_else(
        || Party {
            account_name: "SANDBOX COUNTERPARTY".into(),
            account_number: "0000000000".into(),
            bank_name: "SANDBOX BANK".into(),
        },
        |c| Party {
            account_name: c.account_name,
            account_number: c.account_number,
            bank_name: c.bank_name,
        },
    );
    let transaction = backend.new_transaction(
        kind,
        kobo.round() as i64,
        body.reference,
        body.remark.unwrap_or_else(|| "Sandbox transfer".into()),
        counterparty,
    );
    let data = TransactionData::new(&account, &transaction);
    let merchant = tenant.merchant();
    let delivery = webhooks::delivery(
        &merchant,
        transaction.event(),
        transaction.reference.clone(),
        &data,
    );
    let delivery_id = delivery.map(|delivery| backend.webhooks().enqueue(delivery));
    Ok(HttpResponse::build(StatusCode::CREATED).json(json!({
        "tenant": merchant.tenant_label(),
        "event": transaction.event(),
        "event_id": transaction.reference,
        "balance": naira(account.balance_kobo),
        "webhook_delivery": delivery_id,
        "transaction": data,
    })))
}
