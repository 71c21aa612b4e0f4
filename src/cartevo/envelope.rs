//! Cartevo's response envelopes. Success: `{success: true, statusCode, message, data}`; errors:
//! NestJS's `HttpException` body plus `success: false`, i.e.
//! `{success: false, statusCode, message, error}` where `message` is a string, or a list of
//! strings for field validation, and `error` is the status's reason phrase.

use std::fmt;

use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;

use crate::http::body::BodyError;
use crate::http::json_writer::{JsonWriter, WriteJson};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Message {
    One(String),
    Many(Vec<String>),
}

/// An error rendered in Cartevo's envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartevoError {
    pub status: StatusCode,
    pub message: Message,
}

impl CartevoError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: Message::One(message.into()),
        }
    }

    /// 400 with class-validator's list of messages.
    pub fn validation(messages: Vec<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            message: Message::Many(messages),
        }
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }
}

impl fmt::Display for CartevoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.message {
            Message::One(message) => write!(f, "{} {message}", self.status.as_u16()),
            Message::Many(messages) => {
                write!(f, "{} {}", self.status.as_u16(), messages.join("; "))
            }
        }
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    success: bool,
    #[serde(rename = "statusCode")]
    status_code: u16,
    message: &'a Message,
    error: &'a str,
}

impl ResponseError for CartevoError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let body = ErrorBody {
            success: false,
            status_code: self.status.as_u16(),
            message: &self.message,
            error: self.status.canonical_reason().unwrap_or("Error"),
        };
        HttpResponse::build(self.status).json(body)
    }
}

impl From<BodyError> for CartevoError {
    fn from(error: BodyError) -> Self {
        Self::new(error.status(), error.message())
    }
}

#[derive(Serialize)]
struct SuccessBody<'a, T: Serialize> {
    success: bool,
    #[serde(rename = "statusCode")]
    status_code: u16,
    message: &'a str,
    data: T,
}

/// `{success: true, statusCode, message, data}` with the given status.
pub fn success<T: Serialize>(status: StatusCode, message: &str, data: T) -> HttpResponse {
    HttpResponse::build(status).json(SuccessBody {
        success: true,
        status_code: status.as_u16(),
        message,
        data,
    })
}

/// [`success`] for data that writes itself: the same bytes, rendered into one buffer sized
/// up front.
pub fn success_written(status: StatusCode, message: &str, data: &impl WriteJson) -> HttpResponse {
    let mut json = JsonWriter::with_capacity(64 + message.len() + data.size_hint());
    json.raw("{\"success\":true,\"statusCode\":");
    json.unsigned(u64::from(status.as_u16()));
    json.raw(",\"message\":");
    json.string(message);
    json.raw(",\"data\":");
    json.value(data);
    json.raw("}");
    HttpResponse::build(status)
        .insert_header(ContentType::json())
        .body(json.into_bytes())
}

/// Pagination metadata of list responses.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct PageMeta {
    pub page: usize,
    pub limit: usize,
    pub total: usize,
    #[serde(rename = "totalPages")]
    pub total_pages: usize,
}

/// A paginated list. The docs show the metadata under `meta` (prose, conventions page) and
/// under `pagination` (OpenAPI example); both are sent so clients written against either work.
pub fn page<T: Serialize>(message: &str, data: T, meta: PageMeta) -> HttpResponse {
    #[derive(Serialize)]
    struct PageBody<'a, T: Serialize> {
        success: bool,
        #[serde(rename = "statusCode")]
        status_code: u16,
        message: &'a str,
        data: T,
        meta: PageMeta,
        pagination: PageMeta,
    }
    HttpResponse::Ok().json(PageBody {
        success: true,
        status_code: 200,
        message,
        data,
        meta,
        pagination: meta,
    })
}

/// What NestJS (Express) answers for a path or method it has no route for.
pub async fn route_not_found(request: HttpRequest) -> HttpResponse {
    CartevoError::new(
        StatusCode::NOT_FOUND,
        format!("Cannot {} {}", request.method(), request.path()),
    )
    .error_response()
}

#[cfg(test)]
mod tests {
    use actix_web::body::to_bytes;
    use serde_json::json;

    use super::*;

    /// Data that writes itself as `{"a":"x\"y"}`.
    struct Sample;

    impl Serialize for Sample {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            json!({"a": "x\"y"}).serialize(serializer)
        }
    }

    impl WriteJson for Sample {
        fn write_json(&self, json: &mut JsonWriter) {
            json.raw("{\"a\":");
            json.string("x\"y");
            json.raw("}");
        }
    }

    #[actix_web::test]
    async fn a_written_success_is_the_serialised_success() {
        for (status, message) in [
            (StatusCode::CREATED, "Customer enrolled successfully"),
            (StatusCode::OK, "Data \"retrieved\""),
        ] {
            let serialised = success(status, message, Sample);
            let written = success_written(status, message, &Sample);
            assert_eq!(written.status(), serialised.status());
            let headers = |response: &HttpResponse| {
                let mut headers: Vec<_> = response
                    .headers()
                    .iter()
                    .map(|(name, value)| format!("{name}: {value:?}"))
                    .collect();
                headers.sort();
                headers
            };
            assert_eq!(headers(&written), headers(&serialised));
            let (Ok(written), Ok(serialised)) = (
                to_bytes(written.into_body()).await,
                to_bytes(serialised.into_body()).await,
            ) else {
                panic!("bodies in memory");
            };
            assert_eq!(written, serialised);
        }
    }
}
