//! Editions: the topics in one locale, translated from its catalog.

use super::locale::{self, Locale};
use super::po::Catalog;
use super::{catalog, paths};
use crate::assets::Folder;
use crate::content::Topic;
use crate::error::{Error, Result};

/// The topics in one language.
#[derive(Debug, Clone)]
pub struct Edition {
    pub locale: &'static Locale,
    pub topics: Vec<Topic>,
    /// No medical translator has reviewed this translation yet.
    pub draft: bool,
    /// Entries that fell back to English.
    pub warnings: Vec<String>,
}

/// The locale codes a `--locale` value names: a comma list, or `all` for English and every
/// catalog in the data folder.
pub fn requested(data: &Folder, value: &str) -> Result<Vec<&'static Locale>> {
    let codes: Vec<String> = if value.trim() == "all" {
        let mut codes = vec![locale::source().code.to_string()];
        codes.extend(catalog_files(data)?.into_iter().map(|(code, _)| code));
        codes
    } else {
        value.split(',').map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect()
    };
    let mut locales = Vec::new();
    for code in codes {
        let found = locale::find(&code).ok_or_else(|| unknown(&code))?;
        if !locales.contains(&found) {
            locales.push(found);
        }
    }
    Ok(locales)
}

/// The error for a locale handout does not know.
pub fn unknown(code: &str) -> Error {
    Error::input(unknown_message(code))
}

/// What to say about a locale handout does not know: which ones it does.
pub fn unknown_message(code: &str) -> String {
    let known: Vec<&str> = locale::LOCALES.iter().map(|l| l.code).collect();
    format!("unknown locale `{code}`; known locales: {}", known.join(", "))
}

/// (code, file) of every catalog in the data folder.
pub fn catalog_files(data: &Folder) -> Result<Vec<(String, String)>> {
    Ok(data
        .list_in("locales", ".po")?
        .into_iter()
        .map(|file| (file.trim_start_matches("locales/").trim_end_matches(".po").to_string(), file))
        .collect())
}

/// Read and parse a catalog; a syntax error names the file and line.
pub fn read_catalog(data: &Folder, file: &str) -> Result<Catalog> {
    let text = data.read_text(file)?;
    Catalog::parse(&text)
        .map_err(|(line, message)| Error::input(format!("{}:{line}: {message}", data.display(file))))
}

/// Translate the topics into each locale. With `strict`, an entry that falls back to English
/// is an error instead of a warning.
pub fn editions(
    data: &Folder,
    topics: &[Topic],
    locales: &[&'static Locale],
    strict: bool,
) -> Result<Vec<Edition>> {
    let files = catalog_files(data)?;
    let mut editions = Vec::new();
    let mut errors = Vec::new();
    for &locale in locales {
        if locale == locale::source() {
            editions.push(Edition { locale, topics: topics.to_vec(), draft: false, warnings: Vec::new() });
            continue;
        }
        let Some((_, file)) = files.iter().find(|(code, _)| code == locale.code) else {
            errors.push(Error::input(format!(
                "{}: no catalog for locale `{}`",
                data.display(&format!("locales/{}.po", locale.code)),
                locale.code
            )));
            continue;
        };
        let catalog = read_catalog(data, file)?;
        if let Some(language) =
            catalog.header_field("Language").filter(|l| !l.eq_ignore_ascii_case(locale.code))
        {
            errors.push(Error::input(format!(
                "{}: the header says Language: {language}, the file name says {}",
                data.display(file),
                locale.code
            )));
            continue;
        }
        let mut translated = Vec::new();
        let mut warnings = Vec::new();
        for topic in topics {
            let (topic, more) = catalog::translate(topics, topic, &catalog)?;
            translated.push(topic);
            warnings.extend(more.into_iter().map(|w| format!("{}: {w}", data.display(file))));
        }
        if strict && !warnings.is_empty() {
            errors.push(Error::Input(warnings.iter().map(|w| format!("{w} (--strict)")).collect()));
            continue;
        }
        let draft = catalog.header_field("X-Review-Status").is_none_or(|s| s != "reviewed");
        editions.push(Edition { locale, topics: translated, draft, warnings });
    }
    if !errors.is_empty() {
        return Err(Error::merge(errors));
    }
    Ok(editions)
}

/// Where a text of an edition came from, when a catalog entry gave it: the PO file and line,
/// the locale and the msgctxt, e.g. `data/locales/es.po:120 (es, msgctxt "labels.page_of")`.
pub fn origin(data: &Folder, edition: &Edition, topic: &Topic, text: &str) -> Option<String> {
    if edition.locale == locale::source() {
        return None;
    }
    let (path, _) = paths::entries(topic).into_iter().find(|(_, entry)| entry == text)?;
    let context = catalog::context(&edition.topics, topic, &path);
    let file = format!("locales/{}.po", edition.locale.code);
    let entry = format!("msgctxt \"{context}\"");
    let line = data.read_text(&file).ok()?.lines().position(|line| line.trim_end() == entry)? + 1;
    Some(format!("{}:{line} ({}, {entry})", data.display(&file), edition.locale.code))
}
