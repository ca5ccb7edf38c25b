//! `handout i18n`: keep the translation catalogs in step with the English data, one catalog
//! per language and component (the shared labels, each topic).

use std::fs;
use std::path::{Path, PathBuf};

use crate::assets::Folder;
use crate::cli::{Folders, I18nCommand};
use crate::content;
use crate::error::{Error, Result};
use crate::i18n::catalog::{self, Component, Memory, Status};
use crate::i18n::edition::{read_catalog, read_optional, unknown as unknown_locale};
use crate::i18n::po::{Catalog, PoString};
use crate::i18n::{layout, locale, Locale};
use crate::output::write_file;

/// Run an i18n command on the data folder.
pub fn run(folders: &Folders, command: &I18nCommand) -> Result<()> {
    let data = match command {
        I18nCommand::Status { .. } => Folder::choose(folders.data.as_deref(), "data", Folder::default_data)?,
        _ => Folder::disk(&writable_data(folders)?, "data")?,
    };
    let labels = content::load_labels(&data);
    let topics = content::load_topics(&data);
    let (labels, topics) = match (labels, topics) {
        (Ok(labels), Ok(topics)) => (labels, topics),
        (labels, topics) => {
            return Err(Error::merge([labels.err(), topics.err()].into_iter().flatten().collect()))
        }
    };
    let components = Component::all(&labels, &topics);
    // Each component's template, made once for every language.
    let templates: Vec<Catalog> = components.iter().map(Component::template).collect();
    let parts: Vec<(&Component, &Catalog)> = components.iter().zip(&templates).collect();
    let root = data.path().map(PathBuf::from).unwrap_or_default();
    if !matches!(command, I18nCommand::Migrate) {
        layout::check_folders(&data)?;
    }
    let names: Vec<&str> = components.iter().map(|c| c.name.as_str()).collect();
    match command {
        I18nCommand::Migrate => migrate(&data, &root, &parts),
        _ if !layout::old_catalogs(&data)?.is_empty() => Err(Error::input(format!(
            "{}: catalogs of the old layout (one per language); run `handout i18n migrate` first",
            data.display("locales")
        ))),
        I18nCommand::Update => {
            // Read every catalog before writing anything: a broken one leaves every file as it was.
            let mut read = Vec::new();
            let mut errors = Vec::new();
            for code in layout::locale_codes(&data)? {
                let locale = locale::find(&code).ok_or_else(|| {
                    unknown_locale(&code).context(&data.display(&format!("locales/{code}")))
                })?;
                warn_stray_catalogs(&data, &code, &names)?;
                match existing_catalogs(&data, locale.code) {
                    Ok(existing) => read.push((locale, existing)),
                    Err(e) => errors.push(e),
                }
            }
            if !errors.is_empty() {
                return Err(Error::merge(errors));
            }
            write_templates(&root, &parts)?;
            let mut rows = Vec::new();
            for (locale, existing) in read {
                rows.extend(update_locale(&root, locale, &existing, &parts)?);
            }
            print_table(&rows);
            Ok(())
        }
        I18nCommand::Status { json, topic } => {
            if let Some(id) = topic.as_deref().filter(|id| !names.contains(id)) {
                return Err(Error::input(format!("unknown topic `{id}`; catalogs: {}", names.join(", "))));
            }
            let wanted = parts.iter().filter(|(c, _)| topic.as_ref().is_none_or(|id| *id == c.name));
            let codes = layout::locale_codes(&data)?;
            for code in &codes {
                warn_stray_catalogs(&data, code, &names)?;
            }
            let mut rows = Vec::new();
            let mut errors = Vec::new();
            for (component, template) in wanted {
                for code in &codes {
                    match read_optional(&data, code, &component.name) {
                        Ok(catalog) => rows.push(catalog::status(
                            code,
                            &component.name,
                            &catalog.unwrap_or_default(),
                            template,
                        )),
                        Err(e) => errors.push(e),
                    }
                }
            }
            if !errors.is_empty() {
                return Err(Error::merge(errors));
            }
            if *json {
                let text = serde_json::to_string_pretty(&rows).map_err(|e| Error::internal(e.to_string()))?;
                println!("{text}");
            } else {
                print_table(&rows);
            }
            Ok(())
        }
        I18nCommand::New { locale: code } => {
            let known = locale::find(code).ok_or_else(|| unknown_locale(code))?;
            if known == locale::source() {
                return Err(Error::input(format!(
                    "{} is the source language and is never translated; `handout i18n new` takes another locale",
                    known.english
                )));
            }
            let folder = root.join(format!("locales/{}", known.code));
            if folder.exists() {
                return Err(Error::input(format!(
                    "{}: already exists; use `handout i18n update`",
                    folder.display()
                )));
            }
            let rows = update_locale(&root, known, &[], &parts)?;
            print_table(&rows);
            Ok(())
        }
    }
}

