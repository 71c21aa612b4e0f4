//! Everything `Application::build` needs to know, independent of where it came from (command
//! line, environment, or a test that wants port 0).

use crate::fixtures::FixtureSource;
use crate::scenarios::ScenarioSource;

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
}

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
