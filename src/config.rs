//! Everything `Application::build` needs to know, independent of where it came from (command
//! line, environment, or a test that wants port 0).

use std::time::Duration;

use crate::fixtures::FixtureSource;

#[derive(Debug, Clone)]
pub struct Settings {
    pub host: String,
    /// 0 binds a free port; `Application::port` tells which.
    pub port: u16,
    pub fixtures: FixtureSource,
    /// actix worker threads; `None` = one per core.
    pub workers: Option<usize>,
    /// Key that signs Cartevo access tokens. Fixed by default so tokens survive a restart.
    pub cartevo_jwt_secret: String,
    /// How long after `verify-kyc` a Carbon KYC check resolves, on the sandbox clock.
    pub carbon_kyc_delay: Duration,
}

/// Short enough that a polling client sees `PENDING` and then the result within one dev flow.
pub const DEFAULT_CARBON_KYC_DELAY: Duration = Duration::from_secs(5);

impl Default for Settings {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: 4100,
            fixtures: FixtureSource::Embedded,
            workers: None,
            cartevo_jwt_secret: "fintech-sandbox-cartevo-signing-key".into(),
            carbon_kyc_delay: DEFAULT_CARBON_KYC_DELAY,
        }
    }
}

impl Settings {
    /// Settings for an integration test: loopback, a free port, embedded fixtures.
    pub fn for_tests() -> Self {
        Self {
            port: 0,
            workers: Some(2),
            ..Self::default()
        }
    }
}
