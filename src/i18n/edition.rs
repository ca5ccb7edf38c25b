//! Editions: the labels and topics in one locale, translated from its catalogs.

use std::sync::OnceLock;

use super::locale::{self, Locale};
use super::po::Catalog;
use super::{catalog, layout, paths};
use crate::assets::Folder;
use crate::cache;
use crate::content::{Labels, LabelsFile, Topic};
use crate::error::{Error, Result};
use crate::workers;

/// The labels and topics in one language.
#[derive(Debug, Clone)]
pub struct Edition {
    pub locale: &'static Locale,
    pub labels: Labels,
    pub topics: Vec<Topic>,
    /// No medical translator has reviewed the labels' translation yet.
    labels_draft: bool,
    /// Ids of the topics whose translation no medical translator has reviewed yet.
    drafts: Vec<String>,
    /// Entries that fell back to English.
    pub warnings: Vec<String>,
    /// Catalogs of the language that no component has: warnings that never fail a build.
    pub stray_catalogs: Vec<String>,
    /// For each topic, in order, a key of the files its text came from ([`source_key`]).
    sources: Vec<u128>,
    /// A key of the labels as translated and whether they are a draft, made when first asked
    /// for ([`Edition::words`]).
    labels_key: OnceLock<u128>,
}

impl Edition {
    /// The source language's edition: nothing to translate.
    pub fn source(labels: &Labels, topics: &[Topic]) -> Self {
        Edition {
            locale: locale::source(),
            labels: labels.clone(),
            topics: topics.to_vec(),
            labels_draft: false,
            drafts: Vec::new(),
            warnings: Vec::new(),
            stray_catalogs: Vec::new(),
            sources: topics.iter().map(|topic| source_key(cache::digest_of(topic), None)).collect(),
            labels_key: OnceLock::new(),
        }
    }

    /// A key of everything this language says in a topic's handouts, and whether it is a
    /// draft: its labels as translated, and the topic's English text with this language's
    /// catalog of it. The same key means the same words; [`Edition::words_unread`] knows it
    /// from the files, before the topic is translated.
    pub fn words(&self, topic: &Topic) -> u128 {
        let position = self.topics.iter().position(|t| t.topic.id == topic.topic.id);
        let source = position.and_then(|i| self.sources.get(i).copied());
        self.words_of(source.unwrap_or_else(|| source_key(cache::digest_of(topic), None)))
    }

    /// The key [`Edition::words`] gives an English `topic` once this language has it, from the
    /// digest of its text (`english`, [`cache::digest_of`]) and the catalog's: a file read,
    /// nothing translated.
    pub fn words_unread(&self, data: &Folder, topic: &Topic, english: u128) -> Result<u128> {
        let catalog = match self.locale == locale::source() {
            true => None,
            false => data.text(&layout::catalog_file(self.locale.code, &topic.topic.id))?,
        };
        Ok(self.words_of(source_key(english, catalog.as_deref())))
    }

    fn words_of(&self, source: u128) -> u128 {
        let labels = self
            .labels_key
            .get_or_init(|| typst::utils::hash128(&(cache::digest_of(&self.labels), self.labels_draft)));
        typst::utils::hash128(&(labels, source))
    }

    /// Whether a topic's handouts in this language print the draft note.
    pub fn draft(&self, topic: &Topic) -> bool {
        self.labels_draft || self.drafts.contains(&topic.topic.id)
    }

    /// Whether any topic of this language is a draft translation.
    pub fn any_draft(&self) -> bool {
        self.labels_draft || !self.drafts.is_empty()
    }
}

