//! `POST /baas/api/v1/customers`, `GET /baas/api/v1/customers`,
//! `GET /baas/api/v1/customers/{id}`

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::pagination::PageRequest;
use super::parse_body;
use crate::carbon::auth::AuthenticatedMerchant;
use crate::carbon::backend::customers::{Customer, CustomerFilter};
use crate::carbon::backend::{CarbonBackend, CreateCustomerError};
use crate::carbon::domain::{Address, Gender, NewCustomer};
use crate::carbon::envelope::{self, CarbonError, ErrorCode, FieldError};
use crate::carbon::webhooks;
use crate::http::query;
use crate::time_format;

/// Every record of Carbon's sandbox says so.
pub const MODE: &str = "sandbox";

/// A customer as Carbon renders it: the flat address nested, identity numbers `null` when
/// absent.
#[derive(Serialize)]
pub struct CustomerView<'a> {
    id: &'a Uuid,
    first_name: &'a str,
    last_name: &'a str,
    email: &'a str,
    phone: &'a str,
    gender: Gender,
    #[serde(with = "time_format::millis")]
    dob: DateTime<Utc>,
    nin: Option<&'a str>,
    bvn: Option<&'a str>,
    address: &'a Address,
    is_business: bool,
    business_name: Option<&'a str>,
    mode: &'static str,
    #[serde(with = "time_format::millis")]
    created_at: DateTime<Utc>,
    #[serde(with = "time_format::millis")]
    updated_at: DateTime<Utc>,
}

impl<'a> From<&'a Customer> for CustomerView<'a> {
    fn from(customer: &'a Customer) -> Self {
        let profile = &customer.profile;
        Self {
            id: &customer.id,
            first_name: &profile.first_name,
            last_name: &profile.last_name,
            email: &profile.email,
            phone: &profile.phone,
            gender: profile.gender,
            dob: profile.dob,
            nin: profile.nin.as_deref(),
            bvn: profile.bvn.as_deref(),
            address: &profile.address,
            is_business: customer.is_business(),
            business_name: profile.business_name.as_deref(),
            mode: MODE,
            created_at: customer.created_at,
            updated_at: customer.updated_at,
        }
    }
}

/// Creates a customer (200, as documented, not 201).
pub async fn create(
    merchant: AuthenticatedMerchant,
    backend: web::Data<CarbonBackend>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, CarbonError> {
    let profile = parse_body(&request, payload, NewCustomer::parse).await?;
    let customer = backend
        .create_customer(merchant.tenant(), profile)
        .map_err(|error| match error {
            CreateCustomerError::DuplicateEmail => CarbonError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::DuplicateCustomer,
                error.to_string(),
                "Another customer of this merchant already uses this email",
            ),
        })?;
    let view = CustomerView::from(&customer);
    backend.notify(webhooks::invented(
        &merchant.tenant().merchant(),
        webhooks::SANDBOX_CUSTOMER_CREATED,
        &view,
    ));
    Ok(envelope::success(
        StatusCode::OK,
        "Customer created successfully",
        view,
    ))
}

/// The filters a list call used, echoed back as `filters_applied`.
#[derive(Serialize)]
struct FiltersApplied<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    gender: Option<Gender>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bvn: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<&'a str>,
}

pub const GENDER_FILTER_MESSAGE: &str = "gender must be one of: MALE, FEMALE";

/// `page`, `limit` and the filters of `GET /v1/customers`; blank filters are ignored.
fn list_query(request: &HttpRequest) -> Result<(PageRequest, CustomerFilter), CarbonError> {
    let mut page = PageRequest::default();
    let mut filter = CustomerFilter::default();
    let mut errors = Vec::new();
    for (key, value) in query::pairs(request) {
        if let Some(accepted) = page.accept(&key, &value) {
            errors.extend(accepted.err());
            continue;
        }
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match key.as_str() {
            "gender" => match Gender::from_name(value) {
                Some(gender) => filter.gender = Some(gender),
                None => errors.push(FieldError::new("gender", GENDER_FILTER_MESSAGE)),
            },
            "email" => filter.email = Some(value.to_owned()),
            "bvn" => filter.bvn = Some(value.to_owned()),
            "phone" => filter.phone = Some(value.to_owned()),
            _ => {}
        }
    }
    if errors.is_empty() {
        Ok((page, filter))
    } else {
        Err(CarbonError::validation(errors))
    }
}

/// Lists the merchant's customers, newest first.
pub async fn list(
    merchant: AuthenticatedMerchant,
    backend: web::Data<CarbonBackend>,
    request: HttpRequest,
) -> Result<HttpResponse, CarbonError> {
    let (page, filter) = list_query(&request)?;
    let (total, customers) =
        backend.customers(merchant.tenant(), &filter, page.offset(), page.limit);
    let items: Vec<_> = customers.iter().map(CustomerView::from).collect();
    let filters_applied = FiltersApplied {
        gender: filter.gender,
        email: filter.email.as_deref(),
        bvn: filter.bvn.as_deref(),
        phone: filter.phone.as_deref(),
    };
    #[derive(Serialize)]
    struct Extra<'a> {
        filters_applied: FiltersApplied<'a>,
    }
    Ok(envelope::page(
        "Customers fetched successfully",
        items,
        page.meta(total),
        Extra { filters_applied },
    ))
}

/// One customer of the merchant: 404 for an unknown, malformed or other merchant's id.
pub async fn get(
    merchant: AuthenticatedMerchant,
    backend: web::Data<CarbonBackend>,
    id: web::Path<String>,
) -> Result<HttpResponse, CarbonError> {
    let customer = backend.customer(merchant.tenant(), &id).ok_or_else(|| {
        CarbonError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::CustomerNotFound,
            "Customer not found",
            "No customer with this id belongs to this merchant",
        )
    })?;
    Ok(envelope::success(
        StatusCode::OK,
        "Customer fetched successfully",
        CustomerView::from(&customer),
    ))
}
