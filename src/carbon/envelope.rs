//! Carbon's response envelopes.
//!
//! Success: `{status: "success", message, data}` (lists add `total`, `page`, `limit`).
//! Errors: the documented `{status: "error", message, data: {error_code, details}}`; field
//! validation failures also carry the `errors: [{msg, param}]` list that Carbon's TypeScript
//! SDK reads, with `message` set to the first failure so that the documented single-message
//! errors (`customer_id is required`) read the same either way:
//!
//! ```json
//! {"status": "error", "message": "BVN must be 11 numbers long",
//!  "data": {"error_code": "VALIDATION_ERROR", "details": "BVN must be 11 numbers long"},
//!  "errors": [{"msg": "BVN must be 11 numbers long", "param": "bvn"}]}
//! ```

use std::fmt;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;

use crate::http::body::BodyError;

/// `data.error_code` of an error body. Only `INVALID_API_KEY` is documented; the others follow
/// its style (see `docs/fidelity.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    InvalidApiKey,
    ValidationError,
    MalformedJson,
    InvalidBody,
    PayloadTooLarge,
    UnsupportedMediaType,
    RouteNotFound,
    CustomerNotFound,
    AccountNotFound,
    DuplicateCustomer,
    AccountAlreadyExists,
    BvnRequired,
    AccountRequired,
    NotEnrolled,
    EventNotFound,
}

/// One failed field rule, in the SDK's `{msg, param}` form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub msg: String,
    pub param: &'static str,
}

impl FieldError {
    pub fn new(param: &'static str, msg: impl Into<String>) -> Self {
        Self {
            msg: msg.into(),
            param,
        }
    }
}

/// An error rendered in Carbon's envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarbonError {
    pub status: StatusCode,
    pub message: String,
    pub code: ErrorCode,
    pub details: String,
    /// Present only for field validation failures.
    pub errors: Option<Vec<FieldError>>,
}

impl CarbonError {
    pub fn new(
        status: StatusCode,
        code: ErrorCode,
        message: impl Into<String>,
        details: impl Into<String>,
    ) -> Self {
        Self {
            status,
            message: message.into(),
            code,
            details: details.into(),
            errors: None,
        }
    }

    /// 400 for failed field rules: the first one is the message, all of them the details.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let message = errors
            .first()
            .map_or_else(|| "bad request".to_owned(), |error| error.msg.clone());
        let details = errors
            .iter()
            .map(|error| error.msg.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        Self {
            status: StatusCode::BAD_REQUEST,
            message,
            code: ErrorCode::ValidationError,
            details,
            errors: Some(errors),
        }
    }

    /// 401 `Unauthorized access` with the documented code; `details` says which header failed.
    pub fn unauthorized(details: &str) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::InvalidApiKey,
            UNAUTHORIZED_MESSAGE,
            details,
        )
    }
}

/// The documented message of every authentication failure.
pub const UNAUTHORIZED_MESSAGE: &str = "Unauthorized access";

impl fmt::Display for CarbonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.message,
            self.details
        )
    }
}

#[derive(Serialize)]
struct ErrorData<'a> {
    error_code: ErrorCode,
    details: &'a str,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    status: &'static str,
    message: &'a str,
    data: ErrorData<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a [FieldError]>,
}

impl ResponseError for CarbonError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status).json(ErrorBody {
            status: "error",
            message: &self.message,
            data: ErrorData {
                error_code: self.code,
                details: &self.details,
            },
            errors: self.errors.as_deref(),
        })
    }
}

impl From<BodyError> for CarbonError {
    fn from(error: BodyError) -> Self {
        let code = match error {
            BodyError::UnsupportedMediaType { .. } => ErrorCode::UnsupportedMediaType,
            BodyError::TooLarge { .. } => ErrorCode::PayloadTooLarge,
            BodyError::Malformed { .. } => ErrorCode::MalformedJson,
            BodyError::NotAnObject | BodyError::Unreadable { .. } => ErrorCode::InvalidBody,
        };
        let message = error.message();
        Self::new(error.status(), code, message.clone(), message)
    }
}

#[derive(Serialize)]
struct SuccessBody<'a, T: Serialize> {
    status: &'static str,
    message: &'a str,
    data: T,
}

/// `{status: "success", message, data}` with the given status.
pub fn success<T: Serialize>(status: StatusCode, message: &str, data: T) -> HttpResponse {
    HttpResponse::build(status).json(SuccessBody {
        status: "success",
        message,
        data,
    })
}

/// Where a list page sits: `total` is an integer (the field table's type; an older example
/// shows a string).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PageMeta {
    pub total: usize,
    pub page: usize,
    pub limit: usize,
}

/// `{status: "success", message, data: [...], total, page, limit, ...extra}`; `extra` adds
/// top-level fields such as `filters_applied`.
pub fn page<T: Serialize, X: Serialize>(
    message: &str,
    data: T,
    meta: PageMeta,
    extra: X,
) -> HttpResponse {
    #[derive(Serialize)]
    struct PageBody<'a, T: Serialize, X: Serialize> {
        status: &'static str,
        message: &'a str,
        data: T,
        #[serde(flatten)]
        meta: PageMeta,
        #[serde(flatten)]
        extra: X,
    }
    HttpResponse::Ok().json(PageBody {
        status: "success",
        message,
        data,
        meta,
        extra,
    })
}

/// What an Express app answers for a path or method it has no route for, in Carbon's envelope.
pub async fn route_not_found(request: HttpRequest) -> HttpResponse {
    let message = format!("Cannot {} {}", request.method(), request.path());
    CarbonError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::RouteNotFound,
        message,
        "No Carbon route has this method and path; see the route table in the sandbox README",
    )
    .error_response()
}
