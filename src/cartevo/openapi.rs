//! Cartevo's OpenAPI document: schemas of the requests and responses the routes produce, with
//! the documented constraints. Paths, operation ids and error responses come from the
//! catalogue (`operations.rs`).

use serde_json::{Value, json};

use super::domain::IdDocumentType;
use super::operations::OPERATIONS;
use super::routes::BASE_PATH;
use super::routes::customers::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use crate::openapi::{
    self, ApiDoc, OperationDoc, json_body, page_parameters, path_parameter, query_parameter,
    schema_ref,
};
use crate::provider::Operation;

fn text(min: u64, max: u64, example: &str) -> Value {
    json!({"type": "string", "minLength": min, "maxLength": max, "example": example})
}

/// The fourteen customer fields shared by both creates.
fn customer_fields() -> serde_json::Map<String, Value> {
    let fields = json!({
        "first_name": text(3, 255, "John"),
        "last_name": text(3, 255, "Doe"),
        "email": {"type": "string", "format": "email", "example": "john.doe@example.com"},
        "country": text(2, 255, "Cameroon"),
        "street": text(2, 255, "123 Main Street"),
        "city": text(2, 255, "Yaoundé"),
        "state": text(2, 255, "Centre"),
        "postal_code": text(3, 255, "00237"),
        "country_iso_code": {"type": "string", "pattern": "^[A-Za-z]{2}$", "description": "ISO 3166-1 alpha-2", "example": "CM"},
        "country_phone_code": {"type": "string", "pattern": "^\\+\\d{1,4}$", "example": "+237"},
        "phone_number": text(3, 255, "600000000"),
        "identification_number": text(1, 255, "12345678901"),
        "id_document_type": {"type": "string", "enum": IdDocumentType::NAMES},
        "date_of_birth": {"type": "string", "format": "date", "description": "YYYY-MM-DD; the customer must be 18 or older", "example": "1990-01-15"},
    });
    fields.as_object().cloned().unwrap_or_default()
}

fn required_keys(properties: &serde_json::Map<String, Value>) -> Vec<&String> {
    properties.keys().collect()
}

fn schemas() -> Value {
    let mut enroll = customer_fields();
    for side in ["front", "back"] {
        enroll.insert(
            format!("id_document_{side}_url"),
            json!({"type": "string", "format": "uri", "pattern": "^https://", "example": format!("https://example.com/documents/{side}.jpg")}),
        );
    }
    let mut upload = customer_fields();
    upload.insert("id_document_front".into(), json!({"type": "string", "format": "binary", "description": "JPEG, PNG or PDF, at most 10 MiB"}));
    upload.insert("id_document_back".into(), json!({"type": "string", "format": "binary", "description": "JPEG, PNG or PDF, at most 10 MiB"}));
    let upload_required: Vec<&String> =
        upload.keys().filter(|k| *k != "id_document_back").collect();
    let string = json!({"type": "string"});
    let instant = json!({"type": "string", "format": "date-time"});
    let page_meta = json!({
        "type": "object", "additionalProperties": false,
        "required": ["page", "limit", "total", "totalPages"],
        "properties": {"page": {"type": "integer"}, "limit": {"type": "integer"}, "total": {"type": "integer"}, "totalPages": {"type": "integer"}},
    });
    json!({
        "Error": {
            "type": "object", "additionalProperties": false,
            "required": ["success", "statusCode", "message", "error"],
            "properties": {
                "success": {"type": "boolean", "enum": [false]},
                "statusCode": {"type": "integer"},
                "message": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
                "error": {"type": "string"},
            },
        },
        "TokenRequest": {
            "type": "object", "additionalProperties": false, "required": ["client_id", "client_key"],
            "properties": {"client_id": {"type": "string", "example": "client_sandbox"}, "client_key": {"type": "string", "example": "sandbox_secret"}},
        },
        "Token": {
            "type": "object", "additionalProperties": false, "required": ["access_token", "token_type", "expires_in"],
            "properties": {"access_token": string, "token_type": {"type": "string", "enum": ["Bearer"]}, "expires_in": {"type": "integer", "enum": [3600]}},
        },
        "EnrollRequest": {"type": "object", "additionalProperties": false, "required": required_keys(&enroll), "properties": enroll},
        "CustomerUpload": {"type": "object", "additionalProperties": false, "required": upload_required, "properties": upload},
        "Customer": {
            "type": "object", "additionalProperties": false,
            "required": ["id", "first_name", "last_name", "country", "email", "street", "city", "state", "postal_code",
                         "phone_country_code", "phone_number", "identification_number", "type", "image", "photo", "number",
                         "date_of_birth", "is_active", "created_at", "updated_at"],
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "first_name": string, "last_name": string, "country": string, "email": string, "street": string,
                "city": string, "state": string, "postal_code": string, "phone_country_code": string,
                "phone_number": string, "identification_number": string,
                "type": {"type": "string", "enum": IdDocumentType::NAMES},
                "image": string,
                "photo": {"type": "string", "nullable": true},
                "number": string,
                "date_of_birth": instant, "is_active": {"type": "boolean"}, "created_at": instant, "updated_at": instant,
            },
        },
        "CustomerSummary": {
            "type": "object", "additionalProperties": false,
            "required": ["id", "first_name", "last_name", "email", "country", "phone_country_code", "phone_number", "is_active", "created_at", "updated_at"],
            "properties": {
                "id": {"type": "string", "format": "uuid"}, "first_name": string, "last_name": string, "email": string,
                "country": string, "phone_country_code": string, "phone_number": string, "is_active": {"type": "boolean"},
                "created_at": instant, "updated_at": instant,
            },
        },
        "PageMeta": page_meta,
        "CustomerEnvelope": {
            "type": "object", "additionalProperties": false, "required": ["success", "statusCode", "message", "data"],
            "properties": {"success": {"type": "boolean", "enum": [true]}, "statusCode": {"type": "integer"}, "message": string, "data": schema_ref("Customer")},
        },
        "CustomerPage": {
            "type": "object", "additionalProperties": false,
            "required": ["success", "statusCode", "message", "data", "meta", "pagination"],
            "properties": {
                "success": {"type": "boolean", "enum": [true]}, "statusCode": {"type": "integer"}, "message": string,
                "data": {"type": "array", "items": schema_ref("CustomerSummary")},
                "meta": schema_ref("PageMeta"), "pagination": schema_ref("PageMeta"),
            },
        },
    })
}

