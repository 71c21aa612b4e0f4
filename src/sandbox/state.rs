//! `GET /__sandbox/state` exports every store; `PUT /__sandbox/state` imports such a document,
//! validated whole before anything changes.

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::error::AdminError;
use crate::http::body::{read_limited, require_media_type};
use crate::snapshot;
use crate::startup::SandboxState;

/// State documents carry uploaded documents (base64), so they may be large.
const STATE_BODY_LIMIT: usize = 256 * 1024 * 1024;

pub async fn export(state: web::Data<SandboxState>) -> HttpResponse {
    HttpResponse::Ok().json(snapshot::export(&state))
}

pub async fn import(
    state: web::Data<SandboxState>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AdminError> {
    require_media_type(&request, "application/json")?;
    let body = read_limited(&request, payload, STATE_BODY_LIMIT).await?;
    let document: Value = serde_json::from_slice(&body)
        .map_err(|e| AdminError::bad_request(format!("Malformed JSON in request body: {e}")))?;
    snapshot::import(&state, document).map_err(|problem| {
        AdminError::bad_request(format!("state not imported (nothing changed): {problem}"))
    })?;
    Ok(HttpResponse::Ok().json(json!({"imported": true})))
}
