//! One `info` line per request: method, path, status, latency and tenant.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

use super::tenant;

/// Middleware for `App::wrap(from_fn(log_request))`.
pub async fn log_request(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let response = next.call(request).await?;
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    let http_request = response.request();
    let tenant = tenant::of(http_request);
    tracing::info!(
        target: "fintech_sandbox::request",
        method = %http_request.method(),
        path = http_request.path(),
        status = response.status().as_u16(),
        latency_ms = format_args!("{latency_ms:.3}"),
        tenant = tenant.as_ref().map_or("-", |tag| &*tag.0),
        "request"
    );
    Ok(response)
}
