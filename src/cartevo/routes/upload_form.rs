//! Reading the multipart body of `POST /api/v1/customers` the way Cartevo's multer set-up does:
//! text parts become form fields, and exactly two file parts are allowed, `id_document_front`
//! (required) and `id_document_back`, at most one each.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::web::{Bytes, BytesMut};
use futures_util::StreamExt;
use serde_json::{Map, Value};

use crate::cartevo::envelope::CartevoError;

/// Largest accepted identity document.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Largest accepted text field.
const MAX_TEXT_BYTES: usize = 64 * 1024;
/// More parts than this is not a customer form.
const MAX_PARTS: usize = 64;

pub const FRONT: &str = "id_document_front";
pub const BACK: &str = "id_document_back";

/// Document formats the sandbox accepts, with the magic bytes that identify each.
const ACCEPTED_TYPES: [(&str, &[u8]); 3] = [
    ("image/jpeg", b"\xFF\xD8\xFF"),
    ("image/png", b"\x89PNG\r\n\x1a\n"),
    ("application/pdf", b"%PDF-"),
];

/// One uploaded file.
#[derive(Debug, Clone)]
pub struct FilePart {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Bytes,
}

/// The parsed form.
#[derive(Debug, Default)]
pub struct UploadForm {
    /// Text fields; a name sent twice becomes a list, which then fails validation as multer's
    /// does.
    pub fields: Map<String, Value>,
    pub front: Option<FilePart>,
    pub back: Option<FilePart>,
}

fn bad_request(message: impl Into<String>) -> CartevoError {
    CartevoError::new(StatusCode::BAD_REQUEST, message)
}

/// The declared type when it is accepted; otherwise the type the bytes show, if accepted.
fn accepted_type(declared: Option<&str>, bytes: &[u8]) -> Option<&'static str> {
    ACCEPTED_TYPES
        .iter()
        .find(|(mime, _)| declared.is_some_and(|d| d.eq_ignore_ascii_case(mime)))
        .or_else(|| {
            ACCEPTED_TYPES
                .iter()
                .find(|(_, magic)| bytes.starts_with(magic))
        })
        .map(|(mime, _)| *mime)
}

/// The part's bytes, or `None` when it is longer than `limit`.
async fn read_part(
    field: &mut actix_multipart::Field,
    limit: usize,
) -> Result<Option<Bytes>, CartevoError> {
    let mut bytes = BytesMut::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|e| bad_request(format!("Malformed multipart body: {e}")))?;
        if bytes.len() + chunk.len() > limit {
            return Ok(None);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Some(bytes.freeze()))
}

fn too_large(message: String) -> CartevoError {
    CartevoError::new(StatusCode::PAYLOAD_TOO_LARGE, message)
}

/// Reads every part of the form.
pub async fn read(mut multipart: Multipart) -> Result<UploadForm, CartevoError> {
    let mut form = UploadForm::default();
    let mut parts = 0;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|e| bad_request(format!("Malformed multipart body: {e}")))?;
        parts += 1;
        if parts > MAX_PARTS {
            return Err(bad_request(format!(
                "Too many form parts (at most {MAX_PARTS})"
            )));
        }
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field
            .content_disposition()
            .and_then(|disposition| disposition.get_filename())
            .map(str::to_owned);
        match file_name {
            Some(file_name) => {
                let slot = match name.as_str() {
                    FRONT => &mut form.front,
                    BACK => &mut form.back,
                    _ => return Err(bad_request(format!("Unexpected field: {name}"))),
                };
                if slot.is_some() {
                    return Err(bad_request(format!(
                        "Unexpected field: {name} (one file at most)"
                    )));
                }
                let declared = field
                    .content_type()
                    .map(|mime| mime.essence_str().to_owned());
                let bytes = read_part(&mut field, MAX_FILE_BYTES)
                    .await?
                    .ok_or_else(|| {
                        too_large(format!(
                            "File too large: {name} exceeds {} MiB",
                            MAX_FILE_BYTES / (1024 * 1024)
                        ))
                    })?;
                if bytes.is_empty() {
                    return Err(bad_request(format!("{name} is an empty file")));
                }
                let content_type = accepted_type(declared.as_deref(), &bytes).ok_or_else(|| {
                    bad_request(format!(
                        "{name} must be a JPEG, PNG or PDF file (got {})",
                        declared.as_deref().unwrap_or("no content type")
                    ))
                })?;
                *slot = Some(FilePart {
                    file_name,
                    content_type: content_type.to_owned(),
                    bytes,
                });
            }
            None => {
                if name == FRONT || name == BACK {
                    return Err(bad_request(format!("{name} must be a file")));
                }
                let bytes = read_part(&mut field, MAX_TEXT_BYTES)
                    .await?
                    .ok_or_else(|| {
                        too_large(format!(
                            "Field too large: {name} exceeds {} KiB",
                            MAX_TEXT_BYTES / 1024
                        ))
                    })?;
                let text = String::from_utf8(bytes.to_vec())
                    .map_err(|_| bad_request(format!("{name} is not valid UTF-8")))?;
                match form.fields.get_mut(&name) {
                    Some(Value::Array(values)) => values.push(Value::String(text)),
                    Some(previous) => {
                        let first = previous.take();
                        *previous = Value::Array(vec![first, Value::String(text)]);
                    }
                    None => {
                        form.fields.insert(name, Value::String(text));
                    }
                }
            }
        }
    }
    Ok(form)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_taken_from_the_declaration_or_the_bytes() {
        assert_eq!(
            accepted_type(Some("image/png"), b"anything"),
            Some("image/png")
        );
        assert_eq!(
            accepted_type(Some("application/octet-stream"), b"%PDF-1.7"),
            Some("application/pdf")
        );
        assert_eq!(accepted_type(None, b"\xFF\xD8\xFF\xE0"), Some("image/jpeg"));
        assert_eq!(accepted_type(Some("text/plain"), b"hello"), None);
    }
}
