//! Where catalogs live in the data folder, laid out as Weblate and Pontoon find components:
//! one template per component in `locales/templates/<component>.pot`, and one catalog per
//! language and component in `locales/<locale>/<component>.po`. A component is the shared
//! labels (`labels`) or one topic (its id).

use super::{edition, locale};
use crate::assets::Folder;
use crate::error::{Error, Result};

/// The component of the labels every topic shares.
pub const LABELS: &str = "labels";

/// The folder of the templates, beside the languages' folders.
const TEMPLATES: &str = "templates";

/// Names a topic id may not take: they name the labels' catalog or the templates' folder.
pub const RESERVED: [&str; 2] = [LABELS, TEMPLATES];

/// The template of a component: `locales/templates/calcinosis.pot`.
pub fn template_file(component: &str) -> String {
    format!("locales/{TEMPLATES}/{component}.pot")
}

/// A language's catalog of a component: `locales/es/calcinosis.po`.
pub fn catalog_file(code: &str, component: &str) -> String {
    format!("locales/{code}/{component}.po")
}

/// The codes of every language folder in `locales/`, sorted.
pub fn locale_codes(data: &Folder) -> Result<Vec<String>> {
    Ok(data.subfolders("locales")?.into_iter().filter(|name| name != TEMPLATES).collect())
}

/// Refuse a language folder in `locales/` that is not a supported locale's code, or is
/// English's (the source, never translated); every problem names the folder.
pub fn check_folders(data: &Folder) -> Result<()> {
    let mut problems = Vec::new();
    for code in locale_codes(data)? {
        let path = data.display(&format!("locales/{code}"));
        match locale::find(&code) {
            Some(found) if found == locale::source() => problems.push(format!(
                "{path}: {} is the source language and is never translated; remove the folder",
                found.english
            )),
            // Catalogs are found by the exact code, on every file system.
            Some(found) if found.code != code => problems.push(format!(
                "{path}: the folder of locale `{0}` must be named `{0}`, as the code is written",
                found.code
            )),
            Some(_) => {}
            None => problems.push(format!("{path}: {}", edition::unknown_message(&code))),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Input(problems))
    }
}

/// The catalogs in a language's folder that no component has (a removed or renamed topic's, or
/// a misspelt name), as warnings naming each file: no handout uses them, and `i18n update` reads
/// them only as translation memory.
pub fn stray_catalogs(data: &Folder, code: &str, components: &[&str]) -> Result<Vec<String>> {
    let folder = format!("locales/{code}");
    Ok(data
        .list_in(&folder, ".po")?
        .into_iter()
        .filter_map(|file| {
            let name = file.strip_prefix(&format!("{folder}/"))?.strip_suffix(".po")?.to_string();
            (!components.contains(&name.as_str())).then(|| {
                format!(
                    "{}: no catalog is named `{name}` (catalogs: {}), so no handout uses it; `handout i18n update` reads it only as translation memory",
                    data.display(&file),
                    components.join(", ")
                )
            })
        })
        .collect())
}

/// Catalogs of the old layout, one per language for every topic (`locales/es.po`), that
/// `handout i18n migrate` moves into the new one.
pub fn old_catalogs(data: &Folder) -> Result<Vec<(String, String)>> {
    Ok(data
        .list_in("locales", ".po")?
        .into_iter()
        .map(|file| (file.trim_start_matches("locales/").trim_end_matches(".po").to_string(), file))
        .collect())
}
