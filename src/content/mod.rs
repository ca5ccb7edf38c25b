//! Content: load the shared labels and the topic files, report every problem in them, and hand
//! out validated `Labels` and `Topic`s.

pub mod locate;
mod model;
pub mod validate;

pub use model::*;

use crate::assets::Folder;
use crate::drawings::Drawings;
use crate::error::{Error, Result};

/// The data file of the content checks: reading targets and the rules' word lists.
pub const CHECKS: &str = "checks.toml";

/// The data file of the labels every topic shares.
pub const LABELS: &str = "labels.toml";

/// The data folder's subfolder of topic files, one `<id>.toml` each.
pub const TOPICS: &str = "topics";

/// Load and validate the shared labels (`labels.toml`).
pub fn load_labels(data: &Folder) -> Result<Labels> {
    let display = data.display(LABELS);
    let text = data.read_text(LABELS).map_err(|e| match data.read(LABELS) {
        Ok(None) => Error::input(format!(
            "{display}: file not found; the labels every topic shares live there (see the README, \"A handout library\")"
        )),
        _ => e,
    })?;
    let file: LabelsFile = parse_topic_file(&text, &display)?;
    let problems = validate::labels(&file.labels);
    if problems.is_empty() {
        return Ok(file.labels);
    }
    Err(Error::Input(
        problems.iter().map(|p| locate::problem_at(&text, &display, &p.path, &p.message)).collect(),
    ))
}

/// Load and validate every topic (`topics/*.toml`).
pub fn load_topics(data: &Folder) -> Result<Vec<Topic>> {
    let files = data.list_in(TOPICS, ".toml")?;
    if files.is_empty() {
        let old: Vec<String> = data
            .list(".toml")?
            .into_iter()
            .filter(|name| !name.starts_with("clinic") && name != CHECKS && name != LABELS)
            .collect();
        let hint = match old.first() {
            Some(file) => format!(
                "; `{file}` is a topic file of the old layout: move it to {TOPICS}/{file} and its [labels] to {LABELS} (see the README, \"A handout library\")"
            ),
            None => "; `handout new topic ID` writes a starter".to_string(),
        };
        return Err(Error::input(format!("{}: no topic file (*.toml) found{hint}", data.display(TOPICS))));
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
        return Err(Error::input(format!(
            "{}: two topic files use the id `{}`",
            data.display(TOPICS),
            pair[0]
        )));
    }
    Ok(topics)
}

/// Load one topic file (`topics/<id>.toml`) and validate it.
pub fn load_topic(data: &Folder, file: &str) -> Result<Topic> {
    let display = data.display(file);
    let text = data.read_text(file)?;
    let topic = Topic { file: file.to_string(), ..parse_topic(&text, &display)? };
    check_topic(&topic, &text, &display)?;
    Ok(topic)
}

/// Report every problem of a parsed topic, each at its line in the file's text.
pub fn check_topic(topic: &Topic, text: &str, display: &str) -> Result<()> {
    let mut problems = validate::validate(topic);
    if crate::i18n::layout::RESERVED.contains(&topic.topic.id.as_str()) {
        problems.push(validate::Problem {
            path: "topic.id".into(),
            message: format!("`{}` names a catalog of its own; choose another id", topic.topic.id),
        });
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(Error::Input(
        problems.iter().map(|p| locate::problem_at(text, display, &p.path, &p.message)).collect(),
    ))
}

/// Report every drawing, region and icon the topics name that the drawings or the labels lack,
/// each at its line in the topic's file.
pub fn check_pictures(data: &Folder, topics: &[Topic], labels: &Labels, drawings: &Drawings) -> Result<()> {
    let mut messages = Vec::new();
    for topic in topics {
        let problems = drawings.problems(topic, labels);
        if problems.is_empty() {
            continue;
        }
        let text = data.read_text(&topic.file).unwrap_or_default();
        let display = data.display(&topic.file);
        messages.extend(problems.iter().map(|p| locate::problem_at(&text, &display, &p.path, &p.message)));
    }
    if !messages.is_empty() {
        return Err(Error::Input(messages));
    }
    Ok(())
}

/// Parse topic TOML; errors name the file, line, column and field path.
pub fn parse_topic(text: &str, display: &str) -> Result<Topic> {
    parse_topic_file(text, display).map_err(|e| match e {
        // The old layout kept the labels in the topic file.
        Error::Input(lines) if lines.iter().any(|l| l.contains("unknown field `labels`")) => Error::Input(
            lines
                .into_iter()
                .map(|l| format!("{l}; the labels every topic shares now live in {LABELS}"))
                .collect(),
        ),
        e => e,
    })
}

fn parse_topic_file<T: serde::de::DeserializeOwned>(text: &str, display: &str) -> Result<T> {
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
