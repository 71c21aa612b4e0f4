//! `POST /api/v1/customers/enroll`: every rule of the seed page.

use serde_json::json;

use crate::helpers::{
    TestApp, seed_enrollment, spawn_app, spawn_app_with_fixtures, status_and_json,
    unique_enrollment, utc, with, without,
};

/// Ids and timestamps vary per run; everything else is pinned.
macro_rules! assert_customer_snapshot {
    ($name:expr, $body:expr) => {
        insta::assert_json_snapshot!($name, $body, {
            ".data.id" => "[uuid]",
            ".data.created_at" => "[timestamp]",
            ".data.updated_at" => "[timestamp]",
        })
    };
}

#[tokio::test]
async fn the_seed_example_enrolls_once_then_conflicts() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;

    let (status, body) = status_and_json(app.enroll(&token, &seed_enrollment()).await).await;
    assert_eq!(status, 201);
    assert_customer_snapshot!("cartevo_enroll_created", &body);
    let created = body["data"]["created_at"].as_str().unwrap();
    assert_eq!(
        created.len(),
        "2026-05-09T10:15:00.000Z".len(),
        "millisecond ISO timestamp"
    );
    assert_eq!(body["data"]["created_at"], body["data"]["updated_at"]);

    let (status, body) = status_and_json(app.enroll(&token, &seed_enrollment()).await).await;
    assert_eq!(status, 409);
    insta::assert_json_snapshot!("cartevo_enroll_duplicate", body);
}

#[tokio::test]
async fn the_enrolled_customer_reads_back_identically() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let (_, created) = status_and_json(app.enroll(&token, &seed_enrollment()).await).await;
    let id = created["data"]["id"].as_str().unwrap();
    let (status, read) = status_and_json(
        app.cartevo_get(&token, &format!("/api/v1/customers/{id}"))
            .await,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(read["data"], created["data"]);
}

#[tokio::test]
async fn a_duplicate_email_or_identification_number_conflicts() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    assert_eq!(
        app.enroll(&token, &unique_enrollment(1)).await.status(),
        201
    );
    let same_email = with(
        unique_enrollment(2),
        &[("email", json!("customer1@example.com"))],
    );
    let same_id = with(
        unique_enrollment(3),
        &[("identification_number", json!("ID000000001"))],
    );
    for body in [same_email, same_id] {
        let (status, body) = status_and_json(app.enroll(&token, &body).await).await;
        assert_eq!(status, 409);
        assert_eq!(
            body["message"],
            "Customer with this email or ID already exists"
        );
    }
    // Emails are matched exactly, as Cartevo stores them.
    let other_case = with(
        unique_enrollment(4),
        &[("email", json!("Customer1@example.com"))],
    );
    assert_eq!(app.enroll(&token, &other_case).await.status(), 201);
}

#[tokio::test]
async fn plain_http_document_urls_are_rejected() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    for (field, name) in [
        (
            "id_document_front_url",
            "cartevo_enroll_front_url_not_https",
        ),
        ("id_document_back_url", "cartevo_enroll_back_url_not_https"),
    ] {
        let body = with(
            seed_enrollment(),
            &[(field, json!("http://example.com/documents/id.jpg"))],
        );
        let (status, body) = status_and_json(app.enroll(&token, &body).await).await;
        assert_eq!(status, 400);
        insta::assert_json_snapshot!(name, body);
    }
    assert_eq!(
        app.cartevo_customer_count(&token).await,
        1,
        "only the fixture customer"
    );
}

/// Enrolls the seed example born on `date_of_birth` at the frozen instant `today`.
async fn enroll_born_on(
    app: &TestApp,
    token: &str,
    date_of_birth: &str,
    n: usize,
) -> (u16, serde_json::Value) {
    let body = with(
        unique_enrollment(n),
        &[("date_of_birth", json!(date_of_birth))],
    );
    status_and_json(app.enroll(token, &body).await).await
}

#[tokio::test]
async fn customers_must_be_eighteen_on_the_sandbox_clock() {
    let app = spawn_app().await;
    app.state.clock.freeze_at(utc(2026, 11, 21, 23, 59, 59));
    let token = app.cartevo_token().await;
    let (status, body) = enroll_born_on(&app, &token, "2008-11-22", 1).await;
    assert_eq!(status, 400, "one day short of 18");
    insta::assert_json_snapshot!("cartevo_enroll_underage", body);
    let (status, _) = enroll_born_on(&app, &token, "2008-11-21", 2).await;
    assert_eq!(status, 201, "18 today");

    let (status, _) = enroll_born_on(&app, &token, "2030-01-01", 3).await;
    assert_eq!(status, 400, "born in the future");
}

#[tokio::test]
async fn a_leap_day_birthday_turns_eighteen_on_the_first_of_march() {
    let app = spawn_app().await;
    app.state.clock.freeze_at(utc(2026, 2, 28, 12, 0, 0));
    let token = app.cartevo_token().await;
    assert_eq!(enroll_born_on(&app, &token, "2008-02-29", 1).await.0, 400);
    app.state.clock.freeze_at(utc(2026, 3, 1, 0, 0, 0));
    let token = app.cartevo_token().await;
    assert_eq!(enroll_born_on(&app, &token, "2008-02-29", 2).await.0, 201);
}

