//! Field validation that reports like Cartevo's NestJS back end: a `ValidationPipe` with
//! class-validator's default messages, `whitelist` and `forbidNonWhitelisted` on. Messages come
//! back as one list: unknown properties first, then each field's failures in the order
//! class-validator produces them (the reverse of its decorators), e.g. for a missing
//! `@IsString() @IsNotEmpty() @MinLength(3) @MaxLength(255) first_name`:
//!
//! ```text
//! first_name must be shorter than or equal to 255 characters
//! first_name must be longer than or equal to 3 characters
//! first_name should not be empty
//! first_name must be a string
//! ```

use chrono::{DateTime, Utc};
use validator::ValidateEmail;

use super::document_url::DocumentUrl;
use crate::http::json_fields::{JsonFields, Property};
pub use crate::time_format::parse_date_or_instant;

/// Checks the fields of one JSON object and collects every violation.
pub struct FieldCheck<'a, const N: usize> {
    body: &'a JsonFields<'a, N>,
    violations: Vec<String>,
}

impl<'a, const N: usize> FieldCheck<'a, N> {
    /// Starts a check; properties outside the body's list are reported first, in body order, as
    /// NestJS does.
    pub fn new(body: &'a JsonFields<'a, N>) -> Self {
        let violations = body
            .unknown()
            .map(|key| format!("property {key} should not exist"))
            .collect();
        Self { body, violations }
    }

    /// The messages so far, or `Ok` when there are none.
    pub fn finish(self) -> Result<(), Vec<String>> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(self.violations)
        }
    }

    fn value(&self, name: &str) -> Property<'a> {
        self.body.get(name)
    }

    fn push(&mut self, message: String) {
        self.violations.push(message);
    }

    /// `@IsString() @IsNotEmpty() @MinLength(min) @MaxLength(max)`
    pub fn text(&mut self, name: &str, min: usize, max: usize) -> Option<&'a str> {
        let value = self.value(name);
        let text = value.as_str();
        // JavaScript measures string length in UTF-16 code units.
        let length = text.map(utf16_length);
        if length.is_none_or(|l| l > max) {
            self.push(format!(
                "{name} must be shorter than or equal to {max} characters"
            ));
        }
        if length.is_none_or(|l| l < min) {
            self.push(format!(
                "{name} must be longer than or equal to {min} characters"
            ));
        }
        self.not_empty_and_string(name, value);
        text.filter(|_| length.is_some_and(|l| (min..=max).contains(&l)))
    }

    fn not_empty_and_string(&mut self, name: &str, value: Property<'_>) {
        if value.is_empty() {
            self.push(format!("{name} should not be empty"));
        }
        if !value.is_string() {
            self.push(format!("{name} must be a string"));
        }
    }

    /// `@IsEmail() @IsNotEmpty()`
    pub fn email(&mut self, name: &str) -> Option<&'a str> {
        let value = self.value(name);
        let email = value.as_str().filter(|text| text.validate_email());
        if value.is_empty() {
            self.push(format!("{name} should not be empty"));
        }
        if email.is_none() {
            self.push(format!("{name} must be an email"));
        }
        email
    }

    /// `@IsString() @IsNotEmpty() @IsIn(options)`
    pub fn one_of(&mut self, name: &str, options: &[&str]) -> Option<&'a str> {
        let value = self.value(name);
        let choice = value.as_str().filter(|text| options.contains(text));
        if choice.is_none() {
            self.push(format!(
                "{name} must be one of the following values: {}",
                options.join(", ")
            ));
        }
        self.not_empty_and_string(name, value);
        choice
    }

    /// `@IsString() @IsNotEmpty() @Matches(pattern)`, with the pattern given as a predicate and
    /// its JavaScript source for the message.
    pub fn matching(
        &mut self,
        name: &str,
        pattern_source: &str,
        matches: impl Fn(&str) -> bool,
    ) -> Option<&'a str> {
        let value = self.value(name);
        let text = value.as_str().filter(|text| matches(text));
        if text.is_none() {
            self.push(format!(
                "{name} must match {pattern_source} regular expression"
            ));
        }
        self.not_empty_and_string(name, value);
        text
    }

    /// `@IsString() @IsNotEmpty() @IsISO31661Alpha2()`; returns the code upper-cased.
    pub fn country_code(&mut self, name: &str) -> Option<String> {
        let value = self.value(name);
        let code = value
            .as_str()
            .map(str::to_ascii_uppercase)
            .filter(|code| ISO_3166_ALPHA_2.contains(&code.as_str()));
        if code.is_none() {
            self.push(format!("{name} must be a valid ISO31661 Alpha2 code"));
        }
        self.not_empty_and_string(name, value);
        code
    }

    /// `@IsString() @IsNotEmpty() @IsUrl()`
    pub fn url(&mut self, name: &str) -> Option<DocumentUrl> {
        let value = self.value(name);
        let url = value.as_str().and_then(DocumentUrl::parse);
        if url.is_none() {
            self.push(format!("{name} must be a URL address"));
        }
        self.not_empty_and_string(name, value);
        url
    }

    /// `@IsDateString() @IsNotEmpty()`: a calendar date (`1990-01-15`) or an RFC 3339 instant.
    pub fn date(&mut self, name: &str) -> Option<DateTime<Utc>> {
        let value = self.value(name);
        let instant = value.as_str().and_then(parse_date_or_instant);
        if value.is_empty() {
            self.push(format!("{name} should not be empty"));
        }
        if instant.is_none() {
            self.push(format!("{name} must be a valid ISO 8601 date string"));
        }
        instant
    }
}

