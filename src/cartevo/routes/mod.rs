//! Cartevo's HTTP surface, mounted at `/api/v1`. Every path and method not listed here answers
//! like NestJS does: 404 `Cannot <METHOD> <path>` in Cartevo's envelope.

pub mod auth;
pub mod customers;
pub mod documents;
mod upload_form;

use actix_web::{Resource, Scope, web};

use super::envelope::route_not_found;

/// Where Cartevo's API lives on the sandbox host (the vendor's own path).
pub const BASE_PATH: &str = "/api/v1";

/// A resource whose unsupported methods get Cartevo's 404 rather than actix's bare 405.
fn resource(path: &str) -> Resource {
    web::resource(path).default_service(web::to(route_not_found))
}

/// The `/api/v1` scope with every Cartevo route; expects `web::Data<CartevoBackend>` on the app.
pub fn scope() -> Scope {
    web::scope(BASE_PATH)
        .service(resource("/auth/token").route(web::post().to(auth::issue_token)))
        .service(resource("/customers/enroll").route(web::post().to(customers::enroll)))
        .service(
            resource("/customers")
                .route(web::post().to(customers::create))
                .route(web::get().to(customers::list)),
        )
        .service(resource("/customers/{id}").route(web::get().to(customers::get)))
        .default_service(web::to(route_not_found))
}
