//! Authentication of every Carbon route: the gateway key in `apikey` and the merchant's key in
//! `x-carbon-key`. Failures are 401 `Unauthorized access` with `INVALID_API_KEY`; `details` says
//! which header failed but never echoes a key.
//!
//! ```ignore
//! async fn handler(merchant: AuthenticatedMerchant) -> HttpResponse {
//!     let tenant = merchant.tenant(); // the merchant whose x-carbon-key was sent
//! }
//! ```

use std::future::{Ready, ready};
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};

use super::backend::{CarbonBackend, Tenant};
use super::envelope::CarbonError;
use crate::http::tenant;

pub const GATEWAY_KEY_HEADER: &str = "apikey";
pub const MERCHANT_KEY_HEADER: &str = "x-carbon-key";

/// The merchant a request's `x-carbon-key` belongs to.
pub struct AuthenticatedMerchant(pub Arc<Tenant>);

impl AuthenticatedMerchant {
    pub fn tenant(&self) -> &Tenant {
        &self.0
    }
}

/// A header's value; blank counts as absent, and a value that is not text as a wrong key.
fn header<'r>(request: &'r HttpRequest, name: &str) -> Option<&'r str> {
    let value = request.headers().get(name)?;
    match value.to_str() {
        Ok(text) => Some(text.trim()).filter(|text| !text.is_empty()),
        Err(_) => Some(""),
    }
}

fn tenant_of(request: &HttpRequest) -> Result<Arc<Tenant>, CarbonError> {
    let backend = request
        .app_data::<web::Data<CarbonBackend>>()
        .ok_or_else(|| CarbonError::unauthorized("Carbon is not configured on this sandbox"))?;
    backend
        .authenticate(
            header(request, GATEWAY_KEY_HEADER),
            header(request, MERCHANT_KEY_HEADER),
        )
        .map_err(|error| CarbonError::unauthorized(&error.to_string()))
}

/// The tenant label of the merchant a request authenticates as, if it does.
pub fn resolve_tenant(request: &HttpRequest) -> Option<Arc<str>> {
    tenant_of(request).ok().map(|tenant| tenant.label())
}

impl FromRequest for AuthenticatedMerchant {
    type Error = CarbonError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(tenant_of(request).map(|merchant| {
            tenant::tag(request, merchant.label());
            AuthenticatedMerchant(merchant)
        }))
    }
}
