//! A JSON object read in one pass into the slots of a fixed list of property names, for request
//! bodies whose properties are known in advance (Cartevo's enroll and token requests).
//!
//! Parsing into a `serde_json::Map` first built a tree of owned strings in an `IndexMap` hashed
//! with SipHash, only for validation to look each field up once: a fifth of an enroll request's
//! instructions. Here each key goes straight to its slot, string values stay borrowed from the
//! body unless they hold escapes, and nested values are walked without being kept. What
//! validation needs survives: every slot's JSON type, and the names outside the list in body
//! order. A property sent twice keeps its last value and its first position, as `Map` does.
//!
//! A flat object of plain strings, what clients nearly always send, is read by the shortcut in
//! `flat_json`; any other body by serde_json's parser. Its syntax errors are the same, word for
//! word and position for position, as `serde_json::from_slice::<Value>` gives: the same parser
//! runs, and every value (nested ones too) is read with `deserialize_any`, as `Value` reads it,
//! so for instance an out-of-range number is refused in both.
//!
//! ```
//! use fintech_sandbox::http::json_fields::{JsonFields, Property};
//!
//! let body = br#"{"name": "Ada", "age": 36, "nickname": "A"}"#;
//! let fields = JsonFields::parse(body, &["name", "age"]).unwrap().unwrap();
//! assert_eq!(fields.get("name").as_str(), Some("Ada"));
//! assert_eq!(fields.get("age"), Property::Number);
//! assert_eq!(fields.unknown().collect::<Vec<_>>(), ["nickname"]);
//! ```

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use super::flat_json;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// One property's value as validation sees it: its JSON type, and its text when it is a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Property<'a> {
    /// Not in the body.
    Absent,
    Null,
    Bool,
    Number,
    String(&'a str),
    Array,
    Object,
}

impl<'a> Property<'a> {
    /// The text of a string value.
    pub fn as_str(self) -> Option<&'a str> {
        match self {
            Property::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn is_string(self) -> bool {
        matches!(self, Property::String(_))
    }

    /// Absent, `null` or `""`: what class-validator's `@IsNotEmpty()` refuses.
    pub fn is_empty(self) -> bool {
        matches!(
            self,
            Property::Absent | Property::Null | Property::String("")
        )
    }

    fn of_value(value: Option<&'a Value>) -> Self {
        match value {
            None => Property::Absent,
            Some(Value::Null) => Property::Null,
            Some(Value::Bool(_)) => Property::Bool,
            Some(Value::Number(_)) => Property::Number,
            Some(Value::String(text)) => Property::String(text),
            Some(Value::Array(_)) => Property::Array,
            Some(Value::Object(_)) => Property::Object,
        }
    }
}

/// A slot's value as parsed: a [`Property`] whose text is borrowed from the body, or owned when
/// the JSON string held escapes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Slot<'de> {
    Absent,
    Null,
    Bool,
    Number,
    String(Cow<'de, str>),
    Array,
    Object,
}

impl Slot<'_> {
    fn property(&self) -> Property<'_> {
        match self {
            Slot::Absent => Property::Absent,
            Slot::Null => Property::Null,
            Slot::Bool => Property::Bool,
            Slot::Number => Property::Number,
            Slot::String(text) => Property::String(text),
            Slot::Array => Property::Array,
            Slot::Object => Property::Object,
        }
    }
}

/// The properties of one JSON object, one slot per name of `names`.
#[derive(Debug, Clone)]
pub struct JsonFields<'de, const N: usize> {
    names: &'static [&'static str; N],
    slots: [Slot<'de>; N],
    /// Names outside `names`, each once, in body order.
    unknown: Vec<Cow<'de, str>>,
    /// Where the next name lookup starts: just after the last name found.
    next: Cell<usize>,
}

