//! `POST /__sandbox/reset`: everything back to the fixtures, or, with `{"tenant": "<label>"}`,
//! only that tenant (its records, journal entries, webhook deliveries), leaving every other
//! tenant untouched.

use actix_web::http::header::CONTENT_LENGTH;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::error::AdminError;
use super::tenants::store_of_label;
use crate::http::body::read_json_object;
use crate::startup::SandboxState;

fn has_body(request: &HttpRequest) -> bool {
    request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .is_none_or(|length| length != "0")
        && request
            .headers()
            .contains_key(actix_web::http::header::CONTENT_TYPE)
}

pub async fn reset(
    state: web::Data<SandboxState>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AdminError> {
    let tenant = if has_body(&request) {
        let body = read_json_object(&request, payload).await?;
        let usage = || AdminError::bad_request(r#"send no body, {} or {"tenant": "<label>"}"#);
        if body.keys().any(|key| key != "tenant") {
            return Err(usage());
        }
        match body.get("tenant") {
            None | Some(Value::Null) => None,
            Some(Value::String(label)) => Some(label.clone()),
            Some(_) => return Err(usage()),
        }
    } else {
        None
    };
    match tenant {
        None => {
            state.reset();
            Ok(HttpResponse::Ok().json(json!({"reset": "all"})))
        }
        Some(label) => {
            store_of_label(&state, &label)?.reset_tenant(&label)?;
            state.forget_tenant(&label);
            Ok(HttpResponse::Ok().json(json!({"reset": label})))
        }
    }
}
