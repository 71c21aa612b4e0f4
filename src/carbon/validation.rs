//! Field rules that report like Carbon's SDK fixtures show: every failure collected as
//! `{msg, param}`, in field order, one message per field (the first rule it breaks). Unknown
//! properties are ignored, as express-validator does.
//!
//! ```
//! use fintech_sandbox::carbon::validation::FieldRules;
//! use serde_json::json;
//!
//! let body = json!({"bvn": "123"});
//! let mut rules = FieldRules::new(body.as_object().unwrap());
//! assert_eq!(rules.digits("bvn", "BVN", 11), None);
//! let errors = rules.finish().unwrap_err();
//! assert_eq!(errors[0].msg, "BVN must be 11 numbers long");
//! assert_eq!(errors[0].param, "bvn");
//! ```

use serde_json::{Map, Value};
use validator::ValidateEmail;

use super::envelope::FieldError;

/// Checks the fields of one JSON object and collects every failure.
pub struct FieldRules<'a> {
    body: &'a Map<String, Value>,
    errors: Vec<FieldError>,
}

impl<'a> FieldRules<'a> {
    pub fn new(body: &'a Map<String, Value>) -> Self {
        Self {
            body,
            errors: Vec::new(),
        }
    }

    /// The failures so far, or `Ok` when there are none.
    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }

    fn fail(&mut self, param: &'static str, msg: impl Into<String>) {
        self.errors.push(FieldError::new(param, msg));
    }

    /// A string that may be absent (`null`, missing or blank count as absent); trimmed.
    pub fn optional_text(&mut self, name: &'static str) -> Option<&'a str> {
        match self.body.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(text.trim()).filter(|text| !text.is_empty()),
            Some(_) => {
                self.fail(name, format!("{name} must be a string"));
                None
            }
        }
    }

    /// Whether `name` was given a non-null value (even one that fails its rules).
    pub fn is_present(&self, name: &str) -> bool {
        !matches!(self.body.get(name), None | Some(Value::Null))
    }

    /// `{name} is required` when absent or blank, `{name} must be a string` for other types.
    pub fn required_text(&mut self, name: &'static str) -> Option<&'a str> {
        self.required_text_or(name, &format!("{name} is required"))
    }

    /// A required string whose absence is reported as `missing`.
    pub fn required_text_or(&mut self, name: &'static str, missing: &str) -> Option<&'a str> {
        let failures = self.errors.len();
        let text = self.optional_text(name);
        // A wrong type has already been reported; only absence is left to say.
        if text.is_none() && self.errors.len() == failures {
            self.fail(name, missing);
        }
        text
    }

    /// A required string that must satisfy `valid`, else `message`.
    pub fn required_matching(
        &mut self,
        name: &'static str,
        message: &str,
        valid: impl Fn(&str) -> bool,
    ) -> Option<&'a str> {
        let text = self.required_text(name)?;
        if valid(text) {
            Some(text)
        } else {
            self.fail(name, message);
            None
        }
    }

    /// A required email address.
    pub fn email(&mut self, name: &'static str) -> Option<&'a str> {
        self.required_matching(
            name,
            &format!("{name} must be a valid email address"),
            |text| text.validate_email(),
        )
    }

    /// An optional string of exactly `length` ASCII digits; `{label} must be {length} numbers
    /// long` otherwise (the wording of Carbon's BVN and NIN rules).
    pub fn digits(&mut self, name: &'static str, label: &str, length: usize) -> Option<&'a str> {
        let text = self.optional_text(name)?;
        if text.len() == length && text.bytes().all(|b| b.is_ascii_digit()) {
            Some(text)
        } else {
            self.fail(name, format!("{label} must be {length} numbers long"));
            None
        }
    }

    /// A required choice among `options`, matched case-insensitively and returned as listed.
    pub fn choice(&mut self, name: &'static str, options: &[&'static str]) -> Option<&'static str> {
        let text = self.required_text(name)?;
        let choice = options
            .iter()
            .find(|option| option.eq_ignore_ascii_case(text))
            .copied();
        if choice.is_none() {
            self.fail(
                name,
                format!("{name} must be one of: {}", options.join(", ")),
            );
        }
        choice
    }

    /// An optional boolean: `default` when absent, `{name} must be a boolean` for other types.
    pub fn boolean(&mut self, name: &'static str, default: bool) -> Option<bool> {
        match self.body.get(name) {
            None | Some(Value::Null) => Some(default),
            Some(Value::Bool(flag)) => Some(*flag),
            Some(_) => {
                self.fail(name, format!("{name} must be a boolean"));
                None
            }
        }
    }

    /// Records a rule that depends on more than one field.
    pub fn require(&mut self, holds: bool, param: &'static str, message: &str) {
        if !holds {
            self.fail(param, message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn missing_blank_and_mistyped_text_fail_differently() {
        let body = object(json!({"a": "  ", "b": 7, "c": " x "}));
        let mut rules = FieldRules::new(&body);
        assert_eq!(rules.required_text("a"), None);
        assert_eq!(rules.required_text("b"), None);
        assert_eq!(rules.required_text("c"), Some("x"));
        assert_eq!(rules.required_text("d"), None);
        let messages: Vec<_> = rules
            .finish()
            .unwrap_err()
            .into_iter()
            .map(|e| e.msg)
            .collect();
        assert_eq!(
            messages,
            ["a is required", "b must be a string", "d is required"]
        );
    }

    #[test]
    fn digits_must_have_the_exact_length() {
        let body = object(json!({"bvn": "1234567890a", "nin": "12345678901"}));
        let mut rules = FieldRules::new(&body);
        assert_eq!(rules.digits("bvn", "BVN", 11), None);
        assert_eq!(rules.digits("nin", "NIN", 11), Some("12345678901"));
        assert_eq!(rules.digits("missing", "X", 11), None);
        assert_eq!(
            rules.finish().unwrap_err(),
            [FieldError::new("bvn", "BVN must be 11 numbers long")]
        );
    }

    #[test]
    fn choices_ignore_case_and_booleans_default() {
        let body = object(json!({"gender": "male", "flag": "yes"}));
        let mut rules = FieldRules::new(&body);
        assert_eq!(rules.choice("gender", &["MALE", "FEMALE"]), Some("MALE"));
        assert_eq!(rules.boolean("absent", true), Some(true));
        assert_eq!(rules.boolean("flag", true), None);
        assert_eq!(
            rules.finish().unwrap_err(),
            [FieldError::new("flag", "flag must be a boolean")]
        );
    }
}