/// Bring every catalog of one language up to date, making the missing ones; a new or changed
/// entry whose English the language already translated in any of its catalogs is pre-filled,
/// marked fuzzy.
fn update_locale(
    root: &Path,
    locale: &Locale,
    existing: &[(String, Catalog)],
    parts: &[(&Component, &Catalog)],
) -> Result<Vec<Status>> {
    let code = locale.code;
    let mut memory = Memory::default();
    existing.iter().for_each(|(_, catalog)| memory.add(catalog));
    // A new catalog takes its header (translator, review status) from the labels catalog.
    let labels = existing.iter().find(|(file, _)| *file == layout::catalog_file(code, layout::LABELS));
    let mut rows = Vec::new();
    for &(component, template) in parts {
        let file = layout::catalog_file(code, &component.name);
        let found = existing.iter().find(|(name, _)| *name == file).map(|(_, catalog)| catalog);
        let old = found.cloned().unwrap_or_else(|| {
            let mut fresh = catalog::new_translation(&Catalog::default(), locale);
            if let Some((_, labels)) = labels {
                fresh.header = labels.header.clone();
            }
            fresh
        });
        let merged = catalog::merge(&old, template, &memory);
        if found.is_none() || merged != old {
            write_file(&root.join(&file), merged.write().as_bytes())?;
        }
        rows.push(catalog::status(code, &component.name, &merged, template));
    }
    Ok(rows)
}

