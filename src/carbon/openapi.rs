//! Carbon's OpenAPI document: schemas of the requests and responses the routes produce. Paths,
//! operation ids and error responses come from the catalogue (`operations.rs`).

use serde_json::{Value, json};

use super::operations::OPERATIONS;
use super::routes::{BASE_PATH, DEFAULT_LIMIT, MAX_LIMIT};
use crate::openapi::{
    self, ApiDoc, OperationDoc, json_body, page_parameters, path_parameter, query_parameter,
    schema_ref,
};
use crate::provider::Operation;

/// `{status: "success", message, data: <data>}`
fn envelope(data: Value) -> Value {
    json!({
        "type": "object", "additionalProperties": false, "required": ["status", "message", "data"],
        "properties": {"status": {"type": "string", "enum": ["success"]}, "message": {"type": "string"}, "data": data},
    })
}

/// A page: the envelope plus `total`, `page`, `limit` (and `extra` properties).
fn page(item: Value, extra: &[(&str, Value)]) -> Value {
    let mut schema = json!({
        "type": "object", "additionalProperties": false, "required": ["status", "message", "data", "total", "page", "limit"],
        "properties": {
            "status": {"type": "string", "enum": ["success"]}, "message": {"type": "string"},
            "data": {"type": "array", "items": item},
            "total": {"type": "integer"}, "page": {"type": "integer"}, "limit": {"type": "integer"},
        },
    });
    for (name, value) in extra {
        schema["properties"][*name] = value.clone();
        if let Some(required) = schema["required"].as_array_mut() {
            required.push(json!(name));
        }
    }
    schema
}

fn object(required: &[&str], properties: Value) -> Value {
    json!({"type": "object", "additionalProperties": false, "required": required, "properties": properties})
}

