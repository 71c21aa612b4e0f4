//! Carbon's HTTP surface, mounted at `/baas/api`. Every path and method not listed here answers
//! like an Express app does: 404 `Cannot <METHOD> <path>`, in Carbon's envelope.

pub mod accounts;
pub mod customers;
pub mod lending;
mod pagination;
pub mod transactions;
pub mod webhook;

pub use pagination::{DEFAULT_LIMIT, LIMIT_MESSAGE, MAX_LIMIT, PAGE_MESSAGE};

use actix_web::{HttpRequest, Scope, web};
use serde_json::{Map, Value};

use super::envelope::{CarbonError, FieldError, route_not_found};
use super::operations::OPERATIONS;
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

/// The `/baas/api` scope serving exactly the catalogued operations (`operations.rs`); expects
/// `web::Data<CarbonBackend>` on the app. Other methods and paths get Carbon's 404.
pub fn scope() -> Scope {
    crate::provider::resources(OPERATIONS, BASE_PATH)
        .into_iter()
        .fold(web::scope(BASE_PATH), |scope, resource| {
            scope.service(resource.default_service(web::to(route_not_found)))
        })
        .default_service(web::to(route_not_found))
}
