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

/// The tenant recorded on the request, if authentication got that far.
pub fn of(request: &HttpRequest) -> Option<TenantTag> {
    request.extensions().get::<TenantTag>().cloned()
}
