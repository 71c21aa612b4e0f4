//! Who may drive the control plane. Bound to a loopback address it is open (only the local user
//! can reach it); bound elsewhere it needs `Authorization: Bearer <admin token>`, and the server
//! refuses to start without a token unless the operator explicitly opts out.

use std::net::IpAddr;
use std::sync::Arc;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::AUTHORIZATION;
use actix_web::middleware::Next;
use actix_web::{ResponseError, web};

use super::error::AdminError;

/// The token the control plane requires, if any (shared with the routes as app data).
#[derive(Clone, Default)]
pub struct AdminToken(pub Option<Arc<str>>);

/// Whether `host` (as given to `--host`) only accepts local connections.
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Constant-time comparison, so the token cannot be guessed byte by byte from timings.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

/// Middleware on the `/__sandbox` scope.
pub async fn require_admin_token(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let expected = request
        .app_data::<web::Data<AdminToken>>()
        .and_then(|token| token.0.clone());
    if let Some(expected) = expected {
        let given = request
            .headers()
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim);
        if !given.is_some_and(|given| same_secret(given.as_bytes(), expected.as_bytes())) {
            let error = AdminError::new(
                StatusCode::UNAUTHORIZED,
                "The control plane needs Authorization: Bearer <admin token> (the --admin-token the sandbox was started with)",
            );
            let (http_request, _) = request.into_parts();
            return Ok(
                ServiceResponse::new(http_request, error.error_response()).map_into_right_body()
            );
        }
    }
    Ok(next.call(request).await?.map_into_left_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts_are_recognised() {
        for host in ["127.0.0.1", "::1", "[::1]", "localhost", "127.0.0.2"] {
            assert!(is_loopback(host), "{host}");
        }
        for host in ["0.0.0.0", "::", "192.168.1.10", "example.com"] {
            assert!(!is_loopback(host), "{host}");
        }
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abd", b"abc"));
        assert!(!same_secret(b"ab", b"abc"));
    }
}
