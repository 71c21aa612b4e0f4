//! JSON text written straight into one pre-sized buffer, byte for byte as `serde_json::to_vec`
//! writes it, for the responses every request of a hot route renders.
//!
//! Rendering an enroll response through serde (a `Serialize` struct per level, a growing
//! `Vec`, serde_json's byte-by-byte escaping) was an eighth of the request's instructions.
//! Keys here are literals written as they are, and a string that needs no escape (nearly all
//! of them) is copied in one go after a scan eight bytes at a time; one that does is handed to
//! serde_json, so escapes are serde_json's own.
//!
//! ```
//! use fintech_sandbox::http::json_writer::JsonWriter;
//!
//! let mut json = JsonWriter::with_capacity(64);
//! json.raw("{\"name\":");
//! json.string("Ada \"Countess\" Lovelace");
//! json.raw("}");
//! assert_eq!(json.into_bytes(), serde_json::to_vec(&serde_json::json!({"name": "Ada \"Countess\" Lovelace"})).unwrap());
//! ```

use super::flat_json::first_special;

/// A JSON document being written.
#[derive(Debug, Default)]
pub struct JsonWriter {
    out: Vec<u8>,
}

/// Something that writes itself as one JSON value.
pub trait WriteJson {
    fn write_json(&self, json: &mut JsonWriter);

    /// Roughly how many bytes it writes, to size the buffer once.
    fn size_hint(&self) -> usize {
        256
    }
}

impl JsonWriter {
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            out: Vec::with_capacity(capacity),
        }
    }

    /// JSON text written as it is: punctuation and keys (`,"name":`). The caller keeps it valid.
    pub fn raw(&mut self, text: &str) {
        self.out.extend_from_slice(text.as_bytes());
    }

    /// A string value, quoted and escaped.
    pub fn string(&mut self, text: &str) {
        if first_special(text.as_bytes()).is_some() {
            // Writing into a Vec cannot fail, and a str always serialises.
            let _ = serde_json::to_writer(&mut self.out, text);
        } else {
            self.out.reserve(text.len() + 2);
            self.out.push(b'"');
            self.out.extend_from_slice(text.as_bytes());
            self.out.push(b'"');
        }
    }

    /// `"text"` or `null`.
    pub fn optional_string(&mut self, text: Option<&str>) {
        match text {
            Some(text) => self.string(text),
            None => self.raw("null"),
        }
    }

    pub fn bool(&mut self, value: bool) {
        self.raw(if value { "true" } else { "false" });
    }

    pub fn unsigned(&mut self, value: u64) {
        self.raw(itoa::Buffer::new().format(value));
    }

    /// A value that writes itself.
    pub fn value(&mut self, value: &impl WriteJson) {
        value.write_json(self);
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let samples = [
            "",
            "plain",
            "María-José Fernández",
            "quote \" and backslash \\",
            "controls \u{0} \u{1f} \n \t \r \u{7f}",
            "emoji 😀 and U+2028 \u{2028}",
            "</script>",
        ];
        for text in samples {
            let mut json = JsonWriter::default();
            json.string(text);
            assert_eq!(
                json.into_bytes(),
                serde_json::to_vec(text).unwrap(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn numbers_are_written_in_full() {
        for value in [0, 7, 10, 201, 65_535, u64::MAX] {
            let mut json = JsonWriter::default();
            json.unsigned(value);
            assert_eq!(json.into_bytes(), value.to_string().into_bytes());
        }
    }
}
