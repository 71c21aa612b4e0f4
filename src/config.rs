//! Everything `Application::build` needs to know, independent of where it came from (command
//! line, environment, or a test that wants port 0).

use std::path::PathBuf;
use std::time::Duration;

use crate::fixtures::FixtureSource;
use crate::scenarios::ScenarioSource;
use crate::webhooks::RetryPolicy;

#[derive(Debug, Clone)]
pub struct Settings {
    pub host: String,
    /// 0 binds a free port; `Application::port` tells which.
    pub port: u16,
    pub fixtures: FixtureSource,
    /// Scenario files: the embedded catalogue, or a directory watched for changes.
    pub scenarios: ScenarioSource,
    /// Scenarios active for everyone from start-up (`--scenario`).
    pub active_scenarios: Vec<String>,
    /// actix worker threads; `None` = one per core.
    pub workers: Option<usize>,
    /// Key that signs Cartevo access tokens. Fixed by default so tokens survive a restart.
    pub cartevo_jwt_secret: String,
    /// Request journal entries kept (0 turns the journal off).
    pub journal_size: usize,
    /// Bearer token the control plane requires; mandatory off loopback unless `admin_open`.
    pub admin_token: Option<String>,
    /// Serve the control plane without a token on a non-loopback address (trusted networks).
    pub admin_open: bool,
    /// Loaded at start (if present) and written on graceful shutdown.
    pub state_file: Option<PathBuf>,
    pub webhook_policy: RetryPolicy,
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
            scenarios: ScenarioSource::Embedded,
            active_scenarios: Vec::new(),
            workers: None,
            cartevo_jwt_secret: "fintech-sandbox-cartevo-signing-key".into(),
            journal_size: 10_000,
            admin_token: None,
            admin_open: false,
            state_file: None,
            webhook_policy: RetryPolicy::default(),
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
