//! Query strings as every emulated API reads them: decoded `key=value` pairs in request order,
//! repeated keys kept (each provider decides what a repeat means).

use actix_web::HttpRequest;

/// The decoded `(key, value)` pairs of the request's query string.
///
/// ```
/// use actix_web::test::TestRequest;
///
/// let request = TestRequest::get().uri("/customers?page=2&email=a%40b.co").to_http_request();
/// let pairs: Vec<_> = fintech_sandbox::http::query::pairs(&request).collect();
/// assert_eq!(pairs, [("page".into(), "2".into()), ("email".into(), "a@b.co".into())]);
/// ```
pub fn pairs(request: &HttpRequest) -> impl Iterator<Item = (String, String)> + '_ {
    url::form_urlencoded::parse(request.query_string().as_bytes())
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
}
