//! The command line. `fintech-sandbox` with no sub-command is `fintech-sandbox serve`; every
//! `serve` flag can also come from a `SANDBOX_*` environment variable.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::Settings;
use crate::fixtures::FixtureSource;
use crate::scenarios::ScenarioSource;
use crate::webhooks::RetryPolicy;

#[derive(Debug, Parser)]
#[command(
    name = "fintech-sandbox",
    version,
    about = "A local sandbox that emulates the Cartevo and Carbon fintech APIs",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Options of `serve`, accepted without the sub-command too.
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the sandbox server (the default).
    Serve(ServeArgs),
    /// Exit 0 if a sandbox answers GET /__sandbox/health with 200, 1 otherwise (for container
    /// health checks).
    Healthcheck(HealthcheckArgs),
    /// Check scenario and fixture files; prints file:line:column: problem, exits 1 on any.
    Validate(ValidateArgs),
    /// Print an OpenAPI 3 document (the one served at /__sandbox/openapi/<name>.json).
    Openapi(OpenapiArgs),
}

#[derive(Debug, Clone, Args)]
pub struct OpenapiArgs {
    /// Which document.
    #[arg(value_parser = crate::sandbox::openapi::NAMES)]
    pub name: String,
}

#[derive(Debug, Clone, Args)]
pub struct ValidateArgs {
    /// Files or directories. `cartevo.yaml` / `carbon.yaml` are checked as fixtures, other
    /// *.yaml / *.yml as scenarios. None: the embedded fixtures and scenarios.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct HealthcheckArgs {
    /// Address the sandbox listens on (a wildcard address means this machine).
    #[arg(long, env = "SANDBOX_HOST", default_value = "127.0.0.1")]
    pub host: String,

    #[arg(long, env = "SANDBOX_PORT", default_value_t = 4100)]
    pub port: u16,

    /// How long to wait for an answer.
    #[arg(long, default_value = "3s", value_parser = humantime::parse_duration)]
    pub timeout: Duration,
}

impl Cli {
    /// The sub-command to run, with the bare invocation meaning `serve`.
    pub fn into_command(self) -> Command {
        self.command.unwrap_or(Command::Serve(self.serve))
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "SANDBOX_HOST", default_value = "127.0.0.1")]
    pub host: String,

    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "SANDBOX_PORT", default_value_t = 4100)]
    pub port: u16,

    /// Directory of fixture files replacing the embedded ones (cartevo.yaml, carbon.yaml).
    #[arg(long, env = "SANDBOX_FIXTURES", value_name = "DIR")]
    pub fixtures: Option<PathBuf>,

    /// Directory of scenario files replacing the embedded catalogue; watched for changes.
    #[arg(long, env = "SANDBOX_SCENARIOS", value_name = "DIR")]
    pub scenarios: Option<PathBuf>,

    /// Scenario active for everyone from start-up (repeatable; the variable takes a
    /// comma-separated list).
    #[arg(
        long = "scenario",
        env = "SANDBOX_SCENARIO",
        value_name = "NAME",
        value_delimiter = ','
    )]
    pub active_scenarios: Vec<String>,

    /// Log format: human-readable lines or one JSON object per line.
    #[arg(long, env = "SANDBOX_LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty)]
    pub log_format: LogFormat,

    /// Worker threads (default: one per CPU core).
    #[arg(long, env = "SANDBOX_WORKERS")]
    pub workers: Option<usize>,

    /// Requests kept in the journal (GET /__sandbox/requests); 0 turns it off.
    #[arg(long, env = "SANDBOX_JOURNAL_SIZE", default_value_t = 10_000)]
    pub journal_size: usize,

    /// Bearer token for the control plane (/__sandbox/*); required when --host is not loopback.
    #[arg(long, env = "SANDBOX_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,

    /// Serve the control plane without a token on a non-loopback address (trusted networks only,
    /// e.g. a local Docker container).
    #[arg(long, env = "SANDBOX_ADMIN_OPEN")]
    pub admin_open: bool,

    /// JSON file the stores are loaded from at start (if it exists) and saved to on shutdown.
    #[arg(long, env = "SANDBOX_STATE_FILE", value_name = "PATH")]
    pub state_file: Option<PathBuf>,

    /// Webhook retries after the first attempt.
    #[arg(long, env = "SANDBOX_WEBHOOK_RETRIES", default_value_t = 3)]
    pub webhook_retries: u32,

    /// Time between webhook attempts, on the sandbox clock (e.g. 5s, 500ms).
    #[arg(long, env = "SANDBOX_WEBHOOK_RETRY_INTERVAL", default_value = "5s", value_parser = humantime::parse_duration)]
    pub webhook_retry_interval: Duration,

    /// Timeout of one webhook attempt (e.g. 10s).
    #[arg(long, env = "SANDBOX_WEBHOOK_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    pub webhook_timeout: Duration,

    /// How long after verify-kyc a Carbon KYC check resolves, on the sandbox clock (5s, 2m, 0s).
    #[arg(
        long,
        env = "SANDBOX_CARBON_KYC_DELAY",
        value_name = "DURATION",
        default_value = "5s",
        value_parser = humantime::parse_duration
    )]
    pub carbon_kyc_delay: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

impl ServeArgs {
    pub fn into_settings(self) -> Settings {
        Settings {
            host: self.host,
            port: self.port,
            fixtures: match self.fixtures {
                Some(dir) => FixtureSource::Directory(dir),
                None => FixtureSource::Embedded,
            },
            scenarios: match self.scenarios {
                Some(dir) => ScenarioSource::Directory(dir),
                None => ScenarioSource::Embedded,
            },
            active_scenarios: self.active_scenarios,
            workers: self.workers,
            journal_size: self.journal_size,
            admin_token: self.admin_token.filter(|token| !token.is_empty()),
            admin_open: self.admin_open,
            state_file: self.state_file,
            webhook_policy: RetryPolicy {
                retries: self.webhook_retries,
                interval: self.webhook_retry_interval,
                timeout: self.webhook_timeout,
            },
            carbon_kyc_delay: self.carbon_kyc_delay,
            ..Settings::default()
        }
    }
}
