//! Bearer authentication of every Cartevo route except `POST /auth/token`.
//!
//! ```ignore
//! async fn handler(company: AuthenticatedCompany) -> HttpResponse {
//!     let tenant = company.tenant(); // the company the token was issued to
//! }
//! ```

use std::future::{Ready, ready};
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};

use super::backend::tokens::TokenError;
use super::backend::{AuthError, CartevoBackend, Tenant};
use super::envelope::CartevoError;
use crate::http::tenant;

/// The company a request's bearer token was issued to.
pub struct AuthenticatedCompany(pub Arc<Tenant>);

impl AuthenticatedCompany {
    pub fn tenant(&self) -> &Tenant {
        &self.0
    }
}

pub const MISSING_TOKEN: &str =
    "Missing access token: send Authorization: Bearer <access_token> from POST /api/v1/auth/token";
pub const MALFORMED_TOKEN: &str = "Invalid token structure";
pub const FORGED_TOKEN: &str = "Invalid access token";
pub const EXPIRED_TOKEN: &str =
    "Access token has expired: request a new one from POST /api/v1/auth/token";
pub const UNKNOWN_COMPANY: &str = "Invalid company token";

/// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive).
fn bearer_token(request: &HttpRequest) -> Result<&str, &'static str> {
    let header = request.headers().get(AUTHORIZATION).ok_or(MISSING_TOKEN)?;
    header
        .to_str()
        .ok()
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|token| !token.is_empty())
        .ok_or(MALFORMED_TOKEN)
}

/// The tenant label of the company a request's token speaks for, if it is valid.
pub fn resolve_tenant(request: &HttpRequest) -> Option<Arc<str>> {
    let backend = request.app_data::<web::Data<CartevoBackend>>()?;
    let token = bearer_token(request).ok()?;
    backend
        .authenticate(token)
        .ok()
        .map(|tenant| tenant.label())
}

fn authenticate(request: &HttpRequest) -> Result<AuthenticatedCompany, CartevoError> {
    let backend = request
        .app_data::<web::Data<CartevoBackend>>()
        .ok_or_else(|| CartevoError::unauthorized(UNKNOWN_COMPANY))?;
    let token = bearer_token(request).map_err(CartevoError::unauthorized)?;
    let tenant = backend.authenticate(token).map_err(|error| {
        CartevoError::unauthorized(match error {
            AuthError::Token(TokenError::Malformed) => MALFORMED_TOKEN,
            AuthError::Token(TokenError::BadSignature) => FORGED_TOKEN,
            AuthError::Token(TokenError::Expired) => EXPIRED_TOKEN,
            AuthError::UnknownCompany => UNKNOWN_COMPANY,
        })
    })?;
    tenant::tag(request, tenant.label());
    Ok(AuthenticatedCompany(tenant))
}

impl FromRequest for AuthenticatedCompany {
    type Error = CartevoError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(request))
    }
}
