//! The admin API under `/__sandbox/scenarios` and start-up activation (`--scenario`).

use fintech_sandbox::config::Settings;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app, spawn_app_with, status_and_json, unique_enrollment};

const UPLOADED: &str = r#"
name: uploaded-teapot
description: Uploaded at run time.
rules:
  - match: { provider: cartevo, method: GET, path: /customers }
    respond: { status: 418, message: I am a teapot }
"#;

impl TestApp {
    async fn admin(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self.client.request(method, self.url(path));
        if let Some(body) = body {
            request = request.json(&body);
        }
        status_and_json(request.send().await.unwrap()).await
    }

    async fn put_scenario(&self, name: &str, yaml: &str) -> (u16, Value) {
        let response = self
            .client
            .put(self.url(&format!("/__sandbox/scenarios/{name}")))
            .header("Content-Type", "application/yaml")
            .body(yaml.to_owned())
            .send()
            .await
            .unwrap();
        status_and_json(response).await
    }

    async fn list_status(&self, token: &str) -> u16 {
        self.cartevo_get(token, "/api/v1/customers")
            .await
            .status()
            .as_u16()
    }
}

fn scenario<'a>(list: &'a Value, name: &str) -> &'a Value {
    list["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("{name} is listed"))
}

#[tokio::test]
async fn the_list_shows_the_catalogue_with_activation_and_hits() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    app.enroll_with_scenario(&token, "cartevo-enroll-duplicate", &unique_enrollment(1))
        .send()
        .await
        .unwrap();
    let (status, list) = app
        .admin(reqwest::Method::GET, "/__sandbox/scenarios", None)
        .await;
    assert_eq!(status, 200);
    assert!(list["scenarios"].as_array().unwrap().len() >= 20);
    insta::assert_json_snapshot!(
        "scenarios_list_entry",
        scenario(&list, "cartevo-enroll-duplicate")
    );

    let (status, one) = app
        .admin(
            reqwest::Method::GET,
            "/__sandbox/scenarios/cartevo-enroll-duplicate",
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        one["source"]
            .as_str()
            .unwrap()
            .starts_with("name: cartevo-enroll-duplicate")
    );
}

#[tokio::test]
async fn activation_for_everyone_then_deactivation() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let (status, body) = app
        .admin(
            reqwest::Method::POST,
            "/__sandbox/scenarios/cartevo-token-expired/activate",
            None,
        )
        .await;
    assert_eq!(
        (status, &body["active"]),
        (200, &json!({"global": true, "tenants": []}))
    );
    assert_eq!(app.list_status(&token).await, 401);

    app.admin(
        reqwest::Method::POST,
        "/__sandbox/scenarios/cartevo-token-expired/deactivate",
        None,
    )
    .await;
    assert_eq!(app.list_status(&token).await, 200);
}

#[tokio::test]
async fn activation_for_one_tenant_leaves_the_others_alone() {
    let app = spawn_app().await;
    let sandbox = app.cartevo_token().await;
    let pending = app.cartevo_token_for("client_kyb_pending").await;
    let tenant = json!({"tenant": "cartevo:client_sandbox"});
    let (status, body) = app
        .admin(
            reqwest::Method::POST,
            "/__sandbox/scenarios/cartevo-token-expired/activate",
            Some(tenant.clone()),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["active"]["tenants"], json!(["cartevo:client_sandbox"]));
    assert_eq!(app.list_status(&sandbox).await, 401);
    assert_eq!(app.list_status(&pending).await, 200);

    app.admin(
        reqwest::Method::POST,
        "/__sandbox/scenarios/cartevo-token-expired/deactivate",
        Some(tenant),
    )
    .await;
    assert_eq!(app.list_status(&sandbox).await, 200);
}

