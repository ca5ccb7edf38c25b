//! Content: load a topic file, report every problem in it, and hand out a validated `Topic`.

pub mod locate;
mod model;
mod validate;

pub use model::*;

use crate::assets::Folder;
use crate::error::{Error, Result};

/// The data file of the content checks: reading targets and the rules' word lists.
pub const CHECKS: &str = "checks.toml";

/// Load and validate every topic in the data folder (every `*.toml` except clinic profiles
/// and the checks).
pub fn load_topics(data: &Folder) -> Result<Vec<Topic>> {
    let files: Vec<String> = data
        .list(".toml")?
        .into_iter()
        .filter(|name| !name.starts_with("clinic") && name != CHECKS)
        .collect();
    if files.is_empty() {
        return Err(Error::input(format!("{}: no topic file (*.toml) found", data.display(""))));
    }
    let mut topics = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        match load_topic(data, &file) {
            Ok(topic) => topics.push(topic),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(Error::merge(errors));
    }
    let mut ids: Vec<&str> = topics.iter().map(|t| t.topic.id.as_str()).collect();
    ids.sort();
    if let Some(pair) = ids.windows(2).find(|w| w[0] == w[1]) {
        return Err(Error::input(format!("{}: two topic files use the id `{}`", data.display(""), pair[0])));
    }
    Ok(topics)
}

/// Load one topic file and validate it.
pub fn load_topic(data: &Folder, file: &str) -> Result<Topic> {
    let display = data.display(file);
    let text = data.read_text(file)?;
    let topic = Topic { file: file.to_string(), ..parse_topic(&text, &display)? };
    let problems = validate::validate(&topic);
    if problems.is_empty() {
        return Ok(topic);
    }
    Err(Error::Input(
        problems.iter().map(|p| locate::problem_at(&text, &display, &p.path, &p.message)).collect(),
    ))
}

/// Parse topic TOML; errors name the file, line, column and field path.
pub fn parse_topic(text: &str, display: &str) -> Result<Topic> {
    locate::parse_toml(text, display)
}

/// A calendar date as the templates print it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// The date part of a TOML datetime, if it has one and no time.
    pub fn from_toml(value: &toml::value::Datetime) -> Option<Date> {
        match (value.date, value.time, value.offset) {
            (Some(d), None, None) => Some(Date { year: d.year, month: d.month, day: d.day }),
            _ => None,
        }
    }
}