fn schemas() -> Value {
    let string = json!({"type": "string"});
    let nullable = json!({"type": "string", "nullable": true});
    let instant = json!({"type": "string", "format": "date-time"});
    let uuid = json!({"type": "string", "format": "uuid"});
    let mode = json!({"type": "string", "enum": ["sandbox"]});
    let kyc =
        json!({"type": "string", "enum": ["NOT_ENROLLED", "PENDING", "VERIFIED", "REJECTED"]});
    let customer_type = json!({"type": "string", "enum": ["INDIVIDUAL", "BUSINESS"]});
    let amount = json!({"type": "number"});
    let owner_fields =
        json!({"first_name": string, "last_name": string, "email": string, "phone": string});
    let mut owner_with_id = owner_fields.clone();
    owner_with_id["id"] = uuid.clone();
    json!({
        "Error": {
            "type": "object", "additionalProperties": false, "required": ["status", "message", "data"],
            "properties": {
                "status": {"type": "string", "enum": ["error"]},
                "message": string,
                "data": object(&["error_code", "details"], json!({"error_code": string, "details": string})),
                "errors": {"type": "array", "items": object(&["msg", "param"], json!({"msg": string, "param": string}))},
            },
        },
        "CustomerRequest": {
            "type": "object",
            "required": ["first_name", "last_name", "email", "phone", "dob", "gender", "street", "city", "state", "country"],
            "properties": {
                "first_name": {"type": "string", "example": "Mark"}, "last_name": {"type": "string", "example": "Erelu"},
                "email": {"type": "string", "format": "email"},
                "phone": {"type": "string", "pattern": "^(0|\\+?234)\\d{10}$", "example": "08071000030"},
                "dob": {"type": "string", "format": "date", "example": "1990-01-01"},
                "gender": {"type": "string", "enum": ["MALE", "FEMALE", "male", "female"]},
                "street": string, "city": string, "state": string, "country": string,
                "bvn": {"type": "string", "pattern": "^\\d{11}$", "example": "11111111111"},
                "nin": {"type": "string", "pattern": "^\\d{11}$"},
                "is_business": {"type": "boolean", "default": false},
                "business_name": string,
            },
        },
        "Customer": object(
            &["id", "first_name", "last_name", "email", "phone", "gender", "dob", "nin", "bvn", "address",
              "is_business", "business_name", "mode", "created_at", "updated_at"],
            json!({
                "id": uuid, "first_name": string, "last_name": string, "email": string, "phone": string,
                "gender": {"type": "string", "enum": ["MALE", "FEMALE"]}, "dob": instant,
                "nin": nullable, "bvn": nullable,
                "address": object(&["street", "city", "state", "country"], json!({"street": string, "city": string, "state": string, "country": string})),
                "is_business": {"type": "boolean"}, "business_name": nullable, "mode": mode,
                "created_at": instant, "updated_at": instant,
            }),
        ),
        "AccountRequest": {
            "type": "object",
            "properties": {
                "customer_id": {"type": "string", "description": "Required when third_party is true"},
                "account_type": {"type": "string", "enum": ["static"]},
                "third_party": {"type": "boolean", "default": true},
                "account_name": {"type": "string", "description": "Required when third_party is false"},
            },
        },
        "AccountCreated": object(
            &["id", "account", "owner", "account_type", "mode", "created_at", "updated_at"],
            json!({
                "id": uuid,
                "account": object(&["bank_name", "bank_code", "account_name", "account_number", "client_id"],
                    json!({"bank_name": string, "bank_code": string, "account_name": string, "account_number": string, "client_id": string})),
                "owner": {"allOf": [object(&["first_name", "last_name", "email", "phone"], owner_fields)], "nullable": true},
                "account_type": {"type": "string", "enum": ["static"]}, "mode": mode, "created_at": instant, "updated_at": instant,
            }),
        ),
        "Account": object(
            &["id", "account", "owner", "is_static", "mode", "created_at", "updated_at"],
            json!({
                "id": uuid,
                "account": object(&["bank_name", "account_name", "account_number", "balance", "available_balance", "locked"],
                    json!({"bank_name": string, "bank_code": string, "account_name": string, "account_number": string,
                           "balance": amount, "available_balance": amount, "locked": {"type": "boolean"}})),
                "owner": {"allOf": [object(&["id", "first_name", "last_name", "email", "phone"], owner_with_id)], "nullable": true},
                "is_static": {"type": "boolean"}, "mode": mode, "created_at": instant, "updated_at": instant,
            }),
        ),
        "Balance": object(
            &["account_number", "balance", "available_balance", "business_account", "locked"],
            json!({"account_number": string, "balance": amount, "available_balance": amount,
                   "business_account": {"type": "boolean"}, "locked": {"type": "boolean"}}),
        ),
        "EnrollRequest": {"type": "object", "required": ["customer_id"], "properties": {"customer_id": {"type": "string", "format": "uuid", "example": "1732ca47-42b2-4990-a65d-c369e934eed3"}}},
        "NewEnrollment": object(&["customer_id", "customer_type", "kyc_status", "enrolled_at"],
            json!({"customer_id": uuid, "customer_type": customer_type, "kyc_status": kyc, "enrolled_at": instant})),
        "ExistingEnrollment": object(&["customer_id", "account_identifier", "customer_type", "kyc_status"],
            json!({"customer_id": uuid, "account_identifier": {"type": "string", "pattern": "^PC_[a-z0-9]+$"}, "customer_type": customer_type, "kyc_status": kyc})),
        "KycCheck": {"oneOf": [
            object(&["customer_id", "kyc_status"], json!({"customer_id": uuid, "kyc_status": kyc})),
            object(&["kyc_status"], json!({"kyc_status": kyc})),
        ]},
        "KycStatus": object(&["customer_id", "kyc_status", "verified_at", "rejection_reason"],
            json!({"customer_id": uuid, "kyc_status": kyc, "verified_at": {"type": "string", "format": "date-time", "nullable": true}, "rejection_reason": nullable})),
        "Webhook": object(&["url", "signature_secret", "status", "mode"],
            json!({"url": nullable, "signature_secret": nullable, "status": {"type": "string", "enum": ["active", "inactive"]}, "mode": mode})),
        "WebhookRequest": {"type": "object", "required": ["url"], "properties": {"url": {"type": "string", "format": "uri"}}},
        "WebhookEvent": object(&["event_id", "event_type", "data", "created_at", "updated_at"],
            json!({"event_id": string, "event_type": string, "data": {"type": "object"}, "created_at": instant, "updated_at": instant})),
        "ResendRequest": {"type": "object", "required": ["event_id"], "properties": {"event_id": string}},
        "Resent": object(&["event_id", "event_type"], json!({"event_id": string, "event_type": string})),
    })
}

fn paged() -> Vec<Value> {
    page_parameters(MAX_LIMIT, DEFAULT_LIMIT).into()
}

