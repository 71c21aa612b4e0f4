//! Duplicates are decided atomically: racing requests never create what the rules forbid.

use futures_util::future::join_all;
use serde_json::json;

use crate::helpers::{spawn_app, unique_enrollment, with};

const RACERS: usize = 50;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_many_concurrent_enrolls_with_one_email_exactly_one_succeeds() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let requests = (0..RACERS).map(|n| {
        let body = with(
            unique_enrollment(n),
            &[("email", json!("racer@example.com"))],
        );
        let (app, token) = (&app, &token);
        async move { app.enroll(token, &body).await.status().as_u16() }
    });
    let statuses = join_all(requests).await;
    assert_eq!(
        statuses.iter().filter(|&&s| s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|&&s| s == 409).count(),
        RACERS - 1,
        "{statuses:?}"
    );
    assert_eq!(
        app.cartevo_customer_count(&token).await,
        2,
        "the fixture customer and the winner"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_many_concurrent_enrolls_with_one_identification_number_exactly_one_succeeds() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let requests = (0..RACERS).map(|n| {
        let body = with(
            unique_enrollment(n),
            &[("identification_number", json!("SAME-ID"))],
        );
        let (app, token) = (&app, &token);
        async move { app.enroll(token, &body).await.status().as_u16() }
    });
    let statuses = join_all(requests).await;
    assert_eq!(
        statuses.iter().filter(|&&s| s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(app.cartevo_customer_count(&token).await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_distinct_enrolls_all_succeed() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let requests = (0..RACERS).map(|n| {
        let body = unique_enrollment(n);
        let (app, token) = (&app, &token);
        async move { app.enroll(token, &body).await.status().as_u16() }
    });
    let statuses = join_all(requests).await;
    assert!(statuses.iter().all(|&s| s == 201), "{statuses:?}");
    assert_eq!(app.cartevo_customer_count(&token).await, RACERS as u64 + 1);
}