/// The locale codes a `--locale` value names: a comma list, or `all` for English and every
/// catalog in the data folder.
pub fn requested(data: &Folder, value: &str) -> Result<Vec<&'static Locale>> {
    let codes: Vec<String> = if value.trim() == "all" {
        layout::check_folders(data)?;
        let mut codes = vec![locale::source().code.to_string()];
        codes.extend(layout::locale_codes(data)?);
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

/// Read and parse a catalog; a syntax error names the file and line.
pub fn read_catalog(data: &Folder, file: &str) -> Result<Catalog> {
    parse_catalog(data, file, &data.read_text(file)?)
}

/// Parse a catalog's text; a syntax error names the file and line.
fn parse_catalog(data: &Folder, file: &str, text: &str) -> Result<Catalog> {
    Catalog::parse(text)
        .map_err(|(line, message)| Error::input(format!("{}:{line}: {message}", data.display(file))))
}

/// A key of the files a topic's text in one language comes from: the digest of its English
/// text and the text of the language's catalog of it, if it has one.
fn source_key(english: u128, catalog: Option<&str>) -> u128 {
    typst::utils::hash128(&(english, catalog))
}

/// Refuse a catalog whose translations break a placeholder or hide a control or override
/// character, naming the PO file, line, locale and msgctxt of each.
fn check_translations(data: &Folder, file: &str, text: &str, code: &str, catalog: &Catalog) -> Result<()> {
    let problems = catalog::translation_problems(catalog);
    if problems.is_empty() {
        return Ok(());
    }
    Err(Error::Input(
        problems
            .into_iter()
            .map(|(context, problem)| format!("{}: {problem}", entry_place(data, file, text, code, &context)))
            .collect(),
    ))
}

/// How a message names a catalog entry: `data/locales/es/labels.po:120 (es, msgctxt "labels.page_of")`.
fn entry_place(data: &Folder, file: &str, text: &str, code: &str, context: &str) -> String {
    let entry = format!("msgctxt \"{context}\"");
    let line = text.lines().position(|l| l.trim_end() == entry).map_or(1, |i| i + 1);
    format!("{}:{line} ({code}, {entry})", data.display(file))
}

/// Read a catalog if it exists, checking that its `Language` header matches its folder and
/// that its translations keep their placeholders and hide no character.
pub fn read_optional(data: &Folder, code: &str, component: &str) -> Result<Option<Catalog>> {
    Ok(read_with_text(data, code, component)?.map(|(catalog, _)| catalog))
}

/// [`read_optional`], with the catalog's text.
fn read_with_text(data: &Folder, code: &str, component: &str) -> Result<Option<(Catalog, String)>> {
    let file = layout::catalog_file(code, component);
    let Some(text) = data.text(&file)? else { return Ok(None) };
    let catalog = parse_catalog(data, &file, &text)?;
    if let Some(language) = catalog.header_field("Language").filter(|l| !l.eq_ignore_ascii_case(code)) {
        return Err(Error::input(format!(
            "{}: the header says Language: {language}, the folder says {code}",
            data.display(&file)
        )));
    }
    check_translations(data, &file, &text, code, &catalog)?;
    Ok(Some((catalog, text)))
}

/// Translate the labels and topics into each locale. With `strict`, an entry that falls back
/// to English is an error instead of a warning.
pub fn editions(
    data: &Folder,
    labels: &Labels,
    topics: &[Topic],
    locales: &[&'static Locale],
    strict: bool,
) -> Result<Vec<Edition>> {
    let languages = languages(data, labels, topics, locales, strict)?;
    let topics: Vec<&Topic> = topics.iter().collect();
    let mut editions = with_topics(data, &languages, &topics, strict, workers::default_jobs())?;
    for (edition, language) in editions.iter_mut().zip(languages) {
        edition.warnings.splice(0..0, language.warnings);
        edition.stray_catalogs = language.stray_catalogs;
    }
    Ok(editions)
}

/// Each locale's labels, translated, with no topic yet (see [`with_topics`]): a library's
/// topics are translated a few at a time, so that only those few are held in every language.
/// The catalogs in a language's folder that none of `topics` has are its stray catalogs.
pub fn languages(
    data: &Folder,
    labels: &Labels,
    topics: &[Topic],
    locales: &[&'static Locale],
    strict: bool,
) -> Result<Vec<Edition>> {
    if locales.iter().any(|&l| l != locale::source()) {
        layout::check_folders(data)?;
    }
    let components: Vec<&str> =
        std::iter::once(layout::LABELS).chain(topics.iter().map(|t| t.topic.id.as_str())).collect();
    let mut languages = Vec::new();
    let mut errors = Vec::new();
    for &locale in locales {
        if locale == locale::source() {
            languages.push(Edition::source(labels, &[]));
            continue;
        }
        match language(data, labels, locale, &components) {
            Ok(language) => languages.push(language),
            Err(e) => errors.push(e),
        }
    }
    errors.extend(languages.iter().filter_map(|language| strictly(language, strict)));
    if !errors.is_empty() {
        return Err(Error::merge(errors));
    }
    Ok(languages)
}

/// The languages' editions of these topics (their labels' warnings left with the languages),
/// `jobs` languages translated at once.
pub fn with_topics(
    data: &Folder,
    languages: &[Edition],
    topics: &[&Topic],
    strict: bool,
    jobs: usize,
) -> Result<Vec<Edition>> {
    let english: Vec<u128> = topics.iter().map(cache::digest_of).collect();
    let translated = workers::map(languages, jobs, |language| {
        let edition = language.with_topics(data, topics, &english)?;
        match strictly(&edition, strict) {
            Some(error) => Err(error),
            None => Ok(edition),
        }
    })?;
    Error::all(translated)
}

/// With `--strict`, an edition's fallbacks to English as an error.
fn strictly(edition: &Edition, strict: bool) -> Option<Error> {
    (strict && !edition.warnings.is_empty())
        .then(|| Error::Input(edition.warnings.iter().map(|w| format!("{w} (--strict)")).collect()))
}

/// One locale's labels, from its labels catalog, with the catalogs of its folder that no
/// component has.
fn language(data: &Folder, labels: &Labels, locale: &'static Locale, components: &[&str]) -> Result<Edition> {
    let code = locale.code;
    let labels_file = layout::catalog_file(code, layout::LABELS);
    let Some(catalog) = read_optional(data, code, layout::LABELS)? else {
        return Err(Error::input(format!(
            "{}: no catalog for locale `{code}`; `handout i18n new {code}` starts one",
            data.display(&labels_file)
        )));
    };
    let (translated, warnings) = catalog::translate(&LabelsFile { labels: labels.clone() }, &catalog)?;
    Ok(Edition {
        locale,
        labels: translated.labels,
        topics: Vec::new(),
        labels_draft: draft(&catalog),
        drafts: Vec::new(),
        warnings: warnings.into_iter().map(|w| format!("{}: {w}", data.display(&labels_file))).collect(),
        stray_catalogs: layout::stray_catalogs(data, code, components)?,
        sources: Vec::new(),
        labels_key: OnceLock::new(),
    })
}

/// Whether no medical translator has marked a catalog reviewed.
fn draft(catalog: &Catalog) -> bool {
    catalog.header_field("X-Review-Status").is_none_or(|s| s != "reviewed")
}

impl Edition {
    /// This language's edition of these topics, from one catalog per topic, given the digests
    /// of their English text; its warnings are the topics' own.
    fn with_topics(&self, data: &Folder, topics: &[&Topic], english: &[u128]) -> Result<Edition> {
        let code = self.locale.code;
        let mut edition = self.clone_labels();
        if self.locale == locale::source() {
            edition.topics = topics.iter().map(|&topic| topic.clone()).collect();
            edition.sources = english.iter().map(|&english| source_key(english, None)).collect();
            return Ok(edition);
        }
        for (&topic, &english) in topics.iter().zip(english) {
            let id = &topic.topic.id;
            let file = data.display(&layout::catalog_file(code, id));
            let Some((catalog, text)) = read_with_text(data, code, id)? else {
                edition
                    .warnings
                    .push(format!("{file}: no catalog yet (`handout i18n update` makes it), English used"));
                edition.topics.push(topic.clone());
                edition.sources.push(source_key(english, None));
                edition.drafts.push(id.clone());
                continue;
            };
            let (translated, more) = catalog::translate(topic, &catalog)?;
            edition.warnings.extend(more.into_iter().map(|w| format!("{file}: {w}")));
            edition.topics.push(Topic { file: topic.file.clone(), ..translated });
            edition.sources.push(source_key(english, Some(&text)));
            if draft(&catalog) {
                edition.drafts.push(id.clone());
            }
        }
        Ok(edition)
    }

    /// The locale and labels, with nothing else.
    fn clone_labels(&self) -> Edition {
        Edition {
            locale: self.locale,
            labels: self.labels.clone(),
            topics: Vec::new(),
            labels_draft: self.labels_draft,
            drafts: Vec::new(),
            warnings: Vec::new(),
            stray_catalogs: Vec::new(),
            sources: Vec::new(),
            labels_key: OnceLock::new(),
        }
    }
}

/// Where the text of an edition that `matches` came from: in English, the data file, line and
/// field (`data/topics/calcinosis.toml:12:1 (overview.what_is[1])`); in a translation, the PO
/// file and line, the locale and the msgctxt, e.g.
/// `data/locales/es/labels.po:120 (es, msgctxt "labels.page_of")`.
pub fn origin(
    data: &Folder,
    edition: &Edition,
    topic: &Topic,
    matches: impl Fn(&str) -> bool,
) -> Option<String> {
    let labels = LabelsFile { labels: edition.labels.clone() };
    let (component, context) =
        [(topic.topic.id.as_str(), paths::entries(topic)), (layout::LABELS, paths::entries(&labels))]
            .into_iter()
            .find_map(|(component, entries)| {
                entries.into_iter().find(|(_, entry)| matches(entry)).map(|(path, _)| (component, path))
            })?;
    if edition.locale == locale::source() {
        let (file, field) = if component == layout::LABELS {
            (crate::content::LABELS, paths::field_path(&labels, &context))
        } else {
            (topic.file.as_str(), paths::field_path(topic, &context))
        };
        let text = data.read_text(file).ok()?;
        let offset = crate::content::locate::locate(&text, &field).unwrap_or(0);
        let (line, column) = crate::content::locate::line_col(&text, offset);
        return Some(format!("{}:{line}:{column} ({field})", data.display(file)));
    }
    let file = layout::catalog_file(edition.locale.code, component);
    let text = data.read_text(&file).ok()?;
    Some(entry_place(data, &file, &text, edition.locale.code, &context))
}
