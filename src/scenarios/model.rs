//! The YAML schema of a scenario file, exactly as written; [`super::compile`] checks what serde
//! cannot (known provider, existing route, valid regex...) and turns it into executable rules.
//! Values that later checks may reject are [`Spanned`] so their messages name line and column.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use serde_json::Value;
use serde_saphyr::Spanned;

/// One file: one scenario.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioDoc {
    pub name: Spanned<String>,
    #[serde(default)]
    pub description: String,
    pub rules: Spanned<Vec<Spanned<RuleDoc>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDoc {
    #[serde(rename = "match")]
    pub matcher: MatchDoc,
    #[serde(default)]
    pub respond: Option<Spanned<RespondDoc>>,
    #[serde(default)]
    pub fault: Option<FaultDoc>,
    #[serde(default)]
    pub pass_through: Option<Spanned<bool>>,
    #[serde(default)]
    pub delay: Option<Spanned<DelayDoc>>,
    /// Apply at most this many times (per tenant), then stop matching.
    #[serde(default)]
    pub times: Option<Spanned<u64>>,
    /// Let the first N matches (per tenant) through untouched.
    #[serde(default)]
    pub after: Option<u64>,
    #[serde(default)]
    pub probability: Option<Spanned<f64>>,
    #[serde(default)]
    pub seed: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchDoc {
    pub provider: Spanned<String>,
    #[serde(default)]
    pub method: Option<Spanned<String>>,
    /// A template such as `/customers/{id}` (relative to the provider's base path or full), or
    /// a concrete path.
    #[serde(default)]
    pub path: Option<Spanned<String>>,
    #[serde(default)]
    pub headers: BTreeMap<String, Spanned<ConditionDoc>>,
    #[serde(default)]
    pub query: BTreeMap<String, Spanned<ConditionDoc>>,
    /// JSON pointer (`/customer/email`) → condition on the JSON request body.
    #[serde(default)]
    pub body: BTreeMap<String, Spanned<ConditionDoc>>,
    #[serde(default)]
    pub tenant: Option<Spanned<String>>,
}

/// Exactly one of the three; checked in `compile`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionDoc {
    #[serde(default)]
    pub equals: Option<Value>,
    #[serde(default)]
    pub regex: Option<String>,
    #[serde(default)]
    pub exists: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RespondDoc {
    pub status: Spanned<u16>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub body: Option<Value>,
    /// Send `body` as it is instead of inside the provider's error envelope.
    #[serde(default)]
    pub raw: bool,
    #[serde(default)]
    pub headers: BTreeMap<String, Spanned<String>>,
}

/// WireMock's fault names, in snake case; WireMock's own spelling is accepted too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultDoc {
    #[serde(alias = "CONNECTION_RESET_BY_PEER")]
    ConnectionResetByPeer,
    #[serde(alias = "EMPTY_RESPONSE")]
    EmptyResponse,
    #[serde(alias = "MALFORMED_RESPONSE_CHUNK")]
    MalformedResponseChunk,
    #[serde(alias = "RANDOM_DATA_THEN_CLOSE")]
    RandomDataThenClose,
    Hang,
}

/// WireMock's three delay shapes: `fixed`, `uniform` and `lognormal`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum DelayDoc {
    Fixed(Millis),
    Uniform {
        lower: Millis,
        upper: Millis,
    },
    Lognormal {
        median: Millis,
        sigma: f64,
        #[serde(default)]
        max: Option<Millis>,
    },
}

/// A duration written as milliseconds (`250`) or with a unit (`250ms`, `1.5s`, `2m`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Millis(pub Duration);

impl Millis {
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let split = text
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let number: f64 = number
            .parse()
            .map_err(|_| format!("invalid duration {text:?}: expected e.g. 250ms, 2s or 1m"))?;
        let seconds = match unit.trim() {
            "" | "ms" => number / 1000.0,
            "s" => number,
            "m" => number * 60.0,
            other => {
                return Err(format!(
                    "invalid duration unit {other:?} in {text:?}: use ms, s or m"
                ));
            }
        };
        Duration::try_from_secs_f64(seconds)
            .map(Millis)
            .map_err(|_| format!("invalid duration {text:?}"))
    }
}

impl<'de> Deserialize<'de> for Millis {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MillisVisitor;

        impl Visitor<'_> for MillisVisitor {
            type Value = Millis;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a duration such as 250 (milliseconds), 250ms, 2s or 1m")
            }

            fn visit_u64<E: de::Error>(self, ms: u64) -> Result<Millis, E> {
                Ok(Millis(Duration::from_millis(ms)))
            }

            fn visit_i64<E: de::Error>(self, ms: i64) -> Result<Millis, E> {
                u64::try_from(ms)
                    .map(|ms| Millis(Duration::from_millis(ms)))
                    .map_err(|_| E::custom("a duration cannot be negative"))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Millis, E> {
                Millis::parse(text).map_err(E::custom)
            }
        }

        deserializer.deserialize_any(MillisVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_milliseconds_or_a_unit() {
        assert_eq!(Millis::parse("250").unwrap().0, Duration::from_millis(250));
        assert_eq!(
            Millis::parse("250ms").unwrap().0,
            Duration::from_millis(250)
        );
        assert_eq!(
            Millis::parse("1.5s").unwrap().0,
            Duration::from_millis(1500)
        );
        assert_eq!(Millis::parse("2m").unwrap().0, Duration::from_secs(120));
        assert!(Millis::parse("2h").unwrap_err().contains("use ms, s or m"));
        assert!(Millis::parse("soon").is_err());
    }
}
