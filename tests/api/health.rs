use crate::helpers::{spawn_app, status_and_json};

#[tokio::test]
async fn health_reports_ok_and_the_version() {
    let app = spawn_app().await;
    let (status, body) = status_and_json(app.get("/__sandbox/health").await).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn paths_outside_every_api_say_where_the_apis_are() {
    let app = spawn_app().await;
    let (status, body) = status_and_json(app.get("/v2/customers").await).await;
    assert_eq!(status, 404);
    insta::assert_json_snapshot!("unknown_top_level_route", body);
}

#[tokio::test]
async fn unknown_sandbox_routes_are_404() {
    let app = spawn_app().await;
    let (status, body) = status_and_json(app.get("/__sandbox/nothing-here").await).await;
    assert_eq!(status, 404);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("GET /__sandbox/nothing-here")
    );
}
