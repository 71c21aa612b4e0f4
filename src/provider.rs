//! What each emulated provider tells the rest of the sandbox about itself: its name and base
//! path, every operation it serves with the errors each can answer, and how to render an error
//! in its envelope. Cross-cutting features (per-request error selection, scenarios, OpenAPI
//! documents) work from this description instead of knowing any provider.
//!
//! ```
//! use fintech_sandbox::provider::ProviderInfo;
//!
//! let cartevo: &ProviderInfo = &fintech_sandbox::cartevo::PROVIDER;
//! let enroll = cartevo.operation("POST", "/api/v1/customers/enroll").unwrap();
//! assert_eq!(enroll.error_for(409).unwrap().message, "Customer with this email or ID already exists");
//! ```

use std::sync::Arc;

use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, Resource, Route, web};

/// Where an error's status and message come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Quoted from the vendor's documentation (seed or research sheet).
    Documented,
    /// Not documented; chosen by the sandbox and recorded in `docs/fidelity.md`.
    Chosen,
}

/// An error an operation can answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentedError {
    pub status: u16,
    pub message: &'static str,
    pub origin: Origin,
}

impl DocumentedError {
    pub const fn documented(status: u16, message: &'static str) -> Self {
        Self {
            status,
            message,
            origin: Origin::Documented,
        }
    }

    pub const fn chosen(status: u16, message: &'static str) -> Self {
        Self {
            status,
            message,
            origin: Origin::Chosen,
        }
    }
}

/// Attaches an operation's handler to a route that already carries its method guard:
/// `|route| route.to(customers::enroll)`.
pub type Handler = fn(Route) -> Route;

/// One route of an emulated API (or of the control plane). The router is built from these
/// ([`resources`]), so every catalogued operation is served and nothing else is.
#[derive(Clone, Copy)]
pub struct Operation {
    pub method: &'static str,
    /// Full path template as the router knows it, e.g. `/api/v1/customers/{id}`.
    pub path: &'static str,
    /// Stable identifier (`enrollCustomer`), used by OpenAPI documents and scenarios.
    pub id: &'static str,
    pub summary: &'static str,
    /// Whether the route requires the provider's authentication.
    pub authenticated: bool,
    /// Every error this operation can answer, most typical first within a status.
    pub errors: &'static [DocumentedError],
    pub handler: Handler,
}

impl std::fmt::Debug for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} ({})", self.method, self.path, self.id)
    }
}

/// The routes of `operations` grouped into resources under `base_path` (paths relative to it),
/// literal paths before templated ones so that `/customers/enroll` wins over `/customers/{id}`.
/// Each resource answers the catalogued methods; the caller decides what other methods get.
pub fn resources(operations: &[Operation], base_path: &str) -> Vec<Resource> {
    let mut paths: Vec<&str> = Vec::new();
    for operation in operations {
        if !paths.contains(&operation.path) {
            paths.push(operation.path);
        }
    }
    paths.sort_by_key(|path| path.matches('{').count());
    paths
        .into_iter()
        .map(|path| {
            let relative = path.strip_prefix(base_path).unwrap_or(path);
            operations
                .iter()
                .filter(|operation| operation.path == path)
                .fold(web::resource(relative), |resource, operation| {
                    let method =
                        Method::from_bytes(operation.method.as_bytes()).unwrap_or(Method::GET);
                    resource.route((operation.handler)(web::method(method)))
                })
        })
        .collect()
}

impl Operation {
    /// The first error listed for `status`.
    pub fn error_for(&self, status: u16) -> Option<&DocumentedError> {
        self.errors.iter().find(|error| error.status == status)
    }

    /// The distinct error statuses, in ascending order.
    pub fn error_statuses(&self) -> Vec<u16> {
        let mut statuses: Vec<u16> = self.errors.iter().map(|e| e.status).collect();
        statuses.sort_unstable();
        statuses.dedup();
        statuses
    }

