//! The per-request log line (`http::request_log`) written without tracing-subscriber's generic
//! event formatter, byte for byte as its compact format writes it:
//!
//! ```text
//! 2026-11-21T21:13:04.354016Z  INFO request method=POST path="/api/v1/customers/enroll" status=201 latency_ms=0.189 tenant="cartevo:client_sandbox"
//! ```
//!
//! The generic formatter (a `write!` per piece, styles painted even when colours are off, the
//! clock through `Display`) was a tenth of an enroll request's instructions, spent on one line
//! whose shape never changes. Every other event, and the request line itself when colours are
//! on or it is emitted inside a span, goes to the wrapped formatter unchanged.

use std::fmt;
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::FormatTime;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

use crate::time_format;

/// The target of the request line's event. Its message must stay a plain literal: the compact
/// format would escape terminal control characters in a message, this writer does not.
pub const TARGET: &str = "fintech_sandbox::request";

/// Writes the request line itself and hands every other event to `inner` (the compact format,
/// without targets, with the system clock: what `telemetry::init` configures).
pub struct RequestLineFormat<F> {
    inner: F,
}

impl<F> RequestLineFormat<F> {
    pub fn new(inner: F) -> Self {
        Self { inner }
    }
}

impl<S, N, F> FormatEvent<S, N> for RequestLineFormat<F>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
    F: FormatEvent<S, N>,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        if !is_plain_request_line(event) || writer.has_ansi_escapes() || ctx.event_scope().is_some()
        {
            return self.inner.format_event(ctx, writer, event);
        }
        write_timestamp(&mut writer, SystemTime::now())?;
        writer.write_str(" INFO ")?;
        let mut fields = Fields {
            writer: &mut writer,
            first: true,
            result: Ok(()),
        };
        event.record(&mut fields);
        fields.result?;
        writer.write_char('\n')
    }
}

/// The request line at `info`, with no field the compact format treats specially (`log.*` is
/// skipped, `r#` prefixes are dropped).
fn is_plain_request_line(event: &Event<'_>) -> bool {
    let metadata = event.metadata();
    metadata.target() == TARGET
        && *metadata.level() == Level::INFO
        && metadata
            .fields()
            .iter()
            .all(|field| !field.name().starts_with("log.") && !field.name().starts_with("r#"))
}

/// `2026-11-21T21:13:04.354016Z ` (microseconds, truncated), as tracing-subscriber's
/// `SystemTime` timer writes it; outside years 0 to 9999 that timer writes it itself.
fn write_timestamp(writer: &mut Writer<'_>, now: SystemTime) -> fmt::Result {
    let mut buffer = [0; TIMESTAMP_LENGTH];
    match format_timestamp(DateTime::<Utc>::from(now), &mut buffer) {
        Some(text) => writer.write_str(text)?,
        None => tracing_subscriber::fmt::time::SystemTime.format_time(writer)?,
    }
    writer.write_char(' ')
}

/// Length of `2026-11-21T21:13:04.354016Z`.
const TIMESTAMP_LENGTH: usize = 27;

fn format_timestamp(instant: DateTime<Utc>, buffer: &mut [u8; TIMESTAMP_LENGTH]) -> Option<&str> {
    time_format::write_iso_utc(&instant, buffer)
}

/// The fields as the compact format's `DefaultVisitor` writes them without colours: the message
/// as it is, then ` name=value` with each value's `Debug`.
struct Fields<'w, 'a> {
    writer: &'w mut Writer<'a>,
    first: bool,
    result: fmt::Result,
}

impl Fields<'_, '_> {
    fn start(&mut self, field: &Field) -> fmt::Result {
        if !std::mem::take(&mut self.first) {
            self.writer.write_char(' ')?;
        }
        if field.name() != "message" {
            self.writer.write_str(field.name())?;
            self.writer.write_char('=')?;
        }
        Ok(())
    }

    fn record(&mut self, field: &Field, write: impl FnOnce(&mut Writer<'_>) -> fmt::Result) {
        if self.result.is_ok() {
            self.result = self.start(field).and_then(|()| write(self.writer));
        }
    }
}

impl Visit for Fields<'_, '_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.record(field, |writer| write!(writer, "{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            return self.record(field, |writer| writer.write_str(value));
        }
        // `Debug` of a str: printable ASCII other than `"` and `\` is written as it is.
        let plain = value
            .bytes()
            .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\');
        self.record(field, |writer| {
            if plain {
                writer.write_char('"')?;
                writer.write_str(value)?;
                writer.write_char('"')
            } else {
                write!(writer, "{value:?}")
            }
        });
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.record(field, |writer| {
            writer.write_str(itoa::Buffer::new().format(value))
        });
    }
}

#[cfg(test)]
mod tests {
    use std::io;
    use std::sync::{Arc, Mutex};

    use chrono::TimeZone;
    use tracing_subscriber::fmt::MakeWriter;
    use tracing_subscriber::fmt::format::{Compact, Format};

    use super::*;

