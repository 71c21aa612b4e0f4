//! Where scenario files come from: the repository's `scenarios/` compiled in, or a directory
//! (`--scenarios DIR`). Both are read recursively for `*.yaml` / `*.yml`, skipping hidden
//! directories and `pending-*` ones (a catalogue waiting for its provider to land).

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::yaml::FileError;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/scenarios");

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScenarioSource {
    /// The repository's `scenarios/`, compiled in.
    Embedded,
    /// A directory given with `--scenarios`; watched for changes.
    Directory(PathBuf),
}

/// One scenario file's label (as messages name it) and contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub label: String,
    pub text: String,
}

impl ScenarioSource {
    /// Every scenario file, sorted by label; unreadable ones as errors.
    pub fn read(&self) -> (Vec<SourceFile>, Vec<FileError>) {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        match self {
            ScenarioSource::Embedded => read_embedded(&EMBEDDED, &mut files, &mut errors),
            ScenarioSource::Directory(dir) => {
                if let Err(error) = std::fs::read_dir(dir) {
                    errors.push(FileError::whole_file(
                        dir.display().to_string(),
                        format!("cannot read scenarios directory: {error}"),
                    ));
                } else {
                    read_directory(dir, &mut files, &mut errors);
                }
            }
        }
        files.sort_by(|a, b| a.label.cmp(&b.label));
        (files, errors)
    }
}

/// Whether a file name is a scenario file.
pub fn is_yaml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext == "yaml" || ext == "yml")
}

/// Whether a directory is left out of loading.
pub fn is_skipped_dir(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.starts_with('.') || name.starts_with("pending-"))
}

fn read_embedded(dir: &Dir<'static>, files: &mut Vec<SourceFile>, errors: &mut Vec<FileError>) {
    for file in dir.files().filter(|file| is_yaml(file.path())) {
        let label = format!("scenarios/{} (embedded)", file.path().display());
        match file.contents_utf8() {
            Some(text) => files.push(SourceFile {
                label,
                text: text.to_owned(),
            }),
            None => errors.push(FileError::whole_file(label, "is not valid UTF-8")),
        }
    }
    for sub in dir.dirs().filter(|sub| !is_skipped_dir(sub.path())) {
        read_embedded(sub, files, errors);
    }
}

/// Reads `dir` recursively; also used by `validate` on directories it is given.
pub fn read_directory(dir: &Path, files: &mut Vec<SourceFile>, errors: &mut Vec<FileError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            errors.push(FileError::whole_file(
                dir.display().to_string(),
                format!("cannot read directory: {error}"),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            if !is_skipped_dir(&path) {
                read_directory(&path, files, errors);
            }
        } else if is_yaml(&path) {
            match read_file(&path) {
                Ok(file) => files.push(file),
                Err(error) => errors.push(error),
            }
        }
    }
}

pub fn read_file(path: &Path) -> Result<SourceFile, FileError> {
    let label = path.display().to_string();
    std::fs::read_to_string(path)
        .map(|text| SourceFile {
            label: label.clone(),
            text,
        })
        .map_err(|error| FileError::whole_file(label, format!("cannot read: {error}")))
}
