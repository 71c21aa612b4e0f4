//! `POST /__sandbox/reset`: everything, or one tenant, back to the fixtures.

use serde_json::json;

use crate::helpers::{seed_enrollment, spawn_app, unique_enrollment};

#[tokio::test]
async fn a_full_reset_restores_the_fixtures() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    app.enroll(&token, &seed_enrollment()).await;
    let created = app.create_tenant(json!({"provider": "cartevo"})).await;
    app.admin_post("/__sandbox/clock", &json!({"advance": "1d"}))
        .await;

    let (status, body) = app.admin_post("/__sandbox/reset", &json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(body, json!({"reset": "all"}));
    let (_, journal) = app.admin_get("/__sandbox/requests").await;
    assert_eq!(journal["total"], 0, "the journal is cleared");

    let token = app.cartevo_token().await;
    assert_eq!(
        app.cartevo_customer_count(&token).await,
        1,
        "only the fixture customer"
    );
    let response = app
        .cartevo_get(
            &token,
            "/api/v1/customers/0f8e5d2c-7a41-4b9e-8c3d-2e6f1a9b4c70",
        )
        .await;
    assert_eq!(response.status(), 200);
    let (_, tenants) = app.admin_get("/__sandbox/tenants").await;
    assert!(
        !tenants
            .to_string()
            .contains(created["client_id"].as_str().unwrap()),
        "created tenants are gone"
    );
    let (_, clock) = app.admin_get("/__sandbox/clock").await;
    assert_eq!(clock["mode"], "real");
}

#[tokio::test]
async fn an_empty_post_resets_too() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/__sandbox/reset"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_tenant_reset_leaves_every_other_tenant_alone() {
    let app = spawn_app().await;
    let default = app.cartevo_token().await;
    let other = app.create_tenant(json!({"provider": "cartevo"})).await;
    let other_token = app.token_for_tenant(&other).await;
    for n in 0..3 {
        app.enroll(&default, &unique_enrollment(n)).await;
        app.enroll(&other_token, &unique_enrollment(n)).await;
    }
    let (status, body) = app
        .admin_post(
            "/__sandbox/reset",
            &json!({"tenant": "cartevo:client_sandbox"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body, json!({"reset": "cartevo:client_sandbox"}));
    assert_eq!(
        app.cartevo_customer_count(&default).await,
        1,
        "back to its fixture customer"
    );
    assert_eq!(
        app.cartevo_customer_count(&other_token).await,
        3,
        "untouched"
    );
    let (_, journal) = app
        .admin_get(&format!(
            "/__sandbox/requests?tenant={}",
            other["tenant"].as_str().unwrap()
        ))
        .await;
    assert!(
        journal["total"].as_u64().unwrap() >= 3,
        "its journal is untouched"
    );

    let label = other["tenant"].as_str().unwrap();
    app.admin_post("/__sandbox/reset", &json!({"tenant": label}))
        .await;
    assert_eq!(
        app.cartevo_customer_count(&other_token).await,
        0,
        "a run-time tenant resets to empty"
    );
}

#[tokio::test]
async fn resetting_an_unknown_tenant_is_404() {
    let app = spawn_app().await;
    let (status, body) = app
        .admin_post(
            "/__sandbox/reset",
            &json!({"tenant": "cartevo:client_nobody"}),
        )
        .await;
    assert_eq!(status, 404);
    insta::assert_json_snapshot!("admin_reset_unknown_tenant", body);
    let (status, body) = app
        .admin_post("/__sandbox/reset", &json!({"tenants": ["x"]}))
        .await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("admin_reset_bad_body", body);
}
