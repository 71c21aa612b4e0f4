//! Cartevo's HTTP surface, mounted at `/api/v1`. Every path and method not listed here answers
//! like NestJS does: 404 `Cannot <METHOD> <path>` in Cartevo's envelope.

pub mod auth;
pub mod customers;
pub mod documents;
mod upload_form;

use actix_web::{Scope, web};

use super::envelope::route_not_found;
use super::operations::OPERATIONS;

/// Where Cartevo's API lives on the sandbox host (the vendor's own path).
pub const BASE_PATH: &str = "/api/v1";

/// The `/api/v1` scope serving exactly the catalogued operations (`operations.rs`); expects
/// `web::Data<CartevoBackend>` on the app. Other methods and paths get Cartevo's 404.
pub fn scope() -> Scope {
    crate::provider::resources(OPERATIONS, BASE_PATH)
        .into_iter()
        .fold(web::scope(BASE_PATH), |scope, resource| {
            scope.service(resource.default_service(web::to(route_not_found)))
        })
        .default_service(web::to(route_not_found))
}
