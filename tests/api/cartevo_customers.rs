//! `GET /api/v1/customers` and `GET /api/v1/customers/{id}`.

use crate::helpers::{json_of, spawn_app, status_and_json, unique_enrollment};

const FIXTURE_CUSTOMER: &str = "0f8e5d2c-7a41-4b9e-8c3d-2e6f1a9b4c70";

#[tokio::test]
async fn the_fixture_customer_reads_back() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let (status, body) = status_and_json(
        app.cartevo_get(&token, &format!("/api/v1/customers/{FIXTURE_CUSTOMER}"))
            .await,
    )
    .await;
    assert_eq!(status, 200);
    insta::assert_json_snapshot!("cartevo_customer_by_id", body);
}

#[tokio::test]
async fn unknown_malformed_and_foreign_ids_are_not_found() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let pending = app.cartevo_token_for("client_kyb_pending").await;
    for (token, id) in [
        (&token, "3c90c3cc-0d44-4b50-8888-8dd25736052a"),
        (&token, "not-a-uuid"),
        (&pending, FIXTURE_CUSTOMER),
    ] {
        let (status, body) = status_and_json(
            app.cartevo_get(token, &format!("/api/v1/customers/{id}"))
                .await,
        )
        .await;
        assert_eq!(status, 404, "{id}");
        insta::assert_json_snapshot!("cartevo_customer_not_found", body);
    }
}

#[tokio::test]
async fn lists_are_paginated_newest_first() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    for n in 1..=4 {
        assert_eq!(
            app.enroll(&token, &unique_enrollment(n)).await.status(),
            201
        );
    }
    let body = json_of(
        app.cartevo_get(&token, "/api/v1/customers?page=2&limit=2")
            .await,
    )
    .await;
    insta::assert_json_snapshot!("cartevo_customers_page_2", body, {
        ".data[].id" => "[uuid]",
        ".data[].created_at" => "[timestamp]",
        ".data[].updated_at" => "[timestamp]",
    });
    let emails: Vec<_> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["email"].clone())
        .collect();
    assert_eq!(emails, ["customer2@example.com", "customer1@example.com"]);

    let last = json_of(
        app.cartevo_get(&token, "/api/v1/customers?page=3&limit=2")
            .await,
    )
    .await;
    assert_eq!(
        last["data"][0]["email"], "adaeze.okonkwo@example.com",
        "the fixture is oldest"
    );
    assert_eq!(last["message"], "1 items retrieved successfully");

    let default = json_of(app.cartevo_get(&token, "/api/v1/customers?sync=true").await).await;
    assert_eq!(default["meta"]["limit"], 10);
    assert_eq!(default["data"].as_array().unwrap().len(), 5);

    let beyond = json_of(app.cartevo_get(&token, "/api/v1/customers?page=9").await).await;
    assert_eq!(beyond["data"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn bad_pagination_is_400() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let (status, body) = status_and_json(
        app.cartevo_get(&token, "/api/v1/customers?page=0&limit=101&sync=maybe")
            .await,
    )
    .await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("cartevo_customers_bad_pagination", body);
    let (status, body) =
        status_and_json(app.cartevo_get(&token, "/api/v1/customers?limit=ten").await).await;
    assert_eq!(status, 400);
    assert_eq!(body["message"][0], "limit must be an integer number");
}

#[tokio::test]
async fn a_company_lists_only_its_own_customers() {
    let app = spawn_app().await;
    let pending = app.cartevo_token_for("client_kyb_pending").await;
    let body = json_of(app.cartevo_get(&pending, "/api/v1/customers").await).await;
    assert_eq!(body["meta"]["total"], 0);
    assert_eq!(body["data"].as_array().unwrap().len(), 0);
}
