//! A scripted answer, rendered once at load: the provider's error envelope (optionally with extra
//! fields), or a raw body, plus extra headers. Serving it copies no bytes.

use actix_web::HttpResponse;
use actix_web::body::MessageBody;
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use actix_web::web::Bytes;
use serde_json::Value;

use crate::provider::ProviderInfo;

#[derive(Debug, Clone)]
pub struct PreparedResponse {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
}

impl PreparedResponse {
    /// `message` in `provider`'s error envelope, with the top-level fields of `extra` (a JSON
    /// object) added or replaced.
    pub fn in_envelope(
        provider: &ProviderInfo,
        status: StatusCode,
        message: &str,
        extra: Option<&Value>,
    ) -> Result<Self, String> {
        let rendered = (provider.render_error)(status, message);
        let headers: Vec<_> = rendered
            .headers()
            .iter()
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect();
        let body = rendered
            .into_body()
            .try_into_bytes()
            .map_err(|_| format!("{} renders errors as a stream", provider.name))?;
        let body = match extra {
            None => body,
            Some(Value::Object(fields)) => {
                let mut envelope: Value = serde_json::from_slice(&body).map_err(|error| {
                    format!("{}'s error envelope is not JSON: {error}", provider.name)
                })?;
                let Value::Object(envelope_fields) = &mut envelope else {
                    return Err(format!(
                        "{}'s error envelope is not an object",
                        provider.name
                    ));
                };
                envelope_fields.extend(fields.clone());
                Bytes::from(serde_json::to_vec(&envelope).map_err(|e| e.to_string())?)
            }
            Some(_) => {
                return Err(
                    "body must be a mapping to merge into the provider's envelope (or set raw: true)"
                        .into(),
                );
            }
        };
        Ok(Self {
            status,
            headers,
            body,
        })
    }

    /// `body` as it is: a string as `text/plain`, anything else as JSON; no body when `None`.
    pub fn raw(status: StatusCode, body: Option<&Value>) -> Result<Self, String> {
        let (content_type, body) = match body {
            None => (None, Bytes::new()),
            Some(Value::String(text)) => {
                (Some("text/plain; charset=utf-8"), Bytes::from(text.clone()))
            }
            Some(value) => (
                Some("application/json"),
                Bytes::from(serde_json::to_vec(value).map_err(|e| e.to_string())?),
            ),
        };
        Ok(Self {
            status,
            headers: content_type
                .map(|ct| (CONTENT_TYPE, HeaderValue::from_static(ct)))
                .into_iter()
                .collect(),
            body,
        })
    }

    /// Adds or replaces a header (a scenario's `Content-Type` wins over the envelope's).
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.retain(|(existing, _)| *existing != name);
        self.headers.push((name, value));
        self
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn to_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        for (name, value) in &self.headers {
            response.insert_header((name.clone(), value.clone()));
        }
        response.body(self.body.clone())
    }
}
