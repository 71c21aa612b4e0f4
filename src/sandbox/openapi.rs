//! `GET /__sandbox/openapi/{document}`: the OpenAPI 3 documents of Cartevo (`cartevo.json`),
//! Carbon (`carbon.json`) and the control plane (`admin.json`), all generated from the route
//! catalogues. `fintech-sandbox openapi <name>` prints the same documents.

use std::sync::OnceLock;

use actix_web::{HttpResponse, web};
use serde_json::{Value, json};

use super::error::AdminError;
use super::operations::OPERATIONS;
use crate::openapi::{
    self, ApiDoc, OperationDoc, json_body, path_parameter, query_parameter, schema_ref,
};
use crate::provider::Operation;
use crate::{carbon, cartevo};

/// The documents by short name, for the CLI and the route.
pub const NAMES: [&str; 3] = ["cartevo", "carbon", "admin"];

/// The document called `name` (`cartevo`, `carbon` or `admin`).
pub fn document(name: &str) -> Option<&'static Value> {
    static CARTEVO: OnceLock<Value> = OnceLock::new();
    static CARBON: OnceLock<Value> = OnceLock::new();
    static ADMIN: OnceLock<Value> = OnceLock::new();
    match name {
        "cartevo" => Some(CARTEVO.get_or_init(cartevo::openapi::document)),
        "carbon" => Some(CARBON.get_or_init(carbon::openapi::document)),
        "admin" => Some(ADMIN.get_or_init(admin_document)),
        _ => None,
    }
}

pub async fn serve(name: web::Path<String>) -> Result<HttpResponse, AdminError> {
    name.strip_suffix(".json")
        .and_then(document)
        .map(|document| HttpResponse::Ok().json(document))
        .ok_or_else(|| {
            AdminError::not_found(format!(
                "No OpenAPI document {:?}; there are cartevo.json, carbon.json and admin.json",
                name.as_str()
            ))
        })
}

/// A JSON object with free-form properties.
fn any_object() -> Value {
    json!({"type": "object", "additionalProperties": true})
}

