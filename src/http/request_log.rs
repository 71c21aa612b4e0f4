//! One `info` line per request: method, path, status, latency and tenant.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

use super::tenant;
use crate::telemetry::request_line;

/// Middleware for `App::wrap(from_fn(log_request))`.
pub async fn log_request(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let response = next.call(request).await?;
    // Milliseconds with three decimals, from microseconds rounded to the nearest: formatting an
    // f64 with a precision cost more than the rest of the line.
    let micros = (started.elapsed().as_nanos() + 500) / 1000;
    let http_request = response.request();
    tenant::with_label(http_request, |tenant| {
        // `request_line` writes this event itself (keep the message a plain literal).
        tracing::info!(
            target: request_line::TARGET,
            method = %http_request.method(),
            path = http_request.path(),
            status = response.status().as_u16(),
            latency_ms = format_args!("{}.{:03}", micros / 1000, micros % 1000),
            tenant = tenant.unwrap_or("-"),
            "request"
        );
    });
    Ok(response)
}
