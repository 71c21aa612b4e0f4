//! A shortcut for the request body nearly every client sends: one JSON object whose keys and
//! values are all strings without escapes. Such a body is scanned here in one pass, its strings
//! borrowed from it; anything else (a number, `null`, a nested value, an escape, a syntax
//! error) makes the scan give up, and the caller reads the body with serde_json instead, which
//! then gives its own results and errors. So the shortcut never changes an answer: for a body
//! it accepts, serde_json reads the same properties with the same values.
//!
//! serde_json spends most of its time on such a body between the strings (its visitor calls, a
//! UTF-8 check per string); here the whole body's UTF-8 is checked once and each string's end
//! is found eight bytes at a time.

/// Calls `property(key, value)` for each property of `body`, in order, and returns `true` when
/// the body is a flat object of plain strings. On `false`, whatever was passed to `property` is
/// to be thrown away.
pub fn scan_string_object<'de>(
    body: &'de [u8],
    mut property: impl FnMut(&'de str, &'de str),
) -> bool {
    let Ok(text) = std::str::from_utf8(body) else {
        return false;
    };
    let mut at = skip_whitespace(body, 0);
    if body.get(at) != Some(&b'{') {
        return false;
    }
    at = skip_whitespace(body, at + 1);
    if body.get(at) == Some(&b'}') {
        return skip_whitespace(body, at + 1) == body.len();
    }
    loop {
        let Some((key, after_key)) = plain_string(text, at) else {
            return false;
        };
        at = skip_whitespace(body, after_key);
        if body.get(at) != Some(&b':') {
            return false;
        }
        at = skip_whitespace(body, at + 1);
        let Some((value, after_value)) = plain_string(text, at) else {
            return false;
        };
        property(key, value);
        at = skip_whitespace(body, after_value);
        match body.get(at) {
            Some(b',') => at = skip_whitespace(body, at + 1),
            Some(b'}') => return skip_whitespace(body, at + 1) == body.len(),
            _ => return false,
        }
    }
}

/// JSON's whitespace: space, tab, line feed, carriage return.
fn skip_whitespace(body: &[u8], mut at: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = body.get(at) {
        at += 1;
    }
    at
}

/// The string whose opening quote is at `at`, and the position after its closing quote; `None`
/// when there is no string there or it holds an escape or a control character (which serde_json
/// refuses).
fn plain_string(text: &str, at: usize) -> Option<(&str, usize)> {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let start = at + 1;
    let end = start + first_special(&bytes[start..])?;
    if bytes[end] != b'"' {
        return None;
    }
    // Quotes are ASCII, so both ends are character boundaries.
    Some((text.get(start..end)?, end + 1))
}

/// The index of the first byte a JSON string cannot hold as it is (`"`, `\` or a control
/// character, below 0x20) in `bytes`: where a plain string ends, and what a writer must escape.
pub(crate) fn first_special(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::MAX / 255;
    const HIGHS: u64 = ONES << 7;
    let mut words = bytes.chunks_exact(8);
    let mut offset = 0;
    for word in words.by_ref() {
        let mut eight = [0; 8];
        eight.copy_from_slice(word);
        let word = u64::from_le_bytes(eight);
        // Mycroft's test for a zero byte, per byte class: the lowest flagged byte is exact (a
        // higher one may be a false alarm), and the first byte in memory is the lowest.
        let control = word.wrapping_sub(ONES * 0x20) & !word;
        let quote = word ^ (ONES * u64::from(b'"'));
        let quote = quote.wrapping_sub(ONES) & !quote;
        let backslash = word ^ (ONES * u64::from(b'\\'));
        let backslash = backslash.wrapping_sub(ONES) & !backslash;
        let found = (control | quote | backslash) & HIGHS;
        if found != 0 {
            return Some(offset + (found.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
        .map(|index| offset + index)
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value};

    use super::*;

    fn scanned(body: &str) -> Option<Vec<(&str, &str)>> {
        let mut properties = Vec::new();
        scan_string_object(body.as_bytes(), |key, value| properties.push((key, value)))
            .then_some(properties)
    }

    /// What serde_json makes of a body the scan accepts: the same properties, in order (the
    /// last value of a repeated key at its first place, as the scan's caller keeps them).
    fn agrees_with_serde_json(body: &str) {
        let Some(properties) = scanned(body) else {
            return;
        };
        let Ok(Value::Object(object)) = serde_json::from_str::<Value>(body) else {
            panic!("serde_json refuses a body the scan accepted: {body:?}");
        };
        let mut ours = Map::new();
        for (key, value) in properties {
            ours.insert(key.to_owned(), Value::String(value.to_owned()));
        }
        assert_eq!(ours, object, "{body:?}");
    }

    #[test]
    fn plain_string_objects_are_scanned() {
        assert_eq!(
            scanned(r#" {"a" : "x", "b":"Bogotá" ,"c":""} "#),
            Some(vec![("a", "x"), ("b", "Bogotá"), ("c", "")])
        );
        assert_eq!(scanned("{}"), Some(vec![]));
        assert_eq!(scanned("\t{\r\n}\n"), Some(vec![]));
    }

    #[test]
    fn anything_else_is_left_to_serde_json() {
        for body in [
            r#"{"a": 1}"#,
            r#"{"a": null}"#,
            r#"{"a": ["x"]}"#,
            r#"{"a": {"b": "c"}}"#,
            r#"{"a": "x\"y"}"#,
            r#"{"a\u0062": "x"}"#,
            "{\"a\": \"tab\tinside\"}",
            r#"{"a": "x",}"#,
            r#"{"a": "x"} x"#,
            r#"{"a": "x""#,
            r#"{"a" "x"}"#,
            r#"{"a": "x" "b": "y"}"#,
            r#"{a: "x"}"#,
            r#"["a"]"#,
            r#""a""#,
            "",
            "{",
            "\u{feff}{}",
            "{}\u{a0}",
        ] {
            assert_eq!(scanned(body), None, "{body:?}");
        }
        assert!(!scan_string_object(b"{\"a\": \"\xff\"}", |_, _| {}));
    }

    #[test]
    fn accepted_bodies_read_as_serde_json_reads_them() {
        let pieces = [
            "{",
            "}",
            "\"a\"",
            "\"bb\"",
            "\"é😀\"",
            ":",
            ",",
            " ",
            "\n",
            "\"\"",
            "1",
            "\"\\n\"",
            "\"0123456789abcdef\"",
        ];
        // Every sequence of up to five pieces.
        let mut bodies = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = bodies
                .iter()
                .flat_map(|body| pieces.iter().map(move |piece| format!("{body}{piece}")))
                .collect();
            for body in &longer {
                agrees_with_serde_json(body);
            }
            bodies = longer;
        }
        agrees_with_serde_json(r#"{"a": "1", "b": "2", "a": "3"}"#);
    }

    #[test]
    fn specials_are_found_at_every_offset() {
        for length in 0..40 {
            for special in [b'"', b'\\', 0x00, 0x1f] {
                for at in 0..length {
                    let mut bytes = vec![b'a'; length];
                    bytes[at] = special;
                    if at + 1 < length {
                        bytes[at + 1] = special;
                    }
                    assert_eq!(first_special(&bytes), Some(at), "{length} {special} {at}");
                }
                assert_eq!(first_special(&vec![0x7f; length]), None);
                assert_eq!(first_special(&vec![0xe9; length]), None);
                assert_eq!(first_special(&vec![0x20; length]), None);
            }
        }
    }
}
