//! Whether a request fits a rule's `match`. The route (provider, method, operation) is settled
//! by the index before a matcher runs; a matcher checks the rest, cheapest first: concrete path
//! segments, tenant, headers, query, then the JSON body.

use std::cell::{OnceCell, RefCell};

use actix_web::http::header::{HeaderMap, HeaderName};
use regex::Regex;
use serde_json::Value;

/// A condition on one value: `equals`, `regex` (whole value, like WireMock's `matches`) or
/// `exists`.
#[derive(Debug, Clone)]
pub enum Condition {
    Equals(Value),
    Regex(Regex),
    Exists(bool),
}

impl Condition {
    /// Whether it fails where the value is absent (all but `exists: false`).
    fn requires_value(&self) -> bool {
        !matches!(self, Condition::Exists(false))
    }

    /// On a header or query value (`equals` was turned into a string at load).
    fn test_text(&self, value: Option<&str>) -> bool {
        match self {
            Condition::Equals(expected) => value.is_some_and(|v| expected.as_str() == Some(v)),
            Condition::Regex(regex) => value.is_some_and(|v| regex.is_match(v)),
            Condition::Exists(expected) => value.is_some() == *expected,
        }
    }

    /// On a JSON value; `regex` applies to strings, numbers and booleans as written.
    fn test_json(&self, value: Option<&Value>) -> bool {
        match self {
            Condition::Equals(expected) => value == Some(expected),
            Condition::Regex(regex) => match value {
                Some(Value::String(text)) => regex.is_match(text),
                Some(scalar @ (Value::Number(_) | Value::Bool(_))) => {
                    regex.is_match(&scalar.to_string())
                }
                _ => false,
            },
            Condition::Exists(expected) => value.is_some() == *expected,
        }
    }

    /// Several values (a repeated header or query key): any may satisfy it, and `exists: false`
    /// means none is there.
    fn test_any<'a>(&self, mut values: impl Iterator<Item = &'a str>) -> bool {
        match self {
            Condition::Exists(expected) => values.next().is_some() == *expected,
            _ => values.any(|value| self.test_text(Some(value))),
        }
    }
}

/// The parts of a request matchers read; the query is parsed on first use only.
pub struct RequestFacts<'a> {
    pub path: &'a str,
    pub headers: &'a HeaderMap,
    pub query_string: &'a str,
    query: OnceCell<Vec<(String, String)>>,
    /// The JSON body, when one was needed, sent and valid.
    pub body: Option<&'a Value>,
    /// What each JSON pointer rules asked for found in the body: many active rules usually test
    /// the same few pointers (`/email`), and resolving one allocates each of its tokens.
    found_in_body: RefCell<hashbrown::HashMap<Box<str>, Option<&'a Value>>>,
    pub tenant: Option<&'a str>,
}

impl<'a> RequestFacts<'a> {
    pub fn new(path: &'a str, headers: &'a HeaderMap, query_string: &'a str) -> Self {
        Self {
            path,
            headers,
            query_string,
            query: OnceCell::new(),
            body: None,
            found_in_body: RefCell::default(),
            tenant: None,
        }
    }

    /// The body's value at `pointer`, resolved once per request and pointer.
    fn body_at(&self, pointer: &str) -> Option<&'a Value> {
        let body = self.body?;
        let mut found = self.found_in_body.borrow_mut();
        if let Some(value) = found.get(pointer) {
            return *value;
        }
        let value = body.pointer(pointer);
        found.insert(pointer.into(), value);
        value
    }

    fn query(&self) -> &[(String, String)] {
        self.query.get_or_init(|| {
            url::form_urlencoded::parse(self.query_string.as_bytes())
                .map(|(key, value)| (key.into_owned(), value.into_owned()))
                .collect()
        })
    }
}

/// Literal segments a rule's path fixes where the operation's template has a parameter, e.g.
/// `/customers/0f8e…` against `/customers/{id}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathFilter {
    /// One entry per segment: `Some(literal)` to compare, `None` for any value.
    segments: Vec<Option<String>>,
}

impl PathFilter {
    pub fn new(segments: Vec<Option<String>>) -> Self {
        Self { segments }
    }

