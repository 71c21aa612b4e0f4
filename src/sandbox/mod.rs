//! The sandbox's own routes under `/__sandbox` (reserved: no emulated API uses that prefix),
//! built from the catalogue in [`operations`]. Everything but health, uploaded documents and
//! the OpenAPI documents is the control plane, guarded by [`admin_token`]. The handler of each
//! route is named in the catalogue; see `docs/admin-api.md` for what each does.

pub mod admin_token;
pub mod clock;
pub mod error;
pub mod health;
pub mod openapi;
pub mod operations;
pub mod requests;
pub mod reset;
pub mod state;
pub mod tenants;
pub mod webhooks;

use actix_web::dev::HttpServiceFactory;
use actix_web::http::StatusCode;
use actix_web::middleware::from_fn;
use actix_web::{HttpRequest, HttpResponse, Resource, ResponseError, web};

use self::operations::OPERATIONS;
use crate::provider::{Operation, resources};
use serde_json::json;

use self::error::AdminError;

pub const BASE_PATH: &str = "/__sandbox";

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

/// The routes of the catalogued operations that `keep` selects, under `base_path`, with a JSON
/// 405 for other methods.
fn routes(keep: fn(&Operation) -> bool, base_path: &str) -> Vec<Resource> {
    let selected: Vec<Operation> = OPERATIONS.iter().copied().filter(keep).collect();
    resources(&selected, base_path)
        .into_iter()
        .map(|resource| resource.default_service(web::to(method_not_allowed)))
        .collect()
}

/// The always-open routes (health, uploaded documents, OpenAPI documents), at their full paths;
/// register them before [`scope`].
pub fn open_routes() -> Vec<Resource> {
    routes(|operation| !operation.authenticated, "")
}

/// The control plane, behind the admin-token guard.
pub fn scope() -> impl HttpServiceFactory {
    routes(|operation| operation.authenticated, BASE_PATH)
        .into_iter()
        .fold(web::scope(BASE_PATH), |scope, resource| {
            scope.service(resource)
        })
        .wrap(from_fn(admin_token::require_admin_token))
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
