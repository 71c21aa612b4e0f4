//! Fixture files: the tenants and records each emulated provider starts with (and goes back to on
//! reset). The repository's `fixtures/` directory is compiled into the binary, so the sandbox
//! runs from anywhere; `--fixtures DIR` replaces it wholesale.
//!
//! Each provider owns one file, named after it (`cartevo.yaml`, `carbon.yaml`), and parses it
//! with its own schema via [`FixtureSet::parse`]. A file missing from a `--fixtures` directory
//! leaves that provider with no tenants.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use serde::de::DeserializeOwned;

use crate::yaml::{self, FileError};

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/fixtures");

/// The fixture files the sandbox knows; anything else in a fixtures directory is a mistake
/// (a typo would otherwise silently leave a provider empty).
pub const KNOWN_FILES: &[&str] = &["cartevo.yaml", "carbon.yaml"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixtureSource {
    /// The repository's `fixtures/`, compiled in.
    Embedded,
    /// A directory given with `--fixtures`.
    Directory(PathBuf),
}

/// The raw fixture files of one source, ready to be parsed by their providers.
#[derive(Debug, Clone)]
pub struct FixtureSet {
    /// File name → (label for messages, contents).
    files: BTreeMap<String, (String, String)>,
}

impl FixtureSet {
    pub fn load(source: &FixtureSource) -> Result<Self, FileError> {
        let mut files = BTreeMap::new();
        match source {
            FixtureSource::Embedded => {
                for file in EMBEDDED.files() {
                    let name = file.path().to_string_lossy().into_owned();
                    let label = format!("fixtures/{name} (embedded)");
                    let text = file
                        .contents_utf8()
                        .ok_or_else(|| FileError::whole_file(&label, "is not valid UTF-8"))?;
                    files.insert(name, (label, text.to_owned()));
                }
            }
            FixtureSource::Directory(dir) => {
                let entries = std::fs::read_dir(dir).map_err(|error| {
                    FileError::whole_file(
                        dir.display().to_string(),
                        format!("cannot read fixtures directory: {error}"),
                    )
                })?;
                for entry in entries {
                    let entry = entry.map_err(|error| {
                        FileError::whole_file(dir.display().to_string(), error.to_string())
                    })?;
                    let path = entry.path();
                    if !path.is_file() {
                        continue;
                    }
                    let label = path.display().to_string();
                    let name = entry.file_name().to_string_lossy().into_owned();
                    let text = std::fs::read_to_string(&path).map_err(|error| {
                        FileError::whole_file(&label, format!("cannot read: {error}"))
                    })?;
                    files.insert(name, (label, text));
                }
            }
        }
        for (name, (label, _)) in &files {
            if !KNOWN_FILES.contains(&name.as_str()) {
                return Err(unknown_file(label));
            }
        }
        Ok(Self { files })
    }

    /// A set of the one fixture file at `path` (named like `cartevo.yaml`), for `validate`.
    pub fn from_file(path: &Path) -> Result<Self, FileError> {
        let label = path.display().to_string();
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !KNOWN_FILES.contains(&name.as_str()) {
            return Err(unknown_file(&label));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|error| FileError::whole_file(&label, format!("cannot read: {error}")))?;
        Ok(Self {
            files: BTreeMap::from([(name, (label, text))]),
        })
    }

    /// How many fixture files the set holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Parses the file `name` into `T`; a missing file gives `T::default()`.
    pub fn parse<T: DeserializeOwned + Default>(&self, name: &str) -> Result<Parsed<T>, FileError> {
        match self.files.get(name) {
            Some((label, text)) => Ok(Parsed {
                value: yaml::parse(label, text)?,
                file: label.clone(),
            }),
            None => Ok(Parsed {
                value: T::default(),
                file: name.to_owned(),
            }),
        }
    }
}

fn unknown_file(label: &str) -> FileError {
    FileError::whole_file(
        label,
        format!(
            "unknown fixture file (expected one of: {})",
            KNOWN_FILES.join(", ")
        ),
    )
}

/// A parsed fixture file and its label, for the provider's own checks to name it.
#[derive(Debug, Clone)]
pub struct Parsed<T> {
    pub value: T,
    pub file: String,
}
