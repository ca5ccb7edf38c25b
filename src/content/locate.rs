//! Read TOML files so that every problem names its file, line, column and field path, such
//! as `data/calcinosis.toml:41:3: types[2].name: expected a string`.

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

use crate::error::{Error, Result};

/// Deserialize TOML text; errors name the file, line, column and field path.
pub fn parse_toml<T: DeserializeOwned>(text: &str, display: &str) -> Result<T> {
    let deserializer =
        toml::de::Deserializer::parse(text).map_err(|e| toml_error(text, display, None, &e))?;
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let path = e.path().to_string();
        toml_error(text, display, Some(path), e.inner())
    })
}

fn toml_error(text: &str, display: &str, path: Option<String>, error: &toml::de::Error) -> Error {
    let message = error.message().trim();
    // serde names a missing field inside its parent; point at the field itself.
    let path = match (path, message.strip_prefix("missing field `").and_then(|m| m.strip_suffix('`'))) {
        (Some(p), Some(field)) if p == "." => Some(field.to_string()),
        (Some(p), Some(field)) => Some(format!("{p}.{field}")),
        (p, _) => p.filter(|p| p != "."),
    };
    let (line, col) = error.span().map_or((1, 1), |s| line_col(text, s.start));
    match path {
        Some(path) => Error::input(format!("{display}:{line}:{col}: {path}: {message}")),
        None => Error::input(format!("{display}:{line}:{col}: {message}")),
    }
}

/// A problem found after parsing, placed at its field: `file:line:col: path: message`.
pub fn problem_at(text: &str, display: &str, path: &str, message: &str) -> String {
    let (line, col) = locate(text, path).map_or((1, 1), |o| line_col(text, o));
    format!("{display}:{line}:{col}: {path}: {message}")
}

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Split `types[2].name` into steps.
pub fn parse_path(path: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            steps.push(Step::Key(key.to_string()));
        }
        for index in rest.split('[') {
            if let Ok(i) = index.trim_end_matches(']').parse() {
                steps.push(Step::Index(i));
            }
        }
    }
    steps
}

/// The 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The byte offset of the deepest part of `path` that exists in the TOML text.
pub fn locate(text: &str, path: &str) -> Option<usize> {
    let root = DeTable::parse(text).ok()?;
    let mut span = root.span();
    let mut value: Option<&DeValue> = None;
    let table = root.get_ref();
    let mut current_table = Some(table);
    for step in parse_path(path) {
        let next = match (&step, current_table, value) {
            (Step::Key(key), Some(t), _) => {
                t.iter().find(|(k, _)| k.get_ref().as_ref() == key).map(|(_, v)| v)
            }
            (Step::Index(i), _, Some(DeValue::Array(items))) => items.get(*i),
            _ => None,
        };
        let Some(next) = next else { break };
        span = next.span();
        value = Some(next.get_ref());
        current_table = match next.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => None,
        };
    }
    Some(span.start)
}
