//! `/__sandbox/tenants`: isolated tenants on demand, so each test can take its own.
//!
//! ```text
//! GET    /__sandbox/tenants
//! POST   /__sandbox/tenants            {"provider": "cartevo", "kyb_status": "PENDING", …}   → 201 + credentials
//! PATCH  /__sandbox/tenants/{tenant}   {"kyb_status": "APPROVED"}
//! DELETE /__sandbox/tenants/{tenant}   → 204
//! ```

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::error::AdminError;
use crate::control::ProviderStore;
use crate::http::body::read_json_object;
use crate::startup::SandboxState;

pub async fn list(state: web::Data<SandboxState>) -> HttpResponse {
    let tenants: Vec<Value> = state
        .stores()
        .iter()
        .flat_map(|store| store.tenants())
        .collect();
    HttpResponse::Ok().json(json!({ "tenants": tenants }))
}

fn store_named<'a>(
    state: &'a SandboxState,
    name: &str,
) -> Result<&'a dyn ProviderStore, AdminError> {
    let stores = state.stores();
    let names: Vec<_> = stores.iter().map(|s| s.provider()).collect();
    stores
        .into_iter()
        .find(|store| store.provider() == name)
        .ok_or_else(|| {
            AdminError::bad_request(format!(
                "unknown provider {name:?}; use one of: {}",
                names.join(", ")
            ))
        })
}

/// The store whose tenant labels start with `<provider>:`.
pub fn store_of_label<'a>(
    state: &'a SandboxState,
    label: &str,
) -> Result<&'a dyn ProviderStore, AdminError> {
    state
        .stores()
        .into_iter()
        .find(|store| store.owns_label(label))
        .ok_or_else(|| {
            AdminError::not_found(format!(
                "no tenant {label:?}; tenant labels look like cartevo:client_sandbox"
            ))
        })
}

pub async fn create(
    state: web::Data<SandboxState>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AdminError> {
    let mut spec = read_json_object(&request, payload).await?;
    let provider = match spec.remove("provider") {
        Some(Value::String(provider)) => provider,
        _ => {
            return Err(AdminError::bad_request(
                "\"provider\" is required (a string such as \"cartevo\")",
            ));
        }
    };
    let created = store_named(&state, &provider)?.create_tenant(spec)?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(created))
}

pub async fn update(
    state: web::Data<SandboxState>,
    label: web::Path<String>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AdminError> {
    let patch = read_json_object(&request, payload).await?;
    let updated = store_of_label(&state, &label)?.update_tenant(&label, patch)?;
    Ok(HttpResponse::Ok().json(updated))
}

pub async fn delete(
    state: web::Data<SandboxState>,
    label: web::Path<String>,
) -> Result<HttpResponse, AdminError> {
    store_of_label(&state, &label)?.delete_tenant(&label)?;
    state.forget_tenant(&label);
    Ok(HttpResponse::NoContent().finish())
}
