//! YAML parsing for every file the sandbox reads (fixtures, scenarios), with errors that point at
//! `file:line:column` the way a compiler does.
//!
//! ```
//! #[derive(Debug, serde::Deserialize)]
//! struct Port { port: u16 }
//!
//! let err = fintech_sandbox::yaml::parse::<Port>("sandbox.yaml", "port: lots\n").unwrap_err();
//! assert_eq!(err.line, Some(1));
//! assert!(err.to_string().starts_with("sandbox.yaml:1:7: "));
//! ```

use std::fmt;

use serde::de::DeserializeOwned;

/// A file that could not be read or understood, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// The file as the user knows it (a path, or `fixtures/cartevo.yaml (embedded)`).
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub message: String,
}

impl FileError {
    /// An error about the file as a whole, or about a value whose position is not known.
    pub fn whole_file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => {
                write!(f, "{}:{line}:{column}: {}", self.file, self.message)
            }
            _ => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for FileError {}

/// Parses `text` (the contents of `file`) into `T`, rejecting duplicate keys.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, FileError> {
    let options = serde_saphyr::Options {
        with_snippet: false,
        ..serde_saphyr::Options::default()
    };
    serde_saphyr::from_str_with_options(text, options).map_err(|error| {
        let location = error.location();
        let mut message = error.to_string();
        if let Some(location) = location {
            let suffix = format!(" at line {}, column {}", location.line(), location.column());
            if let Some(stripped) = message.strip_suffix(&suffix) {
                message = stripped.to_owned();
            }
        }
        FileError {
            file: file.to_owned(),
            line: location.map(|l| l.line()),
            column: location.map(|l| l.column()),
            message,
        }
    })
}