impl<'de, const N: usize> JsonFields<'de, N> {
    /// Parses `body`, which should hold a JSON object: `Ok(None)` when it is valid JSON of
    /// another type, `Err` with serde_json's message when it is not valid JSON.
    pub fn parse(
        body: &'de [u8],
        names: &'static [&'static str; N],
    ) -> Result<Option<Self>, serde_json::Error> {
        let mut fields = Self::empty(names);
        let flat = flat_json::scan_string_object(body, |key, value| {
            fields.set(Cow::Borrowed(key), Slot::String(Cow::Borrowed(value)));
        });
        if flat {
            return Ok(Some(fields));
        }
        Self::parse_with_serde(body, names)
    }

    /// [`JsonFields::parse`] for any body, through serde_json's parser.
    fn parse_with_serde(
        body: &'de [u8],
        names: &'static [&'static str; N],
    ) -> Result<Option<Self>, serde_json::Error> {
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let fields = TopLevel { names }.deserialize(&mut deserializer)?;
        deserializer.end()?;
        Ok(fields)
    }

    /// The properties of an object already parsed (fixture files, form fields).
    pub fn from_map(map: &'de Map<String, Value>, names: &'static [&'static str; N]) -> Self {
        let mut fields = Self::empty(names);
        for (key, value) in map {
            match fields.position(key) {
                Some(index) => fields.slots[index] = Slot::of_value(value),
                None => fields.unknown.push(Cow::Borrowed(key)),
            }
        }
        fields
    }

    fn empty(names: &'static [&'static str; N]) -> Self {
        Self {
            names,
            slots: std::array::from_fn(|_| Slot::Absent),
            unknown: Vec::new(),
            next: Cell::new(0),
        }
    }

    /// Where `name` is in the list. Bodies, and the checks that read them, go through the
    /// properties in list order nearly always, so the search starts after the last name found
    /// and usually ends at its first comparison.
    fn position(&self, name: &str) -> Option<usize> {
        let start = self.next.get().min(N);
        let (before, after) = self.names.split_at(start);
        let found = match after.iter().position(|candidate| *candidate == name) {
            Some(offset) => start + offset,
            None => before.iter().position(|candidate| *candidate == name)?,
        };
        self.next.set(found + 1);
        Some(found)
    }

    /// The value of `name`; [`Property::Absent`] for a name outside the list, too.
    pub fn get(&self, name: &str) -> Property<'_> {
        self.position(name)
            .map_or(Property::Absent, |index| self.slots[index].property())
    }

    /// The body's property names outside the list, each once, in body order.
    pub fn unknown(&self) -> impl Iterator<Item = &str> {
        self.unknown.iter().map(|name| &**name)
    }

    fn set(&mut self, key: Cow<'de, str>, value: Slot<'de>) {
        match self.position(&key) {
            Some(index) => self.slots[index] = value,
            None if self.unknown.contains(&key) => {}
            None => self.unknown.push(key),
        }
    }
}

impl<'de> Slot<'de> {
    fn of_value(value: &'de Value) -> Self {
        match Property::of_value(Some(value)) {
            Property::Absent => Slot::Absent,
            Property::Null => Slot::Null,
            Property::Bool => Slot::Bool,
            Property::Number => Slot::Number,
            Property::String(text) => Slot::String(Cow::Borrowed(text)),
            Property::Array => Slot::Array,
            Property::Object => Slot::Object,
        }
    }
}

/// The body as a whole: an object is read into its slots, anything else is read to its end (so
/// that its syntax errors are reported) and then refused.
struct TopLevel<const N: usize> {
    names: &'static [&'static str; N],
}

impl<'de, const N: usize> DeserializeSeed<'de> for TopLevel<N> {
    type Value = Option<JsonFields<'de, N>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, const N: usize> Visitor<'de> for TopLevel<N> {
    type Value = Option<JsonFields<'de, N>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = JsonFields::empty(self.names);
        while let Some(key) = map.next_key_seed(Key)? {
            let value = map.next_value_seed(AnyValue)?;
            fields.set(key, value);
        }
        Ok(Some(fields))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        skip_seq(seq).map(|()| None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// An object key, borrowed from the body when it holds no escape.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(text))
    }

    fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text.to_owned()))
    }
}

/// A property's value: its type, and its text when it is a string. Arrays and objects are read
/// through (every nested value with `deserialize_any`, as `Value` reads it) and dropped.
struct AnyValue;

impl<'de> DeserializeSeed<'de> for AnyValue {
    type Value = Slot<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AnyValue {
    type Value = Slot<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Slot::Null)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Slot::Bool)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Slot::Number)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Slot::Number)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Slot::Number)
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Slot::String(Cow::Borrowed(text)))
    }

    fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Slot::String(Cow::Owned(text.to_owned())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        skip_seq(seq).map(|()| Slot::Array)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        skip_map(map).map(|()| Slot::Object)
    }
}

fn skip_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element_seed(AnyValue)?.is_some() {}
    Ok(())
}

