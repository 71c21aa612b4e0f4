//! Gates: something every rule of a scenario on a route requires of a request (a header, or a
//! query key), so that a request lacking it skips all those rules with one check instead of
//! running each matcher. Rules keyed to one test (`X-Test-Id: …`, `?case=…`) are the usual way
//! to keep many scenarios active at once; gates keep them cheap for every other request.
//!
//! ```text
//! rules:                                   # both rules require header x-test-id:
//!   - match: { …, headers: { x-test-id: { equals: a } } }    # gate Header(x-test-id)
//!   - match: { …, headers: { x-test-id: { equals: b } } }
//! ```

use actix_web::http::header::{HeaderMap, HeaderName};

use super::scenario::Rule;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    Header(HeaderName),
    QueryKey(String),
}

impl Gate {
    /// The gate all of `indices` (into `rules`) share, if any: a header they all require, else
    /// a query key they all require.
    pub fn common(rules: &[Rule], indices: &[usize]) -> Option<Gate> {
        let header = shared(indices, |index| rules[index].matcher.required_header());
        if let Some(name) = header {
            return Some(Gate::Header(name.clone()));
        }
        shared(indices, |index| rules[index].matcher.required_query_key())
            .map(|key| Gate::QueryKey(key.to_owned()))
    }

    /// Whether a request with these headers and this query string may pass.
    pub fn admits(&self, headers: &HeaderMap, query_string: &str) -> bool {
        match self {
            Gate::Header(name) => headers.contains_key(name),
            Gate::QueryKey(key) => {
                !query_string.is_empty()
                    && url::form_urlencoded::parse(query_string.as_bytes())
                        .any(|(found, _)| found == key.as_str())
            }
        }
    }
}

/// What `required` gives for every index, if it gives the same for all.
fn shared<'a, T: PartialEq + ?Sized + 'a>(
    indices: &[usize],
    required: impl Fn(usize) -> Option<&'a T>,
) -> Option<&'a T> {
    let mut each = indices.iter().map(|&index| required(index));
    let first = each.next()??;
    each.all(|other| other == Some(first)).then_some(first)
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::HeaderValue;

    use super::*;

    #[test]
    fn a_query_key_gate_admits_only_requests_carrying_the_key() {
        let gate = Gate::QueryKey("case".into());
        let headers = HeaderMap::new();
        assert!(!gate.admits(&headers, ""));
        assert!(!gate.admits(&headers, "page=2"));
        assert!(gate.admits(&headers, "page=2&case=x"));
        assert!(
            gate.admits(&headers, "ca%73e=x"),
            "keys are compared decoded"
        );
    }

    #[test]
    fn a_header_gate_admits_only_requests_carrying_the_header() {
        let name = HeaderName::from_static("x-test-id");
        let gate = Gate::Header(name.clone());
        let mut headers = HeaderMap::new();
        assert!(!gate.admits(&headers, "x-test-id=1"));
        headers.insert(name, HeaderValue::from_static("a"));
        assert!(gate.admits(&headers, ""));
    }
}
