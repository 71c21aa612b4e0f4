//! Carbon's outgoing webhooks: `{"event", "data"}` bodies with
//! `X-Carbon-Baas-Signature: <hex HMAC-SHA256 of the raw body, keyed with the merchant's
//! webhook secret>`.
//!
//! Documented events are the two account-transaction events, sent when a transfer is simulated
//! (`POST /__sandbox/carbon/transactions`). Carbon documents no customer or lending events; the
//! sandbox's own, named `sandbox.*` so nobody mistakes them for Carbon's, are sent only to
//! merchants with `invented_events: true`.
//!
//! ```
//! use fintech_sandbox::carbon::webhooks::sign;
//! let (header, value) = sign("secret", 0, b"{}");
//! assert_eq!(header, "X-Carbon-Baas-Signature");
//! assert_eq!(value.len(), 64);
//! ```

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;
use uuid::Uuid;

use super::backend::accounts::{Account, BANK_CODE, BANK_NAME, naira};
use super::backend::merchant::Merchant;
use crate::time_format;
use crate::webhooks::{NewDelivery, Signer};

pub const SIGNATURE_HEADER: &str = "X-Carbon-Baas-Signature";

/// Documented: money arrived in an account (`transactionType: CREDIT`).
pub const INCOMING_TRANSACTION: &str = "account.incoming-transaction";
/// Documented: money left an account (`transactionType: DEBIT`).
pub const OUTGOING_TRANSACTION: &str = "account.outgoing-transaction";
/// Invented (opt-in): a customer was created.
pub const SANDBOX_CUSTOMER_CREATED: &str = "sandbox.customer.created";
/// Invented (opt-in): a customer was enrolled for lending.
pub const SANDBOX_CUSTOMER_ENROLLED: &str = "sandbox.lending.customer.enrolled";

/// Lower-case hex HMAC-SHA256 of the body. The signing time plays no part: Carbon documents no
/// timestamp.
pub fn sign(secret: &str, _unix_time: i64, body: &[u8]) -> (&'static str, String) {
    let digest = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mut mac) => {
            mac.update(body);
            hex::encode(mac.finalize().into_bytes())
        }
        // HMAC takes keys of any length; this arm cannot be reached.
        Err(_) => String::new(),
    };
    (SIGNATURE_HEADER, digest)
}

#[derive(Serialize)]
struct Event<'a, T: Serialize> {
    event: &'a str,
    data: T,
}

/// An event for the merchant's webhook URL, if it has one.
pub fn delivery(
    merchant: &Merchant,
    event: &str,
    event_id: String,
    data: impl Serialize,
) -> Option<NewDelivery> {
    let url = merchant.webhook_url.clone()?;
    let payload = serde_json::to_vec(&Event { event, data }).ok()?;
    Some(NewDelivery {
        provider: "carbon",
        tenant: merchant.tenant_label().into(),
        event: event.to_owned(),
        event_id,
        url,
        payload: payload.into(),
        signer: merchant
            .webhook_secret
            .clone()
            .map(|secret| Signer { secret, sign }),
    })
}

/// One of the sandbox's invented events, only for merchants that opted in.
pub fn invented(merchant: &Merchant, event: &str, data: impl Serialize) -> Option<NewDelivery> {
    merchant
        .invented_events
        .then(|| delivery(merchant, event, crate::ids::random_uuid().to_string(), data))
        .flatten()
}

/// Direction of a simulated transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TransactionType {
    Credit,
    Debit,
}

/// The other side of a transfer, as the events show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Party {
    pub account_name: String,
    pub account_number: String,
    pub bank_name: String,
}

/// A transfer into or out of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    pub id: Uuid,
    /// `uniqueRef`, which is also the webhook's `event_id`.
    pub reference: String,
    pub kind: TransactionType,
    pub amount_kobo: i64,
    pub remark: String,
    pub counterparty: Party,
    pub at: DateTime<Utc>,
}

impl Transaction {
    pub fn event(&self) -> &'static str {
        match self.kind {
            TransactionType::Credit => INCOMING_TRANSACTION,
            TransactionType::Debit => OUTGOING_TRANSACTION,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Bank {
    code: &'static str,
    name: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BankAccount<'a> {
    account_name: &'a str,
    account_number: &'a str,
    bank: Bank,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AccountRef<'a> {
    id: &'a Uuid,
    bank_account: BankAccount<'a>,
    #[serde(rename = "static")]
    is_static: bool,
    currency: &'static str,
    client_id: &'a str,
}

#[derive(Serialize)]
struct Remark<'a> {
    remark: &'a str,
}

/// The documented `data` of both transaction events ([whev], newer version).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionData<'a> {
    id: &'a Uuid,
    amount: serde_json::Number,
    currency: &'static str,
    transaction_type: TransactionType,
    #[serde(with = "time_format::millis")]
    entry_date: DateTime<Utc>,
    unique_ref: &'a str,
    account: AccountRef<'a>,
    beneficiary: Party,
    sender: Party,
    transaction_details: Remark<'a>,
}

impl<'a> TransactionData<'a> {
    pub fn new(account: &'a Account, transaction: &'a Transaction) -> Self {
        let own = Party {
            account_name: account.account_name.to_string(),
            account_number: account.account_number.to_string(),
            bank_name: BANK_NAME.to_owned(),
        };
        let (beneficiary, sender) = match transaction.kind {
            TransactionType::Credit => (own, transaction.counterparty.clone()),
            TransactionType::Debit => (transaction.counterparty.clone(), own),
        };
        Self {
            id: &transaction.id,
            amount: naira(transaction.amount_kobo),
            currency: "NGN",
            transaction_type: transaction.kind,
            entry_date: transaction.at,
            unique_ref: &transaction.reference,
            account: AccountRef {
                id: &account.id,
                bank_account: BankAccount {
                    account_name: &account.account_name,
                    account_number: &account.account_number,
                    bank: Bank {
                        code: BANK_CODE,
                        name: BANK_NAME,
                    },
                },
                is_static: true,
                currency: "NGN",
                client_id: &account.client_id,
            },
            beneficiary,
            sender,
            transaction_details: Remark {
                remark: &transaction.remark,
            },
        }
    }
}
