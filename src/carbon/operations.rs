//! Every Carbon operation the sandbox serves and every error each can answer. Messages are the
//! ones the routes produce; `documented` ones are quoted from the seed page or the research
//! sheet, `chosen` ones are recorded in `docs/fidelity.md`. Tests check this list against the
//! router.

use actix_web::HttpResponse;
use actix_web::ResponseError;
use actix_web::http::StatusCode;

use super::auth;
use super::domain::{
    ACCOUNT_NAME_REQUIRED, BUSINESS_NAME_MESSAGE, CUSTOMER_ID_REQUIRED_FOR_THIRD_PARTY,
    DOB_MESSAGE, PHONE_MESSAGE,
};
use super::envelope::{CarbonError, ErrorCode, UNAUTHORIZED_MESSAGE};
use super::routes::{accounts, customers, lending, webhook};
use crate::provider::{DocumentedError as E, Operation, ProviderInfo};

const UNAUTHORIZED: E = E::documented(401, UNAUTHORIZED_MESSAGE);

const MALFORMED_JSON: E = E::chosen(400, "Malformed JSON in request body");
const NOT_AN_OBJECT: E = E::chosen(400, "Request body must be a JSON object");
const TOO_LARGE: E = E::chosen(413, "Request body is larger than the 100 KiB limit");
const NOT_JSON: E = E::chosen(415, "Content-Type must be application/json");

const BAD_PAGE: E = E::chosen(400, super::routes::PAGE_MESSAGE);
const BAD_LIMIT: E = E::chosen(400, super::routes::LIMIT_MESSAGE);

const CUSTOMER_NOT_FOUND: E = E::documented(400, "Customer not found");

