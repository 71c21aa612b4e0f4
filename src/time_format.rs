//! How instants and dates are written on the wire: ISO 8601 in UTC with milliseconds and a `Z`,
//! the form both vendors' examples use (`2026-05-09T10:15:00.000Z`).

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Timelike, Utc};
use serde::{Deserialize, Deserializer, Serializer};

/// `2026-05-09T10:15:00.000Z`
pub fn iso_millis(instant: &DateTime<Utc>) -> String {
    let mut buffer = [0; ISO_MILLIS_LENGTH];
    match write_iso_millis(instant, &mut buffer) {
        Some(text) => text.to_owned(),
        None => instant.to_rfc3339_opts(SecondsFormat::Millis, true),
    }
}

/// Length of `2026-05-09T10:15:00.000Z`.
const ISO_MILLIS_LENGTH: usize = 24;

/// [`iso_millis`] without allocating, for the common case (years 0 to 9999, no leap second);
/// `None` otherwise, where chrono's own formatting takes over. Every response renders two or
/// three instants, and chrono's general-purpose formatter showed in profiles.
fn write_iso_millis<'b>(
    instant: &DateTime<Utc>,
    buffer: &'b mut [u8; ISO_MILLIS_LENGTH],
) -> Option<&'b str> {
    write_iso_utc(instant, buffer)
}

/// `2026-05-09T10:15:00.` and as many digits of the second's fraction as `buffer` has room for
/// before its closing `Z` (three in 24 bytes, six in 27), for years 0 to 9999 and no leap
/// second; `None` otherwise.
pub(crate) fn write_iso_utc<'b, const LENGTH: usize>(
    instant: &DateTime<Utc>,
    buffer: &'b mut [u8; LENGTH],
) -> Option<&'b str> {
    let digits = LENGTH.checked_sub(21).filter(|d| (1..=9).contains(d))?;
    let year = u32::try_from(instant.year()).ok().filter(|y| *y <= 9999)?;
    let nanos = instant.nanosecond();
    if nanos >= 1_000_000_000 {
        return None;
    }
    let mut put = |at: usize, value: u32, digits: usize| {
        let mut value = value;
        for slot in buffer[at..at + digits].iter_mut().rev() {
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
        }
    };
    put(0, year, 4);
    put(5, instant.month(), 2);
    put(8, instant.day(), 2);
    put(11, instant.hour(), 2);
    put(14, instant.minute(), 2);
    put(17, instant.second(), 2);
    put(20, nanos / 10u32.pow(9 - digits as u32), digits);
    for (at, separator) in [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'.'),
        (LENGTH - 1, b'Z'),
    ] {
        buffer[at] = separator;
    }
    std::str::from_utf8(buffer).ok()
}

/// Hands [`iso_millis`]'s text to `use_text` without allocating in the common case.
pub fn with_iso_millis<R>(instant: &DateTime<Utc>, use_text: impl FnOnce(&str) -> R) -> R {
    let mut buffer = [0; ISO_MILLIS_LENGTH];
    match write_iso_millis(instant, &mut buffer) {
        Some(text) => use_text(text),
        None => use_text(&instant.to_rfc3339_opts(SecondsFormat::Millis, true)),
    }
}

/// Serialises an instant as [`iso_millis`] does.
fn serialize_iso_millis<S: Serializer>(
    instant: &DateTime<Utc>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    with_iso_millis(instant, |text| serializer.serialize_str(text))
}

/// A calendar date as the vendors render it: midnight UTC (`1990-01-15T00:00:00.000Z`).
pub fn midnight_utc(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(0, 0, 0)
        .map(|naive| naive.and_utc())
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// A date as both vendors accept it on input: `1990-01-15` is midnight UTC, a full RFC 3339
/// instant is taken as given; anything else (including impossible dates) is `None`.
pub fn parse_date_or_instant(text: &str) -> Option<DateTime<Utc>> {
    if text.len() == 10 {
        return match digits_date(text) {
            Some(parts) => parts,
            None => NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
        }
        .map(midnight_utc);
    }
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|instant| instant.with_timezone(&Utc))
}