fn skip_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_key_seed(Key)?.is_some() {
        map.next_value_seed(AnyValue)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 3] = ["a", "b", "c"];

    fn parse(body: &str) -> Result<Option<JsonFields<'_, 3>>, String> {
        JsonFields::parse(body.as_bytes(), &NAMES).map_err(|error| error.to_string())
    }

    fn parse_with_serde(body: &str) -> Result<Option<JsonFields<'_, 3>>, String> {
        JsonFields::parse_with_serde(body.as_bytes(), &NAMES).map_err(|error| error.to_string())
    }

    /// What the `serde_json::Value` route made of the same body.
    fn via_value(body: &str) -> Result<Option<JsonFields<'static, 3>>, String> {
        match serde_json::from_str::<Value>(body) {
            Ok(Value::Object(map)) => {
                let map: &'static Map<String, Value> = Box::leak(Box::new(map));
                Ok(Some(JsonFields::from_map(map, &NAMES)))
            }
            Ok(_) => Ok(None),
            Err(error) => Err(error.to_string()),
        }
    }

    fn summary<'a>(fields: &'a JsonFields<'_, 3>) -> (Vec<Property<'a>>, Vec<&'a str>) {
        (
            NAMES.iter().map(|name| fields.get(name)).collect(),
            fields.unknown().collect(),
        )
    }

    #[test]
    fn agrees_with_serde_json_value_on_every_body() {
        let bodies = [
            r#"{"a": "x", "b": "y", "c": ""}"#,
            r#"{"zz": "1", "a": "x", "zz": "2", "yy": "3", "a": "last"}"#,
            r#"{"a": "x", "b": 1, "c": null}"#,
            r#"{"a": "x\u00e9\n", "zz": [1, {"q": [true]}], "b": {"k": "v"}, "c": false}"#,
            r#"{"b": 1, "b": "again", "y": 1, "x": 2, "y": 3}"#,
            r#"{"\u0061": "escaped key", "é": 1}"#,
            r#"{}"#,
            r#"  {"a": -1.5e3}  "#,
            "[1, 2]",
            "null",
            "\"text\"",
            "12",
            "true",
            r#"{"a": }"#,
            r#"{"a": 1,}"#,
            r#"{"a": 1} x"#,
            r#"{"a": 1e400}"#,
            r#"{"z": [1e400]}"#,
            r#"{"z": {"y": [1, 2,]}}"#,
            r#"{"a": "\ud800"}"#,
            r#"{"z": ["\ud800"]}"#,
            r#"{"a": "\x"}"#,
            r#"{1: 2}"#,
            r#"{"a": 1"#,
            "",
            r#"[1, }"#,
            r#"{"a": 18446744073709551616}"#,
            r#"{"a": "tab	inside"}"#,
        ];
        for body in bodies {
            let theirs = via_value(body);
            for ours in [parse(body), parse_with_serde(body)] {
                match (&ours, &theirs) {
                    (Ok(Some(ours)), Ok(Some(theirs))) => {
                        assert_eq!(summary(ours), summary(theirs), "{body}")
                    }
                    (Ok(None), Ok(None)) => {}
                    (Err(ours), Err(theirs)) => assert_eq!(ours, theirs, "{body}"),
                    _ => panic!("{body}: {ours:?} vs {theirs:?}"),
                }
            }
        }
    }

    #[test]
    fn names_are_found_in_any_order() {
        let Ok(Some(fields)) = parse(r#"{"c": "3", "a": "1", "b": "2"}"#) else {
            panic!("an object")
        };
        for name in ["c", "a", "b", "a", "zz", "c", "c", "b"] {
            let expected = match name {
                "a" => Property::String("1"),
                "b" => Property::String("2"),
                "c" => Property::String("3"),
                _ => Property::Absent,
            };
            assert_eq!(fields.get(name), expected, "{name}");
        }
    }

    #[test]
    fn strings_stay_borrowed_unless_escaped() {
        let Ok(Some(fields)) = parse(r#"{"a": "plain", "b": "esc\"aped"}"#) else {
            panic!("an object")
        };
        assert!(matches!(
            fields.slots[0],
            Slot::String(Cow::Borrowed("plain"))
        ));
        assert!(matches!(&fields.slots[1], Slot::String(Cow::Owned(text)) if text == "esc\"aped"));
    }

    #[test]
    fn a_repeated_property_keeps_its_last_value_and_first_position() {
        for body in [
            r#"{"x": 1, "a": 1, "y": 2, "a": "last", "x": 3}"#,
            r#"{"x": "1", "a": "1", "y": "2", "a": "last", "x": "3"}"#,
        ] {
            let Ok(Some(fields)) = parse(body) else {
                panic!("an object")
            };
            assert_eq!(fields.get("a"), Property::String("last"));
            assert_eq!(fields.unknown().collect::<Vec<_>>(), ["x", "y"]);
        }
    }
}