fn describe(operation: &Operation) -> OperationDoc {
    match operation.id {
        "issueToken" => OperationDoc {
            request_body: Some(json_body(schema_ref("TokenRequest"))),
            responses: vec![(
                200,
                "A one-hour bearer token (not wrapped in the envelope)",
                schema_ref("Token"),
            )],
            ..OperationDoc::default()
        },
        "enrollCustomer" => OperationDoc {
            request_body: Some(json_body(schema_ref("EnrollRequest"))),
            responses: vec![(
                201,
                "Customer enrolled successfully",
                schema_ref("CustomerEnvelope"),
            )],
            ..OperationDoc::default()
        },
        "createCustomer" => OperationDoc {
            parameters: vec![query_parameter(
                "enroll",
                "`true` also enrolls the customer upstream (and verifies the documents)",
                json!({"type": "string", "enum": ["true", "false"]}),
            )],
            request_body: Some(
                json!({"required": true, "content": {"multipart/form-data": {"schema": schema_ref("CustomerUpload")}}}),
            ),
            responses: vec![(
                201,
                "Customer registered successfully",
                schema_ref("CustomerEnvelope"),
            )],
        },
        "listCustomers" => OperationDoc {
            parameters: page_parameters(MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE)
                .into_iter()
                .chain([query_parameter(
                    "sync",
                    "Accepted and ignored",
                    json!({"type": "boolean"}),
                )])
                .collect(),
            responses: vec![(
                200,
                "<n> items retrieved successfully, newest first",
                schema_ref("CustomerPage"),
            )],
            ..OperationDoc::default()
        },
        "getCustomer" => OperationDoc {
            parameters: vec![path_parameter("id", "The customer's UUID")],
            responses: vec![(
                200,
                "Data retrieved successfully",
                schema_ref("CustomerEnvelope"),
            )],
            ..OperationDoc::default()
        },
        _ => OperationDoc::default(),
    }
}

/// The whole document, as served at `/__sandbox/openapi/cartevo.json`.
pub fn document() -> Value {
    openapi::document(
        &ApiDoc {
            title: "Cartevo (fintech-sandbox)",
            description: "Cartevo's customer API as the sandbox emulates it. Get a token from POST /auth/token with client_sandbox / sandbox_secret.",
            server: BASE_PATH,
            base_path: BASE_PATH,
            security_schemes: json!({"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}),
            security: json!([{"bearerAuth": []}]),
            schemas: schemas(),
            describe,
        },
        OPERATIONS,
    )
}
