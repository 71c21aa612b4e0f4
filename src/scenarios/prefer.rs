//! Prism's per-request convention: `Prefer: code=409` answers the operation's documented error for
//! that status, with no scenario file. A 2xx code runs the real handler (successes come from
//! doing the work); a status the operation does not document is a 400 that lists the ones it
//! does.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderMap, HeaderName};

use super::route::Route;

/// RFC 7240's `Prefer` header.
pub const PREFER: HeaderName = HeaderName::from_static("prefer");

/// The `code` preference of a request, if it states one: the status, or the text that is not one.
pub fn requested_code(headers: &HeaderMap) -> Option<Result<u16, String>> {
    headers
        .get_all(PREFER)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split([',', ';']))
        .find_map(|preference| {
            let (key, value) = preference.split_once('=')?;
            key.trim().eq_ignore_ascii_case("code").then(|| {
                let value = value.trim().trim_matches('"');
                value
                    .parse::<u16>()
                    .ok()
                    .filter(|code| (100..=599).contains(code))
                    .ok_or_else(|| value.to_owned())
            })
        })
}

/// The answer `Prefer: code=` asks for on `route`; `None` to carry on (no preference, or a 2xx).
pub fn answer(route: &Route, headers: &HeaderMap) -> Option<(HttpResponse, String)> {
    let requested = requested_code(headers)?;
    let bad_request = |message: String| {
        let response = (route.provider.render_error)(StatusCode::BAD_REQUEST, &message);
        Some((response, "prefer:invalid".to_owned()))
    };
    let available = || {
        route
            .operation
            .error_statuses()
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let code = match requested {
        Ok(code) => code,
        Err(text) => {
            return bad_request(format!(
                "Prefer: code={text} is not an HTTP status; available for {}: {}",
                route.describe(),
                available()
            ));
        }
    };
    if (200..300).contains(&code) {
        return None;
    }
    match route.operation.error_for(code) {
        Some(error) => {
            let status = StatusCode::from_u16(code).ok()?;
            let response = (route.provider.render_error)(status, error.message);
            Some((response, format!("prefer:code={code}")))
        }
        None => bad_request(format!(
            "Prefer: code={code} is not documented for {}; available: {}",
            route.describe(),
            available()
        )),
    }
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::HeaderValue;

    use super::*;

    fn code_of(value: &'static str) -> Option<Result<u16, String>> {
        let mut headers = HeaderMap::new();
        headers.insert(PREFER, HeaderValue::from_static(value));
        requested_code(&headers)
    }

    #[test]
    fn the_code_preference_is_found_among_others() {
        assert_eq!(code_of("code=409"), Some(Ok(409)));
        assert_eq!(code_of("dynamic=true, Code=\"422\""), Some(Ok(422)));
        assert_eq!(code_of("respond-async; code=400"), Some(Ok(400)));
        assert_eq!(code_of("code=teapot"), Some(Err("teapot".into())));
        assert_eq!(code_of("code=99"), Some(Err("99".into())));
        assert_eq!(code_of("return=minimal"), None);
    }
}
