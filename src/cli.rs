//! The command line. `fintech-sandbox` with no sub-command is `fintech-sandbox serve`; every
//! `serve` flag can also come from a `SANDBOX_*` environment variable.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::Settings;
use crate::fixtures::FixtureSource;
use crate::scenarios::ScenarioSource;

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
    /// Check scenario and fixture files; prints file:line:column: problem, exits 1 on any.
    Validate(ValidateArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ValidateArgs {
    /// Files or directories. `cartevo.yaml` / `carbon.yaml` are checked as fixtures, other
    /// *.yaml / *.yml as scenarios. None: the embedded fixtures and scenarios.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
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
            ..Settings::default()
        }
    }
}
