//! `POST /api/v1/customers` (multipart upload) and the sandbox-hosted documents.

use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app, status_and_json};

const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00fake-jpeg-bytes";
const PDF: &[u8] = b"%PDF-1.7\nfake pdf";

fn text_fields(email: &str) -> Form {
    [
        ("first_name", "Maria"),
        ("last_name", "Lopez"),
        ("email", email),
        ("country", "Cameroon"),
        ("street", "12 Rue de la Joie"),
        ("city", "Douala"),
        ("state", "Littoral"),
        ("postal_code", "00237"),
        ("country_iso_code", "CM"),
        ("country_phone_code", "+237"),
        ("phone_number", "699999999"),
        ("identification_number", "P1234567"),
        ("id_document_type", "PASSPORT"),
        ("date_of_birth", "1992-03-04"),
    ]
    .into_iter()
    .fold(Form::new(), |form, (name, value)| {
        form.text(name, value.to_owned())
    })
}

fn file(bytes: &'static [u8], name: &str, mime: &str) -> Part {
    Part::bytes(bytes)
        .file_name(name.to_owned())
        .mime_str(mime)
        .unwrap()
}

async fn upload(app: &TestApp, token: &str, query: &str, form: Form) -> (u16, Value) {
    let response = app
        .client
        .post(app.url(&format!("/api/v1/customers{query}")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    status_and_json(response).await
}

#[tokio::test]
async fn uploaded_documents_are_stored_and_served_back() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let form = text_fields("maria@example.com")
        .part("id_document_front", file(JPEG, "front.jpg", "image/jpeg"))
        .part(
            "id_document_back",
            file(PDF, "back.pdf", "application/octet-stream"),
        );
    let (status, body) = upload(&app, &token, "", form).await;
    assert_eq!(status, 201);
    insta::assert_json_snapshot!("cartevo_upload_created", body, {
        ".data.id" => "[uuid]",
        ".data.image" => "[document url]",
        ".data.photo" => "[document url]",
        ".data.created_at" => "[timestamp]",
        ".data.updated_at" => "[timestamp]",
    });
    for (field, bytes, mime) in [
        ("image", JPEG, "image/jpeg"),
        ("photo", PDF, "application/pdf"),
    ] {
        let url = body["data"][field].as_str().unwrap();
        assert!(
            url.starts_with(&format!("{}/__sandbox/cartevo/documents/", app.address)),
            "{url}"
        );
        let response = app.client.get(url).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], mime);
        assert_eq!(response.bytes().await.unwrap().as_ref(), bytes);
    }
}

#[tokio::test]
async fn the_back_document_is_optional() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let form = text_fields("solo@example.com")
        .part("id_document_front", file(JPEG, "front.jpg", "image/jpeg"));
    let (status, body) = upload(&app, &token, "?enroll=true", form).await;
    assert_eq!(status, 201);
    assert_eq!(body["data"]["photo"], Value::Null);
}

#[tokio::test]
async fn the_front_document_is_required() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let (status, body) = upload(&app, &token, "", text_fields("nofront@example.com")).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("cartevo_upload_front_missing", body);
}

#[tokio::test]
async fn only_jpeg_png_and_pdf_are_accepted() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let form = text_fields("gif@example.com").part(
        "id_document_front",
        file(b"GIF89a...", "front.gif", "image/gif"),
    );
    let (status, body) = upload(&app, &token, "", form).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("cartevo_upload_wrong_type", body);
}

#[tokio::test]
async fn documents_over_ten_mebibytes_are_413() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    static BIG: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
        let mut bytes = JPEG.to_vec();
        bytes.resize(10 * 1024 * 1024 + 1, 0);
        bytes
    });
    let form = text_fields("big@example.com")
        .part("id_document_front", file(&BIG, "front.jpg", "image/jpeg"));
    let (status, body) = upload(&app, &token, "", form).await;
    assert_eq!(status, 413);
    insta::assert_json_snapshot!("cartevo_upload_too_large", body);
}

#[tokio::test]
async fn unexpected_file_fields_are_rejected() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let form = text_fields("selfie@example.com")
        .part("id_document_front", file(JPEG, "front.jpg", "image/jpeg"))
        .part("selfie", file(JPEG, "me.jpg", "image/jpeg"));
    let (status, body) = upload(&app, &token, "", form).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("cartevo_upload_unexpected_field", body);
}

#[tokio::test]
async fn text_fields_are_validated_like_json_ones() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let form = Form::new()
        .text("first_name", "Al")
        .text("id_document_front_url", "https://example.com/f.jpg")
        .part("id_document_front", file(JPEG, "front.jpg", "image/jpeg"));
    let (status, body) = upload(&app, &token, "", form).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("cartevo_upload_invalid_fields", body);
}

#[tokio::test]
async fn enrolling_an_unreadable_upload_is_422() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let unreadable = || {
        text_fields("blurry@example.com").part(
            "id_document_front",
            file(JPEG, "unreadable-front.jpg", "image/jpeg"),
        )
    };
    let (status, body) = upload(&app, &token, "?enroll=true", unreadable()).await;
    assert_eq!(status, 422);
    insta::assert_json_snapshot!("cartevo_upload_unreadable", body);
    let (status, _) = upload(&app, &token, "", unreadable()).await;
    assert_eq!(status, 201, "without enroll=true nothing is verified yet");
}

#[tokio::test]
async fn a_json_body_is_the_wrong_content_type() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let (status, body) = status_and_json(
        app.cartevo_post(&token, "/api/v1/customers", &serde_json::json!({}))
            .await,
    )
    .await;
    assert_eq!(status, 415);
    insta::assert_json_snapshot!("cartevo_upload_not_multipart", body);
}

#[tokio::test]
async fn unknown_documents_are_404() {
    let app = spawn_app().await;
    let (status, body) = status_and_json(
        app.get("/__sandbox/cartevo/documents/3c90c3cc-0d44-4b50-8888-8dd25736052a")
            .await,
    )
    .await;
    assert_eq!(status, 404);
    insta::assert_json_snapshot!("cartevo_document_not_found", body);
}