/// `YYYY-MM-DD` written with ASCII digits, as nearly every client sends it, read without
/// chrono's format-string parser (which gives the same date for it); `None` for any other text,
/// which that parser then reads.
fn digits_date(text: &str) -> Option<Option<NaiveDate>> {
    let bytes = text.as_bytes();
    let number = |range: std::ops::Range<usize>| {
        bytes.get(range)?.iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year = i32::try_from(number(0..4)?).ok()?;
    let (month, day) = (number(5..7)?, number(8..10)?);
    Some(NaiveDate::from_ymd_opt(year, month, day))
}

/// Serde adapter for `DateTime<Utc>` fields: `#[serde(with = "crate::time_format::millis")]`.
pub mod millis {
    use super::*;

    pub fn serialize<S: Serializer>(
        instant: &DateTime<Utc>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serialize_iso_millis(instant, serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(deserializer)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|instant| instant.with_timezone(&Utc))
            .map_err(serde::de::Error::custom)
    }
}

/// The same adapter for `Option<DateTime<Utc>>`.
pub mod millis_option {
    use super::*;

    pub fn serialize<S: Serializer>(
        instant: &Option<DateTime<Utc>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match instant {
            Some(instant) => serialize_iso_millis(instant, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        let text = Option::<String>::deserialize(deserializer)?;
        text.map(|text| {
            DateTime::parse_from_rfc3339(&text)
                .map(|instant| instant.with_timezone(&Utc))
                .map_err(serde::de::Error::custom)
        })
        .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDateTime, TimeZone};

    fn chrono_millis(instant: &DateTime<Utc>) -> String {
        instant.to_rfc3339_opts(SecondsFormat::Millis, true)
    }

    #[test]
    fn digit_dates_read_as_chrono_reads_them() {
        let mut samples: Vec<String> = Vec::new();
        for year in ["0000", "0001", "1990", "2023", "2024", "9999"] {
            for month in 0..=13 {
                for day in 0..=32 {
                    samples.push(format!("{year}-{month:02}-{day:02}"));
                }
            }
        }
        samples.extend(
            [
                "1990-1-015",
                "+990-01-15",
                " 990-01-15",
                "1990/01/15",
                "1990-01-1a",
                "199O-01-15",
            ]
            .map(String::from),
        );
        for text in samples {
            let chrono = NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
            if let Some(ours) = digits_date(&text) {
                assert_eq!(ours, chrono, "{text}");
            }
            assert_eq!(
                parse_date_or_instant(&text),
                chrono.map(midnight_utc),
                "{text}"
            );
        }
        assert!(digits_date("1990-01-15").is_some());
    }

    #[test]
    fn the_fast_path_writes_what_chrono_writes() {
        let mut millis: i64 = -62_167_219_200_000; // 0000-01-01T00:00:00Z
        let last = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
        let step = 7_919_993_417; // about three months, prime: every field takes many values
        while millis <= last {
            let instant = Utc.timestamp_millis_opt(millis).unwrap();
            assert_eq!(iso_millis(&instant), chrono_millis(&instant), "{millis}");
            millis += step;
        }
    }

    #[test]
    fn edge_instants_fall_back_to_chrono() {
        let outside = [
            Utc.with_ymd_and_hms(10_000, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(-1, 12, 31, 23, 59, 59).unwrap(),
            DateTime::<Utc>::MIN_UTC,
            DateTime::<Utc>::MAX_UTC,
        ];
        let leap_second = NaiveDate::from_ymd_opt(2016, 12, 31)
            .and_then(|d| d.and_hms_milli_opt(23, 59, 59, 1_500))
            .map(|naive: NaiveDateTime| naive.and_utc())
            .unwrap();
        for instant in outside.iter().chain([&leap_second]) {
            assert_eq!(iso_millis(instant), chrono_millis(instant));
        }
        assert_eq!(iso_millis(&leap_second), "2016-12-31T23:59:60.500Z");
        let nanos = Utc.timestamp_opt(1_700_000_000, 999_999_999).unwrap();
        assert_eq!(iso_millis(&nanos), "2023-11-14T22:13:20.999Z");
    }
}
