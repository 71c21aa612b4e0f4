//! `POST /api/v1/customers/enroll`, `POST /api/v1/customers` (multipart),
//! `GET /api/v1/customers`, `GET /api/v1/customers/{id}`

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use uuid::Uuid;

use super::documents::DOCUMENTS_PATH;
use super::upload_form::{self, FilePart};
use crate::cartevo::auth::AuthenticatedCompany;
use crate::cartevo::backend::customers::{CustomerSummary, CustomerView};
use crate::cartevo::backend::{CartevoBackend, CreateCustomerError, Documents, Upload};
use crate::cartevo::domain::{CUSTOMER_FIELDS, ENROLL_FIELDS, NewCustomer};
use crate::cartevo::envelope::{self, CartevoError, PageMeta};
use crate::http::body::{parse_json_fields, read_json, require_media_type};
use crate::http::json_fields::JsonFields;
use crate::http::query;

fn create_error(error: CreateCustomerError) -> CartevoError {
    let status = match error {
        CreateCustomerError::InsecureDocumentUrl(_) | CreateCustomerError::Underage => {
            StatusCode::BAD_REQUEST
        }
        CreateCustomerError::KybNotApproved(_) => StatusCode::FORBIDDEN,
        CreateCustomerError::Duplicate => StatusCode::CONFLICT,
        CreateCustomerError::DocumentUnreachable(_) | CreateCustomerError::DocumentUnreadable => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    CartevoError::new(status, error.to_string())
}

/// Enrolls a customer from document URLs.
pub async fn enroll(
    company: AuthenticatedCompany,
    backend: web::Data<CartevoBackend>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, CartevoError> {
    let body = read_json(&request, payload).await?;
    let fields = parse_json_fields(&body, &ENROLL_FIELDS)?;
    let (details, urls) =
        NewCustomer::parse_enrollment(&fields).map_err(CartevoError::validation)?;
    backend
        .create_customer(
            company.tenant(),
            details,
            Documents::Urls(urls),
            |customer| {
                envelope::success_written(
                    StatusCode::CREATED,
                    "Customer enrolled successfully",
                    &CustomerView(customer),
                )
            },
        )
        .map_err(create_error)
}

/// Stores an upload and gives it its sandbox-hosted URL.
fn hosted(request: &HttpRequest, part: FilePart) -> Upload {
    let id = crate::ids::random_uuid();
    let connection = request.connection_info();
    Upload {
        id,
        url: format!(
            "{}://{}{DOCUMENTS_PATH}/{id}",
            connection.scheme(),
            connection.host()
        ),
        file_name: part.file_name,
        content_type: part.content_type,
        bytes: part.bytes,
    }
}

/// Creates a customer from uploaded documents; `?enroll=true` also enrolls them upstream.
pub async fn create(
    company: AuthenticatedCompany,
    backend: web::Data<CartevoBackend>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, CartevoError> {
    require_media_type(&request, "multipart/form-data")?;
    let enroll = query::pairs(&request).any(|(key, value)| key == "enroll" && value == "true");
    let multipart = Multipart::new(request.headers(), payload);
    let form = upload_form::read(multipart).await?;
    let fields = JsonFields::from_map(&form.fields, &CUSTOMER_FIELDS);
    let details = NewCustomer::parse_fields(&fields).map_err(CartevoError::validation)?;
    let front = form.front.ok_or_else(|| {
        CartevoError::new(
            StatusCode::BAD_REQUEST,
            format!("{} is required", upload_form::FRONT),
        )
    })?;
    let documents = Documents::Uploads {
        front: hosted(&request, front),
        back: form.back.map(|back| hosted(&request, back)),
        enroll,
    };
    backend
        .create_customer(company.tenant(), details, documents, |customer| {
            envelope::success_written(
                StatusCode::CREATED,
                "Customer registered successfully",
                &CustomerView(customer),
            )
        })
        .map_err(create_error)
}

/// Largest page size (the docs' "max recommended"; the sandbox enforces it).
pub const MAX_PAGE_SIZE: usize = 100;
pub const DEFAULT_PAGE_SIZE: usize = 10;

/// `page`, `limit` and `sync` of `GET /customers`, checked like class-validator would.
fn list_query(request: &HttpRequest) -> Result<(usize, usize), CartevoError> {
    let mut page = 1;
    let mut limit = DEFAULT_PAGE_SIZE;
    let mut violations = Vec::new();
    for (key, value) in query::pairs(request) {
        match key.as_str() {
            "page" | "limit" => {
                let (target, max) = if key == "page" {
                    (&mut page, usize::MAX)
                } else {
                    (&mut limit, MAX_PAGE_SIZE)
                };
                match value.parse::<i64>() {
                    Err(_) => violations.push(format!("{key} must be an integer number")),
                    Ok(n) if n < 1 => violations.push(format!("{key} must not be less than 1")),
                    Ok(n) if usize::try_from(n).map_or(true, |n| n > max) => {
                        violations.push(format!("{key} must not be greater than {max}"))
                    }
                    Ok(n) => *target = usize::try_from(n).unwrap_or(1),
                }
            }
            "sync" if value != "true" && value != "false" => {
                violations.push("sync must be a boolean value".to_owned())
            }
            _ => {}
        }
    }
    if violations.is_empty() {
        Ok((page, limit))
    } else {
        Err(CartevoError::validation(violations))
    }
}

/// Lists the company's customers, newest first.
pub async fn list(
    company: AuthenticatedCompany,
    request: HttpRequest,
) -> Result<HttpResponse, CartevoError> {
    let (page, limit) = list_query(&request)?;
    let customers = company.tenant().customers();
    let total = customers.len();
    let offset = (page - 1).saturating_mul(limit);
    let items: Vec<_> = customers
        .newest_first(offset, limit)
        .map(CustomerSummary)
        .collect();
    let meta = PageMeta {
        page,
        limit,
        total,
        total_pages: total.div_ceil(limit),
    };
    Ok(envelope::page(
        &format!("{} items retrieved successfully", items.len()),
        items,
        meta,
    ))
}

/// One customer of the company; another company's id is as unknown as a made-up one.
pub async fn get(
    company: AuthenticatedCompany,
    id: web::Path<String>,
) -> Result<HttpResponse, CartevoError> {
    let not_found = || CartevoError::new(StatusCode::NOT_FOUND, "Customer not found");
    let id = Uuid::parse_str(&id).map_err(|_| not_found())?;
    let customers = company.tenant().customers();
    let customer = customers.get(&id).ok_or_else(not_found)?;
    Ok(envelope::success_written(
        StatusCode::OK,
        "Data retrieved successfully",
        &CustomerView(customer),
    ))
}
