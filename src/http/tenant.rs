//! The tenant (a Cartevo company, a Carbon merchant) a request was authenticated as, recorded on
//! the request so that cross-cutting layers (the request log, later the journal and scenarios)
//! can name it without knowing how each provider authenticates.

use std::sync::Arc;

use actix_web::HttpMessage;
use actix_web::HttpRequest;

/// A tenant's public label, such as `cartevo:client_sandbox`. Never a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantTag(pub Arc<str>);

/// Records the tenant on the request; called by each provider's authentication.
pub fn tag(request: &HttpRequest, label: Arc<str>) {
    request.extensions_mut().insert(TenantTag(label));
}

/// Hands the label of the tenant recorded on the request (if authentication got that far) to
/// `use_label`, without taking a reference on it: the label is shared by every request of the
/// tenant on every worker, and counting references to it moved its counter between cores.
pub fn with_label<R>(request: &HttpRequest, use_label: impl FnOnce(Option<&str>) -> R) -> R {
    use_label(request.extensions().get::<TenantTag>().map(|tag| &*tag.0))
}