    /// Whether `path` (a concrete request path) fits this operation's template.
    pub fn matches_path(&self, path: &str) -> bool {
        let mut template = self.path.split('/');
        let mut concrete = path.split('/');
        loop {
            match (template.next(), concrete.next()) {
                (None, None) => return true,
                (Some(t), Some(c)) if t.starts_with('{') && t.ends_with('}') => {
                    if c.is_empty() {
                        return false;
                    }
                }
                (Some(t), Some(c)) if t == c => {}
                _ => return false,
            }
        }
    }
}

/// Renders a status and message in a provider's error envelope.
pub type ErrorRenderer = fn(StatusCode, &str) -> HttpResponse;

/// The tenant label (`cartevo:client_sandbox`) a request authenticates as, worked out before
/// its handler runs; `None` when the request does not authenticate.
pub type TenantResolver = fn(&HttpRequest) -> Option<Arc<str>>;

/// A provider's self-description.
#[derive(Debug)]
pub struct ProviderInfo {
    /// Lower-case name used in scenario files and logs (`cartevo`).
    pub name: &'static str,
    pub title: &'static str,
    pub base_path: &'static str,
    pub operations: &'static [Operation],
    pub render_error: ErrorRenderer,
    pub resolve_tenant: TenantResolver,
}

impl ProviderInfo {
    /// The operation serving `method` and the concrete `path`; literal routes win over templated
    /// ones (`/customers/enroll` over `/customers/{id}`), as in the router.
    pub fn operation(&self, method: &str, path: &str) -> Option<&Operation> {
        let candidates = || {
            self.operations
                .iter()
                .filter(move |op| op.method.eq_ignore_ascii_case(method) && op.matches_path(path))
        };
        candidates()
            .find(|op| !op.path.contains('{'))
            .or_else(|| candidates().next())
    }

    /// Whether a request path belongs to this provider.
    pub fn owns(&self, path: &str) -> bool {
        path.strip_prefix(self.base_path)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }

    /// `METHOD path` of every operation, for messages that list what exists.
    pub fn operation_list(&self) -> String {
        self.operations
            .iter()
            .map(|op| format!("{} {}", op.method, op.path))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Every emulated provider. Cross-cutting features (scenarios, `Prefer: code=`) iterate this
/// list and never name a provider.
pub static PROVIDERS: &[&ProviderInfo] = &[&crate::cartevo::PROVIDER, &crate::carbon::PROVIDER];

/// The provider called `name` in scenario files (`cartevo`).
pub fn named(name: &str) -> Option<&'static ProviderInfo> {
    PROVIDERS.iter().copied().find(|p| p.name == name)
}

/// The provider a request path belongs to.
pub fn owning(path: &str) -> Option<&'static ProviderInfo> {
    PROVIDERS.iter().copied().find(|p| p.owns(path))
}

/// The names of every provider, for messages.
pub fn names() -> String {
    PROVIDERS
        .iter()
        .map(|p| p.name)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const OP: Operation = Operation {
        method: "GET",
        path: "/api/v1/customers/{id}",
        id: "getCustomer",
        summary: "",
        authenticated: true,
        errors: &[
            DocumentedError::documented(404, "Customer not found"),
            DocumentedError::chosen(401, "x"),
            DocumentedError::chosen(404, "y"),
        ],
        handler: |route| route.to(HttpResponse::Ok),
    };

    #[test]
    fn templates_match_one_segment_per_parameter() {
        assert!(OP.matches_path("/api/v1/customers/abc"));
        assert!(!OP.matches_path("/api/v1/customers/"));
        assert!(!OP.matches_path("/api/v1/customers/abc/cards"));
        assert!(!OP.matches_path("/api/v1/customers"));
    }

    #[test]
    fn statuses_are_distinct_and_sorted() {
        assert_eq!(OP.error_statuses(), [401, 404]);
        assert_eq!(
            OP.error_for(404).map(|e| e.message),
            Some("Customer not found")
        );
    }
}