#[tokio::test]
async fn a_reset_clears_counters_and_run_time_activations() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let retry = |n| {
        app.enroll_with_scenario(
            &token,
            "enroll-fail-twice-then-succeed",
            &unique_enrollment(n),
        )
    };
    for n in 0..2 {
        assert_eq!(retry(n).send().await.unwrap().status(), 503);
    }
    app.admin(
        reqwest::Method::POST,
        "/__sandbox/scenarios/cartevo-token-expired/activate",
        None,
    )
    .await;
    app.state.scenarios.reset(None);
    assert_eq!(
        retry(2).send().await.unwrap().status(),
        503,
        "the count starts again"
    );
    assert_eq!(
        app.list_status(&token).await,
        200,
        "back to start-up activations"
    );
}

#[tokio::test]
async fn uploading_adds_then_replaces_a_scenario() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let (status, body) = app.put_scenario("uploaded-teapot", UPLOADED).await;
    assert_eq!(status, 201);
    assert_eq!(body["file"], "uploaded-teapot.yaml (uploaded)");
    let listed = |app: &TestApp| {
        let token = token.clone();
        let request = app
            .client
            .get(app.url("/api/v1/customers"))
            .bearer_auth(token)
            .header("X-Sandbox-Scenario", "uploaded-teapot");
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(listed(&app).await, 418);

    let (status, _) = app
        .put_scenario("uploaded-teapot", &UPLOADED.replace("418", "451"))
        .await;
    assert_eq!(status, 200, "replaced");
    assert_eq!(listed(&app).await, 451);
}

#[tokio::test]
async fn admin_mistakes_get_clear_4xx_answers() {
    let app = spawn_app().await;
    let (status, body) = app
        .put_scenario(
            "broken",
            "name: broken\nrules:\n  - match: { provider: stripe }\n    fault: hang\n",
        )
        .await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("scenarios_upload_invalid", body);

    let (status, body) = app.put_scenario("other-name", UPLOADED).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("scenarios_upload_name_mismatch", body);

    let (status, body) = app.put_scenario("broken", "name: [unterminated\n").await;
    assert_eq!(status, 400);
    assert!(
        body["problems"][0]
            .as_str()
            .unwrap()
            .starts_with("broken.yaml (uploaded):")
    );

    let not_utf8 = app
        .client
        .put(app.url("/__sandbox/scenarios/broken"))
        .body(vec![b'n', 0xff, 0xfe])
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(not_utf8).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("scenarios_upload_not_utf8", body);

    let (status, body) = app.put_scenario("broken", &"#".repeat(300 * 1024)).await;
    assert_eq!(status, 413);
    insta::assert_json_snapshot!("scenarios_upload_too_large", body);

    let (status, body) = app
        .admin(
            reqwest::Method::POST,
            "/__sandbox/scenarios/nope/activate",
            None,
        )
        .await;
    assert_eq!(status, 404);
    insta::assert_json_snapshot!("scenarios_unknown", body);

    let (status, body) = app
        .admin(
            reqwest::Method::POST,
            "/__sandbox/scenarios/cartevo-enroll-duplicate/activate",
            Some(json!({"tenant": "stripe:acct_1"})),
        )
        .await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("scenarios_bad_tenant", body);

    let (status, body) = app
        .admin(
            reqwest::Method::DELETE,
            "/__sandbox/scenarios/cartevo-enroll-duplicate",
            None,
        )
        .await;
    assert_eq!(status, 405);
    insta::assert_json_snapshot!("scenarios_method_not_allowed", body);

    let response = app
        .client
        .post(app.url("/__sandbox/scenarios/cartevo-enroll-duplicate/activate"))
        .header("Content-Type", "application/json")
        .body("{\"tenant\": ")
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("scenarios_bad_activation_body", body);
}

#[tokio::test]
async fn scenarios_named_at_start_up_apply_to_everyone() {
    let app = spawn_app_with(Settings {
        active_scenarios: vec!["cartevo-customer-not-found".into()],
        ..Settings::for_tests()
    })
    .await;
    let token = app.cartevo_token().await;
    let response = app
        .cartevo_get(
            &token,
            "/api/v1/customers/0f8e5d2c-7a41-4b9e-8c3d-2e6f1a9b4c70",
        )
        .await;
    assert_eq!(response.status(), 404);
    assert_eq!(
        app.list_status(&token).await,
        200,
        "other routes are untouched"
    );
}
