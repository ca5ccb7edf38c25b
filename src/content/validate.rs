//! Check a deserialized topic for every problem at once, each with its field path.

use std::collections::HashSet;

use super::{Date, Labels, Topic};

/// One problem in the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Field path such as `types[2].name`.
    pub path: String,
    pub message: String,
}

fn problem(path: impl Into<String>, message: impl Into<String>) -> Problem {
    Problem { path: path.into(), message: message.into() }
}

/// The longest id: ids name files (`<topic>-<type>-large.pdf`), which must stay well within
/// file systems' 255-byte names.
pub const MAX_ID: usize = 64;

/// Whether `id` is a lowercase slug usable in file names and field names.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The longest text of one field: the shipped ones are under 300 characters, and a handout's
/// page holds about 3,000.
pub const MAX_TEXT: usize = 2_000;

/// The most items of one list: the shipped ones have at most 16, and a page holds about 40.
pub const MAX_ITEMS: usize = 100;

/// Report every problem in the topic; an empty list means it is valid.
pub fn validate(topic: &Topic) -> Vec<Problem> {
    let mut problems = Vec::new();
    blank_strings(&serde_json::to_value(topic).unwrap_or_default(), String::new(), &mut problems);

    let info = &topic.topic;
    if !is_slug(&info.id) {
        problems.push(problem(
            "topic.id",
            format!("must be lowercase letters, digits and dashes (at most {MAX_ID}), e.g. `calcinosis`"),
        ));
    }
    if Date::from_toml(&info.updated).is_none() {
        problems.push(problem("topic.updated", "must be a date without time, e.g. 2026-11-01"));
    }
    if let Some(review) = &info.review {
        let date = Date::from_toml(&review.date);
        let next = Date::from_toml(&review.next_review);
        if date.is_none() {
            problems.push(problem("topic.review.date", "must be a date without time, e.g. 2026-11-01"));
        }
        if next.is_none() {
            problems
                .push(problem("topic.review.next_review", "must be a date without time, e.g. 2027-11-01"));
        }
        if let (Some(date), Some(next)) = (date, next) {
            if next <= date {
                problems.push(problem("topic.review.next_review", "must come after topic.review.date"));
            }
        }
    }

    unique_ids(&mut problems, "types", topic.types.iter().map(|t| t.id.as_str()));
    unique_ids(&mut problems, "questions", topic.questions.iter().map(|q| q.id.as_str()));
    unique_ids(&mut problems, "sources", topic.sources.iter().map(|s| s.id.as_str()));
    for (what, len) in [
        ("types", topic.types.len()),
        ("questions", topic.questions.len()),
        ("sources", topic.sources.len()),
        ("urgent.emergency", topic.urgent.emergency.len()),
    ] {
        if len == 0 {
            problems.push(problem(what, "needs at least one entry"));
        }
    }
    // An empty list would print a heading over nothing.
    let overview = &topic.overview;
    let mut lists = vec![
        ("overview.what_is".to_string(), overview.what_is.len()),
        ("overview.symptoms".to_string(), overview.symptoms.len()),
        ("overview.tests".to_string(), overview.tests.len()),
        ("overview.treatment".to_string(), overview.treatment.len()),
    ];
    for (i, ty) in topic.types.iter().enumerate() {
        for (name, list) in [
            ("causes", &ty.causes),
            ("locations", &ty.locations),
            ("symptoms", &ty.symptoms),
            ("tests", &ty.tests),
            ("treatments", &ty.treatments),
        ] {
            lists.push((format!("types[{i}].{name}"), list.len()));
        }
    }
    for (path, len) in lists.into_iter().filter(|(_, len)| *len == 0) {
        problems.push(problem(
            path,
            format!("needs at least one entry (found {len}): its heading would print over nothing"),
        ));
    }
    parallel_lists(topic, &mut problems);
    let source_ids: HashSet<&str> = topic.sources.iter().map(|s| s.id.as_str()).collect();
    for (i, ty) in topic.types.iter().enumerate() {
        if ty.sources.is_empty() {
            problems.push(problem(format!("types[{i}].sources"), "cite at least one source id"));
        }
        for (j, id) in ty.sources.iter().enumerate() {
            if !source_ids.contains(id.as_str()) {
                problems.push(problem(
                    format!("types[{i}].sources[{j}]"),
                    format!("no source has the id `{id}`"),
                ));
            }
        }
    }
    let urls = topic.sources.iter().enumerate().map(|(i, s)| (format!("sources[{i}].url"), &s.url));
    let groups = topic.overview.groups.iter().enumerate();
    for (path, url) in urls.chain(groups.map(|(i, g)| (format!("overview.groups[{i}].url"), &g.url))) {
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(char::is_whitespace) {
            problems.push(problem(path, "must be a web address starting with https://"));
        }
    }
    problems
}