fn schemas() -> Value {
    json!({
        "Error": {
            "type": "object", "required": ["error", "message"],
            "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
        },
        "Health": {"type": "object", "required": ["status", "version"], "properties": {"status": {"type": "string", "enum": ["ok"]}, "version": {"type": "string"}}},
        "Clock": {
            "type": "object", "required": ["now", "mode"],
            "properties": {"now": {"type": "string", "format": "date-time"}, "mode": {"type": "string", "enum": ["real", "offset", "frozen"]}, "offset_ms": {"type": "integer"}},
        },
        "ClockCommand": {
            "type": "object", "description": "Exactly one of the three",
            "properties": {
                "freeze_at": {"type": "string", "description": "RFC 3339 instant, or \"now\""},
                "advance": {"type": "string", "description": "A duration such as 90d, 15m or -1h"},
                "real_time": {"type": "boolean", "enum": [true]},
            },
        },
        "Journal": {"type": "object", "required": ["total", "capacity", "requests"], "properties": {"total": {"type": "integer"}, "capacity": {"type": "integer"}, "requests": {"type": "array", "items": any_object()}}},
        "Tenant": {"type": "object", "required": ["provider", "tenant"], "properties": {"provider": {"type": "string", "enum": ["cartevo", "carbon"]}, "tenant": {"type": "string", "example": "cartevo:client_sandbox"}}, "additionalProperties": true},
        "TenantList": {"type": "object", "required": ["tenants"], "properties": {"tenants": {"type": "array", "items": schema_ref("Tenant")}}},
        "TenantSpec": {
            "type": "object", "required": ["provider"],
            "properties": {
                "provider": {"type": "string", "enum": ["cartevo", "carbon"]},
                "name": {"type": "string"}, "webhook_url": {"type": "string", "format": "uri"}, "webhook_secret": {"type": "string"},
                "kyb_status": {"type": "string", "enum": ["NONE", "PENDING", "APPROVED", "REJECTED"], "description": "Cartevo"},
                "client_key": {"type": "string", "description": "Cartevo"},
                "slug": {"type": "string", "description": "Carbon"}, "carbon_key": {"type": "string", "description": "Carbon"},
                "invented_events": {"type": "boolean", "description": "Carbon"},
            },
        },
        "Reset": {"type": "object", "properties": {"tenant": {"type": "string", "description": "Only this tenant"}}},
        "StateDocument": {
            "type": "object", "required": ["format", "version", "providers"],
            "properties": {"format": {"type": "string", "enum": ["fintech-sandbox-state"]}, "version": {"type": "integer", "enum": [1]}, "exported_at": {"type": "string"}, "providers": any_object()},
        },
        "Delivery": {
            "type": "object", "required": ["id", "provider", "tenant", "event", "event_id", "url", "state", "attempts"],
            "properties": {
                "id": {"type": "string", "format": "uuid"}, "provider": {"type": "string"}, "tenant": {"type": "string"},
                "event": {"type": "string"}, "event_id": {"type": "string"}, "url": {"type": "string"}, "signed": {"type": "boolean"},
                "state": {"type": "string", "enum": ["pending", "sending", "delivered", "failed"]},
                "created_at": {"type": "string"}, "next_attempt_at": {"type": "string", "nullable": true},
                "attempts": {"type": "array", "items": any_object()}, "payload": any_object(),
            },
        },
        "DeliveryList": {"type": "object", "required": ["deliveries"], "properties": {"deliveries": {"type": "array", "items": schema_ref("Delivery")}}},
        "Transfer": {
            "type": "object", "required": ["account_number", "amount"],
            "properties": {
                "account_number": {"type": "string", "pattern": "^\\d{10}$"}, "amount": {"type": "number", "description": "Naira, at most two decimals"},
                "type": {"type": "string", "enum": ["CREDIT", "DEBIT"], "default": "CREDIT"}, "remark": {"type": "string"}, "reference": {"type": "string"},
                "counterparty": {"type": "object", "properties": {"account_name": {"type": "string"}, "account_number": {"type": "string"}, "bank_name": {"type": "string"}}},
            },
        },
        "Scenario": any_object(),
        "ScenarioList": {"type": "object", "required": ["scenarios"], "properties": {"scenarios": {"type": "array", "items": schema_ref("Scenario")}}},
        "Activation": {"type": "object", "properties": {"tenant": {"type": "string", "example": "cartevo:client_sandbox"}}},
    })
}

