//! Routes as the scenario index knows them: a provider of [`PROVIDERS`] and one of its
//! operations, by position, so a lookup hashes two small integers.

use crate::provider::{Operation, PROVIDERS, ProviderInfo};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RouteKey {
    pub provider: u16,
    pub operation: u16,
}

/// A request's provider and operation.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub key: RouteKey,
    pub provider: &'static ProviderInfo,
    pub operation: &'static Operation,
}

impl Route {
    /// The operation serving `method` and `path`, if any provider owns the path.
    pub fn of(method: &str, path: &str) -> Option<Route> {
        let (provider_index, provider) = PROVIDERS
            .iter()
            .enumerate()
            .find(|(_, provider)| provider.owns(path))?;
        let operation = provider.operation(method, path)?;
        let operation_index = provider
            .operations
            .iter()
            .position(|candidate| std::ptr::eq(candidate, operation))?;
        Some(Route {
            key: RouteKey {
                provider: provider_index as u16,
                operation: operation_index as u16,
            },
            provider,
            operation,
        })
    }

    /// `POST /api/v1/customers/enroll`, for messages.
    pub fn describe(&self) -> String {
        format!("{} {}", self.operation.method, self.operation.path)
    }
}

/// The key of operation `operation` of the provider at `provider` in [`PROVIDERS`].
pub fn key(provider: usize, operation: usize) -> RouteKey {
    RouteKey {
        provider: provider as u16,
        operation: operation as u16,
    }
}
