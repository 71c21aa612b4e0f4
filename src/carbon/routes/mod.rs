//! Carbon's HTTP surface, mounted at `/baas/api`. Every path and method not listed here answers
//! like an Express app does: 404 `Cannot <METHOD> <path>`, in Carbon's envelope.

pub mod accounts;
pub mod customers;
pub mod lending;
mod pagination;
pub mod transactions;
pub mod webhook;

pub use pagination::{LIMIT_MESSAGE, PAGE_MESSAGE};

use actix_web::{HttpRequest, Resource, Scope, web};
use serde_json::{Map, Value};

use super::envelope::{CarbonError, FieldError, route_not_found};
use crate::http::body::read_json_object;

/// Where Carbon's API lives on the sandbox host (the vendor's own path, so an SDK only swaps
/// the host).
pub const BASE_PATH: &str = "/baas/api";

/// A request type's parser, such as `NewCustomer::parse`.
type BodyParser<T> = fn(&Map<String, Value>) -> Result<T, Vec<FieldError>>;

/// Reads a JSON object body and parses it into a request type; every failure (media type,
/// size, syntax, field rules) comes back in Carbon's envelope.
///
/// ```ignore
/// let customer = parse_body(&request, payload, NewCustomer::parse).await?;
/// ```
async fn parse_body<T>(
    request: &HttpRequest,
    payload: web::Payload,
    parse: BodyParser<T>,
) -> Result<T, CarbonError> {
    let body = read_json_object(request, payload).await?;
    parse(&body).map_err(CarbonError::validation)
}

/// A resource whose unsupported methods get Carbon's 404 rather than actix's bare 405.
fn resource(path: &str) -> Resource {
    web::resource(path).default_service(web::to(route_not_found))
}

/// The `/baas/api` scope with every Carbon route; expects `web::Data<CarbonBackend>` on the app.
pub fn scope() -> Scope {
    web::scope(BASE_PATH)
        .service(
            resource("/v1/customers")
                .route(web::post().to(customers::create))
                .route(web::get().to(customers::list)),
        )
        .service(resource("/v1/customers/{id}").route(web::get().to(customers::get)))
        .service(
            resource("/v1/accounts")
                .route(web::post().to(accounts::create))
                .route(web::get().to(accounts::list)),
        )
        .service(resource("/v1/accounts/{account_number}").route(web::get().to(accounts::get)))
        .service(
            resource("/v1/accounts/{account_number}/balance")
                .route(web::get().to(accounts::balance)),
        )
        .service(resource("/v1/loans/customers/enroll").route(web::post().to(lending::enroll)))
        .service(
            resource("/v1/loans/customers/{id}/verify-kyc")
                .route(web::post().to(lending::verify_kyc)),
        )
        .service(
            resource("/v1/loans/customers/{id}/kyc-status")
                .route(web::get().to(lending::kyc_status)),
        )
        .service(
            resource("/v1/webhook")
                .route(web::get().to(webhook::get))
                .route(web::put().to(webhook::update)),
        )
        .service(resource("/v1/webhook/history").route(web::get().to(webhook::history)))
        .service(
            resource("/v1/webhook/resend-webhook-event").route(web::post().to(webhook::resend)),
        )
        .default_service(web::to(route_not_found))
}
