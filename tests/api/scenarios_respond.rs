//! Scripted answers, delays and pass-through, chosen per request with `X-Sandbox-Scenario`.

use std::time::{Duration, Instant};

use futures_util::future::join_all;
use serde_json::json;

use fintech_sandbox::config::Settings;
use fintech_sandbox::scenarios::source::ScenarioSource;

use crate::helpers::{
    scenario_dir, spawn_app, spawn_app_with, spawn_app_with_scenarios, status_and_json,
    unique_enrollment,
};

const RAW: &str = r#"
name: gateway-html
description: A raw, non-JSON answer with extra headers.
rules:
  - match: { provider: cartevo, method: POST, path: /customers/enroll }
    respond:
      status: 502
      raw: true
      body: "<html>bad gateway</html>"
      headers: { Content-Type: text/html, X-Upstream: edge-7, Retry-After: "5" }
"#;

const SLOW: &str = r#"
name: slow-enroll
rules:
  - match: { provider: cartevo, method: POST, path: /customers/enroll }
    delay: { fixed: 300ms }
    pass_through: true
"#;

const ENVELOPE_EXTRA: &str = r#"
name: enroll-maintenance
rules:
  - match:
      provider: cartevo
      path: /customers/enroll
      body: { /email: { regex: ".*@maintenance\\.test" } }
    respond:
      status: 503
      message: Down for maintenance
      body: { retry_after_seconds: 60 }
      headers: { Retry-After: "60" }
"#;

#[tokio::test]
async fn a_catalogue_error_comes_back_in_cartevos_envelope_and_creates_nothing() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let before = app.cartevo_customer_count(&token).await;
    let response = app
        .enroll_with_scenario(&token, "cartevo-enroll-duplicate", &unique_enrollment(1))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["content-type"],
        "application/json",
        "the envelope's own content type"
    );
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 409);
    insta::assert_json_snapshot!("scenario_enroll_duplicate", body);
    assert_eq!(app.cartevo_customer_count(&token).await, before);
}

#[tokio::test]
async fn extra_fields_merge_into_the_envelope_and_body_conditions_select_requests() {
    let app = spawn_app_with_scenarios(&[("maintenance.yaml", ENVELOPE_EXTRA)]).await;
    let token = app.cartevo_token().await;
    let matching = json!({"email": "ops@maintenance.test", "first_name": "Ops"});
    let response = app
        .enroll_with_scenario(&token, "enroll-maintenance", &matching)
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["retry-after"], "60");
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 503);
    insta::assert_json_snapshot!("scenario_envelope_with_extra_fields", body);

    // The body was read for matching and handed on intact: the handler enrolls this one.
    let other = app
        .enroll_with_scenario(&token, "enroll-maintenance", &unique_enrollment(7))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 201);
}

#[tokio::test]
async fn a_raw_answer_keeps_its_bytes_and_headers() {
    let app = spawn_app_with_scenarios(&[("raw.yaml", RAW)]).await;
    let token = app.cartevo_token().await;
    let response = app
        .enroll_with_scenario(&token, "gateway-html", &unique_enrollment(1))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 502);
    assert_eq!(response.headers()["content-type"], "text/html");
    assert_eq!(response.headers()["x-upstream"], "edge-7");
    assert_eq!(response.headers()["retry-after"], "5");
    assert_eq!(response.text().await.unwrap(), "<html>bad gateway</html>");
}

#[tokio::test]
async fn a_delay_then_pass_through_really_enrolls_after_waiting() {
    let app = spawn_app_with_scenarios(&[("slow.yaml", SLOW)]).await;
    let token = app.cartevo_token().await;
    let started = Instant::now();
    let response = app
        .enroll_with_scenario(&token, "slow-enroll", &unique_enrollment(1))
        .send()
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(response.status(), 201);
    assert_eq!(app.cartevo_customer_count(&token).await, 2);
}

#[tokio::test]
async fn fail_twice_then_succeed_wraps_the_real_handler() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let mut statuses = Vec::new();
    for n in 0..4 {
        let response = app
            .enroll_with_scenario(
                &token,
                "enroll-fail-twice-then-succeed",
                &unique_enrollment(n),
            )
            .send()
            .await
            .unwrap();
        if n == 0 {
            assert_eq!(response.headers()["retry-after"], "1");
        }
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, [503, 503, 201, 201]);
    assert_eq!(
        app.cartevo_customer_count(&token).await,
        3,
        "the fixture customer and the two real enrolls"
    );
}

