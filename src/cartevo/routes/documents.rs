//! `GET /__sandbox/cartevo/documents/{id}`: serves back identity documents uploaded through
//! `POST /api/v1/customers`, standing in for Cartevo's own file hosting. Like a storage bucket
//! URL, it needs no token: the random id is the secret.

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, web};
use uuid::Uuid;

use crate::cartevo::backend::CartevoBackend;
use crate::cartevo::envelope::CartevoError;

/// The path documents are served under, relative to the sandbox's base URL.
pub const DOCUMENTS_PATH: &str = "/__sandbox/cartevo/documents";

pub async fn download(
    backend: web::Data<CartevoBackend>,
    id: web::Path<String>,
) -> Result<HttpResponse, CartevoError> {
    let not_found = || CartevoError::new(StatusCode::NOT_FOUND, "Document not found");
    let id = Uuid::parse_str(&id).map_err(|_| not_found())?;
    let document = backend.document(&id).ok_or_else(not_found)?;
    let file_name = document.file_name.replace(['"', '\\', '\r', '\n'], "_");
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, document.content_type))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("inline; filename=\"{file_name}\""),
        ))
        .body(document.bytes))
}