fn describe(operation: &Operation) -> OperationDoc {
    let customer_id = || path_parameter("id", "The customer's UUID");
    let account_number = || path_parameter("account_number", "Ten digits");
    match operation.id {
        "createCustomer" => OperationDoc {
            request_body: Some(json_body(schema_ref("CustomerRequest"))),
            responses: vec![(
                200,
                "Customer created successfully",
                envelope(schema_ref("Customer")),
            )],
            ..OperationDoc::default()
        },
        "listCustomers" => {
            let mut parameters = paged();
            parameters.push(query_parameter(
                "gender",
                "MALE or FEMALE",
                json!({"type": "string", "enum": ["MALE", "FEMALE"]}),
            ));
            for filter in ["email", "bvn", "phone"] {
                parameters.push(query_parameter(
                    filter,
                    "Exact match",
                    json!({"type": "string"}),
                ));
            }
            let filters = json!({"type": "object", "properties": {"gender": {"type": "string"}, "email": {"type": "string"}, "bvn": {"type": "string"}, "phone": {"type": "string"}}, "additionalProperties": false});
            OperationDoc {
                parameters,
                responses: vec![(
                    200,
                    "Customers fetched successfully",
                    page(schema_ref("Customer"), &[("filters_applied", filters)]),
                )],
                ..OperationDoc::default()
            }
        }
        "getCustomer" => OperationDoc {
            parameters: vec![customer_id()],
            responses: vec![(
                200,
                "Customer fetched successfully",
                envelope(schema_ref("Customer")),
            )],
            ..OperationDoc::default()
        },
        "createAccount" => OperationDoc {
            request_body: Some(json_body(schema_ref("AccountRequest"))),
            responses: vec![(
                200,
                "account created successfully",
                envelope(schema_ref("AccountCreated")),
            )],
            ..OperationDoc::default()
        },
        "listAccounts" => OperationDoc {
            parameters: paged(),
            responses: vec![(
                200,
                "Accounts fetched successfully",
                page(schema_ref("Account"), &[]),
            )],
            ..OperationDoc::default()
        },
        "getAccount" => OperationDoc {
            parameters: vec![account_number()],
            responses: vec![(
                200,
                "Account fetched successfully",
                envelope(schema_ref("Account")),
            )],
            ..OperationDoc::default()
        },
        "getAccountBalance" => OperationDoc {
            parameters: vec![account_number()],
            responses: vec![(
                200,
                "Balance fetched successfully",
                envelope(schema_ref("Balance")),
            )],
            ..OperationDoc::default()
        },
        "enrollCustomer" => OperationDoc {
            request_body: Some(json_body(schema_ref("EnrollRequest"))),
            responses: vec![
                (
                    201,
                    "Customer enrolled for lending",
                    envelope(schema_ref("NewEnrollment")),
                ),
                (
                    200,
                    "Customer already enrolled (same account_identifier every time)",
                    envelope(schema_ref("ExistingEnrollment")),
                ),
            ],
            ..OperationDoc::default()
        },
        "verifyKyc" => OperationDoc {
            parameters: vec![customer_id()],
            responses: vec![(
                200,
                "KYC verification initiated, or KYC already verified",
                envelope(schema_ref("KycCheck")),
            )],
            ..OperationDoc::default()
        },
        "getKycStatus" => OperationDoc {
            parameters: vec![customer_id()],
            responses: vec![(200, "KYC status fetched", envelope(schema_ref("KycStatus")))],
            ..OperationDoc::default()
        },
        "getWebhook" => OperationDoc {
            responses: vec![(
                200,
                "webhook fetched successfully",
                envelope(schema_ref("Webhook")),
            )],
            ..OperationDoc::default()
        },
        "updateWebhook" => OperationDoc {
            request_body: Some(json_body(schema_ref("WebhookRequest"))),
            responses: vec![(
                200,
                "successfully updated webhook",
                envelope(schema_ref("Webhook")),
            )],
            ..OperationDoc::default()
        },
        "getWebhookHistory" => OperationDoc {
            parameters: paged(),
            responses: vec![(
                200,
                "data fetched successfully",
                page(schema_ref("WebhookEvent"), &[]),
            )],
            ..OperationDoc::default()
        },
        "resendWebhookEvent" => OperationDoc {
            request_body: Some(json_body(schema_ref("ResendRequest"))),
            responses: vec![(
                200,
                "Webhook event resent successfully",
                envelope(schema_ref("Resent")),
            )],
            ..OperationDoc::default()
        },
        _ => OperationDoc::default(),
    }
}

/// The whole document, as served at `/__sandbox/openapi/carbon.json`.
pub fn document() -> Value {
    openapi::document(
        &ApiDoc {
            title: "Carbon BaaS (fintech-sandbox)",
            description: "Carbon's BaaS API as the sandbox emulates it. Send apikey: baas-consumers and x-carbon-key: sandbox_carbon_key.",
            server: BASE_PATH,
            base_path: BASE_PATH,
            security_schemes: json!({
                "gatewayKey": {"type": "apiKey", "in": "header", "name": "apikey"},
                "merchantKey": {"type": "apiKey", "in": "header", "name": "x-carbon-key"},
            }),
            security: json!([{"gatewayKey": [], "merchantKey": []}]),
            schemas: schemas(),
            describe,
        },
        OPERATIONS,
    )
}
