//! `GET /__sandbox/requests` (newest first, filterable) and `DELETE /__sandbox/requests`.
//!
//! ```text
//! GET /__sandbox/requests?provider=cartevo&status=4xx&tenant=cartevo:client_sandbox&limit=20
//! GET /__sandbox/requests?path=/api/v1/customers/*&since=2026-11-21T10:00:00Z
//! GET /__sandbox/requests?after_id=41          # poll for what came after entry 41
//! ```

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde_json::json;

use super::error::AdminError;
use crate::journal::{EntryView, Journal, JournalFilter};

/// Default page size of the listing.
const DEFAULT_LIMIT: usize = 100;

fn filter_from_query(request: &HttpRequest) -> Result<JournalFilter, AdminError> {
    let mut filter = JournalFilter {
        limit: Some(DEFAULT_LIMIT),
        ..JournalFilter::default()
    };
    for (key, value) in url::form_urlencoded::parse(request.query_string().as_bytes()) {
        let value = value.into_owned();
        match key.as_ref() {
            "provider" => filter.provider = Some(value),
            "path" => filter.path = Some(value),
            "status" => filter.status = Some(value),
            "tenant" => filter.tenant = Some(value),
            "since" => {
                let since = DateTime::parse_from_rfc3339(&value).map_err(|e| {
                    AdminError::bad_request(format!(
                        "since {value:?} is not an RFC 3339 instant: {e}"
                    ))
                })?;
                filter.since = Some(since.with_timezone(&Utc));
            }
            "after_id" => {
                filter.after_id = Some(value.parse().map_err(|_| {
                    AdminError::bad_request(format!("after_id {value:?} is not a number"))
                })?)
            }
            "limit" => {
                filter.limit = Some(value.parse().map_err(|_| {
                    AdminError::bad_request(format!("limit {value:?} is not a number"))
                })?)
            }
            other => {
                return Err(AdminError::bad_request(format!(
                    "unknown filter {other:?}; use provider, path, status, tenant, since, after_id, limit"
                )));
            }
        }
    }
    Ok(filter)
}

pub async fn list(
    journal: web::Data<Journal>,
    request: HttpRequest,
) -> Result<HttpResponse, AdminError> {
    let filter = filter_from_query(&request)?;
    let matches = journal.query(&filter);
    let requests: Vec<EntryView> = matches.entries.iter().map(EntryView::from).collect();
    Ok(HttpResponse::Ok().json(json!({
        "total": matches.total,
        "capacity": journal.capacity(),
        "requests": requests,
    })))
}

pub async fn clear(journal: web::Data<Journal>) -> HttpResponse {
    journal.clear(None);
    HttpResponse::NoContent().finish()
}