    fn matches(&self, path: &str) -> bool {
        let mut concrete = path.split('/');
        self.segments.iter().all(|expected| match concrete.next() {
            Some(segment) => expected.as_deref().is_none_or(|literal| literal == segment),
            None => false,
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct Matcher {
    pub path: Option<PathFilter>,
    pub tenant: Option<String>,
    pub headers: Vec<(HeaderName, Condition)>,
    pub query: Vec<(String, Condition)>,
    /// JSON pointer and condition.
    pub body: Vec<(String, Condition)>,
}

impl Matcher {
    pub fn needs_body(&self) -> bool {
        !self.body.is_empty()
    }

    pub fn needs_tenant(&self) -> bool {
        self.tenant.is_some()
    }

    /// A header this matcher cannot match without.
    pub fn required_header(&self) -> Option<&HeaderName> {
        self.headers
            .iter()
            .find(|(_, condition)| condition.requires_value())
            .map(|(name, _)| name)
    }

    /// A query key this matcher cannot match without.
    pub fn required_query_key(&self) -> Option<&str> {
        self.query
            .iter()
            .find(|(_, condition)| condition.requires_value())
            .map(|(key, _)| key.as_str())
    }

    pub fn matches(&self, request: &RequestFacts<'_>) -> bool {
        self.path.as_ref().is_none_or(|f| f.matches(request.path))
            && self
                .tenant
                .as_deref()
                .is_none_or(|tenant| request.tenant == Some(tenant))
            && self.headers.iter().all(|(name, condition)| {
                condition.test_any(
                    request
                        .headers
                        .get_all(name)
                        .filter_map(|value| value.to_str().ok()),
                )
            })
            && self.query.iter().all(|(key, condition)| {
                condition.test_any(
                    request
                        .query()
                        .iter()
                        .filter(|(k, _)| k == key)
                        .map(|(_, v)| v.as_str()),
                )
            })
            && self
                .body
                .iter()
                .all(|(pointer, condition)| condition.test_json(request.body_at(pointer)))
    }
}

/// Remembers which headers a request has, so that rules keyed on a header the request lacks
/// cost one lookup per distinct header name rather than a full match each.
pub struct HeaderPresence<'a> {
    headers: &'a HeaderMap,
    known: Vec<(&'a HeaderName, bool)>,
}

impl<'a> HeaderPresence<'a> {
    pub fn new(headers: &'a HeaderMap) -> Self {
        Self {
            headers,
            known: Vec::new(),
        }
    }

    /// False when `matcher` surely fails for want of a header.
    pub fn may_match(&mut self, matcher: &'a Matcher) -> bool {
        let Some(name) = matcher.required_header() else {
            return true;
        };
        if let Some((_, present)) = self.known.iter().find(|(known, _)| *known == name) {
            return *present;
        }
        let present = self.headers.contains_key(name);
        self.known.push((name, present));
        present
    }
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::HeaderValue;
    use serde_json::json;

    use super::*;

    #[test]
    fn conditions_on_headers_query_and_body() {
        let mut headers = HeaderMap::new();
        headers.insert(
            HeaderName::from_static("x-env"),
            HeaderValue::from_static("staging"),
        );
        let body = json!({"customer": {"email": "a@b.co", "age": 30}});
        let mut facts = RequestFacts::new("/api/v1/customers/abc", &headers, "page=2&page=3");
        facts.body = Some(&body);

        let matcher = Matcher {
            path: Some(PathFilter::new(vec![
                None,
                None,
                None,
                None,
                Some("abc".into()),
            ])),
            headers: vec![(
                HeaderName::from_static("x-env"),
                Condition::Equals(json!("staging")),
            )],
            query: vec![("page".into(), Condition::Equals(json!("3")))],
            body: vec![
                (
                    "/customer/email".into(),
                    Condition::Regex(Regex::new("^(?:.*@b\\.co)$").unwrap()),
                ),
                ("/customer/age".into(), Condition::Equals(json!(30))),
                ("/customer/phone".into(), Condition::Exists(false)),
            ],
            ..Matcher::default()
        };
        assert!(matcher.matches(&facts));

        let other_id = RequestFacts::new("/api/v1/customers/xyz", &headers, "");
        assert!(!matcher.matches(&other_id));
        let missing_header = Matcher {
            headers: vec![(HeaderName::from_static("x-other"), Condition::Exists(true))],
            ..Matcher::default()
        };
        assert!(!missing_header.matches(&facts));
    }

    #[test]
    fn matchers_sharing_a_request_each_see_the_body_values_they_ask_for() {
        let headers = HeaderMap::new();
        let body = json!({"email": "b@x.co", "tags": ["vip"]});
        let mut facts = RequestFacts::new("/api/v1/customers/enroll", &headers, "");
        facts.body = Some(&body);
        let on = |pointer: &str, condition| Matcher {
            body: vec![(pointer.into(), condition)],
            ..Matcher::default()
        };
        // The same pointers again and again, as with many active rules: each answer is the
        // body's, whether the value was found before or found missing before.
        for _ in 0..2 {
            assert!(!on("/email", Condition::Equals(json!("a@x.co"))).matches(&facts));
            assert!(on("/email", Condition::Equals(json!("b@x.co"))).matches(&facts));
            assert!(on("/tags/0", Condition::Equals(json!("vip"))).matches(&facts));
            assert!(!on("/phone", Condition::Exists(true)).matches(&facts));
            assert!(on("/phone", Condition::Exists(false)).matches(&facts));
        }
    }
}
