//! Logging set-up: `tracing` to standard output, written by a background thread so that request
//! handlers never wait on the terminal.

pub mod log_writer;
pub mod request_line;

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use self::log_writer::LogGuard;
use self::request_line::RequestLineFormat;
use crate::cli::LogFormat;

/// Installs the global subscriber. Keep the guard alive until exit, or buffered lines are lost.
/// `RUST_LOG` overrides the default `info` level.
pub fn init(format: LogFormat) -> std::io::Result<LogGuard> {
    let (writer, guard) = log_writer::spawn(std::io::stdout())?;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_target(false)
        .with_ansi(std::io::stdout().is_terminal());
    let installed = match format {
        LogFormat::Pretty => builder
            .event_format(RequestLineFormat::new(
                tracing_subscriber::fmt::format()
                    .compact()
                    .with_target(false),
            ))
            .try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
    // A second initialisation (tests) keeps the first subscriber.
    drop(installed);
    Ok(guard)
}