fn describe(operation: &Operation) -> OperationDoc {
    let ok = |description, schema| vec![(200, description, schema)];
    let tenant = || path_parameter("tenant", "A tenant label such as cartevo:client_sandbox");
    let delivery = || path_parameter("id", "A delivery id");
    let scenario = || path_parameter("name", "A scenario name");
    match operation.id {
        "getHealth" => OperationDoc {
            responses: ok("Up", schema_ref("Health")),
            ..OperationDoc::default()
        },
        "getOpenApiDocument" => OperationDoc {
            parameters: vec![path_parameter(
                "document",
                "cartevo.json, carbon.json or admin.json",
            )],
            responses: ok("The document", any_object()),
            ..OperationDoc::default()
        },
        "getCartevoDocument" => OperationDoc {
            parameters: vec![path_parameter(
                "id",
                "The document id in the customer's image/photo URL",
            )],
            responses: vec![(
                200,
                "The uploaded bytes, with their content type",
                json!({"type": "string", "format": "binary"}),
            )],
            ..OperationDoc::default()
        },
        "getClock" => OperationDoc {
            responses: ok("The clock", schema_ref("Clock")),
            ..OperationDoc::default()
        },
        "setClock" => OperationDoc {
            request_body: Some(json_body(schema_ref("ClockCommand"))),
            responses: ok("The clock after the change", schema_ref("Clock")),
            ..OperationDoc::default()
        },
        "listRequests" => OperationDoc {
            parameters: [
                "provider", "path", "status", "tenant", "since", "after_id", "limit",
            ]
            .into_iter()
            .map(|name| {
                query_parameter(
                    name,
                    "Filter (see docs/admin-api.md)",
                    json!({"type": "string"}),
                )
            })
            .collect(),
            responses: ok("Matching entries, newest first", schema_ref("Journal")),
            ..OperationDoc::default()
        },
        "clearRequests" | "deleteTenant" => OperationDoc {
            parameters: if operation.id == "deleteTenant" {
                vec![tenant()]
            } else {
                Vec::new()
            },
            responses: vec![(204, "Done", json!({}))],
            ..OperationDoc::default()
        },
        "listTenants" => OperationDoc {
            responses: ok("Every tenant", schema_ref("TenantList")),
            ..OperationDoc::default()
        },
        "createTenant" => OperationDoc {
            request_body: Some(json_body(schema_ref("TenantSpec"))),
            responses: vec![(201, "The tenant with its credentials", schema_ref("Tenant"))],
            ..OperationDoc::default()
        },
        "updateTenant" => OperationDoc {
            parameters: vec![tenant()],
            request_body: Some(json_body(schema_ref("TenantSpec"))),
            responses: ok("The tenant after the change", schema_ref("Tenant")),
        },
        "reset" => OperationDoc {
            request_body: Some(
                json!({"required": false, "content": {"application/json": {"schema": schema_ref("Reset")}}}),
            ),
            responses: ok("What was reset", any_object()),
            ..OperationDoc::default()
        },
        "exportState" => OperationDoc {
            responses: ok("Every store", schema_ref("StateDocument")),
            ..OperationDoc::default()
        },
        "importState" => OperationDoc {
            request_body: Some(json_body(schema_ref("StateDocument"))),
            responses: ok("Imported", any_object()),
            ..OperationDoc::default()
        },
        "listWebhookDeliveries" => OperationDoc {
            parameters: ["provider", "tenant", "event", "state"]
                .into_iter()
                .map(|name| query_parameter(name, "Filter", json!({"type": "string"})))
                .collect(),
            responses: ok("Deliveries, newest first", schema_ref("DeliveryList")),
            ..OperationDoc::default()
        },
        "getWebhookDelivery" => OperationDoc {
            parameters: vec![delivery()],
            responses: ok("The delivery", schema_ref("Delivery")),
            ..OperationDoc::default()
        },
        "redeliverWebhook" => OperationDoc {
            parameters: vec![delivery()],
            responses: vec![(202, "Queued again", schema_ref("Delivery"))],
            ..OperationDoc::default()
        },
        "simulateCarbonTransaction" => OperationDoc {
            request_body: Some(json_body(schema_ref("Transfer"))),
            responses: vec![(
                201,
                "The event, the new balance and the delivery id",
                any_object(),
            )],
            ..OperationDoc::default()
        },
        "listScenarios" => OperationDoc {
            responses: ok("Loaded scenarios", schema_ref("ScenarioList")),
            ..OperationDoc::default()
        },
        "getScenario" => OperationDoc {
            parameters: vec![scenario()],
            responses: ok("The scenario and its YAML", schema_ref("Scenario")),
            ..OperationDoc::default()
        },
        "uploadScenario" => OperationDoc {
            parameters: vec![scenario()],
            request_body: Some(
                json!({"required": true, "content": {"application/yaml": {"schema": {"type": "string"}}}}),
            ),
            responses: vec![
                (200, "Replaced", schema_ref("Scenario")),
                (201, "Added", schema_ref("Scenario")),
            ],
        },
        "activateScenario" | "deactivateScenario" => OperationDoc {
            parameters: vec![scenario()],
            request_body: Some(
                json!({"required": false, "content": {"application/json": {"schema": schema_ref("Activation")}}}),
            ),
            responses: ok("The scenario", schema_ref("Scenario")),
        },
        _ => OperationDoc::default(),
    }
}

fn admin_document() -> Value {
    openapi::document(
        &ApiDoc {
            title: "fintech-sandbox control plane",
            description: "The sandbox's own routes under /__sandbox. Bound to loopback they are open; otherwise they need Authorization: Bearer <--admin-token>.",
            server: "/",
            base_path: "",
            security_schemes: json!({"adminToken": {"type": "http", "scheme": "bearer"}}),
            security: json!([{"adminToken": []}]),
            schemas: schemas(),
            describe,
        },
        OPERATIONS,
    )
}
