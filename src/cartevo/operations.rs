//! Every Cartevo operation the sandbox serves and every error each can answer. Messages are the
//! ones the routes produce; `documented` ones are quoted from Cartevo's pages, `chosen` ones are
//! recorded in `docs/fidelity.md`. A test checks this list against the router.

use actix_web::HttpResponse;
use actix_web::ResponseError;
use actix_web::http::StatusCode;

use super::envelope::CartevoError;
use super::{auth, routes};
use crate::provider::{DocumentedError as E, Operation, ProviderInfo};

const UNAUTHORIZED: [E; 5] = [
    E::chosen(401, auth::MISSING_TOKEN),
    E::chosen(401, auth::MALFORMED_TOKEN),
    E::chosen(401, auth::FORGED_TOKEN),
    E::chosen(401, auth::EXPIRED_TOKEN),
    E::chosen(401, auth::UNKNOWN_COMPANY),
];

const BAD_BODY: [E; 3] = [
    E::chosen(400, "Malformed JSON in request body"),
    E::chosen(413, "Request body is larger than the 100 KiB limit"),
    E::chosen(415, "Content-Type must be application/json"),
];

const KYB: &str =
    "Company KYB status is PENDING: only companies with KYB status APPROVED can create customers";

pub const OPERATIONS: &[Operation] = &[
    Operation {
        method: "POST",
        path: "/api/v1/auth/token",
        id: "issueToken",
        summary: "Exchange client credentials for a one-hour bearer token",
        authenticated: false,
        errors: &[
            E::documented(401, "Invalid client credentials"),
            E::chosen(400, "client_id must be a string"),
            BAD_BODY[1],
            BAD_BODY[2],
        ],
        handler: |route| route.to(routes::auth::issue_token),
    },
    Operation {
        method: "POST",
        path: "/api/v1/customers/enroll",
        id: "enrollCustomer",
        summary: "Enroll a new customer with KYC document URLs",
        authenticated: true,
        errors: &[
            E::documented(400, "id_document_front_url must be HTTPS"),
            E::documented(400, "id_document_back_url must be HTTPS"),
            E::documented(400, "Customer must be 18 or older"),
            E::chosen(
                400,
                "first_name must be longer than or equal to 3 characters",
            ),
            E::chosen(403, KYB),
            E::documented(409, "Customer with this email or ID already exists"),
            E::documented(422, "Could not fetch id_document_front_url"),
            E::documented(422, "Could not fetch id_document_back_url"),
            E::documented(422, "KYC document unreadable"),
            UNAUTHORIZED[0],
            UNAUTHORIZED[1],
            UNAUTHORIZED[2],
            UNAUTHORIZED[3],
            UNAUTHORIZED[4],
            BAD_BODY[1],
            BAD_BODY[2],
        ],
        handler: |route| route.to(routes::customers::enroll),
    },
    Operation {
        method: "POST",
        path: "/api/v1/customers",
        id: "createCustomer",
        summary: "Create a customer from uploaded KYC documents (multipart)",
        authenticated: true,
        errors: &[
            E::chosen(400, "id_document_front is required"),
            E::documented(400, "Customer must be 18 or older"),
            E::chosen(403, KYB),
            E::documented(409, "Customer with this email or ID already exists"),
            E::chosen(413, "File too large: id_document_front exceeds 10 MiB"),
            E::chosen(415, "Content-Type must be multipart/form-data"),
            E::documented(422, "KYC document unreadable"),
            UNAUTHORIZED[0],
            UNAUTHORIZED[1],
            UNAUTHORIZED[2],
            UNAUTHORIZED[3],
            UNAUTHORIZED[4],
        ],
        handler: |route| route.to(routes::customers::create),
    },
    Operation {
        method: "GET",
        path: "/api/v1/customers",
        id: "listCustomers",
        summary: "List the company's customers, newest first",
        authenticated: true,
        errors: &[
            E::chosen(400, "limit must not be greater than 100"),
            UNAUTHORIZED[0],
            UNAUTHORIZED[1],
            UNAUTHORIZED[2],
            UNAUTHORIZED[3],
            UNAUTHORIZED[4],
        ],
        handler: |route| route.to(routes::customers::list),
    },
    Operation {
        method: "GET",
        path: "/api/v1/customers/{id}",
        id: "getCustomer",
        summary: "Get one of the company's customers",
        authenticated: true,
        errors: &[
            E::documented(404, "Customer not found"),
            UNAUTHORIZED[0],
            UNAUTHORIZED[1],
            UNAUTHORIZED[2],
            UNAUTHORIZED[3],
            UNAUTHORIZED[4],
        ],
        handler: |route| route.to(routes::customers::get),
    },
];

fn render_error(status: StatusCode, message: &str) -> HttpResponse {
    CartevoError::new(status, message).error_response()
}

/// Cartevo's self-description for the rest of the sandbox.
pub static PROVIDER: ProviderInfo = ProviderInfo {
    name: "cartevo",
    title: "Cartevo",
    base_path: super::routes::BASE_PATH,
    operations: OPERATIONS,
    render_error,
    resolve_tenant: auth::resolve_tenant,
};
