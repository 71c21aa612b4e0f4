//! `POST /baas/api/v1/loans/customers/enroll`,
//! `POST /baas/api/v1/loans/customers/{id}/verify-kyc`,
//! `GET /baas/api/v1/loans/customers/{id}/kyc-status`
//!
//! Lending routes answer "not found" with 400, as Carbon documents for them.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::parse_body;
use crate::carbon::auth::AuthenticatedMerchant;
use crate::carbon::backend::kyc::KycStatus;
use crate::carbon::backend::lending::{CustomerType, Enrollment};
use crate::carbon::backend::{CarbonBackend, EnrollError, Enrolled, KycCheck, KycError};
use crate::carbon::domain::EnrollRequest;
use crate::carbon::envelope::{self, CarbonError, ErrorCode};
use crate::carbon::webhooks;
use crate::time_format;

/// The 201 body: no `account_identifier` yet (the docs reveal it only on repeat calls).
#[derive(Serialize)]
struct NewEnrollmentView<'a> {
    customer_id: &'a Uuid,
    customer_type: CustomerType,
    kyc_status: KycStatus,
    #[serde(with = "time_format::millis")]
    enrolled_at: DateTime<Utc>,
}

/// The 200 body of a repeat call: no `enrolled_at`, as documented.
#[derive(Serialize)]
struct ExistingEnrollmentView<'a> {
    customer_id: &'a Uuid,
    account_identifier: &'a str,
    customer_type: CustomerType,
    kyc_status: KycStatus,
}

/// "Customer not found" as the seed documents it: 400, for unknown, malformed and other
/// merchants' ids alike.
fn customer_not_found() -> CarbonError {
    CarbonError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::CustomerNotFound,
        "Customer not found",
        "customer_id not found under this merchant",
    )
}

fn enroll_error(error: EnrollError) -> CarbonError {
    let (code, details) = match error {
        EnrollError::CustomerNotFound => return customer_not_found(),
        EnrollError::NoBvn => (ErrorCode::BvnRequired, "Customer record has no BVN"),
        EnrollError::NoAccount => (
            ErrorCode::AccountRequired,
            "Customer has no active wallet/account; create one with POST /v1/accounts",
        ),
    };
    CarbonError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        code,
        error.to_string(),
        details,
    )
}

/// Enrolls a customer for lending: 201 the first time, 200 with the same enrollment after.
pub async fn enroll(
    merchant: AuthenticatedMerchant,
    backend: web::Data<CarbonBackend>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, CarbonError> {
    let EnrollRequest { customer_id } = parse_body(&request, payload, EnrollRequest::parse).await?;
    Ok(
        match backend
            .enroll(merchant.tenant(), &customer_id)
            .map_err(enroll_error)?
        {
            Enrolled::New(Enrollment {
                customer_id,
                customer_type,
                enrolled_at,
                ..
            }) => {
                let view = NewEnrollmentView {
                    customer_id: &customer_id,
                    customer_type,
                    kyc_status: KycStatus::Pending,
                    enrolled_at,
                };
                backend.notify(webhooks::invented(
                    &merchant.tenant().merchant(),
                    webhooks::SANDBOX_CUSTOMER_ENROLLED,
                    &view,
                ));
                envelope::success(StatusCode::CREATED, "Customer enrolled for lending", view)
            }
            Enrolled::Existing(enrollment, kyc) => envelope::success(
                StatusCode::OK,
                "Customer already enrolled",
                ExistingEnrollmentView {
                    customer_id: &enrollment.customer_id,
                    account_identifier: &enrollment.account_identifier,
                    customer_type: enrollment.customer_type,
                    kyc_status: kyc.status,
                },
            ),
        },
    )
}

fn kyc_error(error: KycError) -> CarbonError {
    match error {
        KycError::CustomerNotFound => customer_not_found(),
        KycError::NotEnrolled => CarbonError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::NotEnrolled,
            error.to_string(),
            "Enroll the customer with POST /v1/loans/customers/enroll first",
        ),
    }
}

#[derive(Serialize)]
struct KycStartedView<'a> {
    customer_id: &'a Uuid,
    kyc_status: KycStatus,
}

#[derive(Serialize)]
struct KycVerifiedView {
    kyc_status: KycStatus,
}

/// Starts the BVN check of an enrolled customer (no request body). It resolves on the sandbox
/// clock; poll `kyc-status`.
pub async fn verify_kyc(
    merchant: AuthenticatedMerchant,
    backend: web::Data<CarbonBackend>,
    id: web::Path<String>,
) -> Result<HttpResponse, CarbonError> {
    let check = backend
        .verify_kyc(merchant.tenant(), &id)
        .map_err(kyc_error)?;
    Ok(match check {
        KycCheck::Initiated(customer_id) => envelope::success(
            StatusCode::OK,
            "KYC verification initiated",
            KycStartedView {
                customer_id: &customer_id,
                kyc_status: KycStatus::Pending,
            },
        ),
        KycCheck::AlreadyVerified => envelope::success(
            StatusCode::OK,
            "KYC already verified",
            KycVerifiedView {
                kyc_status: KycStatus::Verified,
            },
        ),
    })
}

#[derive(Serialize)]
struct KycStatusView<'a> {
    customer_id: &'a Uuid,
    kyc_status: KycStatus,
    #[serde(with = "time_format::millis_option")]
    verified_at: Option<DateTime<Utc>>,
    rejection_reason: Option<&'static str>,
}

/// Where a customer's KYC stands: `NOT_ENROLLED`, `PENDING`, `VERIFIED` or `REJECTED`.
pub async fn kyc_status(
    merchant: AuthenticatedMerchant,
    backend: web::Data<CarbonBackend>,
    id: web::Path<String>,
) -> Result<HttpResponse, CarbonError> {
    let (customer_id, kyc) = backend
        .kyc_status(merchant.tenant(), &id)
        .map_err(kyc_error)?;
    Ok(envelope::success(
        StatusCode::OK,
        "KYC status fetched",
        KycStatusView {
            customer_id: &customer_id,
            kyc_status: kyc.status,
            verified_at: kyc.verified_at,
            rejection_reason: kyc.rejection_reason,
        },
    ))
}
