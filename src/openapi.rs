//! OpenAPI 3.0 documents built from the provider catalogues ([`crate::provider::Operation`]):
//! every catalogued operation becomes a path item, every error it lists a documented response
//! in the provider's envelope (with each message as an example). The same catalogue drives the
//! router, so the documents and the routes cannot drift apart.
//!
//! A provider supplies the rest: request bodies, parameters and success responses per operation
//! ([`DescribeOperation`]), and its shared schemas and security.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use serde_json::{Map, Value, json};

use crate::provider::Operation;

/// What the catalogue does not say about an operation.
#[derive(Debug, Clone, Default)]
pub struct OperationDoc {
    /// OpenAPI parameter objects (path and query).
    pub parameters: Vec<Value>,
    /// An OpenAPI request body object.
    pub request_body: Option<Value>,
    /// Success responses: status, description, schema.
    pub responses: Vec<(u16, &'static str, Value)>,
}

/// How a provider describes one operation, by its catalogue id.
pub type DescribeOperation = fn(&Operation) -> OperationDoc;

/// A whole API.
pub struct ApiDoc {
    pub title: &'static str,
    pub description: &'static str,
    /// Relative to the host the document is served from (e.g. `/api/v1`).
    pub server: &'static str,
    /// The prefix of catalogue paths that the server URL already contains.
    pub base_path: &'static str,
    pub security_schemes: Value,
    /// The requirement of authenticated operations.
    pub security: Value,
    /// `components.schemas`; must contain `Error`.
    pub schemas: Value,
    pub describe: DescribeOperation,
}

/// A path parameter that is a string.
pub fn path_parameter(name: &str, description: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "description": description, "schema": {"type": "string"}})
}

/// An optional query parameter.
pub fn query_parameter(name: &str, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": description, "schema": schema})
}

/// The `page` and `limit` query parameters of a list, with the provider's page sizes.
pub fn page_parameters(max_limit: usize, default_limit: usize) -> [Value; 2] {
    [
        query_parameter(
            "page",
            "From 1",
            json!({"type": "integer", "minimum": 1, "default": 1}),
        ),
        query_parameter(
            "limit",
            "Page size",
            json!({"type": "integer", "minimum": 1, "maximum": max_limit, "default": default_limit}),
        ),
    ]
}

/// A JSON request body with `schema`.
pub fn json_body(schema: Value) -> Value {
    json!({"required": true, "content": {"application/json": {"schema": schema}}})
}

/// A reference to a component schema.
pub fn schema_ref(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn error_responses(operation: &Operation) -> Map<String, Value> {
    let mut by_status: BTreeMap<u16, Vec<&str>> = BTreeMap::new();
    for error in operation.errors {
        by_status
            .entry(error.status)
            .or_default()
            .push(error.message);
    }
    by_status
        .into_iter()
        .map(|(status, messages)| {
            let examples: Map<String, Value> = messages
                .iter()
                .enumerate()
                .map(|(n, message)| (format!("example{}", n + 1), json!({"summary": message})))
                .collect();
            let reason = StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("Error");
            (
                status.to_string(),
                json!({
                    "description": format!("{reason}: {}", messages.join(" | ")),
                    "content": {"application/json": {"schema": schema_ref("Error"), "examples": examples}},
                }),
            )
        })
        .collect()
}

/// The OpenAPI document of `operations`.
pub fn document(api: &ApiDoc, operations: &[Operation]) -> Value {
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for operation in operations {
        let doc = (api.describe)(operation);
        let mut responses = error_responses(operation);
        for (status, description, schema) in doc.responses {
            responses.insert(
                status.to_string(),
                json!({"description": description, "content": {"application/json": {"schema": schema}}}),
            );
        }
        let mut item = json!({
            "operationId": operation.id,
            "summary": operation.summary,
            "responses": responses,
        });
        if !doc.parameters.is_empty() {
            item["parameters"] = Value::Array(doc.parameters);
        }
        if let Some(body) = doc.request_body {
            item["requestBody"] = body;
        }
        item["security"] = if operation.authenticated {
            api.security.clone()
        } else {
            json!([])
        };
        let path = operation
            .path
            .strip_prefix(api.base_path)
            .unwrap_or(operation.path)
            .to_owned();
        paths
            .entry(if path.is_empty() { "/".into() } else { path })
            .or_default()
            .insert(operation.method.to_ascii_lowercase(), item);
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": api.title, "version": env!("CARGO_PKG_VERSION"), "description": api.description},
        "servers": [{"url": api.server}],
        "paths": paths,
        "components": {"schemas": api.schemas, "securitySchemes": api.security_schemes},
    })
}