#[tokio::test]
async fn an_unknown_scenario_name_is_a_400_in_the_providers_envelope() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let response = app
        .enroll_with_scenario(
            &token,
            "cartevo-enroll-duplicate, no-such-scenario",
            &unique_enrollment(1),
        )
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("scenario_unknown_in_header", body);
}

#[tokio::test]
async fn a_scenario_header_that_is_not_ascii_is_a_400() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let value = reqwest::header::HeaderValue::from_bytes(b"caf\xe9").unwrap();
    let response = app
        .client
        .post(app.url("/api/v1/customers/enroll"))
        .bearer_auth(&token)
        .header("X-Sandbox-Scenario", value)
        .json(&unique_enrollment(1))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("scenario_header_not_ascii", body);
}

#[tokio::test]
async fn the_sandbox_routes_ignore_scenarios() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/__sandbox/health"))
        .header("X-Sandbox-Scenario", "no-such-scenario")
        .header("Prefer", "code=500")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

/// Requests naming a scenario fail while simultaneous ones that do not succeed: the header
/// affects its own request only.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn per_request_scenarios_do_not_leak_into_parallel_requests() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let requests = (0..40).map(|n| {
        let (app, token) = (&app, &token);
        async move {
            let faulted = n % 2 == 0;
            let request = if faulted {
                app.enroll_with_scenario(token, "cartevo-enroll-duplicate", &unique_enrollment(n))
            } else {
                app.client
                    .post(app.url("/api/v1/customers/enroll"))
                    .bearer_auth(token)
                    .json(&unique_enrollment(n))
            };
            (faulted, request.send().await.unwrap().status().as_u16())
        }
    });
    for (faulted, status) in join_all(requests).await {
        assert_eq!(status, if faulted { 409 } else { 201 });
    }
    assert_eq!(app.cartevo_customer_count(&token).await, 21);
}

const KEYED_BY_HEADER: &str = r#"
name: keyed-by-header
rules:
  - match: { provider: cartevo, method: GET, path: /customers, headers: { x-test-id: { equals: a } } }
    respond: { status: 418, message: header a }
  - match: { provider: cartevo, method: GET, path: /customers, headers: { x-test-id: { equals: b } } }
    respond: { status: 418, message: header b }
"#;

const KEYED_BY_QUERY: &str = r#"
name: keyed-by-query
rules:
  - match: { provider: cartevo, method: GET, path: /customers, query: { case: { equals: a } } }
    respond: { status: 418, message: query a }
  - match: { provider: cartevo, method: GET, path: /customers, query: { case: { regex: "b.*" } } }
    respond: { status: 418, message: query b }
"#;

/// Scenarios active for everyone whose rules all require a header or a query key (the index
/// skips them for requests without it) still answer exactly the requests that carry it.
#[tokio::test]
async fn active_rules_keyed_on_a_header_or_a_query_value_answer_only_their_requests() {
    let app = spawn_app_with(Settings {
        scenarios: ScenarioSource::Directory(scenario_dir(&[
            ("header.yaml", KEYED_BY_HEADER),
            ("query.yaml", KEYED_BY_QUERY),
        ])),
        active_scenarios: vec!["keyed-by-header".into(), "keyed-by-query".into()],
        ..Settings::for_tests()
    })
    .await;
    let token = app.cartevo_token().await;
    let answer = |query: &'static str, test_id: Option<&'static str>| {
        let mut request = app
            .client
            .get(app.url(&format!("/api/v1/customers{query}")))
            .bearer_auth(&token);
        if let Some(id) = test_id {
            request = request.header("X-Test-Id", id);
        }
        async move {
            let (status, body) = status_and_json(request.send().await.unwrap()).await;
            (
                status,
                body["message"].as_str().unwrap_or_default().to_owned(),
            )
        }
    };
    // The real handler's list: "0 items retrieved successfully".
    for (query, test_id) in [("", None), ("?page=1", Some("c")), ("?case=c", None)] {
        let (status, message) = answer(query, test_id).await;
        assert_eq!(status, 200, "{query} {test_id:?}: {message}");
        assert!(message.ends_with("retrieved successfully"), "{message}");
    }
    assert_eq!(answer("", Some("b")).await, (418, "header b".to_owned()));
    assert_eq!(
        answer("?page=1&case=a", None).await,
        (418, "query a".to_owned())
    );
    assert_eq!(answer("?case=bee", None).await, (418, "query b".to_owned()));
    assert_eq!(answer("?ca%73e=a", None).await, (418, "query a".to_owned()));
}
