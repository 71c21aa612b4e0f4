//! `GET /__sandbox/clock` and `POST /__sandbox/clock`: read, freeze, advance or release the one
//! clock that every time rule follows (ages, token expiry, KYC resolution, webhook retries).
//!
//! ```text
//! POST /__sandbox/clock  {"freeze_at": "2030-01-01T00:00:00Z"}   # or "now"
//! POST /__sandbox/clock  {"advance": "90d"}                       # "15m", "-1h", …
//! POST /__sandbox/clock  {"real_time": true}
//! ```

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::error::AdminError;
use crate::clock::{ClockMode, SandboxClock};
use crate::http::body::read_json_object;
use crate::time_format::iso_millis;

fn describe(clock: &SandboxClock) -> Value {
    let now = iso_millis(&clock.now());
    match clock.mode() {
        ClockMode::Frozen => json!({"now": now, "mode": "frozen"}),
        ClockMode::Running { offset_ms: 0 } => json!({"now": now, "mode": "real", "offset_ms": 0}),
        ClockMode::Running { offset_ms } => {
            json!({"now": now, "mode": "offset", "offset_ms": offset_ms})
        }
    }
}

pub async fn get(clock: web::Data<SandboxClock>) -> HttpResponse {
    HttpResponse::Ok().json(describe(&clock))
}

/// `90d`, `15m`, `1h30m`, with an optional leading `-` to go back in time.
pub fn parse_signed_duration(text: &str) -> Result<chrono::Duration, String> {
    let (negative, magnitude) = match text.trim().strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.trim()),
    };
    let duration = humantime::parse_duration(magnitude).map_err(|e| format!("{text:?}: {e}"))?;
    let duration = chrono::Duration::from_std(duration).map_err(|e| format!("{text:?}: {e}"))?;
    Ok(if negative { -duration } else { duration })
}

pub async fn set(
    clock: web::Data<SandboxClock>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AdminError> {
    let body = read_json_object(&request, payload).await?;
    let usage = r#"send exactly one of {"freeze_at": "<RFC 3339 instant>" | "now"}, {"advance": "<duration such as 90d, 15m, -1h>"}, {"real_time": true}"#;
    if body.len() != 1 {
        return Err(AdminError::bad_request(usage));
    }
    match body.iter().next() {
        Some((key, Value::String(at))) if key == "freeze_at" => {
            let instant = if at == "now" {
                clock.now()
            } else {
                DateTime::parse_from_rfc3339(at)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|e| {
                        AdminError::bad_request(format!(
                            "freeze_at {at:?} is not an RFC 3339 instant: {e}"
                        ))
                    })?
            };
            clock.freeze_at(instant);
        }
        Some((key, Value::String(by))) if key == "advance" => {
            let by = parse_signed_duration(by)
                .map_err(|e| AdminError::bad_request(format!("advance {e}")))?;
            clock.advance(by);
        }
        Some((key, Value::Bool(true))) if key == "real_time" => clock.use_real_time(),
        _ => return Err(AdminError::bad_request(usage)),
    }
    Ok(HttpResponse::Ok().json(describe(&clock)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_accept_units_and_a_sign() {
        assert_eq!(parse_signed_duration("90d"), Ok(chrono::Duration::days(90)));
        assert_eq!(
            parse_signed_duration("15m"),
            Ok(chrono::Duration::minutes(15))
        );
        assert_eq!(
            parse_signed_duration("-1h"),
            Ok(chrono::Duration::hours(-1))
        );
        assert!(parse_signed_duration("soon").is_err());
    }
}
