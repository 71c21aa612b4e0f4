//! Cartevo's outgoing webhooks: `{"event", "data"}` bodies, signed with
//! `X-Cartevo-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` when the company has a secret.
//!
//! The documented part: the header, `t`, `v1` as lower-case hex HMAC-SHA256, computed over the
//! raw body. The signed string is cut off in Cartevo's docs; the sandbox signs
//! `"{t}.{raw body}"` (Stripe's scheme, which the header format mirrors). Recorded in
//! `docs/fidelity.md`.
//!
//! ```
//! use fintech_sandbox::cartevo::webhooks::sign;
//! let (header, value) = sign("whsec_test", 1_700_000_000, br#"{"event":"customer.created"}"#);
//! assert_eq!(header, "X-Cartevo-Signature");
//! assert!(value.starts_with("t=1700000000,v1="));
//! ```

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

use super::backend::company::Company;
use super::backend::customers::{Customer, CustomerView};
use crate::webhooks::{NewDelivery, Signer};

pub const SIGNATURE_HEADER: &str = "X-Cartevo-Signature";

/// `t=<unix_time>,v1=hex(HMAC-SHA256(secret, "<unix_time>.<body>"))`
pub fn sign(secret: &str, unix_time: i64, body: &[u8]) -> (&'static str, String) {
    let digest = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mut mac) => {
            mac.update(unix_time.to_string().as_bytes());
            mac.update(b".");
            mac.update(body);
            hex::encode(mac.finalize().into_bytes())
        }
        // HMAC takes keys of any length; this arm cannot be reached.
        Err(_) => String::new(),
    };
    (SIGNATURE_HEADER, format!("t={unix_time},v1={digest}"))
}

#[derive(Serialize)]
struct Event<'a, T: Serialize> {
    event: &'a str,
    data: T,
}

/// `customer.created` for the company's webhook URL, if it has one.
pub fn customer_created(company: &Company, customer: &Customer) -> Option<NewDelivery> {
    let url = company.webhook_url.clone()?;
    let payload = serde_json::to_vec(&Event {
        event: "customer.created",
        data: CustomerView(customer),
    })
    .ok()?;
    Some(NewDelivery {
        provider: "cartevo",
        tenant: company.tenant_label().into(),
        event: "customer.created".into(),
        // Cartevo's envelope carries no event id; the delivery log still needs one.
        event_id: crate::ids::random_uuid().to_string(),
        url,
        payload: payload.into(),
        signer: company
            .webhook_secret
            .clone()
            .map(|secret| Signer { secret, sign }),
    })
}
