//! The OpenAPI documents and the router come from the same catalogues; these tests hold both to
//! them: every catalogued operation is served (and no other method on its path), every document
//! lists exactly the catalogued operations, and the CLI prints what the server serves.

use std::collections::BTreeSet;
use std::process::Command;

use fintech_sandbox::provider::{Operation, PROVIDERS};
use fintech_sandbox::sandbox;
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app, status_and_json};

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// A concrete path for a template: every parameter becomes a well-formed but unknown id.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                "3c90c3cc-0d44-4b50-8888-8dd25736052a"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether an answer is the router's "no such route" (provider 404 `Cannot …`, sandbox 404
/// `No route for …` or JSON 405).
async fn is_unrouted(app: &TestApp, method: &str, path: &str) -> bool {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let response = app
        .client
        .request(method, app.url(path))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    let message = body["message"].as_str().unwrap_or_default();
    (status == 404 && (message.starts_with("Cannot ") || message.starts_with("No route for ")))
        || status == 405
}

/// Every provider's and the control plane's operations.
fn catalogues() -> Vec<(&'static str, &'static [Operation])> {
    let mut all: Vec<_> = PROVIDERS.iter().map(|p| (p.name, p.operations)).collect();
    all.push(("admin", sandbox::operations::OPERATIONS));
    all
}

#[tokio::test]
async fn every_catalogued_operation_is_routed_and_no_other_method_is() {
    let app = spawn_app().await;
    for (name, operations) in catalogues() {
        for operation in operations {
            let path = concrete(operation.path);
            assert!(
                !is_unrouted(&app, operation.method, &path).await,
                "{name}: {} {} is catalogued but not routed",
                operation.method,
                operation.path
            );
            for method in METHODS {
                let catalogued = operations
                    .iter()
                    .any(|o| o.path == operation.path && o.method == method);
                if !catalogued {
                    assert!(
                        is_unrouted(&app, method, &path).await,
                        "{name}: {method} {} is routed but not catalogued",
                        operation.path
                    );
                }
            }
        }
    }
}

/// `(METHOD, full path)` of every operation a document lists.
fn operations_of(document: &Value) -> BTreeSet<(String, String)> {
    let server = document["servers"][0]["url"]
        .as_str()
        .unwrap()
        .trim_end_matches('/');
    let mut found = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            found.insert((method.to_ascii_uppercase(), format!("{server}{path}")));
        }
    }
    found
}

#[tokio::test]
async fn each_document_lists_exactly_the_catalogued_operations() {
    let app = spawn_app().await;
    for (name, operations) in catalogues() {
        let (status, document) = app
            .admin_get(&format!("/__sandbox/openapi/{name}.json"))
            .await;
        assert_eq!(status, 200, "{name}");
        assert_eq!(document["openapi"], "3.0.3");
        let expected: BTreeSet<_> = operations
            .iter()
            .map(|o| (o.method.to_owned(), o.path.to_owned()))
            .collect();
        assert_eq!(operations_of(&document), expected, "{name}");
        for operation in operations {
            let server = document["servers"][0]["url"]
                .as_str()
                .unwrap()
                .trim_end_matches('/');
            let relative = operation
                .path
                .strip_prefix(server)
                .unwrap_or(operation.path);
            let item = &document["paths"][relative][operation.method.to_ascii_lowercase()];
            assert_eq!(item["operationId"], operation.id);
            for error in operation.errors {
                assert!(
                    item["responses"][error.status.to_string()].is_object(),
                    "{name}: {} documents no {}",
                    operation.id,
                    error.status
                );
            }
        }
    }
}

#[tokio::test]
async fn the_cli_prints_the_served_documents() {
    let app = spawn_app().await;
    for (name, _) in catalogues() {
        let output = Command::new(env!("CARGO_BIN_EXE_fintech-sandbox"))
            .args(["openapi", name])
            .output()
            .unwrap();
        assert!(output.status.success(), "{name}");
        let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
        let (_, served) = app
            .admin_get(&format!("/__sandbox/openapi/{name}.json"))
            .await;
        assert_eq!(printed, served, "{name}");
    }
    let output = Command::new(env!("CARGO_BIN_EXE_fintech-sandbox"))
        .args(["openapi", "stripe"])
        .output()
        .unwrap();
    assert!(!output.status.success());
}

#[tokio::test]
async fn documents_are_open_and_unknown_ones_are_404() {
    let app = crate::helpers::spawn_app_with(fintech_sandbox::config::Settings {
        admin_token: Some("secret".into()),
        ..fintech_sandbox::config::Settings::for_tests()
    })
    .await;
    let (status, _) = status_and_json(app.get("/__sandbox/openapi/carbon.json").await).await;
    assert_eq!(status, 200, "no token needed to read a document");
    let (status, body) = status_and_json(app.get("/__sandbox/openapi/stripe.json").await).await;
    assert_eq!(status, 404);
    insta::assert_json_snapshot!("openapi_unknown_document", body);
}