    #[derive(Clone, Default)]
    struct Capture(Arc<Mutex<Vec<u8>>>);

    impl io::Write for Capture {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| io::Error::other("poisoned"))?
                .extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Capture {
        type Writer = Capture;

        fn make_writer(&'a self) -> Capture {
            self.clone()
        }
    }

    fn compact() -> Format<Compact> {
        tracing_subscriber::fmt::format()
            .compact()
            .with_target(false)
    }

    /// Runs `emit` under the compact format, wrapped or not, and returns what was written with
    /// each line's timestamp cut off.
    fn lines(wrapped: bool, emit: impl Fn()) -> Vec<String> {
        let capture = Capture::default();
        let builder = tracing_subscriber::fmt()
            .with_writer(capture.clone())
            .with_ansi(false);
        if wrapped {
            let subscriber = builder
                .event_format(RequestLineFormat::new(compact()))
                .finish();
            tracing::subscriber::with_default(subscriber, &emit);
        } else {
            let subscriber = builder.event_format(compact()).finish();
            tracing::subscriber::with_default(subscriber, &emit);
        }
        let bytes = capture.0.lock().map(|b| b.clone()).unwrap_or_default();
        String::from_utf8_lossy(&bytes)
            .lines()
            .map(|line| line.split_once(' ').map_or("", |(_, rest)| rest).to_owned())
            .collect()
    }

    fn emit_request_lines() {
        for (path, tenant) in [
            ("/api/v1/customers/enroll", Some("cartevo:client_sandbox")),
            ("/odd \"path\" \\ é \u{1b}[31m", None),
        ] {
            tracing::info!(
                target: TARGET,
                method = %actix_web::http::Method::POST,
                path,
                status = 201_u16,
                latency_ms = format_args!("{}.{:03}", 0, 189),
                tenant = tenant.unwrap_or("-"),
                "request"
            );
        }
        tracing::info!(target: TARGET, "request");
        tracing::warn!(target: TARGET, status = 500_u16, "request");
        tracing::info!(count = 2, "something else");
        let span = tracing::info_span!("outer", id = 7);
        span.in_scope(|| tracing::info!(target: TARGET, status = 200_u16, "request"));
    }

    #[test]
    fn the_line_is_the_compact_format_s_line() {
        let ours = lines(true, emit_request_lines);
        let theirs = lines(false, emit_request_lines);
        assert_eq!(ours.len(), 6);
        assert_eq!(ours, theirs);
        assert_eq!(
            ours[0],
            " INFO request method=POST path=\"/api/v1/customers/enroll\" status=201 latency_ms=0.189 tenant=\"cartevo:client_sandbox\""
        );
    }

    /// Marks every event it is handed.
    struct Inner;

    impl<S, N> FormatEvent<S, N> for Inner
    where
        S: Subscriber + for<'a> LookupSpan<'a>,
        N: for<'a> FormatFields<'a> + 'static,
    {
        fn format_event(
            &self,
            _: &FmtContext<'_, S, N>,
            mut writer: Writer<'_>,
            _: &Event<'_>,
        ) -> fmt::Result {
            writeln!(writer, "x inner")
        }
    }

    #[test]
    fn only_the_plain_request_line_is_written_here() {
        let capture = Capture::default();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(capture.clone())
            .with_ansi(false)
            .event_format(RequestLineFormat::new(Inner))
            .finish();
        tracing::subscriber::with_default(subscriber, emit_request_lines);
        let bytes = capture.0.lock().map(|b| b.clone()).unwrap_or_default();
        let inner: Vec<bool> = String::from_utf8_lossy(&bytes)
            .lines()
            .map(|line| line == "x inner")
            .collect();
        // The warning, the other event and the line inside a span go to the inner format.
        assert_eq!(inner, [false, false, false, true, true, true]);
    }

    #[test]
    fn timestamps_have_microseconds() {
        let mut buffer = [0; TIMESTAMP_LENGTH];
        for (instant, expected) in [
            (
                Utc.timestamp_opt(1_795_295_584, 354_016_999),
                "2026-11-21T21:13:04.354016Z",
            ),
            (Utc.timestamp_opt(0, 0), "1970-01-01T00:00:00.000000Z"),
            (
                Utc.timestamp_opt(253_402_300_799, 999_999_999),
                "9999-12-31T23:59:59.999999Z",
            ),
        ] {
            let instant = instant.single().unwrap();
            assert_eq!(format_timestamp(instant, &mut buffer), Some(expected));
            assert_eq!(
                instant.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
                expected
            );
        }
        // tracing-subscriber's own timer writes the same shape.
        let mut theirs = String::new();
        tracing_subscriber::fmt::time::SystemTime
            .format_time(&mut Writer::new(&mut theirs))
            .unwrap();
        assert_eq!(theirs.len(), TIMESTAMP_LENGTH);
        assert!(
            format_timestamp(Utc.timestamp_opt(253_402_300_800, 0).unwrap(), &mut buffer).is_none()
        );
    }
}