/// A map's regions name each `locations` item's places, and icons are one per sign: each
/// such list as long as the list it goes with. Whether their ids exist is the drawings' to say.
fn parallel_lists(topic: &Topic, problems: &mut Vec<Problem>) {
    for (i, ty) in topic.types.iter().enumerate() {
        match (&topic.topic.drawing, ty.regions.len()) {
            (None, 0) => {}
            (None, _) => problems.push(problem(
                format!("types[{i}].regions"),
                "names regions, but the topic has no drawing to mark them on: set [topic] drawing",
            )),
            (Some(_), len) if len != ty.locations.len() => problems.push(problem(
                format!("types[{i}].regions"),
                format!(
                    "needs one list of region ids per `locations` item ({} items, {len} lists); `[]` for an item that names no place",
                    ty.locations.len()
                ),
            )),
            (Some(_), _) if ty.regions.iter().all(Vec::is_empty) => problems.push(problem(
                format!("types[{i}].regions"),
                "marks no region: name where this type happens, so the card's map shows it",
            )),
            _ => {}
        }
    }
    // No icons at all is allowed; some must be all.
    for list in topic.sign_icons().into_iter().filter(|l| !l.icons.is_empty() && l.icons.len() != l.count) {
        let message = format!(
            "needs one icon id per sign of `{}` ({} signs, {} icons)",
            list.signs,
            list.count,
            list.icons.len()
        );
        problems.push(problem(list.path, message));
    }
}

/// Report every problem in the shared labels; an empty list means they are valid.
pub fn labels(labels: &Labels) -> Vec<Problem> {
    let mut problems = Vec::new();
    blank_strings(&serde_json::to_value(labels).unwrap_or_default(), "labels".into(), &mut problems);
    placeholders(&mut problems, "labels.page_of", &labels.page_of, &["page", "total"]);
    placeholders(&mut problems, "labels.reviewed_by", &labels.reviewed_by, &["reviewer", "date", "next"]);
    placeholders(&mut problems, "labels.updated_on", &labels.updated_on, &["date"]);
    placeholders(&mut problems, "labels.qr_alt", &labels.qr_alt, &["url"]);
    placeholders(&mut problems, "labels.map_marked", &labels.map_marked, &["drawing", "places"]);
    placeholders(&mut problems, "labels.site.pages", &labels.site.pages, &["count"]);
    placeholders(&mut problems, "labels.site.search_found", &labels.site.search_found, &["count"]);
    placeholders(&mut problems, "labels.date_format", &labels.date_format, &["day", "month", "year"]);
    if labels.months.len() != 12 {
        problems
            .push(problem("labels.months", format!("needs 12 month names, found {}", labels.months.len())));
    }

    problems
}

/// A character that would print as "�" or silently reorder the words around it: a control
/// character, or a bidirectional override, embedding or isolate (the marks LRM and RLM, which
/// only nudge punctuation, are allowed). Says which, and where.
pub fn hidden_character(text: &str) -> Option<String> {
    let (at, c) = text.char_indices().find(|&(_, c)| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })?;
    let what = if c.is_control() {
        "a control character"
    } else {
        "a bidirectional override, which reorders the text"
    };
    let position = text[..at].chars().count() + 1;
    Some(format!("has {what} (U+{:04X}) at character {position}; remove it", u32::from(c)))
}

/// Whether a text is too long for any handout, saying so.
pub fn too_long(text: &str) -> Option<String> {
    let chars = text.chars().count();
    (chars > MAX_TEXT).then(|| {
        format!("is {chars} characters long; a text may have at most {MAX_TEXT} (a page holds about 3,000)")
    })
}

/// Every string, anywhere, must say something, with no hidden character, in a length a page
/// can hold; every list must be one a handout has room for.
fn blank_strings(value: &serde_json::Value, path: String, problems: &mut Vec<Problem>) {
    match value {
        serde_json::Value::String(s) if s.trim().is_empty() => {
            problems.push(problem(path, "must not be empty"))
        }
        serde_json::Value::String(s) => {
            if let Some(problem_text) = hidden_character(s).or_else(|| too_long(s)) {
                problems.push(problem(path, problem_text));
            }
        }
        serde_json::Value::Array(items) if items.len() > MAX_ITEMS => problems.push(problem(
            path,
            format!(
                "has {} items; a list may have at most {MAX_ITEMS}, more than a handout has room for",
                items.len()
            ),
        )),
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                blank_strings(item, format!("{path}[{i}]"), problems);
            }
        }
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                if key.starts_with("$__") {
                    continue; // a TOML datetime in serde's private form
                }
                let child = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                blank_strings(item, child, problems);
            }
        }
        _ => {}
    }
}

fn placeholders(problems: &mut Vec<Problem>, path: &str, text: &str, names: &[&str]) {
    for name in names {
        if !text.contains(&format!("{{{name}}}")) {
            problems.push(problem(path, format!("must contain the placeholder {{{name}}}")));
        }
    }
}

fn unique_ids<'a>(problems: &mut Vec<Problem>, list: &str, ids: impl Iterator<Item = &'a str>) {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        if !is_slug(id) {
            problems.push(problem(
                format!("{list}[{i}].id"),
                format!("must be lowercase letters, digits and dashes (at most {MAX_ID})"),
            ));
        } else if !seen.insert(id) {
            problems.push(problem(format!("{list}[{i}].id"), format!("`{id}` is used twice")));
        }
    }
}
