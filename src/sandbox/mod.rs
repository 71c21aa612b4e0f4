//! The sandbox's own routes under `/__sandbox` (reserved: no emulated API uses that prefix).
//!
//! | Method | Path | Handler |
//! |---|---|---|
//! | GET | `/__sandbox/health` | [`health::health`] |
//! | GET, PUT, POST | `/__sandbox/scenarios…` | [`crate::scenarios::routes`] |

pub mod health;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, Scope, web};
use serde_json::json;

pub const BASE_PATH: &str = "/__sandbox";

pub fn scope() -> Scope {
    web::scope(BASE_PATH)
        .route("/health", web::get().to(health::health))
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
