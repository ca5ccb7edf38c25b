//! Content paths: every translatable string of a topic or of the labels named the way msgctxt
//! names it (`types.dystrophic.summary`, `overview.symptoms.2`, `labels.page_of`), and
//! translating them by path.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};

/// Keys whose values are not prose to translate: ids (of types, drawings, regions, icons),
/// addresses, dates, and the sources (titles of published works stay as published).
fn skip(key: &str) -> bool {
    matches!(key, "id" | "url" | "updated" | "review" | "sources" | "drawing" | "regions")
        || key.ends_with("_icons")
        || key.starts_with("$__")
}

/// Every translatable string of a topic or labels file in file order: (content path, English).
pub fn entries(content: &impl Serialize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Ok(value) = serde_json::to_value(content) {
        walk(&value, "", &mut |path, text| out.push((path.to_string(), text.to_string())));
    }
    out
}

fn walk(value: &Value, path: &str, visit: &mut dyn FnMut(&str, &str)) {
    match value {
        Value::String(text) => visit(path, text),
        Value::Object(map) => {
            for (key, item) in map {
                if skip(key) {
                    continue;
                }
                walk(item, &join(path, key), visit);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &join(path, &item_key(item, i)), visit);
            }
        }
        _ => {}
    }
}

/// The field path a person finds in the topic or labels file (`types[3].who`) for a content
/// path (`types.iatrogenic.who`).
pub fn field_path(content: &impl Serialize, content_path: &str) -> String {
    let Ok(mut value) = serde_json::to_value(content) else { return content_path.to_string() };
    let mut out = String::new();
    for part in content_path.split('.') {
        let next = match value {
            Value::Array(mut items) => {
                let by_id =
                    items.iter().position(|item| item.get("id").and_then(Value::as_str) == Some(part));
                let Some(i) = by_id.or_else(|| part.parse().ok()).filter(|&i| i < items.len()) else { break };
                out.push_str(&format!("[{i}]"));
                items.swap_remove(i)
            }
            Value::Object(mut map) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(part);
                let Some(next) = map.remove(part) else { break };
                next
            }
            _ => break,
        };
        value = next;
    }
    out
}

/// An array item is named by its `id` when it has one, else by its position.
fn item_key(item: &Value, index: usize) -> String {
    item.get("id").and_then(Value::as_str).map_or_else(|| index.to_string(), str::to_string)
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// A copy of a topic or labels file with every string that `translate(path, english)` knows
/// replaced.
pub fn translate<T: Serialize + DeserializeOwned>(
    content: &T,
    translate: &mut dyn FnMut(&str, &str) -> Option<String>,
) -> Result<T> {
    let mut value = serde_json::to_value(content).map_err(|e| Error::internal(e.to_string()))?;
    replace(&mut value, "", translate);
    serde_json::from_value(value).map_err(|e| Error::internal(format!("translated content: {e}")))
}

fn replace(value: &mut Value, path: &str, translate: &mut dyn FnMut(&str, &str) -> Option<String>) {
    match value {
        Value::String(text) => {
            if let Some(new) = translate(path, text) {
                *text = new;
            }
        }
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                if skip(key) {
                    continue;
                }
                let child = join(path, key);
                replace(item, &child, translate);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let child = join(path, &item_key(item, i));
                replace(item, &child, translate);
            }
        }
        _ => {}
    }
}