pub const OPERATIONS: &[Operation] = &[
    Operation {
        method: "POST",
        path: "/baas/api/v1/customers",
        id: "createCustomer",
        summary: "Create a customer (BVN optional; needed to enroll for lending)",
        authenticated: true,
        errors: &[
            E::documented(400, "BVN must be 11 numbers long"),
            E::documented(400, "NIN must be 11 numbers long"),
            E::chosen(400, "first_name is required"),
            E::chosen(400, "email must be a valid email address"),
            E::chosen(400, PHONE_MESSAGE),
            E::chosen(400, DOB_MESSAGE),
            E::chosen(400, "gender must be one of: MALE, FEMALE"),
            E::chosen(400, BUSINESS_NAME_MESSAGE),
            E::chosen(400, "Customer with this email already exists"),
            MALFORMED_JSON,
            NOT_AN_OBJECT,
            UNAUTHORIZED,
            TOO_LARGE,
            NOT_JSON,
        ],
        handler: |route| route.to(customers::create),
    },
    Operation {
        method: "GET",
        path: "/baas/api/v1/customers",
        id: "listCustomers",
        summary: "List the merchant's customers, newest first, with filters",
        authenticated: true,
        errors: &[
            BAD_PAGE,
            BAD_LIMIT,
            E::chosen(400, super::routes::customers::GENDER_FILTER_MESSAGE),
            UNAUTHORIZED,
        ],
        handler: |route| route.to(customers::list),
    },
    Operation {
        method: "GET",
        path: "/baas/api/v1/customers/{id}",
        id: "getCustomer",
        summary: "Get one of the merchant's customers",
        authenticated: true,
        errors: &[E::chosen(404, "Customer not found"), UNAUTHORIZED],
        handler: |route| route.to(customers::get),
    },
    Operation {
        method: "POST",
        path: "/baas/api/v1/accounts",
        id: "createAccount",
        summary: "Open a static account for a customer, or a merchant sub-account",
        authenticated: true,
        errors: &[
            E::documented(400, CUSTOMER_ID_REQUIRED_FOR_THIRD_PARTY),
            E::chosen(400, ACCOUNT_NAME_REQUIRED),
            E::chosen(400, "account_type must be one of: static"),
            E::chosen(400, "third_party must be a boolean"),
            E::chosen(400, "Customer not found"),
            E::chosen(400, "Customer already has an account"),
            MALFORMED_JSON,
            NOT_AN_OBJECT,
            UNAUTHORIZED,
            TOO_LARGE,
            NOT_JSON,
        ],
        handler: |route| route.to(accounts::create),
    },
    Operation {
        method: "GET",
        path: "/baas/api/v1/accounts",
        id: "listAccounts",
        summary: "List the merchant's accounts, newest first",
        authenticated: true,
        errors: &[BAD_PAGE, BAD_LIMIT, UNAUTHORIZED],
        handler: |route| route.to(accounts::list),
    },
    Operation {
        method: "GET",
        path: "/baas/api/v1/accounts/{account_number}",
        id: "getAccount",
        summary: "Get one of the merchant's accounts",
        authenticated: true,
        errors: &[E::chosen(404, "Account not found"), UNAUTHORIZED],
        handler: |route| route.to(accounts::get),
    },
    Operation {
        method: "GET",
        path: "/baas/api/v1/accounts/{account_number}/balance",
        id: "getAccountBalance",
        summary: "Get an account's balance",
        authenticated: true,
        errors: &[E::chosen(404, "Account not found"), UNAUTHORIZED],
        handler: |route| route.to(accounts::balance),
    },
    Operation {
        method: "POST",
        path: "/baas/api/v1/loans/customers/enroll",
        id: "enrollCustomer",
        summary: "Enroll a customer for lending (idempotent on customer_id)",
        authenticated: true,
        errors: &[
            E::documented(400, "customer_id is required"),
            CUSTOMER_NOT_FOUND,
            E::chosen(400, "customer_id must be a string"),
            E::documented(422, "Customer must have a BVN to enroll for lending"),
            E::documented(
                422,
                "Customer must have an account before enrolling for lending",
            ),
            MALFORMED_JSON,
            NOT_AN_OBJECT,
            UNAUTHORIZED,
            TOO_LARGE,
            NOT_JSON,
        ],
        handler: |route| route.to(lending::enroll),
    },
    Operation {
        method: "POST",
        path: "/baas/api/v1/loans/customers/{id}/verify-kyc",
        id: "verifyKyc",
        summary: "Start the BVN check of an enrolled customer",
        authenticated: true,
        errors: &[
            CUSTOMER_NOT_FOUND,
            E::documented(422, "Customer is not enrolled for lending"),
            UNAUTHORIZED,
        ],
        handler: |route| route.to(lending::verify_kyc),
    },
    Operation {
        method: "GET",
        path: "/baas/api/v1/loans/customers/{id}/kyc-status",
        id: "getKycStatus",
        summary: "Where a customer's KYC stands",
        authenticated: true,
        errors: &[CUSTOMER_NOT_FOUND, UNAUTHORIZED],
        handler: |route| route.to(lending::kyc_status),
    },
    Operation {
        method: "GET",
        path: "/baas/api/v1/webhook",
        id: "getWebhook",
        summary: "The merchant's webhook URL and signing secret",
        authenticated: true,
        errors: &[UNAUTHORIZED],
        handler: |route| route.to(webhook::get),
    },
    Operation {
        method: "PUT",
        path: "/baas/api/v1/webhook",
        id: "updateWebhook",
        summary: "Set the URL events are sent to",
        authenticated: true,
        errors: &[
            E::chosen(400, super::routes::webhook::URL_MESSAGE),
            MALFORMED_JSON,
            NOT_AN_OBJECT,
            UNAUTHORIZED,
            TOO_LARGE,
            NOT_JSON,
        ],
        handler: |route| route.to(webhook::update),
    },
    Operation {
        method: "GET",
        path: "/baas/api/v1/webhook/history",
        id: "getWebhookHistory",
        summary: "Events sent to the merchant, newest first",
        authenticated: true,
        errors: &[BAD_PAGE, BAD_LIMIT, UNAUTHORIZED],
        handler: |route| route.to(webhook::history),
    },
    Operation {
        method: "POST",
        path: "/baas/api/v1/webhook/resend-webhook-event",
        id: "resendWebhookEvent",
        summary: "Send an event to the merchant's webhook again",
        authenticated: true,
        errors: &[
            E::chosen(400, "event_id is required"),
            E::chosen(404, super::routes::webhook::EVENT_NOT_FOUND),
            MALFORMED_JSON,
            NOT_AN_OBJECT,
            UNAUTHORIZED,
            TOO_LARGE,
            NOT_JSON,
        ],
        handler: |route| route.to(webhook::resend),
    },
];

