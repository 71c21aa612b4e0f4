//! Reading a request body as every emulated API needs it: the content type checked, the size
//! bounded while streaming (an oversized body is never buffered whole), and JSON syntax errors
//! located by line and column. Providers turn [`BodyError`] into their own error envelope.

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use actix_web::web::{Bytes, BytesMut, Payload};
use actix_web::{HttpMessage, HttpRequest};
use futures_util::StreamExt;
use serde_json::{Map, Value};

use super::json_fields::JsonFields;

/// Largest JSON body accepted: Express's default `body-parser` limit, which both vendors'
/// Node back ends are likely to keep.
pub const JSON_BODY_LIMIT: usize = 100 * 1024;

/// The raw body of a request, kept on it for layers that record traffic.
#[derive(Debug, Clone)]
pub struct RecordedBody(pub Bytes);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    UnsupportedMediaType {
        expected: &'static str,
        found: Option<String>,
    },
    TooLarge {
        limit: usize,
    },
    Malformed {
        detail: String,
    },
    NotAnObject,
    Unreadable {
        detail: String,
    },
}

impl BodyError {
    pub fn status(&self) -> StatusCode {
        match self {
            BodyError::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            BodyError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            BodyError::Malformed { .. } | BodyError::NotAnObject | BodyError::Unreadable { .. } => {
                StatusCode::BAD_REQUEST
            }
        }
    }

    /// A sentence a developer can act on.
    pub fn message(&self) -> String {
        match self {
            BodyError::UnsupportedMediaType {
                expected,
                found: Some(found),
            } => {
                format!("Content-Type must be {expected}, not {found}")
            }
            BodyError::UnsupportedMediaType {
                expected,
                found: None,
            } => {
                format!("Content-Type header is missing; it must be {expected}")
            }
            BodyError::TooLarge { limit } => {
                format!("Request body is larger than the {} KiB limit", limit / 1024)
            }
            BodyError::Malformed { detail } => format!("Malformed JSON in request body: {detail}"),
            BodyError::NotAnObject => "Request body must be a JSON object".to_owned(),
            BodyError::Unreadable { detail } => format!("Could not read request body: {detail}"),
        }
    }
}

/// Fails unless the request's media type is `expected` (parameters such as `charset` allowed).
pub fn require_media_type(request: &HttpRequest, expected: &'static str) -> Result<(), BodyError> {
    match request.mime_type() {
        Ok(Some(mime)) if mime.essence_str().eq_ignore_ascii_case(expected) => Ok(()),
        _ => Err(BodyError::UnsupportedMediaType {
            expected,
            found: request
                .headers()
                .get(CONTENT_TYPE)
                .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned()),
        }),
    }
}

/// Reads the whole body, refusing more than `limit` bytes, and records it on the request.
pub async fn read_limited(
    request: &HttpRequest,
    mut payload: Payload,
    limit: usize,
) -> Result<Bytes, BodyError> {
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(BodyError::TooLarge { limit });
    }
    let mut body = BytesMut::with_capacity(declared.unwrap_or(1024).min(limit));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|error| BodyError::Unreadable {
            detail: error.to_string(),
        })?;
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    let body = body.freeze();
    request.extensions_mut().insert(RecordedBody(body.clone()));
    Ok(body)
}

/// Reads an `application/json` body, not yet parsed.
pub async fn read_json(request: &HttpRequest, payload: Payload) -> Result<Bytes, BodyError> {
    require_media_type(request, "application/json")?;
    read_limited(request, payload, JSON_BODY_LIMIT).await
}

/// Reads an `application/json` body that must hold a JSON object.
pub async fn read_json_object(
    request: &HttpRequest,
    payload: Payload,
) -> Result<Map<String, Value>, BodyError> {
    let body = read_json(request, payload).await?;
    parse_json_object(&body)
}

/// Parses bytes that must hold a JSON object into the properties `names` (see
/// [`JsonFields`]); the errors are those of [`parse_json_object`].
pub fn parse_json_fields<'de, const N: usize>(
    body: &'de [u8],
    names: &'static [&'static str; N],
) -> Result<JsonFields<'de, N>, BodyError> {
    match JsonFields::parse(body, names) {
        Ok(Some(fields)) => Ok(fields),
        Ok(None) => Err(BodyError::NotAnObject),
        Err(error) => Err(BodyError::Malformed {
            detail: error.to_string(),
        }),
    }
}

/// Parses bytes that must hold a JSON object.
pub fn parse_json_object(body: &[u8]) -> Result<Map<String, Value>, BodyError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(BodyError::NotAnObject),
        Err(error) => Err(BodyError::Malformed {
            detail: error.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_name_the_position() {
        let error = parse_json_object(b"{\"a\": }").unwrap_err();
        assert_eq!(
            error.message(),
            "Malformed JSON in request body: expected value at line 1 column 7"
        );
        assert_eq!(error.status(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn fields_are_refused_as_objects_are() {
        for body in [&b"{\"a\": }"[..], b"[1]", b"null", b"{} x", b"", b"\"a\""] {
            assert_eq!(
                parse_json_fields(body, &["a"]).map(|_| ()),
                parse_json_object(body).map(|_| ()),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn only_objects_are_bodies() {
        assert_eq!(
            parse_json_object(b"[1]").unwrap_err(),
            BodyError::NotAnObject
        );
        assert_eq!(
            parse_json_object(b"null").unwrap_err(),
            BodyError::NotAnObject
        );
        assert!(parse_json_object(b"{}").is_ok());
    }
}