/// Every catalog of a language's folder, by file, read and checked: the old translations and
/// the translation memory of `update_locale`.
fn existing_catalogs(data: &Folder, code: &str) -> Result<Vec<(String, Catalog)>> {
    let mut catalogs = Vec::new();
    let mut errors = Vec::new();
    for file in data.list_in(&format!("locales/{code}"), ".po")? {
        match read_catalog(data, &file) {
            Ok(catalog) => catalogs.push((file, catalog)),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(catalogs)
    } else {
        Err(Error::merge(errors))
    }
}

/// Warn about the catalogs of a language that no component has.
fn warn_stray_catalogs(data: &Folder, code: &str, components: &[&str]) -> Result<()> {
    for warning in layout::stray_catalogs(data, code, components)? {
        eprintln!("warning: {warning}");
    }
    Ok(())
}

/// Move the catalogs of the old layout (`locales/<locale>.po`, every topic in one) into one
/// catalog per component. Each entry keeps its translation and flags; labels that name the
/// topic move into the topic's catalog. Then the old files are removed.
fn migrate(data: &Folder, root: &Path, parts: &[(&Component, &Catalog)]) -> Result<()> {
    let old = layout::old_catalogs(data)?;
    if old.is_empty() {
        println!("{}: no catalog of the old layout to migrate", data.display("locales"));
        return Ok(());
    }
    let topic_ids: Vec<&str> = parts.iter().skip(1).map(|(c, _)| c.name.as_str()).collect();
    // Read every old catalog before writing anything: a broken one leaves every file as it was.
    let mut read = Vec::new();
    for (code, file) in &old {
        let locale = locale::find(code).ok_or_else(|| unknown_locale(code).context(&data.display(file)))?;
        read.push((locale, read_catalog(data, file)?));
    }
    let mut rows = Vec::new();
    write_templates(root, parts)?;
    for (locale, catalog) in read {
        let mut memory = Memory::default();
        memory.add(&catalog);
        for &(component, template) in parts {
            let mut part = Catalog { header: catalog.header.clone(), messages: Vec::new() };
            for message in &catalog.messages {
                let (owner, context) = old_context(message.context(), &topic_ids);
                if owner == component.name {
                    let mut moved = message.clone();
                    moved.msgctxt = Some(PoString::new(context));
                    part.messages.push(moved);
                }
            }
            let merged = catalog::merge(&part, template, &memory);
            write_file(
                &root.join(layout::catalog_file(locale.code, &component.name)),
                merged.write().as_bytes(),
            )?;
            rows.push(catalog::status(locale.code, &component.name, &merged, template));
        }
    }
    for (_, file) in &old {
        remove(&root.join(file))?;
    }
    let pot = root.join("locales/handout.pot");
    if pot.exists() {
        remove(&pot)?;
    }
    print_table(&rows);
    println!("migrated {} catalogs into {}", old.len(), data.display("locales/<locale>/<catalog>.po"));
    Ok(())
}

/// Where an entry of an old-layout catalog belongs: (component, msgctxt). Its context was the
/// content path, with the topic id first when there were several topics.
fn old_context(context: &str, topics: &[&str]) -> (String, String) {
    let (topic, path) = match context.split_once('/') {
        Some((id, path)) if topics.contains(&id) => (id, path),
        _ => (topics.first().copied().unwrap_or(layout::LABELS), context),
    };
    // Labels that named the topic moved into it.
    let renamed = match path {
        "labels.what_is" => Some("topic.what_is"),
        "labels.types_heading" => Some("topic.types_heading"),
        "labels.card_where" => Some("topic.where_heading"),
        "labels.do_not_stop" => Some("topic.do_not_stop"),
        _ => None,
    };
    match renamed {
        Some(path) => (topic.to_string(), path.to_string()),
        None if path.starts_with("labels.") => (layout::LABELS.to_string(), path.to_string()),
        None => (topic.to_string(), path.to_string()),
    }
}

fn remove(path: &Path) -> Result<()> {
    fs::remove_file(path).map_err(|e| Error::input(format!("{}: cannot remove: {e}", path.display())))
}

/// Write each component's template (`locales/templates/<component>.pot`) unless the file
/// already holds exactly its text.
fn write_templates(root: &Path, parts: &[(&Component, &Catalog)]) -> Result<()> {
    for (component, template) in parts {
        let path = root.join(layout::template_file(&component.name));
        let text = template.write();
        if fs::read(&path).ok().as_deref() != Some(text.as_bytes()) {
            write_file(&path, text.as_bytes())?;
        }
    }
    Ok(())
}

fn print_table(rows: &[Status]) {
    println!(
        "{:<8} {:<18} {:>10} {:>6} {:>12} {:>8} {:>5}  review",
        "locale", "catalog", "translated", "fuzzy", "untranslated", "obsolete", "%"
    );
    for s in rows {
        println!(
            "{:<8} {:<18} {:>10} {:>6} {:>12} {:>8} {:>4}%  {}",
            s.locale, s.catalog, s.translated, s.fuzzy, s.untranslated, s.obsolete, s.percent, s.review
        );
    }
}

/// The data folder to write catalogs into: `--data`, or `./data` in a checkout.
fn writable_data(folders: &Folders) -> Result<PathBuf> {
    match &folders.data {
        Some(path) => Ok(path.clone()),
        None if PathBuf::from("data").is_dir() => Ok(PathBuf::from("data")),
        None => Err(Error::input(
            "i18n writes catalogs into the data folder: run it in the repository or pass --data DIR",
        )),
    }
}