/// The `error_code` a catalogue status renders with when no route says otherwise.
fn code_for(status: StatusCode) -> ErrorCode {
    match status.as_u16() {
        401 => ErrorCode::InvalidApiKey,
        404 => ErrorCode::RouteNotFound,
        413 => ErrorCode::PayloadTooLarge,
        415 => ErrorCode::UnsupportedMediaType,
        _ => ErrorCode::ValidationError,
    }
}

fn render_error(status: StatusCode, message: &str) -> HttpResponse {
    CarbonError::new(status, code_for(status), message, message).error_response()
}

/// Carbon's self-description for the rest of the sandbox.
pub static PROVIDER: ProviderInfo = ProviderInfo {
    name: "carbon",
    title: "Carbon",
    base_path: super::routes::BASE_PATH,
    operations: OPERATIONS,
    render_error,
    resolve_tenant: auth::resolve_tenant,
};

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;
    use actix_web::web;

    use super::*;
    use crate::carbon::{CarbonBackend, CarbonSeed};
    use crate::clock::SandboxClock;
    use crate::fixtures::{FixtureSet, FixtureSource};
    use crate::webhooks::{RetryPolicy, Webhooks};

    fn backend() -> web::Data<CarbonBackend> {
        let fixtures = FixtureSet::load(&FixtureSource::Embedded).unwrap();
        let seed = CarbonSeed::load(&fixtures).unwrap();
        let clock = SandboxClock::real();
        let webhooks = Webhooks::start(clock.clone(), RetryPolicy::default()).unwrap();
        web::Data::new(CarbonBackend::new(
            seed,
            clock,
            std::time::Duration::from_secs(5),
            webhooks,
        ))
    }

    #[test]
    fn tenants_resolve_only_with_both_keys() {
        let request = |headers: &[(&str, &str)]| {
            let mut request = TestRequest::get().app_data(backend());
            for header in headers {
                request = request.insert_header(*header);
            }
            resolve_tenant_of(request)
        };
        fn resolve_tenant_of(request: TestRequest) -> Option<String> {
            (PROVIDER.resolve_tenant)(&request.to_http_request()).map(|label| label.to_string())
        }
        assert_eq!(
            request(&[
                ("apikey", "baas-consumers"),
                ("x-carbon-key", "sandbox_carbon_key_2")
            ]),
            Some("carbon:second-merchant".into())
        );
        assert_eq!(request(&[("x-carbon-key", "sandbox_carbon_key")]), None);
        assert_eq!(
            request(&[("apikey", "nope"), ("x-carbon-key", "sandbox_carbon_key")]),
            None
        );
        assert_eq!(request(&[("apikey", "baas-consumers")]), None);
    }

    #[test]
    fn literal_routes_win_over_templates() {
        let enroll = PROVIDER
            .operation("POST", "/baas/api/v1/loans/customers/enroll")
            .unwrap();
        assert_eq!(enroll.id, "enrollCustomer");
        assert_eq!(enroll.error_statuses(), [400, 401, 413, 415, 422]);
        let balance = PROVIDER
            .operation("GET", "/baas/api/v1/accounts/6142285181/balance")
            .unwrap();
        assert_eq!(balance.id, "getAccountBalance");
        assert!(PROVIDER.owns("/baas/api/v1/customers"));
        assert!(!PROVIDER.owns("/baas/apix"));
    }
}
