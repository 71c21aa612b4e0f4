//! Access tokens: HS256 JWTs with the claims Cartevo's documented example carries (`sub` and
//! `companyId` = the company, `clientId`, `iat`, `exp` = `iat` + 3600). Expiry is judged against
//! the sandbox clock, not the wall clock, so advancing the clock expires tokens.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Token lifetime in seconds, as documented.
pub const TOKEN_LIFETIME_SECONDS: i64 = 3600;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    #[serde(rename = "companyId")]
    pub company_id: String,
    #[serde(rename = "clientId")]
    pub client_id: String,
    pub iat: i64,
    pub exp: i64,
}

/// Why a bearer token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    /// Not three base64url segments with a JSON header and claims.
    Malformed,
    /// Signed with another key or algorithm.
    BadSignature,
    Expired,
}

#[derive(Clone)]
pub struct TokenSigner {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl TokenSigner {
    pub fn new(secret: &str) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        // Expiry is checked against the sandbox clock by `verify`.
        validation.validate_exp = false;
        validation.required_spec_claims.clear();
        Self {
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            decoding: DecodingKey::from_secret(secret.as_bytes()),
            validation,
        }
    }

    /// A token for `company_id`, issued at `now` (Unix seconds).
    pub fn issue(
        &self,
        company_id: Uuid,
        client_id: &str,
        now: i64,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let claims = Claims {
            sub: company_id.to_string(),
            company_id: company_id.to_string(),
            client_id: client_id.to_owned(),
            iat: now,
            exp: now + TOKEN_LIFETIME_SECONDS,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    /// The claims of a genuine token that has not expired at `now` (Unix seconds).
    pub fn verify(&self, token: &str, now: i64) -> Result<Claims, TokenError> {
        use jsonwebtoken::errors::ErrorKind;
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|error| match error.kind() {
                ErrorKind::InvalidSignature | ErrorKind::InvalidAlgorithm => {
                    TokenError::BadSignature
                }
                _ => TokenError::Malformed,
            })?
            .claims;
        if now >= claims.exp {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_expire_after_an_hour() {
        let signer = TokenSigner::new("k");
        let company = Uuid::new_v4();
        let token = signer.issue(company, "client_x", 1_000).unwrap();
        let claims = signer.verify(&token, 1_000 + 3_599).unwrap();
        assert_eq!(claims.company_id, company.to_string());
        assert_eq!(claims.exp - claims.iat, 3600);
        assert_eq!(
            signer.verify(&token, 1_000 + 3_600),
            Err(TokenError::Expired)
        );
    }

    #[test]
    fn forged_and_garbled_tokens_are_refused() {
        let token = TokenSigner::new("other")
            .issue(Uuid::new_v4(), "c", 0)
            .unwrap();
        assert_eq!(
            TokenSigner::new("k").verify(&token, 1),
            Err(TokenError::BadSignature)
        );
        assert_eq!(
            TokenSigner::new("k").verify("abc", 1),
            Err(TokenError::Malformed)
        );
    }
}
