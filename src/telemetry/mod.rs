//! Logging set-up: `tracing` to standard output, written by a background thread so that request
//! handlers never wait on the terminal.

pub mod request_line;

use std::io::{BufWriter, IsTerminal};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

use self::request_line::RequestLineFormat;
use crate::cli::LogFormat;

/// Bytes of log lines gathered before the writer thread must write them out.
const STDOUT_BUFFER: usize = 64 * 1024;

/// Lines waiting for the writer thread before a request must wait for it. The default (128,000)
/// allocates and touches its whole queue at start: 4 MiB, most of an idle sandbox's memory.
/// Thousands of lines are far more than the writer, batching its writes, ever lags behind.
const QUEUED_LINES: usize = 4096;

/// Installs the global subscriber. Keep the guard alive until exit, or buffered lines are lost.
/// `RUST_LOG` overrides the default `info` level.
pub fn init(format: LogFormat) -> WorkerGuard {
    // Standard output flushes at every newline: one write(2) per request line. The writer thread
    // drains every queued line before it flushes, so under load a batch costs one system call,
    // and a lone line still goes out at once.
    let stdout = BufWriter::with_capacity(STDOUT_BUFFER, std::io::stdout());
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .buffered_lines_limit(QUEUED_LINES)
        .finish(stdout);
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
    guard
}
