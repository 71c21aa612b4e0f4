//! Records every request outside `/__sandbox` into the journal, with the answer it got.

use std::time::Instant;

use actix_web::HttpMessage;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::CONTENT_TYPE;
use actix_web::middleware::Next;
use actix_web::web;
use chrono::Utc;
use compact_str::CompactString;

use super::{Entry, Journal};
use crate::http::body::RecordedBody;
use crate::http::tenant;
use crate::provider;
use crate::sandbox;
use crate::scenarios::AppliedScenarios;

fn content_type(headers: &actix_web::http::header::HeaderMap) -> Option<CompactString> {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(CompactString::from)
}

/// Middleware for `App::wrap(from_fn(record_request))`.
pub async fn record_request(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let journal = request
        .app_data::<web::Data<Journal>>()
        .filter(|journal| journal.is_enabled())
        .cloned();
    let Some(journal) = journal.filter(|_| !request.path().starts_with(sandbox::BASE_PATH)) else {
        return Ok(next.call(request).await?.map_into_boxed_body());
    };
    let started = Instant::now();
    let at = Utc::now();
    let request_content_type = content_type(request.headers());
    let response = next.call(request).await?.map_into_boxed_body();
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;

    let (http_request, response) = response.into_parts();
    let (response, body) = response.into_parts();
    let (body, response_body) = match body.try_into_bytes() {
        Ok(bytes) => (BoxBody::new(bytes.clone()), Some(bytes)),
        Err(body) => (body, None),
    };
    let response = response.set_body(body);
    let extensions = http_request.extensions();
    journal.record(Entry {
        id: journal.next_id(),
        at,
        provider: provider::owning(http_request.path()).map(|p| p.name),
        tenant: tenant::with_label(&http_request, |label| label.map(CompactString::from)),
        method: CompactString::from(http_request.method().as_str()),
        path: CompactString::from(http_request.path()),
        query: CompactString::from(http_request.query_string()),
        request_content_type,
        request_body: extensions.get::<RecordedBody>().map(|body| body.0.clone()),
        status: response.status().as_u16(),
        response_content_type: content_type(response.headers()),
        response_body,
        scenarios: extensions
            .get::<AppliedScenarios>()
            .map(|applied| applied.0.clone())
            .unwrap_or_default(),
        latency_ms,
    });
    drop(extensions);
    Ok(ServiceResponse::new(http_request, response))
}
