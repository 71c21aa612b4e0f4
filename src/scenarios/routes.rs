//! The admin API under `/__sandbox/scenarios`, routed through the control plane's catalogue
//! (`sandbox::operations`, behind its token guard). Expects `web::Data<ScenarioEngine>` on the
//! app.
//!
//! | Method | Path | Does |
//! |---|---|---|
//! | GET | `/__sandbox/scenarios` | list: description, file, rules, where active, hit counts |
//! | GET | `/__sandbox/scenarios/{name}` | one, with its YAML |
//! | PUT | `/__sandbox/scenarios/{name}` | add or replace one from a YAML body |
//! | POST | `/__sandbox/scenarios/{name}/activate` | for everyone, or `{"tenant": "cartevo:…"}` |
//! | POST | `/__sandbox/scenarios/{name}/deactivate` | same body |

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::counters::Hits;
use super::engine::{ScenarioEngine, ScenarioStatus, UnknownScenario, UploadError};
use crate::http::body::read_limited;
use crate::provider;

/// Largest scenario YAML accepted by `PUT`.
pub const UPLOAD_LIMIT: usize = 256 * 1024;
/// Largest activation body (`{"tenant": …}`).
const ACTIVATION_LIMIT: usize = 4 * 1024;

fn error(status: StatusCode, code: &str, message: impl Into<String>) -> HttpResponse {
    HttpResponse::build(status).json(json!({"error": code, "message": message.into()}))
}

fn unknown(UnknownScenario(name): UnknownScenario) -> HttpResponse {
    error(
        StatusCode::NOT_FOUND,
        "unknown_scenario",
        format!("No scenario named {name:?} is loaded; GET /__sandbox/scenarios lists them."),
    )
}

#[derive(Serialize)]
struct Active<'a> {
    global: bool,
    tenants: &'a [String],
}

#[derive(Serialize)]
struct HitsView<'a> {
    total: u64,
    by_tenant: &'a std::collections::BTreeMap<String, u64>,
}

#[derive(Serialize)]
struct StatusView<'a> {
    name: &'a str,
    description: &'a str,
    file: &'a str,
    rules: usize,
    active: Active<'a>,
    hits: HitsView<'a>,
}

fn view(status: &ScenarioStatus) -> StatusView<'_> {
    let Hits { total, by_tenant } = &status.hits;
    StatusView {
        name: &status.name,
        description: &status.description,
        file: &status.file,
        rules: status.rules,
        active: Active {
            global: status.active_globally,
            tenants: &status.active_for_tenants,
        },
        hits: HitsView {
            total: *total,
            by_tenant,
        },
    }
}

pub async fn list(engine: web::Data<ScenarioEngine>) -> HttpResponse {
    let statuses = engine.statuses();
    let views: Vec<_> = statuses.iter().map(view).collect();
    HttpResponse::Ok().json(json!({ "scenarios": views }))
}

pub async fn show(engine: web::Data<ScenarioEngine>, name: web::Path<String>) -> HttpResponse {
    match (engine.status(&name), engine.source_of(&name)) {
        (Some(status), Some(source)) => {
            let mut body = serde_json::to_value(view(&status)).unwrap_or_default();
            body["source"] = source.into();
            HttpResponse::Ok().json(body)
        }
        _ => unknown(UnknownScenario(name.into_inner())),
    }
}

pub async fn upload(
    engine: web::Data<ScenarioEngine>,
    name: web::Path<String>,
    request: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let body = match read_limited(&request, payload, UPLOAD_LIMIT).await {
        Ok(body) => body,
        Err(problem) => return error(problem.status(), "invalid_request", problem.message()),
    };
    let Ok(yaml) = std::str::from_utf8(&body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The scenario YAML must be UTF-8.",
        );
    };
    match engine.upload(&name, yaml) {
        Ok(replaced) => {
            let status = if replaced {
                StatusCode::OK
            } else {
                StatusCode::CREATED
            };
            match engine.status(&name) {
                Some(current) => HttpResponse::build(status).json(view(&current)),
                None => unknown(UnknownScenario(name.into_inner())),
            }
        }
        Err(UploadError::Invalid(problems)) => {
            let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
            HttpResponse::BadRequest().json(json!({
                "error": "invalid_scenario",
                "message": format!("The scenario YAML has {} problem(s); nothing was changed.", problems.len()),
                "problems": problems,
            }))
        }
        Err(mismatch @ UploadError::NameMismatch { .. }) => error(
            StatusCode::BAD_REQUEST,
            "invalid_scenario",
            format!("{}; they must be the same.", mismatch),
        ),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Activation {
    #[serde(default)]
    tenant: Option<String>,
}

/// The optional `{"tenant": …}` body, checked; `Err` is the response to send.
async fn activation_tenant(
    request: &HttpRequest,
    payload: web::Payload,
) -> Result<Option<String>, HttpResponse> {
    let body = read_limited(request, payload, ACTIVATION_LIMIT)
        .await
        .map_err(|problem| error(problem.status(), "invalid_request", problem.message()))?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let activation: Activation = serde_json::from_slice(&body).map_err(|problem| {
        error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            format!(
                "The body must be empty or {{\"tenant\": \"<provider>:<client id>\"}}: {problem}"
            ),
        )
    })?;
    let Some(tenant) = activation.tenant else {
        return Ok(None);
    };
    let known_provider = tenant
        .split_once(':')
        .is_some_and(|(name, id)| provider::named(name).is_some() && !id.is_empty());
    if !known_provider {
        return Err(error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            format!(
                "tenant {tenant:?} is not a tenant label: use <provider>:<client id>, e.g. cartevo:client_sandbox (providers: {})",
                provider::names()
            ),
        ));
    }
    Ok(Some(tenant))
}

/// `POST /__sandbox/scenarios/{name}/activate`
pub async fn activate(
    engine: web::Data<ScenarioEngine>,
    name: web::Path<String>,
    request: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    change(engine, name, request, payload, ScenarioEngine::activate).await
}

/// `POST /__sandbox/scenarios/{name}/deactivate`
pub async fn deactivate(
    engine: web::Data<ScenarioEngine>,
    name: web::Path<String>,
    request: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    change(engine, name, request, payload, ScenarioEngine::deactivate).await
}

/// Activates or deactivates `name`, for everyone or the body's tenant.
async fn change(
    engine: web::Data<ScenarioEngine>,
    name: web::Path<String>,
    request: HttpRequest,
    payload: web::Payload,
    apply: fn(&ScenarioEngine, &str, Option<&str>) -> Result<(), UnknownScenario>,
) -> HttpResponse {
    let tenant = match activation_tenant(&request, payload).await {
        Ok(tenant) => tenant,
        Err(response) => return response,
    };
    if let Err(unknown_name) = apply(&engine, &name, tenant.as_deref()) {
        return unknown(unknown_name);
    }
    match engine.status(&name) {
        Some(status) => HttpResponse::Ok().json(view(&status)),
        None => unknown(UnknownScenario(name.into_inner())),
    }
}