#[tokio::test]
async fn magic_document_urls_trigger_the_verifier_errors() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let cases = [
        (
            "id_document_front_url",
            "https://docs.unreachable.test/front.jpg",
            "cartevo_enroll_front_unreachable",
        ),
        (
            "id_document_back_url",
            "https://unreachable.test/back.jpg",
            "cartevo_enroll_back_unreachable",
        ),
        (
            "id_document_front_url",
            "https://cdn.example.com/kyc/unreadable/front.jpg",
            "cartevo_enroll_unreadable",
        ),
    ];
    for (n, (field, url, name)) in cases.into_iter().enumerate() {
        let body = with(unique_enrollment(n), &[(field, json!(url))]);
        let (status, body) = status_and_json(app.enroll(&token, &body).await).await;
        assert_eq!(status, 422, "{url}");
        insta::assert_json_snapshot!(name, body);
    }
    assert_eq!(
        app.cartevo_customer_count(&token).await,
        1,
        "nothing stored"
    );
}

#[tokio::test]
async fn companies_without_approved_kyb_cannot_enroll() {
    let app = spawn_app().await;
    let token = app.cartevo_token_for("client_kyb_pending").await;
    let (status, body) = status_and_json(app.enroll(&token, &seed_enrollment()).await).await;
    assert_eq!(status, 403);
    insta::assert_json_snapshot!("cartevo_enroll_kyb_pending", body);
}

#[tokio::test]
async fn every_field_rule_is_reported_at_once() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let (status, body) = status_and_json(app.enroll(&token, &json!({})).await).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("cartevo_enroll_empty_body", body);
}

#[tokio::test]
async fn field_constraints_use_class_validator_messages() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let body = with(
        seed_enrollment(),
        &[
            ("first_name", json!("Jo")),
            ("email", json!("john.doe")),
            ("country_iso_code", json!("Nigeria")),
            ("country_phone_code", json!("234")),
            ("id_document_type", json!("NATIONAL_ID")),
            ("date_of_birth", json!("15/01/1990")),
            ("id_document_front_url", json!("not a url")),
            ("nickname", json!("JD")),
        ],
    );
    let (status, body) = status_and_json(app.enroll(&token, &body).await).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("cartevo_enroll_field_rules", body);
}

#[tokio::test]
async fn wrong_json_types_are_reported_per_field() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let body = with(
        seed_enrollment(),
        &[
            ("first_name", json!(["John"])),
            ("phone_number", json!(8012345678u64)),
            ("city", json!(null)),
        ],
    );
    let (status, body) = status_and_json(app.enroll(&token, &body).await).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("cartevo_enroll_wrong_types", body);
}

#[tokio::test]
async fn the_back_url_is_required() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let body = without(seed_enrollment(), &["id_document_back_url"]);
    let (status, body) = status_and_json(app.enroll(&token, &body).await).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["message"],
        json!([
            "id_document_back_url must be a URL address",
            "id_document_back_url should not be empty",
            "id_document_back_url must be a string"
        ])
    );
}

#[tokio::test]
async fn an_iso_datetime_is_accepted_as_date_of_birth() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let body = with(
        seed_enrollment(),
        &[("date_of_birth", json!("1990-01-15T00:00:00Z"))],
    );
    let (status, body) = status_and_json(app.enroll(&token, &body).await).await;
    assert_eq!(status, 201);
    assert_eq!(body["data"]["date_of_birth"], "1990-01-15T00:00:00.000Z");
}

#[tokio::test]
async fn companies_never_collide() {
    let app = spawn_app_with_fixtures(&[(
        "cartevo.yaml",
        r#"
companies:
  - {id: 11111111-1111-4111-8111-111111111111, name: One, client_id: client_one, client_key: sandbox_secret, kyb_status: APPROVED}
  - {id: 22222222-2222-4222-8222-222222222222, name: Two, client_id: client_two, client_key: sandbox_secret, kyb_status: APPROVED}
"#,
    )])
    .await;
    let one = app.cartevo_token_for("client_one").await;
    let two = app.cartevo_token_for("client_two").await;
    let (status, created) = status_and_json(app.enroll(&one, &seed_enrollment()).await).await;
    assert_eq!(status, 201);
    assert_eq!(
        app.enroll(&two, &seed_enrollment()).await.status(),
        201,
        "same customer, other company"
    );

    let id = created["data"]["id"].as_str().unwrap();
    let response = app
        .cartevo_get(&two, &format!("/api/v1/customers/{id}"))
        .await;
    assert_eq!(
        response.status(),
        404,
        "another company's customer is invisible"
    );
    assert_eq!(app.cartevo_customer_count(&one).await, 1);
    assert_eq!(app.cartevo_customer_count(&two).await, 1);
}