/// The length of `text` in UTF-16 code units, as JavaScript's `length` counts it: one per
/// character, two for those outside the Basic Multilingual Plane (four bytes in UTF-8).
fn utf16_length(text: &str) -> usize {
    text.bytes()
        .map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// The officially assigned ISO 3166-1 alpha-2 codes.
const ISO_3166_ALPHA_2: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Map, Value, json};

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn utf16_lengths_match_rust_s_own_count() {
        for text in ["", "abc", "Yé", "€", "😀", "a😀b€é", "\u{10FFFF}\u{FFFF}"] {
            assert_eq!(utf16_length(text), text.encode_utf16().count(), "{text}");
        }
    }

    #[test]
    fn a_missing_text_field_fails_every_decorator_in_reverse_order() {
        let body = object(json!({}));
        let fields = JsonFields::from_map(&body, &["first_name"]);
        let mut check = FieldCheck::new(&fields);
        assert_eq!(check.text("first_name", 3, 255), None);
        assert_eq!(
            check.finish().unwrap_err(),
            [
                "first_name must be shorter than or equal to 255 characters",
                "first_name must be longer than or equal to 3 characters",
                "first_name should not be empty",
                "first_name must be a string",
            ]
        );
    }

    #[test]
    fn unknown_properties_come_first() {
        let body = object(json!({"nickname": "JD", "first_name": "Jo"}));
        let fields = JsonFields::from_map(&body, &["first_name"]);
        let mut check = FieldCheck::new(&fields);
        check.text("first_name", 3, 255);
        assert_eq!(
            check.finish().unwrap_err(),
            [
                "property nickname should not exist",
                "first_name must be longer than or equal to 3 characters",
            ]
        );
    }

    #[test]
    fn lengths_count_utf16_units_like_javascript() {
        let body = object(json!({"city": "Yé"}));
        let fields = JsonFields::from_map(&body, &["city"]);
        let mut check = FieldCheck::new(&fields);
        assert_eq!(check.text("city", 2, 255), Some("Yé"));
        assert!(check.finish().is_ok());
    }

    #[test]
    fn dates_accept_calendar_dates_and_instants_only() {
        assert_eq!(
            parse_date_or_instant("1990-01-15").map(|d| d.to_rfc3339()),
            Some("1990-01-15T00:00:00+00:00".into())
        );
        assert!(parse_date_or_instant("1990-02-30").is_none());
        assert!(parse_date_or_instant("15/01/1990").is_none());
        assert!(parse_date_or_instant("1990-01-15T10:00:00+01:00").is_some());
    }

    #[test]
    fn country_codes_are_checked_against_iso_3166() {
        let body = object(json!({"a": "cm", "b": "XX"}));
        let fields = JsonFields::from_map(&body, &["a", "b"]);
        let mut check = FieldCheck::new(&fields);
        assert_eq!(check.country_code("a").as_deref(), Some("CM"));
        assert_eq!(check.country_code("b"), None);
        assert_eq!(
            check.finish().unwrap_err(),
            ["b must be a valid ISO31661 Alpha2 code"]
        );
    }
}
