//! The sandbox's own routes under `/__sandbox` (reserved: no emulated API uses that prefix).
//! Everything but `health` is the control plane, guarded by [`admin_token`].
//!
//! | Method | Path | Handler |
//! |---|---|---|
//! | GET | `/__sandbox/health` | [`health::health`] |
//! | GET, POST | `/__sandbox/clock` | [`clock::get`], [`clock::set`] |
//! | GET, DELETE | `/__sandbox/requests` | [`requests::list`], [`requests::clear`] |
//! | GET, POST | `/__sandbox/tenants` | [`tenants::list`], [`tenants::create`] |
//! | PATCH, DELETE | `/__sandbox/tenants/{tenant}` | [`tenants::update`], [`tenants::delete`] |
//! | POST | `/__sandbox/reset` | [`reset::reset`] |
//! | GET, PUT | `/__sandbox/state` | [`state::export`], [`state::import`] |
//! | GET | `/__sandbox/webhooks` | [`webhooks::list`] |
//! | GET | `/__sandbox/webhooks/{id}` | [`webhooks::get`] |
//! | POST | `/__sandbox/webhooks/{id}/redeliver` | [`webhooks::redeliver`] |
//! | POST | `/__sandbox/carbon/transactions` | [`crate::carbon::routes::transactions::simulate`] |
//! | GET, PUT, POST | `/__sandbox/scenarios…` | [`crate::scenarios::routes`] |

pub mod admin_token;
pub mod clock;
pub mod error;
pub mod health;
pub mod requests;
pub mod reset;
pub mod state;
pub mod tenants;
pub mod webhooks;

use actix_web::dev::HttpServiceFactory;
use actix_web::http::StatusCode;
use actix_web::middleware::from_fn;
use actix_web::{HttpRequest, HttpResponse, Resource, ResponseError, web};
use serde_json::json;

use self::error::AdminError;

pub const BASE_PATH: &str = "/__sandbox";

/// A control-plane resource whose unsupported methods get a JSON 405.
fn resource(path: &str) -> Resource {
    web::resource(path).default_service(web::to(method_not_allowed))
}

async fn method_not_allowed(request: HttpRequest) -> HttpResponse {
    AdminError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!(
            "{} is not supported on {}",
            request.method(),
            request.path()
        ),
    )
    .error_response()
}

/// `GET /__sandbox/health`, open even when the control plane needs a token (health checks).
pub fn health_route() -> Resource {
    resource(&format!("{BASE_PATH}/health")).route(web::get().to(health::health))
}

/// The control plane.
pub fn scope() -> impl HttpServiceFactory {
    web::scope(BASE_PATH)
        .wrap(from_fn(admin_token::require_admin_token))
        .service(
            resource("/clock")
                .route(web::get().to(clock::get))
                .route(web::post().to(clock::set)),
        )
        .service(
            resource("/requests")
                .route(web::get().to(requests::list))
                .route(web::delete().to(requests::clear)),
        )
        .service(
            resource("/tenants")
                .route(web::get().to(tenants::list))
                .route(web::post().to(tenants::create)),
        )
        .service(
            resource("/tenants/{tenant}")
                .route(web::patch().to(tenants::update))
                .route(web::delete().to(tenants::delete)),
        )
        .service(resource("/reset").route(web::post().to(reset::reset)))
        .service(
            resource("/state")
                .route(web::get().to(state::export))
                .route(web::put().to(state::import)),
        )
        .service(resource("/webhooks").route(web::get().to(webhooks::list)))
        .service(resource("/webhooks/{id}").route(web::get().to(webhooks::get)))
        .service(resource("/webhooks/{id}/redeliver").route(web::post().to(webhooks::redeliver)))
        .service(
            resource("/carbon/transactions")
                .route(web::post().to(crate::carbon::routes::transactions::simulate)),
        )
        .service(crate::scenarios::routes::scope())
        .default_service(web::to(unknown_route))
}

/// Any path outside every emulated API: a 404 that says where the APIs are.
pub async fn unknown_route(request: HttpRequest) -> HttpResponse {
    HttpResponse::build(StatusCode::NOT_FOUND).json(json!({
        "error": "not_found",
        "message": format!(
            "No route for {} {}. Cartevo is served under /api/v1, Carbon under /baas/api, and the sandbox's own routes under /__sandbox.",
            request.method(),
            request.path()
        ),
    }))
}
