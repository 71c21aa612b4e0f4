//! `POST /api/v1/auth/token`

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::cartevo::backend::{CartevoBackend, TokenRequestError};
use crate::cartevo::envelope::CartevoError;
use crate::cartevo::validation::FieldCheck;
use crate::http::body::{parse_json_fields, read_json};

/// The token response is Cartevo's one unwrapped body.
#[derive(Serialize)]
struct TokenResponse<'a> {
    access_token: &'a str,
    token_type: &'a str,
    expires_in: i64,
}

/// The properties of a token request.
const TOKEN_FIELDS: [&str; 2] = ["client_id", "client_key"];

/// Exchanges `{client_id, client_key}` for a one-hour bearer token.
pub async fn issue_token(
    backend: web::Data<CartevoBackend>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, CartevoError> {
    let body = read_json(&request, payload).await?;
    let fields = parse_json_fields(&body, &TOKEN_FIELDS)?;
    let mut check = FieldCheck::new(&fields);
    let client_id = check.text("client_id", 1, 255);
    let client_key = check.text("client_key", 1, 255);
    check.finish().map_err(CartevoError::validation)?;
    let (Some(client_id), Some(client_key)) = (client_id, client_key) else {
        return Err(CartevoError::unauthorized(
            TokenRequestError::InvalidCredentials.to_string(),
        ));
    };
    let token = backend
        .issue_token(client_id, client_key)
        .map_err(|error| match error {
            TokenRequestError::InvalidCredentials => CartevoError::unauthorized(error.to_string()),
            TokenRequestError::Signing => {
                CartevoError::new(StatusCode::INTERNAL_SERVER_ERROR, error.to_string())
            }
        })?;
    Ok(HttpResponse::Ok().json(TokenResponse {
        access_token: &token.token,
        token_type: "Bearer",
        expires_in: token.expires_in,
    }))
}
